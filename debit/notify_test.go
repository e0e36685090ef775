package debit

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
)

const notifyPath = "/v1.0/debit/notify"

// delivered is what one notification posted to a NotifyHandler came to.
type delivered struct {
	status int
	ack    snap.NotificationAck
	header http.Header // the provider's signed headers
	got    []*Notify   // what the merchant's handle was given
}

// deliver signs body as the provider would, at the samples' time, and
// posts it to a NotifyHandler whose handle (a testkit.Recorder) keeps
// what it is given.
func deliver(t *testing.T, body []byte) delivered {
	t.Helper()
	h, err := snap.SignNotification(testkit.ProviderKey(t), http.MethodPost, notifyPath, body, fixedNow)
	require.NoError(t, err)
	rec := &testkit.Recorder[Notify]{}
	handler := NotifyHandler(&testkit.ProviderKey(t).PublicKey, rec.Handle, snap.WithNotificationClock(func() time.Time { return fixedNow }))
	r := httptest.NewRequest(http.MethodPost, notifyPath, bytes.NewReader(body))
	r.Header = h.Clone()
	w := httptest.NewRecorder()
	handler.ServeHTTP(w, r)
	d := delivered{status: w.Code, header: h, got: rec.Got()}
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &d.ack), w.Body.String())
	return d
}

// TestNotifyHandler checks what this package decodes; the cases every
// handler shares (tampering, staleness, copies, failures, malformed
// bodies…) are in TestNotifyHandlerConformance.
func TestNotifyHandler(t *testing.T) {
	t.Run("valid", func(t *testing.T) {
		body := testkit.Fixture(t, "notify_request.json") // the page's sample, as posted (not minified)
		d := deliver(t, body)
		assert.Equal(t, http.StatusOK, d.status)
		assert.Equal(t, "2005600", d.ack.ResponseCode)
		require.Len(t, d.got, 1)
		n := d.got[0]
		assert.Equal(t, "2020102977770000000009", n.OriginalReferenceNo)
		assert.Equal(t, StatusSuccess, n.LatestTransactionStatus)
		assert.Equal(t, "IDR 10000.00", n.Amount.String())
		assert.Equal(t, snap.Timestamp("2020-12-21T17:07:20+07:00"), n.FinishedTime)
		assert.Equal(t, d.header.Get("X-EXTERNAL-ID"), n.ExternalID)
		assert.Equal(t, body, n.Raw, "the verified raw bytes")
	})
	t.Run("lenient: numeric status", func(t *testing.T) {
		d := deliver(t, []byte(`{"originalReferenceNo":"r1","latestTransactionStatus":6}`))
		assert.Equal(t, http.StatusOK, d.status)
		require.Len(t, d.got, 1)
		assert.Equal(t, StatusFailed, d.got[0].LatestTransactionStatus)
	})
}
