package paydia_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/paydia"
	"github.com/snapbi/snap/snaptest"
)

// Values from the request sample of Paydia's void-query page.
const (
	seedPartnerID     = "4abbcb6ce30229994c76169006e0dc9c"
	seedChannelID     = "12345"
	seedExternalID    = "1724137901"
	seedTimestamp     = "2024-08-20T07:11:20+07:00"
	seedCustomerToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJQYXlkaWEiLCJpYXQiOjE3MjQxMjI3NjIsImV4cCI6MTczOTg5MDc2MiwianRpIjoiNjY1NzAzNTRjZDQ1Mjk5YTAwYTE5NjU3OGI5MmJlZjgzNGVkNGUwZGQ1OGVjZjk0YWI1MjhiMzMxOTYyMTFhMiIsImNsaWVudF9pZCI6ImRVVT0iLCJtZXJjaGFudF9taWQiOiJja1FFU2xZR0JBSUJBZ0p3UUFSSiIsInNjb3BlIjoiUFVCTElDX0lEIiwic3RhdGUiOiI0NWMzOTc2Mi0zZDgzLTRjYTktYWRlYi00YzU1NjAwNWY2ZjIifQ.bskQVeyZD43hCXaWNaNcrSM_6A5wrSbTrJrGkpGiqno"
	testClientSecret  = "paydia-test-client-secret-0123456789"
)

// seedNow is the instant of the sample's X-TIMESTAMP, 2024-08-20T07:11:20+07:00.
var seedNow = time.Date(2024, 8, 20, 0, 11, 20, 0, time.UTC)

// seedVoidTime is the sample's voidTime, 2024-08-20T13:57:59-07:00.
var seedVoidTime = time.Date(2024, 8, 20, 13, 57, 59, 0, time.FixedZone("", -7*60*60))

// fastRetry keeps the default 3 attempts without the default waits.
var fastRetry = snap.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}

// env is a client against the Paydia simulator, which checks every request
// with its own code (token RSA signature, HMAC-SHA512 over /snap/..., the
// bare customer token, numeric X-EXTERNAL-ID, strict bodies). It knows the
// sample's payment with the sample's void of IDR 3000.00.
type env struct {
	srv *snaptest.Server
	c   *paydia.Client
	rec *recording
}

type envOption struct {
	client []snap.Option
	server []snaptest.Option      // after the sample's
	form   snap.CustomerTokenForm // paydia.Config.CustomerTokenForm
	void   snaptest.Void          // the seeded void, the sample's unless changed
}

func newEnv(t testing.TB, edit ...func(*envOption)) *env {
	t.Helper()
	key := testkit.PartnerKey(t)
	q := seedVoidQuery()
	o := envOption{void: snaptest.Void{VoidNo: q.VoidNo, PartnerVoidNo: q.PartnerVoidNo, Amount: money.IDR(3000), Time: seedVoidTime}}
	for _, e := range edit {
		e(&o)
	}
	clock := func() time.Time { return seedNow }
	srv := snaptest.NewServer(snaptest.Paydia, append([]snaptest.Option{snaptest.WithPartnerKey(key), snaptest.WithClock(clock),
		snaptest.WithPartnerID(seedPartnerID), snaptest.WithChannelID(seedChannelID),
		snaptest.WithClientSecret(testClientSecret), snaptest.WithCustomerToken(seedCustomerToken), snaptest.WithMerchantID(q.MerchantID)},
		o.server...)...)
	t.Cleanup(srv.Close)
	srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: q.OriginalPartnerReferenceNo, ReferenceNo: q.OriginalReferenceNo,
		Amount: money.IDR(3000), Voids: []snaptest.Void{o.void}})
	rec := &recording{next: http.DefaultTransport}
	opts := append([]snap.Option{snap.WithClock(clock), snap.WithRetry(fastRetry), snap.WithHTTPClient(&http.Client{Transport: rec})}, o.client...)
	c, err := paydia.NewClient(paydia.Config{
		BaseURL:           srv.URL,
		PartnerID:         seedPartnerID,
		ChannelID:         seedChannelID,
		ClientSecret:      testClientSecret,
		PrivateKey:        snap.NewPrivateKey(key),
		CustomerTokenForm: o.form,
	}, opts...)
	require.NoError(t, err)
	return &env{srv: srv, c: c, rec: rec}
}

// withClient adds client options.
func withClient(opts ...snap.Option) func(*envOption) {
	return func(o *envOption) { o.client = append(o.client, opts...) }
}

