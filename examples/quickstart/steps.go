package main

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/dana"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/nicepay"
	"github.com/snapbi/snap/paydia"
	"github.com/snapbi/snap/payermax"
	"github.com/snapbi/snap/responsecode"
	"github.com/snapbi/snap/snaptest"
)

// Each flow starts its simulated provider, configures the provider's public
// client with the simulator's credentials — exactly what a merchant sets
// from the provider's onboarding — and returns its calls.

// danaSteps cancels an OTC cashout at DANA (asymmetric signature, no token).
func danaSteps(_ context.Context, key *rsa.PrivateKey) ([]step, func(), error) {
	srv, client, err := danaOn(key)
	if err != nil {
		return nil, nil, err
	}
	cashout := srv.AddTransaction(snaptest.Transaction{
		PartnerReferenceNo: "14054Q0727520211128121824995", CustomerNumber: "081234567890", Amount: money.IDR(50000),
	})
	return []step{{
		provider: "DANA", api: "OTC cancel (46)", srv: srv, path: dana.OTCCancelPath, want: snap.Success, attempts: 1,
		call: func(ctx context.Context) result {
			resp, err := client.CancelOTC(ctx, otcCancelOf(cashout))
			if err != nil {
				return result{err: err}
			}
			return result{raw: resp.Raw, note: resp.Raw.Action,
				problem: providerStatus(srv, cashout.PartnerReferenceNo, debit.StatusCanceled)}
		},
	}}, srv.Close, nil
}

// danaOn starts a simulated DANA that trusts key, and a client of it with
// opts; the flows with DANA differ in the client's timeout and retries.
func danaOn(key *rsa.PrivateKey, opts ...snap.Option) (*snaptest.Server, *dana.Client, error) {
	return simulated(snaptest.DANA, []snaptest.Option{snaptest.WithPartnerKey(key)}, func(srv *snaptest.Server) (*dana.Client, error) {
		return danaClient(srv, key, opts...)
	})
}

// simulated starts the simulated provider of profile p and the client
// newClient configures for it; the simulator is closed again when the
// client cannot be made.
func simulated[C any](p snaptest.Profile, opts []snaptest.Option, newClient func(*snaptest.Server) (C, error)) (*snaptest.Server, C, error) {
	srv := snaptest.NewServer(p, opts...)
	client, err := newClient(srv)
	if err != nil {
		srv.Close()
	}
	return srv, client, err
}

// danaClient is a client of the simulated DANA srv, signing with key.
func danaClient(srv *snaptest.Server, key *rsa.PrivateKey, opts ...snap.Option) (*dana.Client, error) {
	return dana.NewClient(dana.Config{BaseURL: srv.URL, PartnerID: srv.PartnerID(), ChannelID: srv.ChannelID(), PrivateKey: snap.NewPrivateKey(key)}, opts...)
}

func otcCancelOf(cashout snaptest.Transaction) *dana.OTCCancelRequest {
	return &dana.OTCCancelRequest{
		OriginalPartnerReferenceNo: cashout.PartnerReferenceNo,
		CustomerNumber:             cashout.CustomerNumber,
		Reason:                     "Abnormal system result",
		AdditionalInfo:             dana.OTCCancelAdditionalInfo{Amount: cashout.Amount},
	}
}

// payermaxSteps cancels a debit at PayerMax (HMAC with a B2B token, the
// sign header, timestamps with milliseconds).
func payermaxSteps(_ context.Context, key *rsa.PrivateKey) ([]step, func(), error) {
	srv, client, err := simulated(snaptest.PayerMax, []snaptest.Option{snaptest.WithPartnerKey(key)}, func(srv *snaptest.Server) (*payermax.Client, error) {
		return payermax.NewClient(payermax.Config{
			BaseURL: srv.URL, PartnerID: srv.PartnerID(), ChannelID: srv.ChannelID(),
			ClientSecret: srv.ClientSecret(), PrivateKey: snap.NewPrivateKey(key),
		})
	})
	if err != nil {
		return nil, nil, err
	}
	payment := srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "20240302141539079100054", Amount: money.IDR(100000)})
	return []step{{
		provider: "PayerMax", api: "debit cancel (57)", srv: srv, path: "/v1.0/debit/cancel", want: snap.Success, attempts: 1,
		call: func(ctx context.Context) result {
			resp, err := client.Cancel(ctx, &payermax.CancelRequest{
				OriginalPartnerReferenceNo: payment.PartnerReferenceNo,
				OriginalReferenceNo:        payment.ReferenceNo,
				Reason:                     "customer cancelled",
				Amount:                     payment.Amount,
			})
			if err != nil {
				return result{err: err}
			}
			problem := providerStatus(srv, payment.PartnerReferenceNo, debit.StatusCanceled)
			if got := string(resp.Status()); got != string(debit.StatusCanceled) && problem == "" {
				problem = "additionalInfo.latestTransactionStatus " + got + ", want 05"
			}
			return result{raw: resp.Raw, note: "latestTransactionStatus " + string(resp.Status()) + " " + resp.Status().String(), problem: problem}
		},
	}}, srv.Close, nil
}

