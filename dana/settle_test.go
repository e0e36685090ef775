package dana

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
	"github.com/snapbi/snap/responsecode"
	"github.com/snapbi/snap/snaptest"
)

// snaptestClient is a DANA client against a snaptest DANA profile.
func snaptestClient(t *testing.T) (*Client, *snaptest.Server) {
	t.Helper()
	srv := newServer(t)
	return newTestClient(t, srv.URL), srv
}

// fastResend makes the waits between resends short.
func fastResend() debit.ReconcileOption {
	return debit.ReconcileBackoff(time.Millisecond, time.Millisecond)
}

// DANA's UAT scenarios resend a refund with the same partnerRefundNo: it is
// answered 2025800 while in progress, 2005800 once done, 4045818 when the
// data differs. DANA's status answer has no refundHistory, so the refund is
// settled by resending it.
func TestRefundSettledResendsTheRefund(t *testing.T) {
	refund := func(srv *snaptest.Server, v string) *debit.RefundRequest {
		return &debit.RefundRequest{MerchantID: srv.MerchantID(), OriginalPartnerReferenceNo: "ORDER-1",
			PartnerRefundNo: "REFUND-1", RefundAmount: money.MustNew(v, "IDR"), Reason: "Customer complain"}
	}
	t.Run("in progress twice, then done", func(t *testing.T) {
		c, srv := snaptestClient(t)
		srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "ORDER-1", Amount: money.IDR(50000)})
		srv.Fail(RefundPath, snaptest.Fault{Times: 2, Kind: snaptest.Code("2025800")})
		resp, err := c.RefundSettled(context.Background(), refund(srv, "10000.00"), fastResend())
		require.NoError(t, err)
		assert.Equal(t, "2005800", resp.ResponseCode)
		assert.Equal(t, "REFUND-1", resp.PartnerRefundNo)
		assert.Len(t, srv.RequestsTo(RefundPath), 3)
		tx, _ := srv.Transaction("ORDER-1")
		require.Len(t, tx.Refunds, 1, "the resends are the same refund")
	})
	t.Run("already done: answered again", func(t *testing.T) {
		c, srv := snaptestClient(t)
		srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "ORDER-1", Amount: money.IDR(50000)})
		_, err := c.Refund(context.Background(), refund(srv, "10000.00"))
		require.NoError(t, err)
		resp, err := c.RefundSettled(context.Background(), refund(srv, "10000.00"), fastResend())
		require.NoError(t, err)
		assert.Equal(t, snap.Success, resp.Outcome())
		assert.Len(t, srv.RequestsTo(RefundPath), 2, "one refund, one resend")
		tx, _ := srv.Transaction("ORDER-1")
		assert.Len(t, tx.Refunds, 1)
	})
	t.Run("different data is 4045818: returned at once", func(t *testing.T) {
		c, srv := snaptestClient(t)
		srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "ORDER-1", Amount: money.IDR(50000)})
		_, err := c.Refund(context.Background(), refund(srv, "10000.00"))
		require.NoError(t, err)
		resp, err := c.RefundSettled(context.Background(), refund(srv, "20000.00"))
		var e *snap.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "4045818", e.RawCode)
		assert.Equal(t, snap.Pending, e.Outcome, "SNAP: a refund's 404xx18 \"should be considered as success\"")
		require.NotNil(t, resp)
		assert.Len(t, srv.RequestsTo(RefundPath), 2, "not resent: the same bytes get the same answer")
	})
	t.Run("never final: Pending when ctx ends", func(t *testing.T) {
		c, srv := snaptestClient(t)
		srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "ORDER-1", Amount: money.IDR(50000)})
		srv.Fail(RefundPath, snaptest.Fault{Kind: snaptest.Code("2025800")})
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		resp, err := c.RefundSettled(ctx, refund(srv, "10000.00"), debit.ReconcileBackoff(10*time.Millisecond, 20*time.Millisecond))
		assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
		require.NotNil(t, resp)
		assert.Equal(t, "2025800", resp.ResponseCode)
		assert.GreaterOrEqual(t, len(srv.RequestsTo(RefundPath)), 2)
	})
	t.Run("invalid request sends nothing", func(t *testing.T) {
		c, srv := snaptestClient(t)
		_, err := c.RefundSettled(context.Background(), &debit.RefundRequest{OriginalPartnerReferenceNo: "ORDER-1", PartnerRefundNo: "R"})
		assert.True(t, snap.IsValidation(err))
		assert.Empty(t, srv.Requests())
	})
}

