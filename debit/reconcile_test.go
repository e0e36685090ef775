package debit

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/responsecode"
)

// statusBody is a status answer about sampleStatus's transaction (its
// serviceCode 17 echoed).
func statusBody(status TransactionStatus) string {
	return statusBodyOf("17", status)
}

func statusBodyOf(serviceCode string, status TransactionStatus) string {
	return `{"responseCode":"2005500","responseMessage":"Successful","originalPartnerReferenceNo":"2020102900000000000001",` +
		`"serviceCode":"` + serviceCode + `","latestTransactionStatus":"` + string(status) + `"}`
}

var tiny = ReconcileBackoff(time.Millisecond, 4*time.Millisecond)

// recordWaits makes Reconcile note each wait in waits instead of sleeping.
func recordWaits(waits *[]time.Duration) ReconcileOption {
	return func(s *reconcileSettings) {
		s.wait = func(_ context.Context, d time.Duration) error { *waits = append(*waits, d); return nil }
	}
}

func TestReconcile(t *testing.T) {
	t.Run("polls until final", func(t *testing.T) {
		f, c := replayClient(t, testkit.Sequence(
			200, statusBodyOf("54", StatusInitiated),
			202, `{"responseCode":"2025500","responseMessage":"Request In Progress"}`,
			500, `{"responseCode":"5005501","responseMessage":"Internal Server Error"}`,
			500, `{"responseCode":"5005501","responseMessage":"Internal Server Error"}`,
			500, `{"responseCode":"5005501","responseMessage":"Internal Server Error"}`,
			404, `{"responseCode":"4045501","responseMessage":"Transaction Not Found"}`,
			200, statusBodyOf("54", StatusPaying),
			200, statusBodyOf("54", StatusSuccess),
		))
		resp, err := Reconcile(bg, c, &StatusRequest{OriginalPartnerReferenceNo: "2020102900000000000001", ServiceCode: responsecode.ServiceDebitPayment},
			tiny, ReconcileCallOptions(snap.CustomerToken("cust")))
		require.NoError(t, err)
		assert.Equal(t, StatusSuccess, resp.LatestTransactionStatus)
		reqs := f.Requests()
		assert.Len(t, reqs, 8)
		assert.Equal(t, "Bearer cust", reqs[0].Header.Get("Authorization-Customer"))
		assert.Equal(t, `{"originalPartnerReferenceNo":"2020102900000000000001","serviceCode":"54"}`, string(reqs[0].Body))
	})
	t.Run("context ends: Pending with the latest answer", func(t *testing.T) {
		f, c := replayClient(t, testkit.Always(200, statusBody(StatusPending)))
		ctx, cancel := context.WithTimeout(bg, 500*time.Millisecond)
		defer cancel()
		resp, err := Reconcile(ctx, c, sampleStatus(), tiny)
		require.Error(t, err)
		assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Contains(t, err.Error(), "latest status 03 Pending")
		require.NotNil(t, resp)
		assert.Equal(t, StatusPending, resp.LatestTransactionStatus)
		assert.Greater(t, len(f.Requests()), 2)
	})
	t.Run("refused for good: Pending, not Failed", func(t *testing.T) {
		f, c := replayClient(t, testkit.Always(401, `{"responseCode":"4015500","responseMessage":"Unauthorized. Unknown client"}`))
		resp, err := Reconcile(bg, c, sampleStatus(), tiny)
		assert.Equal(t, snap.Pending, snap.OutcomeOf(err), "the transaction's status is unknown")
		var se *snap.Error
		require.ErrorAs(t, err, &se)
		assert.Equal(t, "4015500", se.RawCode)
		assert.Contains(t, se.Reason, "still unknown")
		assert.Equal(t, "Unauthorized. Unknown client", resp.ResponseMessage)
		assert.Len(t, f.Requests(), 1)
	})
	t.Run("token endpoint out of reach is polled on", func(t *testing.T) {
		gone := httptest.NewServer(http.NotFoundHandler())
		gone.Close()
		c := newTestClient(t, gone.URL)
		ctx, cancel := context.WithTimeout(bg, 250*time.Millisecond) // time for the first token attempt under -race and load
		defer cancel()
		_, err := Reconcile(ctx, c, sampleStatus(), tiny)
		assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Contains(t, err.Error(), "access token")
	})
	t.Run("refund settled", func(t *testing.T) {
		pending := `{"responseCode":"2005500","responseMessage":"Successful","serviceCode":"17","latestTransactionStatus":"00","refundHistory":[{"refundNo":"R1","partnerRefundNo":"rf-1","refundStatus":"03"}]}`
		done := `{"responseCode":"2005500","responseMessage":"Successful","serviceCode":"17","latestTransactionStatus":"04","refundHistory":[{"refundNo":"R1","partnerRefundNo":"rf-1","refundStatus":"00"}]}`
		f, c := replayClient(t, testkit.Sequence(200, statusBody(StatusSuccess), 200, pending, 200, done))
		resp, err := Reconcile(bg, c, sampleStatus(), tiny, ReconcileUntil(RefundSettled("rf-1")))
		require.NoError(t, err)
		h, ok := resp.Refund("rf-1")
		require.True(t, ok)
		assert.Equal(t, RefundSuccess, h.RefundStatus)
		assert.Len(t, f.Requests(), 3)
	})
	t.Run("backoff doubles to the cap", func(t *testing.T) {
		_, c := replayClient(t, func(n int) (int, []byte) {
			if n < 6 {
				return 200, []byte(statusBody(StatusPending))
			}
			return 200, []byte(statusBody(StatusCanceled))
		})
		var waits []time.Duration
		resp, err := Reconcile(bg, c, sampleStatus(), ReconcileBackoff(2*time.Second, 5*time.Second), recordWaits(&waits))
		require.NoError(t, err)
		assert.Equal(t, StatusCanceled, resp.LatestTransactionStatus)
		assert.Equal(t, []time.Duration{2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second, 5 * time.Second}, waits)
	})
	t.Run("default backoff", func(t *testing.T) {
		_, c := replayClient(t, testkit.Sequence(200, statusBody(StatusPaying), 200, statusBody(StatusPaying), 200, statusBody(StatusFailed)))
		var waits []time.Duration
		_, err := Reconcile(bg, c, sampleStatus(), ReconcileBackoff(0, -1), recordWaits(&waits))
		require.NoError(t, err)
		assert.Equal(t, []time.Duration{DefaultReconcileFirstWait, 2 * DefaultReconcileFirstWait}, waits)
	})
	t.Run("bad input", func(t *testing.T) {
		_, err := Reconcile(bg, nil, sampleStatus())
		assert.True(t, snap.IsValidation(err))
		f, c := replayClient(t, testkit.Always(200, statusBody(StatusSuccess)))
		_, err = Reconcile(bg, c, &StatusRequest{})
		assert.True(t, snap.IsValidation(err))
		assert.Empty(t, f.Requests())
	})
}
