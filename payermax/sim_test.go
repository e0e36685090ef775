package payermax_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/payermax"
	"github.com/snapbi/snap/snaptest"
)

// fixedNow is 14:15:39.079 in Jakarta: X-TIMESTAMP must read
// 2024-03-02T14:15:39.079+07:00 whatever the host's zone.
var fixedNow = time.Date(2024, 3, 2, 7, 15, 39, 79_000_000, time.UTC)

const (
	wantTimestamp = "2024-03-02T14:15:39.079+07:00"
	testSecret    = "pm-client-secret-do-not-log"
	testPartnerID = "P05010114269706"
	testChannelID = "95221"
)

// The payment of PayerMax's Debit-Cancel page, as every simulator knows it:
// its partnerReferenceNo, referenceNo and the X-EXTERNAL-ID it was made with.
const (
	pageRef        = "20240302141539079100054"
	pageReference  = "2020102977770000000009"
	pageExternalID = "30443786930722726463280097920912"
)

// startSim starts a simulator of profile p on the test account at fixedNow,
// knowing the page's payment of 100000.00 IDR.
func startSim(t testing.TB, p snaptest.Profile, opts ...snaptest.Option) *snaptest.Server {
	t.Helper()
	srv := snaptest.NewServer(p, append([]snaptest.Option{
		snaptest.WithClock(func() time.Time { return fixedNow }), snaptest.WithPartnerKey(testkit.PartnerKey(t)),
		snaptest.WithPartnerID(testPartnerID), snaptest.WithChannelID(testChannelID), snaptest.WithClientSecret(testSecret),
	}, opts...)...)
	t.Cleanup(srv.Close)
	srv.AddTransaction(snaptest.Transaction{
		PartnerReferenceNo: pageRef, ReferenceNo: pageReference, ExternalID: pageExternalID, Amount: money.MustNew("100000.00", "IDR"),
	})
	return srv
}

// onSim is the PayerMax simulator and a client for it. The simulator checks
// the token request, X-SIGNATURE, the sign header and X-TIMESTAMP itself.
func onSim(t testing.TB, opts ...snap.Option) (*snaptest.Server, *payermax.Client) {
	t.Helper()
	srv := startSim(t, snaptest.PayerMax)
	return srv, newClient(t, srv.URL, nil, opts...)
}

// onReplay answers with answer, byte for byte, for what the simulator never
// writes (the pages' samples, HTML, odd codes); it checks no signature.
func onReplay(t testing.TB, answer testkit.Answer, opts ...snap.Option) (*testkit.Replay, *payermax.Client) {
	t.Helper()
	r := testkit.NewReplay(t, answer)
	return r, newClient(t, r.URL, nil, opts...)
}

// answering is onSim with fault, when set, on path for every request, or
// onReplay when answer is set. sent returns the X-EXTERNAL-ID of each
// transactional request received.
func answering(t testing.TB, path string, fault snaptest.FaultKind, answer testkit.Answer) (c *payermax.Client, sent func() []string) {
	t.Helper()
	if answer != nil {
		r, c := onReplay(t, answer)
		return c, func() (ids []string) {
			for _, q := range r.Requests() {
				ids = append(ids, q.Header.Get("X-EXTERNAL-ID"))
			}
			return ids
		}
	}
	srv, c := onSim(t)
	srv.Fail(path, snaptest.Fault{Kind: fault})
	return c, func() (ids []string) {
		for _, q := range srv.RequestsTo(path) {
			ids = append(ids, q.Header.Get("X-EXTERNAL-ID"))
		}
		return ids
	}
}

// requireVerified fails unless srv served every request it received: the
// token request, X-SIGNATURE and the sign header all verified.
func requireVerified(t testing.TB, srv *snaptest.Server) {
	t.Helper()
	reqs := srv.Requests()
	require.NotEmpty(t, reqs)
	for _, r := range reqs {
		require.Empty(t, r.Reason, "%s answered %d %s", r.Path, r.Status, r.ResponseCode)
	}
}

// newClient returns a PayerMax client of the test account against baseURL,
// with the fixed clock and a fast retry policy.
func newClient(t testing.TB, baseURL string, mutate func(*payermax.Config), opts ...snap.Option) *payermax.Client {
	t.Helper()
	cfg := payermax.Config{
		BaseURL: baseURL, PartnerID: testPartnerID, ChannelID: testChannelID, Origin: "www.shop.test",
		ClientSecret: testSecret, PrivateKey: snap.NewPrivateKey(testkit.PartnerKey(t)),
	}
	if mutate != nil {
		mutate(&cfg)
	}
	base := []snap.Option{
		snap.WithClock(func() time.Time { return fixedNow }),
		snap.WithRetry(snap.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}),
	}
	c, err := payermax.NewClient(cfg, append(base, opts...)...)
	require.NoError(t, err)
	return c
}

