package snaptest

import (
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// faultSetup is a Generic server with one payment and a client for it.
func faultSetup(t *testing.T, opts ...snap.Option) (*Server, *snap.Client, func() result) {
	t.Helper()
	srv := newTestServer(t, Generic)
	srv.AddTransaction(Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000)})
	c := newClient(t, srv, opts...)
	cancel := func() result {
		return call(t, c, "/v1.0/debit/cancel", 57, cancelBody{OriginalPartnerReferenceNo: "order-1"}, snap.CustomerToken(srv.CustomerToken()))
	}
	return srv, c, cancel
}

// snapError is err as the *snap.Error a refused or unanswered call returns.
func snapError(t *testing.T, err error) *snap.Error {
	t.Helper()
	var e *snap.Error
	require.True(t, errors.As(err, &e), "%v is not a *snap.Error", err)
	return e
}

func TestFaultDelayPastTimeout(t *testing.T) {
	srv, _, cancel := faultSetup(t, snap.WithTimeout(100*time.Millisecond), snap.WithRetry(snap.NoRetry()))
	srv.Fail("/v1.0/debit/cancel", Fault{Times: 1, Kind: Delay(5 * time.Second)})

	start := time.Now()
	r := cancel()
	require.Error(t, r.err)
	assert.Less(t, time.Since(start), 3*time.Second)
	e := snapError(t, r.err)
	assert.True(t, e.IsTimeout())
	assert.Equal(t, snap.Pending, e.Outcome, "a lost answer is never Failed")

	// The provider did cancel: the answer was lost, not the request.
	tx, _ := srv.Transaction("order-1")
	assert.Equal(t, debit.StatusCanceled, tx.Status)
	require.Eventually(t, func() bool {
		rec := srv.RequestsTo("/v1.0/debit/cancel")
		return len(rec) == 1 && rec[0].Reason != ""
	}, 2*time.Second, 10*time.Millisecond)
	rec := srv.RequestsTo("/v1.0/debit/cancel")[0]
	assert.Equal(t, "delay 5s", rec.Fault)
	assert.Zero(t, rec.Status)
	assert.Contains(t, rec.Reason, "client gave up")

	// The fault was for one attempt: the retry gets the (idempotent) answer.
	require.NoError(t, cancel().err)
}

func TestFaultDelayRetriedThenPending(t *testing.T) {
	srv, _, cancel := faultSetup(t, snap.WithTimeout(50*time.Millisecond))
	srv.Fail("/v1.0/debit/cancel", Fault{Kind: Delay(time.Second)})
	e := snapError(t, cancel().err)
	assert.Equal(t, snap.Pending, e.Outcome)
	assert.Equal(t, 3, e.Attempts)
	assert.Len(t, e.ExternalIDs, 3)
	require.Eventually(t, func() bool { return len(srv.RequestsTo("/v1.0/debit/cancel")) == 3 }, time.Second, 5*time.Millisecond)
}

func TestFaultDelayEndsOnClose(t *testing.T) {
	srv := NewServer(Generic, WithPartnerKey(testkit.PartnerKey(t)), WithClock(clock))
	srv.AddTransaction(Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000)})
	srv.Fail("/v1.0/debit/status", Fault{Kind: Delay(time.Hour)})
	c := newClient(t, srv, snap.WithTimeout(time.Hour), snap.WithRetry(snap.NoRetry()))
	done := make(chan error, 1)
	go func() {
		done <- call(t, c, "/v1.0/debit/status", 55, statusBody{OriginalPartnerReferenceNo: "order-1", ServiceCode: "54"}, snap.CustomerToken(srv.CustomerToken())).err
	}()
	require.Eventually(t, func() bool { return len(srv.RequestsTo("/v1.0/debit/status")) == 1 }, 2*time.Second, 5*time.Millisecond)
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(3 * time.Second):
		t.Fatal("Close hung on a delayed request")
	}
	select {
	case err := <-done:
		assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
	case <-time.After(3 * time.Second):
		t.Fatal("the call did not end when the server closed")
	}
	assert.Contains(t, srv.Requests()[1].Reason, "server closed")
	srv.Close() // twice is fine
}

