package dana

import (
	"context"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/notifydecode"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// Paths of DANA's payment-gateway direct-debit APIs, the SNAP direct-debit
// operations under DANA's own paths.
const (
	// StatusPath is the status inquiry (service 55).
	StatusPath = "/payment-gateway/v1.0/debit/status.htm"
	// CancelPath is the cancel (service 57).
	CancelPath = "/payment-gateway/v1.0/debit/cancel.htm"
	// RefundPath is the refund (service 58).
	RefundPath = "/payment-gateway/v1.0/debit/refund.htm"
)

// debitPaths points the debit client at DANA's paths. Payment is left to
// the debit default because this package does not offer it.
func debitPaths() debit.Paths {
	return debit.Paths{Status: StatusPath, Cancel: CancelPath, Refund: RefundPath}
}

// DebitRules are the field rules of DANA's payment-gateway requests, from
// DANA's published schema as its Go SDK (dana-id/dana-go, payment_gateway/v1
// models) encodes it: merchantId is required on cancel
// (CancelOrderRequest), status (QueryPaymentRequest) and refund
// (RefundOrderRequest), refundAmount on refund, and originalExternalId may
// be 36 characters — DANA's own X-EXTERNAL-ID is 36 ("X-EXTERNAL-ID |
// 1 - 36 characters" on its OTC page), where the generic direct-debit page
// caps originalExternalId at 32. A request without them is refused before
// sending, as DANA would refuse it with 400xx02.
func DebitRules() debit.Rules {
	return debit.Rules{OriginalExternalIDMax: 36, MerchantIDRequired: true, RefundAmountRequired: true}
}

// DebitProof returns what DANA's payment-gateway answer of a service (55
// status, 57 cancel, 58 refund) must show. DANA's pages for these APIs are
// not among this SDK's seeds; the mandatory fields follow DANA's published
// schema as its Go SDK (dana-id/dana-go, payment_gateway/v1 models) encodes
// it: a cancel carries originalPartnerReferenceNo (cancelTime is optional
// there, unlike the ASPI page); a refund carries originalPartnerReferenceNo,
// partnerRefundNo and refundAmount (refundNo and refundTime are optional
// there); a status answer serviceCode and latestTransactionStatus. Echoes
// and the cancel's state rule are the direct-debit page's. A fresh value on
// each call; nil for other services.
func DebitProof(service int) *snap.Proof {
	p := debit.DefaultProof(service)
	switch service {
	case responsecode.ServiceDebitCancel:
		p.Mandatory = []string{"responseMessage", "originalPartnerReferenceNo"}
	case responsecode.ServiceDebitRefund:
		p.Mandatory = []string{"responseMessage", "originalPartnerReferenceNo", "partnerRefundNo", "refundAmount"}
	case responsecode.ServiceDebitStatus:
	default:
		return nil
	}
	return p
}

// debitOptions points the debit client at DANA's paths, rules and proofs.
func debitOptions() []debit.Option {
	opts := []debit.Option{debit.WithPaths(debitPaths()), debit.WithRules(DebitRules())}
	for _, s := range []int{responsecode.ServiceDebitStatus, responsecode.ServiceDebitCancel, responsecode.ServiceDebitRefund} {
		opts = append(opts, debit.WithProof(s, DebitProof(s)))
	}
	return opts
}

// StatusResponse is DANA's answer to a payment-gateway status inquiry:
// the SNAP direct-debit answer and the fields DANA's QueryPaymentResponse
// adds. It carries no refundHistory (DANA's schema has none): settle a
// Pending refund with RefundSettled, which resends the refund.
type StatusResponse struct {
	// StatusResponse is the SNAP direct-debit answer; its Status method
	// reads latestTransactionStatus.
	debit.StatusResponse
	// Amount is the order's amount (optional in DANA's schema).
	Amount money.Money `json:"amount,omitzero"`
	// Title is the order's title (optional in DANA's schema).
	Title string `json:"title,omitempty"`
}

// Status asks where a payment-gateway transaction stands
// (POST /payment-gateway/v1.0/debit/status.htm, service 55). It takes the
// SNAP direct-debit request, validated with DebitRules (merchantId is
// required) before anything is sent. It is idempotent, so
// dana.DefaultRetryPolicy (unless snap.WithRetry) retries it on timeouts and
// on answers that mean "try again".
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome.
//
// Otherwise the error is a *snap.Error (snap.OutcomeOf(err)) under the
// generic SNAP rules, a 2005500 counting only with DebitProof. The outcome
// is the inquiry's, not the transaction's: only a successful answer's
// Status() is where the transaction stands. Pending means no status was
// learned: ask again.
func (c *Client) Status(ctx context.Context, req *debit.StatusRequest, opts ...snap.CallOption) (*StatusResponse, error) {
	resp, err := c.debit.Status(ctx, req, opts...)
	if resp == nil {
		return nil, err
	}
	out := &StatusResponse{StatusResponse: *resp}
	// DANA's own fields, each on its own (notifydecode.Answer): a malformed one
	// leaves the other, and the outcome is the core's already.
	var extra struct {
		Amount money.Money `json:"amount,omitzero"`
		Title  string      `json:"title"`
	}
	_ = notifydecode.Answer(resp.Raw.Body, &extra)
	out.Amount, out.Title = extra.Amount, extra.Title
	return out, err
}

// Cancel cancels a payment-gateway payment
// (POST /payment-gateway/v1.0/debit/cancel.htm, service 57); merchantId is
// required (DebitRules), and the request is validated before anything is
// sent. It is idempotent, so dana.DefaultRetryPolicy (unless snap.WithRetry)
// retries it on timeouts and on answers that mean "try again".
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome.
//
// Otherwise the error is a *snap.Error (snap.OutcomeOf(err)) under the
// generic SNAP rules, a 2005700 counting only with DebitProof. Failed means
// the cancel did not happen; Pending means it may or may not have happened:
// never treat it as Failed, settle it with Status.
func (c *Client) Cancel(ctx context.Context, req *debit.CancelRequest, opts ...snap.CallOption) (*debit.CancelResponse, error) {
	return c.debit.Cancel(ctx, req, opts...)
}

// Refund refunds a payment-gateway payment
// (POST /payment-gateway/v1.0/debit/refund.htm, service 58); merchantId and
// refundAmount are required (DebitRules), OriginalCaptureNo names the
// capture of an auth-capture payment, and the request is validated before
// anything is sent. It is idempotent (the same partnerRefundNo keeps a
// retried refund the same refund), so dana.DefaultRetryPolicy (unless
// snap.WithRetry) retries it on timeouts and on answers that mean "try
// again".
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome.
//
// Otherwise the error is a *snap.Error (snap.OutcomeOf(err)) under the
// generic SNAP rules, a 2005800 counting only with DebitProof. Failed means
// the refund did not happen; Pending means it may or may not have happened:
// settle it with RefundSettled, which resends it.
func (c *Client) Refund(ctx context.Context, req *debit.RefundRequest, opts ...snap.CallOption) (*debit.RefundResponse, error) {
	return c.debit.Refund(ctx, req, opts...)
}
