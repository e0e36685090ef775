package snap

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/testvectors"
)

// notificationSigner signs test notifications with the provider test key.
func notificationSigner(t *testing.T) func(method, path string, body []byte, at time.Time) *http.Request {
	t.Helper()
	key, err := ParsePrivateKey(readKey(t, "provider_pkcs8.pem"))
	require.NoError(t, err)
	return func(method, path string, body []byte, at time.Time) *http.Request {
		h, err := SignNotification(key, method, path, body, at)
		require.NoError(t, err)
		r := httptest.NewRequest(method, path, strings.NewReader(string(body)))
		for k, v := range h {
			r.Header[k] = v
		}
		return r
	}
}

func TestVerifyNotification(t *testing.T) {
	pub, err := ParsePublicKey(readKey(t, "provider_public.pem"))
	require.NoError(t, err)
	sign := notificationSigner(t)
	now := time.Date(2025, 9, 16, 5, 11, 30, 0, time.UTC)
	clock := WithNotificationClock(func() time.Time { return now })
	body := []byte(`{"originalPartnerReferenceNo":"ref-1","latestTransactionStatus":"00","amount":{"value":"10000.00","currency":"IDR"}}`)

	t.Run("valid", func(t *testing.T) {
		got, err := VerifyNotification(sign("POST", "/hooks/debit", body, now), pub, clock)
		require.NoError(t, err)
		assert.Equal(t, body, got)
	})
	t.Run("tampered body", func(t *testing.T) {
		r := sign("POST", "/hooks/debit", body, now)
		r.Body = io.NopCloser(strings.NewReader(strings.Replace(string(body), "10000.00", "99999.00", 1)))
		_, err := VerifyNotification(r, pub, clock)
		assert.ErrorIs(t, err, ErrNotificationSignature)
	})
	t.Run("other path", func(t *testing.T) {
		r := sign("POST", "/hooks/other", body, now)
		r.URL.Path = "/hooks/debit"
		_, err := VerifyNotification(r, pub, clock)
		assert.ErrorIs(t, err, ErrNotificationSignature)
		_, err = VerifyNotification(sign("POST", "/hooks/other", body, now), pub, clock, WithSignedPath("/hooks/other"))
		assert.NoError(t, err)
	})
	t.Run("stale", func(t *testing.T) {
		_, err := VerifyNotification(sign("POST", "/hooks/debit", body, now.Add(-6*time.Minute)), pub, clock)
		assert.ErrorIs(t, err, ErrNotificationTimestamp)
		_, err = VerifyNotification(sign("POST", "/hooks/debit", body, now.Add(-6*time.Minute)), pub, clock, WithTolerance(10*time.Minute))
		assert.NoError(t, err)
	})
	t.Run("missing headers", func(t *testing.T) {
		r := sign("POST", "/hooks/debit", body, now)
		r.Header.Del("X-SIGNATURE")
		_, err := VerifyNotification(r, pub, clock)
		assert.ErrorIs(t, err, ErrNotificationHeader)
	})
	t.Run("replay", func(t *testing.T) {
		store := NewMemoryReplayStore(24 * time.Hour)
		r := sign("POST", "/hooks/debit", body, now)
		id := r.Header.Get("X-EXTERNAL-ID")
		_, err := VerifyNotification(r, pub, clock, WithReplayStore(store))
		require.NoError(t, err)
		require.NoError(t, store.Record(context.Background(), id))
		r2 := sign("POST", "/hooks/debit", body, now)
		r2.Header.Set("X-EXTERNAL-ID", id)
		_, err = VerifyNotification(r2, pub, clock, WithReplayStore(store))
		assert.ErrorIs(t, err, ErrNotificationReplay)
	})
	t.Run("too large", func(t *testing.T) {
		big := []byte(`{"a":"` + strings.Repeat("x", MaxNotificationBytes) + `"}`)
		_, err := VerifyNotification(sign("POST", "/hooks/debit", big, now), pub, clock)
		assert.ErrorIs(t, err, ErrNotificationBody)
	})
}