func TestFaultDropConnectionRetried(t *testing.T) {
	srv, _, cancel := faultSetup(t)
	srv.Fail("/v1.0/debit/cancel", Fault{Attempts: []int{1}, Kind: DropConnection})
	r := cancel()
	require.NoError(t, r.err)
	assert.Equal(t, 2, r.resp.Attempts)
	rec := srv.RequestsTo("/v1.0/debit/cancel")
	require.Len(t, rec, 2)
	assert.Equal(t, "drop connection", rec[0].Fault)
	assert.Zero(t, rec[0].Status)
	assert.Equal(t, "2005700", rec[1].ResponseCode)
	assert.NotEqual(t, rec[0].Header.Get("X-EXTERNAL-ID"), rec[1].Header.Get("X-EXTERNAL-ID"))
}

func TestFaultDropConnectionNotRetriedForPayment(t *testing.T) {
	srv, c, _ := faultSetup(t)
	srv.Fail("/v1.0/debit/payment-host-to-host", Fault{Kind: DropConnection})
	r := call(t, c, "/v1.0/debit/payment-host-to-host", 54, paymentBody{PartnerReferenceNo: "order-9", ChargeToken: "c", Amount: amountOf("1.00")}, snap.CustomerToken(srv.CustomerToken()))
	assert.Equal(t, snap.Pending, snap.OutcomeOf(r.err))
	_, exists := srv.Transaction("order-9")
	assert.False(t, exists, "a dropped request is not processed")
	assert.Len(t, srv.RequestsTo("/v1.0/debit/payment-host-to-host"), 1)
}

func TestFaultCode(t *testing.T) {
	srv, _, cancel := faultSetup(t)
	srv.Fail("/v1.0/debit/cancel", Fault{Times: 3, Kind: Code("5005701")})
	e := snapError(t, cancel().err)
	assert.Equal(t, "5005701", e.RawCode)
	assert.Equal(t, "Internal Server Error", e.Message)
	assert.Equal(t, http.StatusInternalServerError, e.HTTPStatus)
	assert.Equal(t, snap.Pending, e.Outcome)
	assert.Equal(t, 3, e.Attempts)
	tx, _ := srv.Transaction("order-1")
	assert.Equal(t, debit.StatusSuccess, tx.Status, "a Code fault does not process the request")

	require.NoError(t, cancel().err, "three times, then served")
}

func TestFaultTooManyRequests(t *testing.T) {
	srv, _, cancel := faultSetup(t)
	srv.Fail("/v1.0/debit/cancel", Fault{Times: 1, Kind: TooManyRequests})
	r := cancel()
	require.NoError(t, r.err)
	assert.Equal(t, 2, r.resp.Attempts)
	rec := srv.RequestsTo("/v1.0/debit/cancel")
	assert.Equal(t, http.StatusTooManyRequests, rec[0].Status)
	assert.Equal(t, "4295700", rec[0].ResponseCode)
}

// Answers that are no SNAP answer, given once without retries: each is
// Pending (the request may have been processed), never Failed.
func TestFaultUnreadableAnswers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fault  Fault
		status int
		check  func(t *testing.T, e *snap.Error)
	}{
		{"malformed code", Fault{Times: 1, Kind: Code("20057000")}, http.StatusOK, func(t *testing.T, e *snap.Error) { // the seed's 8-digit typo
			assert.Equal(t, "20057000", e.RawCode)
		}},
		{"HTML bad gateway", Fault{Kind: HTMLBadGateway}, http.StatusBadGateway, func(t *testing.T, e *snap.Error) {
			assert.Contains(t, string(e.Body), "<h1>502 Bad Gateway</h1>")
			assert.Equal(t, "text/html", e.Header.Get("Content-Type"))
		}},
		{"empty body", Fault{Kind: EmptyBody}, http.StatusOK, func(t *testing.T, e *snap.Error) {
			assert.Empty(t, e.Body)
			assert.Contains(t, e.Reason, "empty body")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, _, cancel := faultSetup(t, snap.WithRetry(snap.NoRetry()))
			srv.Fail("/v1.0/debit/cancel", tc.fault)
			e := snapError(t, cancel().err)
			assert.Equal(t, snap.Pending, e.Outcome)
			assert.Equal(t, tc.status, e.HTTPStatus)
			tc.check(t, e)
		})
	}
}

