package testkit

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReplayAnswersInTurnAndSkipsTokens(t *testing.T) {
	r := NewReplay(t, Sequence(500, `{"responseCode":"5005700"}`, 200, `{"responseCode":"2005700"}`))
	post := func(path, body string) (int, string) {
		resp, err := http.Post(r.URL+path, "application/json", strings.NewReader(body))
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, string(b)
	}
	status, body := post("/v1.0/access-token/b2b", `{}`)
	assert.Equal(t, 200, status)
	assert.Equal(t, TokenAnswer, body)
	for i, want := range []struct {
		status int
		body   string
	}{{500, `{"responseCode":"5005700"}`}, {200, `{"responseCode":"2005700"}`}, {200, `{"responseCode":"2005700"}`}} {
		status, body := post("/v1.0/debit/cancel", `{"n":1}`)
		assert.Equal(t, want.status, status, "call %d", i+1)
		assert.Equal(t, want.body, body, "call %d", i+1)
	}
	assert.Equal(t, 3, r.Calls())
	seen := r.Requests()
	require.Len(t, seen, 3)
	assert.Equal(t, "/v1.0/debit/cancel", seen[0].Path)
	assert.Equal(t, `{"n":1}`, string(seen[0].Body))
}

func TestKeysLoadFromTheModuleRoot(t *testing.T) {
	assert.NotEqual(t, PartnerKey(t).N, ProviderKey(t).N)
	assert.Contains(t, string(KeyPEM(t, "partner_public.pem")), "PUBLIC KEY")
	assert.Equal(t, `{"a":1}`, Compact(t, []byte("{ \"a\" : 1 }")))
}

func TestRecorderKeepsOrderAndReturnsFail(t *testing.T) {
	type note struct{ id int }
	var r Recorder[note]
	require.NoError(t, r.Handle(context.Background(), &note{1}))
	r.Fail = errors.New("busy")
	assert.EqualError(t, r.Handle(context.Background(), &note{2}), "busy")
	assert.Equal(t, 2, r.Count())
	assert.Equal(t, []*note{{1}, {2}}, r.Got())
}
