package snap

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/internal/testvectors"
)

// notificationSigner signs test notifications with the provider test key.
func notificationSigner(t *testing.T) func(method, path string, body []byte, at time.Time) *http.Request {
	t.Helper()
	key, err := ParsePrivateKey(testkit.KeyPEM(t, "provider_pkcs8.pem"))
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
	pub, err := ParsePublicKey(testkit.KeyPEM(t, "provider_public.pem"))
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
		assert.ErrorIs(t, err, ErrSignatureMismatch, "the cause is kept")
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
		assert.ErrorIs(t, err, ErrStale)
		_, err = VerifyNotification(sign("POST", "/hooks/debit", body, now.Add(-6*time.Minute)), pub, clock, WithTolerance(10*time.Minute))
		assert.NoError(t, err)
	})
	t.Run("missing headers", func(t *testing.T) {
		r := sign("POST", "/hooks/debit", body, now)
		r.Header.Del("X-SIGNATURE")
		_, err := VerifyNotification(r, pub, clock)
		assert.ErrorIs(t, err, ErrNotificationHeader)
	})
	t.Run("future", func(t *testing.T) {
		_, err := VerifyNotification(sign("POST", "/hooks/debit", body, now.Add(6*time.Minute)), pub, clock)
		assert.ErrorIs(t, err, ErrNotificationTimestamp)
		assert.ErrorIs(t, err, ErrStale)
	})
	t.Run("not POST", func(t *testing.T) {
		_, err := VerifyNotification(sign("PUT", "/hooks/debit", body, now), pub, clock)
		assert.ErrorIs(t, err, ErrNotificationMethod)
	})
	t.Run("body-only form", func(t *testing.T) {
		key, err := ParsePrivateKey(testkit.KeyPEM(t, "provider_pkcs8.pem"))
		require.NoError(t, err)
		sig, err := SignRSA(key, body)
		require.NoError(t, err)
		r := httptest.NewRequest("POST", "/hooks/debit", strings.NewReader(string(body)))
		r.Header.Set("sign", sig)
		got, err := VerifyNotification(r, pub, WithBodySignature("sign"))
		require.NoError(t, err)
		assert.Equal(t, body, got)
		// The SNAP form is not accepted by a body-only verifier, nor the
		// reverse: the form is configuration, not what the request carries.
		_, err = VerifyNotification(sign("POST", "/hooks/debit", body, now), pub, clock, WithBodySignature("sign"))
		assert.ErrorIs(t, err, ErrNotificationHeader)
		r = httptest.NewRequest("POST", "/hooks/debit", strings.NewReader(string(body)))
		r.Header.Set("sign", sig)
		_, err = VerifyNotification(r, pub)
		assert.ErrorIs(t, err, ErrNotificationHeader)
	})
	t.Run("too large", func(t *testing.T) {
		big := []byte(`{"a":"` + strings.Repeat("x", MaxNotificationBytes) + `"}`)
		_, err := VerifyNotification(sign("POST", "/hooks/debit", big, now), pub, clock)
		assert.ErrorIs(t, err, ErrNotificationBody)
		var tooBig *http.MaxBytesError
		require.ErrorAs(t, err, &tooBig, "the cause is kept")
		assert.EqualValues(t, MaxNotificationBytes, tooBig.Limit)
	})
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
