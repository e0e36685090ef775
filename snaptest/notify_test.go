package snaptest

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNotifyAcceptedBySDKHandler(t *testing.T) {
	srv := newTestServer(t, Generic, WithClock(time.Now))
	tx := srv.AddTransaction(Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000), ExternalID: "30443786930722726463280097920912"})

	var got []byte
	merchant := httptest.NewServer(snap.NotificationHandler(srv.ProviderPublicKey(), 56, func(_ context.Context, _ *http.Request, body []byte) error {
		got = body
		return nil
	}))
	defer merchant.Close()

	resp, err := srv.NotifyTransaction(context.Background(), merchant.URL+"/shop/v1.0/debit/notify", "order-1")
	require.NoError(t, err)
	defer resp.Body.Close()
	var ack snap.NotificationAck
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&ack))
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "2005600", ack.ResponseCode)

	var n map[string]any
	require.NoError(t, json.Unmarshal(got, &n))
	assert.Equal(t, tx.ReferenceNo, n["originalReferenceNo"])
	assert.Equal(t, "30443786930722726463280097920912", n["originalExternalId"])
	assert.Equal(t, "00", n["latestTransactionStatus"])
	assert.Equal(t, map[string]any{"value": "10000.00", "currency": "IDR"}, n["amount"])

	_, err = srv.NotifyTransaction(context.Background(), merchant.URL, "nope")
	assert.ErrorIs(t, err, ErrUnknownTransaction)
}

func TestNotifySignature(t *testing.T) {
	srv := newTestServer(t, PayerMax)
	var seen *http.Request
	var body []byte
	var verifyErr error
	merchant := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r
		body, verifyErr = snap.VerifyNotification(r, srv.ProviderPublicKey(), snap.WithNotificationClock(clock))
		w.WriteHeader(http.StatusOK)
	}))
	defer merchant.Close()

	resp, err := srv.Notify(context.Background(), merchant.URL+"/cb/notify", []byte(`{"a":"x & y <z>"}`))
	require.NoError(t, err)
	resp.Body.Close()
	require.NoError(t, verifyErr)
	assert.Equal(t, `{"a":"x & y <z>"}`, string(body))
	ts := seen.Header.Get("X-TIMESTAMP")
	assert.Equal(t, "2020-12-23T07:44:11.000+07:00", ts, "the profile's layout")
	assert.Equal(t, srv.PartnerID(), seen.Header.Get("X-PARTNER-ID"))
	assert.Regexp(t, `^[1-9][0-9]{31}$`, seen.Header.Get("X-EXTERNAL-ID"))

	// Check the signature once more without the SDK.
	sum := sha256.Sum256(body)
	digest := sha256.Sum256([]byte("POST:/cb/notify:" + hexString(sum[:]) + ":" + ts))
	sig, err := base64.StdEncoding.DecodeString(seen.Header.Get("X-SIGNATURE"))
	require.NoError(t, err)
	require.NoError(t, rsa.VerifyPKCS1v15(srv.ProviderPublicKey(), crypto.SHA256, digest[:], sig))

	// A structured body is marshalled without HTML escaping.
	resp, err = srv.Notify(context.Background(), merchant.URL+"/cb/notify", map[string]string{"a": "x & y"})
	require.NoError(t, err)
	resp.Body.Close()
	require.NoError(t, verifyErr)
	assert.Equal(t, `{"a":"x & y"}`, string(body))

	_, err = srv.Notify(context.Background(), "/relative", nil)
	assert.Error(t, err)
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

// TestNotificationResend: a captured notification sent again, alone or in
// concurrent copies, carries the same bytes and headers, and the SDK's
// handler handles each notification once.
func TestNotificationResend(t *testing.T) {
	ctx := context.Background()
	srv := newTestServer(t, Generic, WithClock(time.Now))
	srv.AddTransaction(Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000)})
	assert.Nil(t, srv.LastNotification(), "nothing sent yet")

	const copies = 20
	var (
		mu       sync.Mutex
		handled  int
		seen     []http.Header
		bodies   []string
		block    atomic.Bool
		answered atomic.Int32
		release  = make(chan struct{})
	)
	sdk := snap.NotificationHandler(srv.ProviderPublicKey(), 56, func(context.Context, *http.Request, []byte) error {
		mu.Lock()
		handled++
		n := handled
		mu.Unlock()
		if block.Load() && n == 2 {
			<-release // hold the claim until every other copy is answered
		}
		return nil
	})
	merchant := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen, bodies = append(seen, r.Header.Clone()), append(bodies, string(b))
		mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(b))
		sdk.ServeHTTP(w, r)
		if block.Load() && answered.Add(1) == copies-1 {
			close(release)
		}
	}))
	defer merchant.Close()
	notifyURL := merchant.URL + "/v1.0/debit/notify"

	resp, err := srv.NotifyTransaction(ctx, notifyURL, "order-1")
	require.NoError(t, err)
	resp.Body.Close()
	captured := srv.LastNotification()
	require.NotNil(t, captured)
	resp, err = captured.Send(ctx)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	require.Len(t, seen, 2)
	for _, k := range []string{"X-TIMESTAMP", "X-SIGNATURE", "X-EXTERNAL-ID", "X-PARTNER-ID", "CHANNEL-ID"} {
		assert.Equal(t, seen[0].Get(k), seen[1].Get(k), k)
	}
	assert.Equal(t, bodies[0], bodies[1], "the same bytes")
	assert.Equal(t, 1, handled, "the resend is a duplicate")

	fresh, err := srv.NewNotification(notifyURL, map[string]string{"originalReferenceNo": "r-2", "latestTransactionStatus": "00"})
	require.NoError(t, err)
	block.Store(true)
	resps, err := fresh.SendConcurrently(ctx, copies)
	require.NoError(t, err)
	require.Len(t, resps, copies)
	codes := map[string]int{}
	for _, r := range resps {
		var ack snap.NotificationAck
		require.NoError(t, json.NewDecoder(r.Body).Decode(&ack))
		codes[ack.ResponseCode]++
	}
	assert.Equal(t, 2, handled, "the concurrent copies were handled once")
	assert.Equal(t, map[string]int{"2005600": 1, "5005601": copies - 1}, codes)
}