// calls returns the requests the simulator received on path, requiring
// that it accepted each one's headers and signature (a refusal there would
// be the SDK's mistake).
func (e *env) calls(t testing.TB, path string) []snaptest.Recorded {
	t.Helper()
	reqs := e.srv.RequestsTo(path)
	for _, r := range reqs {
		require.NotContains(t, r.Reason, "X-SIGNATURE", "attempt %d", r.Attempt)
		require.NotContains(t, r.Reason, "header", "attempt %d", r.Attempt)
	}
	return reqs
}

// answer makes the n-th (1-based) answer on path the given status and
// bytes, for recorded answers the simulator does not make (Paydia's own
// samples, malformed bodies). The request still reaches the simulator,
// which checks it; only its answer is replaced.
func (e *env) answer(path string, fn func(n int) (int, []byte)) {
	e.rec.mu.Lock()
	defer e.rec.mu.Unlock()
	e.rec.path, e.rec.fn, e.rec.n = "/snap"+path, fn, 0
}

// answerAlways answers every request on path with status and body.
func (e *env) answerAlways(path string, status int, body []byte) {
	e.answer(path, func(int) (int, []byte) { return status, body })
}

// recording is the client's transport: the simulator's answer, or on one
// path the bytes that answer gives. It stays beside testkit.Replay because
// the request still goes through the simulator: its signature, headers and
// B2B token are checked on every attempt (e.calls), and a 4016801 row needs
// the simulator to issue the renewed token; Replay checks nothing and hands
// out one fixed token.
type recording struct {
	next http.RoundTripper
	mu   sync.Mutex
	path string
	fn   func(n int) (int, []byte)
	n    int
}

func (r *recording) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil || r.fn == nil || req.URL.Path != r.path {
		return resp, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	r.n++
	status, body := r.fn(r.n)
	resp.StatusCode, resp.Status = status, strconv.Itoa(status)+" "+http.StatusText(status)
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	resp.Header.Del("Content-Length")
	return resp, nil
}

// operation is Void or VoidQuery, for the tests that hold for both.
type operation struct {
	name string
	path string
	call func(ctx context.Context, c *paydia.Client, opts ...snap.CallOption) (*snap.Result, error)
}

var operations = []operation{
	{"Void", paydia.VoidPath, func(ctx context.Context, c *paydia.Client, opts ...snap.CallOption) (*snap.Result, error) {
		res, err := c.Void(ctx, sampleVoid(), opts...)
		if res == nil {
			return nil, err
		}
		return &res.Result, err
	}},
	{"VoidQuery", paydia.VoidQueryPath, func(ctx context.Context, c *paydia.Client, opts ...snap.CallOption) (*snap.Result, error) {
		res, err := c.VoidQuery(ctx, seedVoidQuery(), opts...)
		if res == nil {
			return nil, err
		}
		return &res.Result, err
	}},
}

// forEachOperation runs fn as a subtest for Void and VoidQuery.
func forEachOperation(t *testing.T, fn func(t *testing.T, op operation)) {
	for _, op := range operations {
		t.Run(op.name, func(t *testing.T) { fn(t, op) })
	}
}

func seedVoidQuery() *paydia.VoidQueryRequest {
	return &paydia.VoidQueryRequest{
		OriginalPartnerReferenceNo: "b57d8895-790b-4da3-a9e7-0387176de9bf",
		OriginalReferenceNo:        "c407177ce0842a3fc0f1b11d06c3a9620f48b71cf7ed255b1f2edc3de175798a",
		MerchantID:                 "240327001000000",
		VoidNo:                     "d9484993312140b0bd62c2497021e2edc1992554cb484f6a3a7c53ef59e50b3f",
		PartnerVoidNo:              "4427c748-04b0-43c4-b638-94069999415a",
	}
}

// sampleVoid voids the sample's payment with the sample's partnerVoidNo:
// the simulator answers it as the seeded void asked again.
func sampleVoid() *paydia.VoidRequest {
	q := seedVoidQuery()
	return &paydia.VoidRequest{
		OriginalPartnerReferenceNo: q.OriginalPartnerReferenceNo,
		OriginalReferenceNo:        q.OriginalReferenceNo,
		PartnerVoidNo:              q.PartnerVoidNo,
		MerchantID:                 q.MerchantID,
		ExternalStoreID:            "store-01",
		VoidAmount:                 money.MustNew("3000.00", "IDR"),
		Reason:                     "Customer cancelled <order> & asked for a refund",
		AdditionalInfo:             map[string]any{"terminal": "POS-7", "channel": "web"},
	}
}
