package reconcile

import (
	"context"
	"errors"
	"fmt"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/dana"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/paydia"
	"github.com/snapbi/snap/payermax"
	"github.com/snapbi/snap/responsecode"
)

// pending is the verdict of a settle attempt that learnt nothing final.
func pending(detail string, err error) Verdict {
	v := Verdict{Outcome: snap.Pending, Detail: detail, Err: err}
	var e *snap.Error
	if errors.As(err, &e) {
		v.Code = e.RawCode
	}
	return v
}

// ofCall is the verdict of a resend: its own outcome is the operation's.
func ofCall(err error, raw *snap.Response, success string) Verdict {
	if o := snap.OutcomeOf(err); o != snap.Success {
		v := Verdict{Outcome: o, Detail: "resent: " + string(o), Err: err}
		var e *snap.Error
		if errors.As(err, &e) {
			v.Code = e.RawCode
			v.Detail += " " + e.RawCode + " " + e.Action
		}
		return v
	}
	return Verdict{Outcome: snap.Success, Code: code(raw), Detail: success}
}

// code is the answer's response code, "" when there is none.
func code(raw *snap.Response) string {
	if raw == nil {
		return ""
	}
	return raw.RawCode
}

// paymentRef is the transaction a record is about: the payment's own
// partnerReferenceNo, or the original one of a cancel or refund.
func paymentRef(rec Record) string {
	return rec.Ref("partnerReferenceNo", "originalPartnerReferenceNo")
}

// amount returns the record's amount under the first key present.
func amount(rec Record, keys ...string) (money.Money, bool) {
	for _, k := range keys {
		if m, ok := rec.Amounts[k]; ok {
			return m, true
		}
	}
	return money.Money{}, false
}

// byStatus reads a transaction's latestTransactionStatus as the outcome
// of the operation the record is about: a payment succeeded when the
// transaction is paid (or since refunded) and failed when it ended any
// other way; a cancel succeeded when it is Canceled and failed when it
// ended otherwise. A status not final yet is still unknown.
func byStatus(rec Record, st debit.TransactionStatus) Verdict {
	detail := fmt.Sprintf("latestTransactionStatus %s %s", string(st), st)
	if !st.IsFinal() {
		return pending(detail, nil)
	}
	ok := false
	switch rec.ServiceCode {
	case responsecode.ServiceDebitCancel:
		ok = st == debit.StatusCanceled
	default: // the payment itself
		ok = st == debit.StatusSuccess || st == debit.StatusRefunded
	}
	if ok {
		return Verdict{Outcome: snap.Success, Detail: detail}
	}
	return Verdict{Outcome: snap.Failed, Detail: detail}
}

// statusSettler settles payments, cancels and refunds with a SNAP
// direct-debit status query (service 55) of the payment.
func statusSettler(status func(context.Context, *debit.StatusRequest) (*debit.StatusResponse, error)) Settler {
	return func(ctx context.Context, rec Record) Verdict {
		resp, err := status(ctx, &debit.StatusRequest{
			OriginalPartnerReferenceNo: paymentRef(rec),
			OriginalReferenceNo:        rec.Ref("originalReferenceNo"),
			ServiceCode:                responsecode.ServiceDebitPayment,
			MerchantID:                 rec.Ref("merchantId"), // DANA requires it (dana.DebitRules)
			SubMerchantID:              rec.Ref("subMerchantId"),
		})
		if err != nil {
			return pending("status query: "+err.Error(), err)
		}
		v := statusVerdict(rec, resp)
		v.Code = code(resp.Raw)
		return v
	}
}

// statusVerdict reads a successful status answer for rec.
func statusVerdict(rec Record, resp *debit.StatusResponse) Verdict {
	if rec.ServiceCode == responsecode.ServiceDebitRefund {
		no := rec.Ref("partnerRefundNo")
		h, ok := resp.Refund(no)
		switch {
		case !ok:
			return pending("refund "+no+" not in refundHistory", nil)
		case h.RefundStatus == debit.RefundSuccess:
			return Verdict{Outcome: snap.Success, Detail: "refund " + no + " " + h.RefundStatus.String()}
		case h.RefundStatus == debit.RefundFailed:
			return Verdict{Outcome: snap.Failed, Detail: "refund " + no + " " + h.RefundStatus.String()}
		}
		return pending("refund "+no+" "+h.RefundStatus.String(), nil)
	}
	return byStatus(rec, resp.LatestTransactionStatus)
}

// DebitStatusSettler settles a Pending direct-debit payment (54), cancel
// (57) or refund (58) with a status query (55) of the payment: the
// payment's latestTransactionStatus, the refund's refundStatus in
// refundHistory. opts go with every query (snap.CustomerToken,
// debit.DeviceInfo). Register it for every operation with
// WithSettler(ProviderDebit, "", …).
func DebitStatusSettler(c *debit.Client, opts ...snap.CallOption) Settler {
	return statusSettler(func(ctx context.Context, req *debit.StatusRequest) (*debit.StatusResponse, error) {
		return c.Status(ctx, req, opts...)
	})
}

// DANADebitStatusSettler settles a Pending DANA payment-gateway payment or
// cancel with DANA's status query (Status), like DebitStatusSettler.
func DANADebitStatusSettler(c *dana.Client, opts ...snap.CallOption) Settler {
	return statusSettler(func(ctx context.Context, req *debit.StatusRequest) (*debit.StatusResponse, error) {
		resp, err := c.Status(ctx, req, opts...)
		if resp == nil {
			return nil, err
		}
		return &resp.StatusResponse, err
	})
}

