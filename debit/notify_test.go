package debit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
)

const notifyPath = "/v1.0/debit/notify"

// notifyRecorder is a merchant handler that remembers what it was given.
type notifyRecorder struct {
	mu   sync.Mutex
	got  []*Notify
	fail error
}

func (h *notifyRecorder) handle(_ context.Context, n *Notify) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.got = append(h.got, n)
	return h.fail
}

func (h *notifyRecorder) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.got)
}

// signedNotify signs body as the provider would, at t.
func signedNotify(t *testing.T, body []byte, at time.Time) http.Header {
	t.Helper()
	h, err := snap.SignNotification(privateKey(t, "provider_pkcs8.pem"), http.MethodPost, notifyPath, body, at)
	require.NoError(t, err)
	return h
}

// post delivers a notification and returns the HTTP status and the ack.
func post(t *testing.T, handler http.Handler, body []byte, h http.Header) (int, snap.NotificationAck) {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, notifyPath, bytes.NewReader(body))
	for k, vs := range h {
		r.Header[k] = vs
	}
	w := httptest.NewRecorder()
	handler.ServeHTTP(w, r)
	var ack snap.NotificationAck
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &ack), w.Body.String())
	return w.Code, ack
}

func newNotifyHandler(t *testing.T, rec *notifyRecorder, opts ...snap.NotificationOption) http.Handler {
	opts = append([]snap.NotificationOption{snap.WithNotificationClock(func() time.Time { return fixedNow })}, opts...)
	return NotifyHandler(publicKey(t, "provider_public.pem"), rec.handle, opts...)
}

func TestNotifyHandler(t *testing.T) {
	body := fixture(t, "notify_request.json") // the page's sample, as posted (not minified)

	t.Run("valid", func(t *testing.T) {
		rec := &notifyRecorder{}
		h := signedNotify(t, body, fixedNow)
		status, ack := post(t, newNotifyHandler(t, rec), body, h)
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, "2005600", ack.ResponseCode)
		require.Equal(t, 1, rec.count())
		n := rec.got[0]
		assert.Equal(t, "2020102977770000000009", n.OriginalReferenceNo)
		assert.Equal(t, StatusSuccess, n.LatestTransactionStatus)
		assert.Equal(t, "IDR 10000.00", n.Amount.String())
		assert.Equal(t, "2020-12-21T17:07:20+07:00", n.FinishedTime)
		assert.Equal(t, h.Get("X-EXTERNAL-ID"), n.ExternalID)
		assert.Equal(t, body, n.Raw, "the verified raw bytes")
	})
	t.Run("tampered", func(t *testing.T) {
		rec := &notifyRecorder{}
		h := signedNotify(t, body, fixedNow)
		tampered := bytes.Replace(body, []byte(`"10000.00"`), []byte(`"90000.00"`), 1)
		require.NotEqual(t, body, tampered)
		status, ack := post(t, newNotifyHandler(t, rec), tampered, h)
		assert.Equal(t, http.StatusUnauthorized, status)
		assert.Equal(t, "4015600", ack.ResponseCode)
		assert.Zero(t, rec.count())
	})
	t.Run("stale", func(t *testing.T) {
		rec := &notifyRecorder{}
		h := signedNotify(t, body, fixedNow.Add(-10*time.Minute))
		status, ack := post(t, newNotifyHandler(t, rec), body, h)
		assert.Equal(t, http.StatusUnauthorized, status)
		assert.Equal(t, "4015600", ack.ResponseCode)
		assert.Zero(t, rec.count())
	})
	t.Run("unsigned", func(t *testing.T) {
		rec := &notifyRecorder{}
		status, _ := post(t, newNotifyHandler(t, rec), body, http.Header{"Content-Type": {"application/json"}})
		assert.Equal(t, http.StatusUnauthorized, status)
		assert.Zero(t, rec.count())
	})
	t.Run("replayed", func(t *testing.T) {
		rec := &notifyRecorder{}
		handler := newNotifyHandler(t, rec)
		h := signedNotify(t, body, fixedNow)
		for i := 0; i < 3; i++ {
			status, ack := post(t, handler, body, h)
			assert.Equal(t, http.StatusOK, status)
			assert.Equal(t, "2005600", ack.ResponseCode, "a replay is acknowledged")
		}
		assert.Equal(t, 1, rec.count(), "but handled once")
		// Another X-EXTERNAL-ID on the same signed content is the same
		// notification: the header is not signed.
		status, _ := post(t, handler, body, signedNotify(t, body, fixedNow))
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, 1, rec.count())
		// Signed anew (a provider's retry), it is another delivery.
		status, _ = post(t, handler, body, signedNotify(t, body, fixedNow.Add(time.Second)))
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, 2, rec.count())
	})
	t.Run("handler failure is retried by the provider and handled again", func(t *testing.T) {
		rec := &notifyRecorder{fail: errors.New("database down")}
		handler := newNotifyHandler(t, rec)
		h := signedNotify(t, body, fixedNow)
		status, ack := post(t, handler, body, h)
		assert.Equal(t, http.StatusInternalServerError, status)
		assert.Equal(t, "5005601", ack.ResponseCode)
		rec.fail = nil
		status, ack = post(t, handler, body, h) // the same id comes again
		assert.Equal(t, http.StatusOK, status)
		assert.Equal(t, "2005600", ack.ResponseCode)
		assert.Equal(t, 2, rec.count(), "the failed delivery was not taken for a replay")
		post(t, handler, body, h)
		assert.Equal(t, 2, rec.count())
	})
	t.Run("not JSON is refused: the provider would resend it unchanged", func(t *testing.T) {
		rec := &notifyRecorder{}
		junk := []byte("<html>oops</html>")
		status, ack := post(t, newNotifyHandler(t, rec), junk, signedNotify(t, junk, fixedNow))
		assert.Equal(t, http.StatusBadRequest, status)
		assert.Equal(t, "4005600", ack.ResponseCode)
		assert.Zero(t, rec.count())
	})
	t.Run("nil handle panics at construction", func(t *testing.T) {
		assert.Panics(t, func() { NotifyHandler(publicKey(t, "provider_public.pem"), nil) })
	})
	t.Run("lenient: numeric status", func(t *testing.T) {
		rec := &notifyRecorder{}
		b := []byte(`{"originalReferenceNo":"r1","latestTransactionStatus":6}`)
		status, _ := post(t, newNotifyHandler(t, rec), b, signedNotify(t, b, fixedNow))
		assert.Equal(t, http.StatusOK, status)
		require.Equal(t, 1, rec.count())
		assert.Equal(t, StatusFailed, rec.got[0].LatestTransactionStatus)
	})
}