// nicepaySteps cancels a transaction with NICEPAY's v2 API (not SNAP:
// merchantToken in the body).
func nicepaySteps(_ context.Context, _ *rsa.PrivateKey) ([]step, func(), error) {
	srv, client, err := simulated(snaptest.NICEPAY, nil, func(srv *snaptest.Server) (*nicepay.Client, error) {
		return nicepay.NewClient(nicepay.Config{BaseURL: srv.URL, IMID: srv.IMID(), MerchantKey: srv.MerchantKey()})
	})
	if err != nil {
		return nil, nil, err
	}
	payment := srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "ord-20240302-0001", Amount: money.IDR(10000)})
	return []step{{
		provider: "NICEPAY", api: "v2 cancel", srv: srv, path: nicepay.CancelPath, want: snap.Success, attempts: 1,
		call: func(ctx context.Context) result {
			resp, err := client.Cancel(ctx, &nicepay.CancelRequest{
				TXID:       payment.ReferenceNo,
				PayMethod:  nicepay.PayMethodEWallet,
				CancelType: nicepay.CancelFull,
				CancelMsg:  "customer cancelled",
				Amt:        payment.Amount,
			})
			if err != nil {
				return result{err: err}
			}
			return result{raw: resp.Raw, note: "tXid " + resp.TXID + " cancelled, amt " + resp.Amt.String(),
				problem: providerStatus(srv, payment.PartnerReferenceNo, debit.StatusCanceled)}
		},
	}}, srv.Close, nil
}

// paydiaSteps voids an auth payment at Paydia and asks for the void's
// state (HMAC with a B2B token, a customer token, numeric X-EXTERNAL-ID).
func paydiaSteps(_ context.Context, key *rsa.PrivateKey) ([]step, func(), error) {
	srv, client, err := simulated(snaptest.Paydia, []snaptest.Option{snaptest.WithPartnerKey(key)}, func(srv *snaptest.Server) (*paydia.Client, error) {
		return paydia.NewClient(paydia.Config{
			BaseURL: srv.URL, PartnerID: srv.PartnerID(), ChannelID: srv.ChannelID(),
			ClientSecret: srv.ClientSecret(), PrivateKey: snap.NewPrivateKey(key),
		})
	})
	if err != nil {
		return nil, nil, err
	}
	customer := snap.CustomerToken(srv.CustomerToken())
	payment := srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "2020102900000000000001", Amount: money.IDR(12000)})
	var voidNo string // Paydia's id of the void, for the query
	return []step{{
		provider: "Paydia", api: "void (67)", srv: srv, path: paydia.VoidPath, want: snap.Success, attempts: 1,
		call: func(ctx context.Context) result {
			resp, err := client.Void(ctx, &paydia.VoidRequest{
				OriginalPartnerReferenceNo: payment.PartnerReferenceNo,
				OriginalReferenceNo:        payment.ReferenceNo,
				PartnerVoidNo:              "void-0001",
				MerchantID:                 srv.MerchantID(),
				VoidAmount:                 payment.Amount,
				Reason:                     "customer cancelled",
			}, customer)
			if err != nil {
				return result{err: err}
			}
			voidNo = resp.VoidNo
			return result{raw: resp.Raw, note: "voided " + resp.VoidAmount.String()}
		},
	}, {
		provider: "Paydia", api: "void-query (68)", srv: srv, path: paydia.VoidQueryPath, want: snap.Success, attempts: 1,
		call: func(ctx context.Context) result {
			resp, err := client.VoidQuery(ctx, &paydia.VoidQueryRequest{
				OriginalPartnerReferenceNo: payment.PartnerReferenceNo,
				OriginalReferenceNo:        payment.ReferenceNo,
				MerchantID:                 srv.MerchantID(),
				VoidNo:                     voidNo,
				PartnerVoidNo:              "void-0001",
			}, customer)
			if err != nil {
				return result{err: err}
			}
			var problem string
			if o := resp.VoidOutcome(); o != snap.Success {
				problem = fmt.Sprintf("the void is %s (latestVoidStatus %q), want success", o, resp.LatestVoidStatus)
			}
			return result{raw: resp.Raw, problem: problem,
				note: fmt.Sprintf("latestVoidStatus %s: the void is done", string(resp.LatestVoidStatus))}
		},
	}}, srv.Close, nil
}

