package transport

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSendSendsBytesAsTheyAre(t *testing.T) {
	var got []byte
	var gotHeader http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = io.ReadAll(r.Body)
		gotHeader = r.Header
		w.Header().Set("X-Answer", "1")
		w.WriteHeader(202)
		io.WriteString(w, `{"ok":true}`)
	}))
	defer srv.Close()
	body := []byte(`{"a":"&<>","b":[1, 2]}`)
	res, err := New(nil, 0).Send(context.Background(), "POST", srv.URL+"/x", http.Header{"X-Signature": {"sig"}, "Content-Type": {"application/json"}}, body)
	require.NoError(t, err)
	assert.Equal(t, body, got)
	assert.Equal(t, "sig", gotHeader.Get("X-Signature"))
	assert.Equal(t, UserAgent, gotHeader.Get("User-Agent"))
	assert.Equal(t, 202, res.Status)
	assert.Equal(t, "1", res.Header.Get("X-Answer"))
	assert.Equal(t, `{"ok":true}`, string(res.Body))
	assert.False(t, res.Truncated)
}

func TestRedirectIsNotFollowed(t *testing.T) {
	var elsewhere bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { elsewhere = true }))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL, http.StatusTemporaryRedirect)
	}))
	defer srv.Close()
	user := &http.Client{}
	res, err := New(user, 0).Send(context.Background(), "POST", srv.URL, http.Header{"X-Signature": {"sig"}}, []byte(`{}`))
	require.NoError(t, err)
	assert.Equal(t, http.StatusTemporaryRedirect, res.Status, "the redirect comes back as the answer")
	assert.False(t, elsewhere, "signed headers never travel to another host")
	assert.Nil(t, user.CheckRedirect, "the caller's client is not modified")
}

func TestBodyIsBounded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strings.Repeat("x", 5000))
	}))
	defer srv.Close()
	res, err := New(nil, 1000).Send(context.Background(), "GET", srv.URL, http.Header{}, nil)
	require.NoError(t, err)
	assert.Len(t, res.Body, 1000)
	assert.True(t, res.Truncated)
}

func TestContextEndsTheCall(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := New(nil, 0).Send(ctx, "POST", srv.URL, http.Header{}, []byte(`{}`))
	assert.ErrorIs(t, err, context.Canceled)
}