func TestFaultAttemptsCountFromFail(t *testing.T) {
	srv, _, cancel := faultSetup(t, snap.WithRetry(snap.NoRetry()))
	require.NoError(t, cancel().err) // attempt 1 on the path, before Fail
	srv.Fail("/v1.0/debit/cancel", Fault{Attempts: []int{2}, Kind: Code("5005702")})
	assert.NoError(t, cancel().err, "first after Fail: served")
	assert.Equal(t, "5005702", cancel().code, "second after Fail: faulted")
	assert.NoError(t, cancel().err)
	rec := srv.RequestsTo("/v1.0/debit/cancel")
	require.Len(t, rec, 4)
	assert.Equal(t, []int{1, 2, 3, 4}, []int{rec[0].Attempt, rec[1].Attempt, rec[2].Attempt, rec[3].Attempt})
	assert.Equal(t, "code 5005702", rec[2].Fault)

	srv.Fail("/v1.0/debit/cancel", Fault{Kind: Code("5005701")})
	assert.Equal(t, "5005701", cancel().code)
	srv.ClearFaults("/v1.0/debit/cancel")
	assert.NoError(t, cancel().err)
}

func TestFaultOnTokenAndUnderBasePath(t *testing.T) {
	srv := newTestServer(t, Paydia)
	srv.Fail(TokenPath, Fault{Times: 1, Kind: Code("5007301")})
	c := newClient(t, srv)
	r := call(t, c, "/v1.0/auth/void-query", 68, voidQueryBody{OriginalPartnerReferenceNo: "x", OriginalReferenceNo: "y", MerchantID: srv.MerchantID(), VoidNo: "v", PartnerVoidNo: "p"}, snap.CustomerToken(srv.CustomerToken()))
	assert.Equal(t, "4046801", r.code, "the token fetch is idempotent: retried after 5007301")
	reqs := srv.Requests()
	require.Len(t, reqs, 3)
	assert.Equal(t, "/snap/v1.0/access-token/b2b", reqs[0].Path)
	assert.Equal(t, "code 5007301", reqs[0].Fault)
	assert.Equal(t, "/snap/v1.0/access-token/b2b", reqs[1].Path)
	r = call(t, c, "/v1.0/auth/void-query", 68, voidQueryBody{OriginalPartnerReferenceNo: "x", OriginalReferenceNo: "y", MerchantID: srv.MerchantID(), VoidNo: "v", PartnerVoidNo: "p"}, snap.CustomerToken(srv.CustomerToken()))
	assert.Equal(t, "4046801", r.code)
}

func TestFaultNICEPAYCode(t *testing.T) {
	srv := newTestServer(t, NICEPAY)
	srv.Fail("/direct/v2/cancel", Fault{Kind: Code("9002")})
	resp, err := http.Post(srv.URL+"/direct/v2/cancel", "application/json", nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"resultCd":"9002","resultMsg":"injected fault"}`, string(b))
}

func TestFailIgnoresNilKind(t *testing.T) {
	srv, _, cancel := faultSetup(t)
	srv.Fail("/v1.0/debit/cancel", Fault{})
	require.NoError(t, cancel().err)
	assert.Equal(t, "Malfunction(9)", Malfunction(9).faultName())
}