// requireRefused runs op with req on a fresh simulator: it must fail
// validation on field and send nothing, not even a token request; the
// request's Validate must report the same error.
func requireRefused[Q any, PQ interface {
	*Q
	Validate() error
}, R any](t *testing.T, op func(*payermax.Client, context.Context, PQ, ...snap.CallOption) (R, error), req PQ, field string) {
	t.Helper()
	srv, c := onSim(t)
	_, err := op(c, context.Background(), req)
	var ve *snap.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, field, ve.Field)
	assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
	assert.Empty(t, srv.Requests(), "nothing may be sent")
	assert.Equal(t, err, req.Validate(), "Validate reports what the call refuses")
}

func TestNilRequest(t *testing.T) {
	t.Run("cancel", func(t *testing.T) { requireRefused(t, (*payermax.Client).Cancel, nil, "request") })
	t.Run("status", func(t *testing.T) { requireRefused(t, (*payermax.Client).Status, nil, "request") })
	t.Run("payment", func(t *testing.T) { requireRefused(t, (*payermax.Client).Payment, nil, "request") })
}

// TestRound pays, asks the status and cancels on the simulator, which
// verifies every request's headers and signatures.
func TestRound(t *testing.T) {
	srv, c := onSim(t)
	req := paymentRequest()
	req.PartnerReferenceNo = "20240302141539079100099"
	// validUpTo in PayerMax's millisecond form, 29 characters: the
	// simulator's PayerMax takes it.
	require.Len(t, string(req.ValidUpTo), payermax.MaxTimestampLen)
	paid, err := c.Payment(context.Background(), req)
	require.NoError(t, err)
	tx, ok := srv.Transaction(req.PartnerReferenceNo)
	require.True(t, ok)
	assert.Equal(t, tx.ReferenceNo, paid.ReferenceNo)

	st, err := c.Status(context.Background(), &payermax.StatusRequest{MerchantID: testPartnerID, OriginalPartnerReferenceNo: req.PartnerReferenceNo, OriginalReferenceNo: paid.ReferenceNo})
	require.NoError(t, err)
	assert.Equal(t, debit.StatusSuccess, st.Status())

	canceled, err := c.Cancel(context.Background(), &payermax.CancelRequest{OriginalPartnerReferenceNo: req.PartnerReferenceNo, OriginalReferenceNo: paid.ReferenceNo, Amount: req.Amount})
	require.NoError(t, err)
	assert.Equal(t, debit.StatusCanceled, canceled.Status())

	requireVerified(t, srv)
	for _, path := range []string{payermax.PaymentPath, payermax.StatusPath, payermax.CancelPath} {
		assert.Len(t, srv.RequestsTo(path), 1, path)
	}
	assert.Len(t, srv.RequestsTo(payermax.TokenPath), 1, "one token serves the round")
}

// TestResponseWheneverSent: on the simulator, a cancel that is answered,
// refused or never answered returns its response with Raw; only a request
// that fails validation returns none.
func TestResponseWheneverSent(t *testing.T) {
	srv, c := onSim(t, snap.WithTimeout(200*time.Millisecond), snap.WithRetry(snap.NoRetry()))
	cancel := func(ref string) (*payermax.CancelResponse, error) {
		return c.Cancel(context.Background(), &payermax.CancelRequest{
			OriginalPartnerReferenceNo: ref, MerchantID: testPartnerID, Reason: "customer cancelled",
		})
	}

	resp, err := cancel("unknown-order")
	assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
	require.NotNil(t, resp, "a refusal is an answer")
	require.NotNil(t, resp.Raw)
	assert.Equal(t, resp.Raw.RawCode, resp.ResponseCode)

	srv.Fail(payermax.CancelPath, snaptest.Fault{Times: 1, Kind: snaptest.Delay(time.Second)})
	resp, err = cancel(pageRef)
	assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
	require.NotNil(t, resp, "a request went out: the response is there, unanswered")
	require.NotNil(t, resp.Raw)
	assert.Equal(t, 1, resp.Raw.Attempts)
	assert.Equal(t, snap.Pending, resp.Outcome())

	resp, err = cancel("")
	var ve *snap.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Nil(t, resp, "nothing was sent")
}