// DANA's OTC page: X-SIGNATURE "need to be generated with symmetricSignature
// or asymmetricSignature method"; Authorization "Conditional … Y:= Signature
// option is symmetric approach". Both are offered; asymmetric is the default.
func TestCancelOTCEitherSignature(t *testing.T) {
	for _, tc := range []struct {
		name      string
		mode      snap.SignatureMode
		wantToken bool
	}{
		{"asymmetric by default", 0, false},
		{"symmetric with a B2B token", snap.Symmetric, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "14054Q0727520211128121824995", CustomerNumber: "081234567890", Amount: money.IDR(50000)})
			cfg := Config{BaseURL: srv.URL, PartnerID: srv.PartnerID(), ChannelID: srv.ChannelID(),
				PrivateKey: snap.NewPrivateKey(testkit.PartnerKey(t)), OTCSignature: tc.mode}
			if tc.mode == snap.Symmetric {
				cfg.ClientSecret = srv.ClientSecret()
			}
			c, err := NewClient(cfg, snap.WithClock(func() time.Time { return seedNow }))
			require.NoError(t, err)
			resp, err := c.CancelOTC(context.Background(), &OTCCancelRequest{OriginalPartnerReferenceNo: "14054Q0727520211128121824995",
				CustomerNumber: "081234567890", Reason: "Abnormal system result", AdditionalInfo: OTCCancelAdditionalInfo{Amount: money.IDR(50000)}})
			require.NoError(t, err)
			assert.Equal(t, "2004600", resp.ResponseCode)
			reqs := srv.RequestsTo(OTCCancelPath)
			require.Len(t, reqs, 1)
			auth := reqs[0].Header.Get("Authorization")
			assert.Equal(t, tc.wantToken, auth != "", "Authorization %q", auth)
			assert.Len(t, srv.RequestsTo(TokenPath), map[bool]int{false: 0, true: 1}[tc.wantToken])
			if tc.wantToken {
				assert.Len(t, reqs[0].Header.Get("X-SIGNATURE"), 88, "base64 of HMAC-SHA512")
			}
		})
	}
	t.Run("symmetric needs the client secret", func(t *testing.T) {
		_, err := NewClient(Config{BaseURL: SandboxBaseURL, PartnerID: "p", ChannelID: "95221", PrivateKey: snap.NewPrivateKey(testkit.PartnerKey(t)), OTCSignature: snap.Symmetric})
		assert.ErrorContains(t, err, "ClientSecret is required")
	})
	t.Run("a symmetric signature with a wrong secret is refused", func(t *testing.T) {
		srv := newServer(t)
		c, err := NewClient(Config{BaseURL: srv.URL, PartnerID: srv.PartnerID(), ChannelID: srv.ChannelID(),
			PrivateKey: snap.NewPrivateKey(testkit.PartnerKey(t)), OTCSignature: snap.Symmetric, ClientSecret: "wrong"},
			snap.WithClock(func() time.Time { return seedNow }))
		require.NoError(t, err)
		_, err = c.CancelOTC(context.Background(), &OTCCancelRequest{OriginalPartnerReferenceNo: "x",
			CustomerNumber: "081234567890", Reason: "r", AdditionalInfo: OTCCancelAdditionalInfo{Amount: money.IDR(1)}})
		var e *snap.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, "4014600", e.RawCode)
	})
}

// The measurement: against DANA's shape (no refundHistory),
// debit.RefundSettled polls to the deadline and stays Pending, while
// RefundSettled, which resends the refund, settles at once.
func TestRefundHistoryRuleNeverSettlesAgainstDANA(t *testing.T) {
	c, srv := snaptestClient(t)
	srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "ORDER-1", Amount: money.IDR(50000)})
	refund := &debit.RefundRequest{MerchantID: srv.MerchantID(), OriginalPartnerReferenceNo: "ORDER-1", PartnerRefundNo: "REFUND-1", RefundAmount: money.IDR(10000)}
	_, err := c.Refund(context.Background(), refund)
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err = debit.Reconcile(ctx, c.debit, &debit.StatusRequest{OriginalPartnerReferenceNo: "ORDER-1", ServiceCode: responsecode.ServiceDebitPayment,
		MerchantID: srv.MerchantID()}, debit.ReconcileUntil(debit.RefundSettled("REFUND-1")), debit.ReconcileBackoff(5*time.Millisecond, 5*time.Millisecond))
	assert.Equal(t, snap.Pending, snap.OutcomeOf(err), "no refundHistory to find the refund in")
	assert.Greater(t, len(srv.RequestsTo(StatusPath)), 1)

	resp, err := c.RefundSettled(context.Background(), refund, fastResend())
	require.NoError(t, err)
	assert.Equal(t, "2005800", resp.ResponseCode)
}