// debitSteps runs the SNAP direct-debit lifecycle with package debit
// against the generic profile, where payments start "in progress":
// payment, the provider's notify, status, refund; and a second payment
// cancelled while still in progress.
func debitSteps(ctx context.Context, key *rsa.PrivateKey) ([]step, func(), error) {
	opts := []snaptest.Option{snaptest.WithPartnerKey(key), snaptest.WithPaymentStatuses(debit.StatusInitiated, debit.StatusSuccess)}
	srv, client, err := simulated(snaptest.Generic, opts, func(srv *snaptest.Server) (*debit.Client, error) {
		core, err := snap.NewClient(srv.SNAPConfig())
		if err != nil {
			return nil, err
		}
		return debit.Wrap(core)
	})
	if err != nil {
		return nil, nil, err
	}
	notified := &notifyBox{}
	merchant := httptest.NewServer(debit.NotifyHandler(srv.ProviderPublicKey(), notified.handle))
	closeAll := func() { merchant.Close(); srv.Close() }
	customer := snap.CustomerToken(srv.CustomerToken())
	paths := client.Paths()
	amount := money.IDR(10000)

	pay := func(ref string) func(context.Context) result {
		return func(ctx context.Context) result {
			resp, err := client.Payment(ctx, &debit.PaymentRequest{
				PartnerReferenceNo: ref,
				ChargeToken:        "chg-" + ref,
				Amount:             amount,
				URLParam:           []debit.URLParam{{URL: merchant.URL + "/v1.0/debit/notify", Type: debit.URLPayNotify, IsDeeplink: "N"}},
			}, customer)
			r := result{err: err, note: "in progress: wait for the notify, or ask status",
				problem: providerStatus(srv, ref, debit.StatusInitiated)}
			if err == nil {
				r.raw = resp.Raw
			}
			return r
		}
	}
	return []step{{
		provider: "SNAP debit", api: "payment (54) order-1", srv: srv, path: paths.Payment, want: snap.Pending, attempts: 1,
		call: pay("order-1"),
	}, {
		provider: "SNAP debit", api: "notify (56) received", srv: srv, want: snap.Success, attempts: 1,
		call: func(ctx context.Context) result {
			srv.SetStatus("order-1", debit.StatusSuccess) // the customer paid
			return notified.deliver(ctx, srv, merchant.URL+"/v1.0/debit/notify", "order-1")
		},
	}, {
		provider: "SNAP debit", api: "status (55) order-1", srv: srv, path: paths.Status, want: snap.Success, attempts: 1,
		call: func(ctx context.Context) result {
			resp, err := client.Status(ctx, &debit.StatusRequest{OriginalPartnerReferenceNo: "order-1", ServiceCode: responsecode.ServiceDebitPayment}, customer)
			r := result{err: err}
			if err == nil {
				r.raw = resp.Raw
				r.note = "latestTransactionStatus " + string(resp.LatestTransactionStatus) + " " + resp.TransactionStatusDesc
				if resp.LatestTransactionStatus != debit.StatusSuccess {
					r.problem = "latestTransactionStatus " + string(resp.LatestTransactionStatus) + ", want 00"
				}
			}
			return r
		},
	}, {
		provider: "SNAP debit", api: "refund (58) order-1", srv: srv, path: paths.Refund, want: snap.Success, attempts: 1,
		call: func(ctx context.Context) result {
			part := money.IDR(2500)
			resp, err := client.Refund(ctx, &debit.RefundRequest{
				OriginalPartnerReferenceNo: "order-1", PartnerRefundNo: "refund-1", RefundAmount: part, Reason: "one item out of stock",
			}, customer)
			r := result{err: err}
			if err == nil {
				r.raw = resp.Raw
				r.note = "refunded " + part.String() + " of " + amount.String()
				if tx, _ := srv.Transaction("order-1"); len(tx.Refunds) != 1 || !tx.Refunds[0].Amount.Equal(part) {
					r.problem = fmt.Sprintf("the provider holds %d refunds, want one of %s", len(tx.Refunds), part)
				}
			}
			return r
		},
	}, {
		provider: "SNAP debit", api: "payment (54) order-2", srv: srv, path: paths.Payment, want: snap.Pending, attempts: 1,
		call: pay("order-2"),
	}, {
		provider: "SNAP debit", api: "cancel (57) order-2", srv: srv, path: paths.Cancel, want: snap.Success, attempts: 1,
		call: func(ctx context.Context) result {
			resp, err := client.Cancel(ctx, &debit.CancelRequest{OriginalPartnerReferenceNo: "order-2", Reason: "customer abandoned the payment"}, customer)
			if err != nil {
				return result{err: err}
			}
			return result{raw: resp.Raw, note: "the unpaid order-2 is cancelled",
				problem: providerStatus(srv, "order-2", debit.StatusCanceled)}
		},
	}}, closeAll, nil
}