// DANAOTCCancelSettler settles a Pending DANA OTC cancel as DANA's table
// says — "hold the money and retry request periodically" — by sending the
// same cancel again (same originalPartnerReferenceNo, customer, reason and
// amount); that answer's outcome is the cancel's.
func DANAOTCCancelSettler(c *dana.Client, opts ...snap.CallOption) Settler {
	return func(ctx context.Context, rec Record) Verdict {
		amt, ok := amount(rec, "additionalInfo.amount")
		if !ok {
			return pending("the record carries no additionalInfo.amount to resend", nil)
		}
		resp, err := c.CancelOTC(ctx, &dana.OTCCancelRequest{
			OriginalPartnerReferenceNo: rec.Ref("originalPartnerReferenceNo"),
			OriginalReferenceNo:        rec.Ref("originalReferenceNo"),
			OriginalExternalID:         rec.Ref("originalExternalId"),
			CustomerNumber:             rec.Ref("customerNumber"),
			Reason:                     rec.Ref("reason"),
			AdditionalInfo:             dana.OTCCancelAdditionalInfo{Amount: amt},
		}, opts...)
		var raw *snap.Response
		if resp != nil {
			raw = resp.Raw
		}
		return ofCall(err, raw, "cancel resent: "+dana.OTCCancelSuccessAction)
	}
}

// DANARefundSettler settles a Pending DANA payment-gateway refund by
// sending it again with the same partnerRefundNo, which keeps it the same
// refund; that answer's outcome is the refund's.
func DANARefundSettler(c *dana.Client, opts ...snap.CallOption) Settler {
	return func(ctx context.Context, rec Record) Verdict {
		resp, err := c.Refund(ctx, &debit.RefundRequest{
			MerchantID:                 rec.Ref("merchantId"),
			SubMerchantID:              rec.Ref("subMerchantId"),
			OriginalPartnerReferenceNo: rec.Ref("originalPartnerReferenceNo"),
			OriginalReferenceNo:        rec.Ref("originalReferenceNo"),
			OriginalExternalID:         rec.Ref("originalExternalId"),
			PartnerRefundNo:            rec.Ref("partnerRefundNo"),
			RefundAmount:               refundAmount(rec),
			ExternalStoreID:            rec.Ref("externalStoreId"),
			Reason:                     rec.Ref("reason"),
		}, opts...)
		var raw *snap.Response
		if resp != nil {
			raw = resp.Raw
		}
		return ofCall(err, raw, "refund "+rec.Ref("partnerRefundNo")+" resent: done")
	}
}

// PayerMaxStatusSettler settles a Pending PayerMax payment or cancel with
// PayerMax's status query (DebitStatus). PayerMax requires merchantId: the
// record's, or merchantID when the original request had none.
func PayerMaxStatusSettler(c *payermax.Client, merchantID string, opts ...snap.CallOption) Settler {
	return func(ctx context.Context, rec Record) Verdict {
		mid := rec.Ref("merchantId")
		if mid == "" {
			mid = merchantID
		}
		resp, err := c.Status(ctx, &payermax.StatusRequest{
			MerchantID:                 mid,
			OriginalPartnerReferenceNo: paymentRef(rec),
			OriginalReferenceNo:        rec.Ref("originalReferenceNo"),
		}, opts...)
		if err != nil {
			return pending("status query: "+err.Error(), err)
		}
		v := byStatus(rec, resp.Status())
		v.Code = code(resp.Raw)
		return v
	}
}

// PaydiaVoidSettler settles a Pending Paydia void or void-query. When the
// record knows Paydia's voidNo it asks VoidQuery and reads
// latestVoidStatus; otherwise (the void's own answer was lost) it sends the
// void again with the same partnerVoidNo, which keeps it the same void.
// Paydia needs the customer's token: pass snap.CustomerToken in opts.
func PaydiaVoidSettler(c *paydia.Client, opts ...snap.CallOption) Settler {
	return func(ctx context.Context, rec Record) Verdict {
		if voidNo := rec.Ref("voidNo"); voidNo != "" {
			resp, err := c.VoidQuery(ctx, &paydia.VoidQueryRequest{
				OriginalPartnerReferenceNo: rec.Ref("originalPartnerReferenceNo"),
				OriginalReferenceNo:        rec.Ref("originalReferenceNo"),
				MerchantID:                 rec.Ref("merchantId"),
				VoidNo:                     voidNo,
				PartnerVoidNo:              rec.Ref("partnerVoidNo"),
			}, opts...)
			if err != nil { // a failed query says nothing about the void
				return pending("void-query: "+err.Error(), err)
			}
			return Verdict{Outcome: resp.VoidOutcome(), Code: code(resp.Raw), Detail: "latestVoidStatus " + string(resp.LatestVoidStatus)}
		}
		amt, ok := amount(rec, "voidAmount")
		if !ok {
			return pending("the record carries no voidAmount to resend", nil)
		}
		resp, err := c.Void(ctx, &paydia.VoidRequest{
			OriginalPartnerReferenceNo: rec.Ref("originalPartnerReferenceNo"),
			OriginalReferenceNo:        rec.Ref("originalReferenceNo"),
			PartnerVoidNo:              rec.Ref("partnerVoidNo"),
			MerchantID:                 rec.Ref("merchantId"),
			SubMerchantID:              rec.Ref("subMerchantId"),
			ExternalStoreID:            rec.Ref("externalStoreId"),
			VoidAmount:                 amt,
			Reason:                     rec.Ref("reason"),
		}, opts...)
		var raw *snap.Response
		if resp != nil {
			raw = resp.Raw
		}
		return ofCall(err, raw, "void "+rec.Ref("partnerVoidNo")+" resent: done")
	}
}

// refundAmount is the record's refundAmount, or the zero Money (left out)
// when the refund was sent without one.
func refundAmount(rec Record) money.Money {
	m, _ := amount(rec, "refundAmount")
	return m
}
