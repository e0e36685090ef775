package reconcile_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/dana"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/paydia"
	"github.com/snapbi/snap/payermax"
	"github.com/snapbi/snap/reconcile"
	"github.com/snapbi/snap/snaptest"
)

// impatient: one attempt of 250 ms, so one injected late answer (1 s) is
// Pending, yet long enough that a loaded machine still delivers the request:
// an attempt that gives up before the provider got it settles nothing.
var impatient = []snap.Option{snap.WithTimeout(250 * time.Millisecond), snap.WithRetry(snap.NoRetry())}

// late makes the next request on path answer too late: processed, answer lost.
func late(srv *snaptest.Server, path string) {
	srv.Fail(path, snaptest.Fault{Times: 1, Kind: snaptest.Delay(time.Second)})
}

func server(t *testing.T, p snaptest.Profile, opts ...snaptest.Option) *snaptest.Server {
	srv := snaptest.NewServer(p, opts...)
	t.Cleanup(srv.Close)
	return srv
}

func debitClient(t *testing.T, srv *snaptest.Server) *debit.Client {
	core, err := snap.NewClient(srv.SNAPConfig(), impatient...)
	require.NoError(t, err)
	c, err := debit.Wrap(core)
	require.NoError(t, err)
	return c
}

func danaClient(t *testing.T, srv *snaptest.Server) *dana.Client {
	c, err := dana.NewClient(dana.Config{BaseURL: srv.URL, PartnerID: srv.PartnerID(), ChannelID: srv.ChannelID(),
		PrivateKey: snap.NewPrivateKey(srv.PartnerKey())}, impatient...)
	require.NoError(t, err)
	return c
}

// pendingPayment makes a direct-debit payment ref on srv whose answer is
// lost, and returns the debit status settler and the payment's record.
func pendingPayment(t *testing.T, srv *snaptest.Server, ref string) (reconcile.Settler, reconcile.Record) {
	t.Helper()
	c, tok := debitClient(t, srv), snap.CustomerToken(srv.CustomerToken())
	late(srv, c.Paths().Payment)
	_, err := c.Payment(context.Background(), &debit.PaymentRequest{PartnerReferenceNo: ref, ChargeToken: "chg", Amount: money.IDR(10000)}, tok)
	return reconcile.DebitStatusSettler(c, tok), pendingRecord(t, reconcile.ProviderDebit, reconcile.OpPayment, err)
}

// pendingRecord asserts err is Pending and returns its record.
func pendingRecord(t *testing.T, provider, op string, err error) reconcile.Record {
	t.Helper()
	require.Equal(t, snap.Pending, snap.OutcomeOf(err), "%v", err)
	rec, ok := reconcile.RecordOf(provider, op, err)
	require.True(t, ok)
	return rec
}

