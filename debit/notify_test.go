package debit

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
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
	h, err := snap.SignNotification(testkit.ProviderKey(t), http.MethodPost, notifyPath, body, at)
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
	return NotifyHandler(&testkit.ProviderKey(t).PublicKey, rec.handle, opts...)
}

// TestNotifyHandler checks what this package decodes; the cases every
// handler shares are in TestNotifyHandlerConformance.
func TestNotifyHandler(t *testing.T) {
	body := testkit.Fixture(t, "notify_request.json") // the page's sample, as posted (not minified)

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
		assert.Equal(t, snap.Timestamp("2020-12-21T17:07:20+07:00"), n.FinishedTime)
		assert.Equal(t, h.Get("X-EXTERNAL-ID"), n.ExternalID)
		assert.Equal(t, body, n.Raw, "the verified raw bytes")
	})
	// The cases every handler shares (tampering, staleness, copies,
	// failures, malformed bodies…) are in TestNotifyHandlerConformance.
	t.Run("lenient: numeric status", func(t *testing.T) {
		rec := &notifyRecorder{}
		b := []byte(`{"originalReferenceNo":"r1","latestTransactionStatus":6}`)
		status, _ := post(t, newNotifyHandler(t, rec), b, signedNotify(t, b, fixedNow))
		assert.Equal(t, http.StatusOK, status)
		require.Equal(t, 1, rec.count())
		assert.Equal(t, StatusFailed, rec.got[0].LatestTransactionStatus)
	})
}