func TestNotificationHandler(t *testing.T) {
	pub, err := ParsePublicKey(readKey(t, "provider_public.pem"))
	require.NoError(t, err)
	sign := notificationSigner(t)
	now := time.Now()
	body := []byte(`{"originalPartnerReferenceNo":"ref-1"}`)
	var handled int
	fail := false
	h := NotificationHandler(pub, 56, func(ctx context.Context, r *http.Request, b []byte) error {
		handled++
		assert.Equal(t, body, b)
		if fail {
			return errors.New("db down")
		}
		return nil
	}, WithReplayStore(NewMemoryReplayStore(time.Hour)))

	serve := func(r *http.Request) (int, string) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code, w.Body.String()
	}
	r := sign("POST", "/notify", body, now)
	code, out := serve(r)
	assert.Equal(t, 200, code)
	assert.JSONEq(t, `{"responseCode":"2005600","responseMessage":"Successful"}`, out)

	replay := sign("POST", "/notify", body, now)
	replay.Header.Set("X-EXTERNAL-ID", r.Header.Get("X-EXTERNAL-ID"))
	code, _ = serve(replay)
	assert.Equal(t, 200, code, "a replay is acknowledged")
	assert.Equal(t, 1, handled, "but not handled twice")

	fail = true
	failed := sign("POST", "/notify", body, now)
	code, out = serve(failed)
	assert.Equal(t, 500, code)
	assert.Contains(t, out, "5005601")
	// The provider resends the failed one: it is handled again, not taken for a replay.
	fail = false
	resent := sign("POST", "/notify", body, now)
	resent.Header.Set("X-EXTERNAL-ID", failed.Header.Get("X-EXTERNAL-ID"))
	code, _ = serve(resent)
	assert.Equal(t, 200, code)
	assert.Equal(t, 3, handled)

	bad := sign("POST", "/notify", body, now)
	bad.Header.Set("X-SIGNATURE", "AAAA")
	code, out = serve(bad)
	assert.Equal(t, 401, code)
	assert.Contains(t, out, "4015600")
	assert.Equal(t, 3, handled)
}

func TestDANAVectorsThroughVerifyNotification(t *testing.T) {
	var v testvectors.DANANotify
	testvectors.Load(t, "dana-finish-notify.json", &v)
	pub, err := ParsePublicKey([]byte(v.PublicKeyPEM))
	require.NoError(t, err)
	for _, n := range v.Vectors {
		r := httptest.NewRequest(n.Method, n.Path, strings.NewReader(n.Body))
		for k, val := range n.Headers {
			r.Header.Set(k, val)
		}
		ts, err := ParseTimestamp(n.Headers["X-TIMESTAMP"])
		require.NoError(t, err)
		got, err := VerifyNotification(r, pub, WithNotificationClock(func() time.Time { return ts.Add(time.Minute) }))
		if n.Expect == "valid" {
			require.NoError(t, err, n.Name)
			assert.Equal(t, n.Body, string(got))
		} else {
			assert.ErrorIs(t, err, ErrNotificationSignature, n.Name)
		}
	}
}

func TestMemoryReplayStoreForgetsAfterTTL(t *testing.T) {
	s := NewMemoryReplayStore(time.Hour)
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	ctx := context.Background()
	seen, _ := s.Seen(ctx, "1")
	assert.False(t, seen, "Seen only looks")
	seen, _ = s.Seen(ctx, "1")
	assert.False(t, seen)
	require.NoError(t, s.Record(ctx, "1"))
	seen, _ = s.Seen(ctx, "1")
	assert.True(t, seen)
	now = now.Add(61 * time.Minute)
	seen, _ = s.Seen(ctx, "1")
	assert.False(t, seen, "forgotten after the TTL")
}