// TestSettlers makes one call Pending per settler — its answer lost on the
// way back — and settles it with the provider's own means: the verdict is
// what the simulated provider holds, and a resend makes no second refund
// or void.
func TestSettlers(t *testing.T) {
	ctx := context.Background()
	idr := money.IDR(10000)
	tests := []struct {
		name string
		// pending makes the Pending call and returns its settler, its
		// record and a check of the provider's state after settling.
		pending func(t *testing.T) (reconcile.Settler, reconcile.Record, func(t *testing.T))
		want    snap.Outcome
	}{{
		name: "debit payment, paid: status 00", want: snap.Success,
		pending: func(t *testing.T) (reconcile.Settler, reconcile.Record, func(*testing.T)) {
			settle, rec := pendingPayment(t, server(t, snaptest.Generic), "p-1")
			return settle, rec, nil
		},
	}, {
		name: "debit payment, failed in the back office: status 06", want: snap.Failed,
		pending: func(t *testing.T) (reconcile.Settler, reconcile.Record, func(*testing.T)) {
			srv := server(t, snaptest.Generic)
			settle, rec := pendingPayment(t, srv, "p-2")
			srv.SetStatus("p-2", debit.StatusFailed)
			return settle, rec, nil
		},
	}, {
		name: "debit payment, still in progress", want: snap.Pending,
		pending: func(t *testing.T) (reconcile.Settler, reconcile.Record, func(*testing.T)) {
			srv := server(t, snaptest.Generic, snaptest.WithPaymentStatuses(debit.StatusInitiated, debit.StatusPaying, debit.StatusSuccess))
			settle, rec := pendingPayment(t, srv, "p-3")
			return settle, rec, nil
		},
	}, {
		name: "debit cancel: status 05", want: snap.Success,
		pending: func(t *testing.T) (reconcile.Settler, reconcile.Record, func(*testing.T)) {
			srv := server(t, snaptest.Generic)
			srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "c-1", Amount: idr, Status: debit.StatusInitiated})
			c, tok := debitClient(t, srv), snap.CustomerToken(srv.CustomerToken())
			late(srv, c.Paths().Cancel)
			_, err := c.Cancel(ctx, &debit.CancelRequest{OriginalPartnerReferenceNo: "c-1", Reason: "abandoned"}, tok)
			return reconcile.DebitStatusSettler(c, tok), pendingRecord(t, reconcile.ProviderDebit, reconcile.OpCancel, err), nil
		},
	}, {
		name: "debit refund: in refundHistory", want: snap.Success,
		pending: func(t *testing.T) (reconcile.Settler, reconcile.Record, func(*testing.T)) {
			srv := server(t, snaptest.Generic)
			srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "r-1", Amount: idr})
			c, tok := debitClient(t, srv), snap.CustomerToken(srv.CustomerToken())
			late(srv, c.Paths().Refund)
			part := money.IDR(2500)
			_, err := c.Refund(ctx, &debit.RefundRequest{OriginalPartnerReferenceNo: "r-1", PartnerRefundNo: "rf-1", RefundAmount: part}, tok)
			return reconcile.DebitStatusSettler(c, tok), pendingRecord(t, reconcile.ProviderDebit, reconcile.OpRefund, err), nil
		},
	}, {
		name: "DANA OTC cancel: resent, as DANA's table says", want: snap.Success,
		pending: func(t *testing.T) (reconcile.Settler, reconcile.Record, func(*testing.T)) {
			srv := server(t, snaptest.DANA)
			srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "otc-1", CustomerNumber: "081234567890", Amount: money.IDR(50000)})
			c := danaClient(t, srv)
			late(srv, dana.OTCCancelPath)
			_, err := c.CancelOTC(ctx, &dana.OTCCancelRequest{OriginalPartnerReferenceNo: "otc-1", CustomerNumber: "081234567890",
				Reason: "Abnormal system result", AdditionalInfo: dana.OTCCancelAdditionalInfo{Amount: money.IDR(50000)}})
			return reconcile.DANAOTCCancelSettler(c), pendingRecord(t, reconcile.ProviderDANA, reconcile.OpOTCCancel, err), func(t *testing.T) {
				tx, _ := srv.Transaction("otc-1")
				assert.Equal(t, debit.StatusCanceled, tx.Status)
				assert.Len(t, srv.RequestsTo(dana.OTCCancelPath), 2, "the lost attempt and the resend")
			}
		},
	}, {
		name: "DANA refund: resent with the same partnerRefundNo", want: snap.Success,
		pending: func(t *testing.T) (reconcile.Settler, reconcile.Record, func(*testing.T)) {
			srv := server(t, snaptest.DANA)
			srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "dr-1", Amount: idr})
			c := danaClient(t, srv)
			late(srv, dana.RefundPath)
			part := money.IDR(4000)
			_, err := c.Refund(ctx, &debit.RefundRequest{OriginalPartnerReferenceNo: "dr-1", PartnerRefundNo: "drf-1", RefundAmount: part, Reason: "broken", MerchantID: srv.MerchantID()})
			return reconcile.DANARefundSettler(c), pendingRecord(t, reconcile.ProviderDANA, reconcile.OpRefund, err), func(t *testing.T) {
				tx, _ := srv.Transaction("dr-1")
				require.Len(t, tx.Refunds, 1, "the resend is the same refund")
				assert.True(t, tx.Refunds[0].Amount.Equal(part))
			}
		},
	}, {
		name: "DANA debit cancel: DANA's status", want: snap.Success,
		pending: func(t *testing.T) (reconcile.Settler, reconcile.Record, func(*testing.T)) {
			srv := server(t, snaptest.DANA)
			srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "dc-1", Amount: idr, Status: debit.StatusInitiated})
			c := danaClient(t, srv)
			late(srv, dana.CancelPath)
			_, err := c.Cancel(ctx, &debit.CancelRequest{OriginalPartnerReferenceNo: "dc-1", MerchantID: srv.MerchantID()})
			return reconcile.DANADebitStatusSettler(c), pendingRecord(t, reconcile.ProviderDANA, reconcile.OpCancel, err), nil
		},
	}, {
		name: "PayerMax debit cancel: PayerMax's status", want: snap.Success,
		pending: func(t *testing.T) (reconcile.Settler, reconcile.Record, func(*testing.T)) {
			srv := server(t, snaptest.PayerMax)
			srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "pm-1", Amount: idr, Status: debit.StatusInitiated})
			c, err := payermax.NewClient(payermax.Config{BaseURL: srv.URL, PartnerID: srv.PartnerID(), ChannelID: srv.ChannelID(),
				ClientSecret: srv.ClientSecret(), PrivateKey: snap.NewPrivateKey(srv.PartnerKey())}, impatient...)
			require.NoError(t, err)
			late(srv, payermax.CancelPath)
			_, err = c.Cancel(ctx, &payermax.CancelRequest{OriginalPartnerReferenceNo: "pm-1"})
			return reconcile.PayerMaxStatusSettler(c, "M-1"), pendingRecord(t, reconcile.ProviderPayerMax, reconcile.OpCancel, err), nil
		},
	}, {
		name: "Paydia void: resent with the same partnerVoidNo", want: snap.Success,
		pending: func(t *testing.T) (reconcile.Settler, reconcile.Record, func(*testing.T)) {
			srv := server(t, snaptest.Paydia)
			tx := srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "pd-1", Amount: idr})
			c, tok := paydiaClient(t, srv), snap.CustomerToken(srv.CustomerToken())
			late(srv, paydia.VoidPath)
			_, err := c.Void(ctx, &paydia.VoidRequest{OriginalPartnerReferenceNo: "pd-1", OriginalReferenceNo: tx.ReferenceNo,
				PartnerVoidNo: "v-1", MerchantID: srv.MerchantID(), VoidAmount: idr}, tok)
			return reconcile.PaydiaVoidSettler(c, tok), pendingRecord(t, reconcile.ProviderPaydia, reconcile.OpVoid, err), func(t *testing.T) {
				tx, _ := srv.Transaction("pd-1")
				assert.Len(t, tx.Voids, 1, "the resend is the same void")
			}
		},
	}, {
		name: "Paydia void-query: queried again", want: snap.Success,
		pending: func(t *testing.T) (reconcile.Settler, reconcile.Record, func(*testing.T)) {
			srv := server(t, snaptest.Paydia)
			tx := srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "pq-1", Amount: idr, Voids: []snaptest.Void{{PartnerVoidNo: "v-2", Amount: idr, Time: time.Now()}}})
			c, tok := paydiaClient(t, srv), snap.CustomerToken(srv.CustomerToken())
			late(srv, paydia.VoidQueryPath)
			_, err := c.VoidQuery(ctx, &paydia.VoidQueryRequest{OriginalPartnerReferenceNo: "pq-1", OriginalReferenceNo: tx.ReferenceNo,
				MerchantID: srv.MerchantID(), VoidNo: tx.Voids[0].VoidNo, PartnerVoidNo: "v-2"}, tok)
			return reconcile.PaydiaVoidSettler(c, tok), pendingRecord(t, reconcile.ProviderPaydia, reconcile.OpVoidQuery, err), nil
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			settle, rec, check := tt.pending(t)
			v := settle(ctx, rec)
			assert.Equal(t, tt.want, v.Outcome, "%s (%v)", v.Detail, v.Err)
			assert.NotEmpty(t, v.Detail)
			assert.Regexp(t, `^20[02]\d{4}$`, v.Code, "the deciding answer's code")
			if check != nil {
				check(t)
			}
		})
	}
}

func paydiaClient(t *testing.T, srv *snaptest.Server) *paydia.Client {
	c, err := paydia.NewClient(paydia.Config{BaseURL: srv.URL, PartnerID: srv.PartnerID(), ChannelID: srv.ChannelID(),
		ClientSecret: srv.ClientSecret(), PrivateKey: snap.NewPrivateKey(srv.PartnerKey())}, impatient...)
	require.NoError(t, err)
	return c
}