// notifyBox is the merchant's side of the notify: what its handler received.
type notifyBox struct {
	mu  sync.Mutex
	got []*debit.Notify
}

func (b *notifyBox) handle(_ context.Context, n *debit.Notify) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.got = append(b.got, n)
	return nil
}

// deliver has the simulator post its signed notify of ref to url, and reads
// the merchant's acknowledgement and what its handler received.
func (b *notifyBox) deliver(ctx context.Context, srv *snaptest.Server, url, ref string) result {
	resp, err := srv.NotifyTransaction(ctx, url, ref)
	if err != nil {
		return result{err: err, attempts: 1}
	}
	defer resp.Body.Close()
	var ack snap.NotificationAck
	if err := json.NewDecoder(resp.Body).Decode(&ack); err != nil || resp.StatusCode != http.StatusOK {
		return result{err: fmt.Errorf("merchant answered HTTP %d %q", resp.StatusCode, ack.ResponseCode), code: ack.ResponseCode, attempts: 1}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	r := result{code: ack.ResponseCode, attempts: 1}
	if len(b.got) == 0 {
		r.problem = "the handler received nothing"
		return r
	}
	n := b.got[len(b.got)-1]
	r.note = "verified and handled: " + n.OriginalPartnerReferenceNo + " " + string(n.LatestTransactionStatus) + " " + n.TransactionStatusDesc
	if n.OriginalPartnerReferenceNo != ref || n.LatestTransactionStatus != debit.StatusSuccess {
		r.problem = "the handler received " + n.OriginalPartnerReferenceNo + " " + string(n.LatestTransactionStatus) + ", want " + ref + " 00"
	}
	return r
}

// faultSteps makes DANA's answer to an OTC cancel come too late, three
// times: the SDK retries (DANA's "retry maximum 3 attempts") and ends
// Pending with DANA's action. Asked again later, the cancel succeeds: the
// late attempts had gone through, which is why Pending is never Failed.
func faultSteps(_ context.Context, key *rsa.PrivateKey) ([]step, func(), error) {
	srv, impatient, err := danaOn(key, snap.WithTimeout(250*time.Millisecond))
	if err != nil {
		return nil, nil, err
	}
	client, err := danaClient(srv, key)
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	cashout := srv.AddTransaction(snaptest.Transaction{
		PartnerReferenceNo: "14054Q0727520211128130000001", CustomerNumber: "081234567890", Amount: money.IDR(75000),
	})
	return []step{{
		provider: "DANA", api: "OTC cancel, 3 × timeout", srv: srv, path: dana.OTCCancelPath, want: snap.Pending, attempts: 3,
		call: func(ctx context.Context) result {
			srv.Fail(dana.OTCCancelPath, snaptest.Fault{Times: 3, Kind: snaptest.Delay(2 * time.Second)})
			_, err := impatient.CancelOTC(ctx, otcCancelOf(cashout))
			r := result{err: err}
			if e := (*snap.Error)(nil); errors.As(err, &e) && e.Action != dana.OTCCancelTimeoutAction {
				r.problem = "the action is not DANA's for a total timeout: " + e.Action
			}
			return r
		},
	}, {
		provider: "DANA", api: "OTC cancel, retried later", srv: srv, path: dana.OTCCancelPath, want: snap.Success, attempts: 1,
		call: func(ctx context.Context) result {
			resp, err := client.CancelOTC(ctx, otcCancelOf(cashout))
			if err != nil {
				return result{err: err}
			}
			tx, _ := srv.Transaction(cashout.PartnerReferenceNo)
			return result{raw: resp.Raw, note: "the late attempts had cancelled it at " + tx.CanceledAt.In(snap.Jakarta()).Format(time.TimeOnly) + ": never treat Pending as Failed",
				problem: providerStatus(srv, cashout.PartnerReferenceNo, debit.StatusCanceled)}
		},
	}}, srv.Close, nil
}

// providerStatus checks what the simulated provider now believes of a
// transaction; it returns "" when the status is want.
func providerStatus(srv *snaptest.Server, ref string, want debit.TransactionStatus) string {
	tx, ok := srv.Transaction(ref)
	switch {
	case !ok:
		return "the provider does not know " + ref
	case tx.Status != want:
		return fmt.Sprintf("the provider holds %s in status %s, want %s", ref, tx.Status, want)
	}
	return ""
}
