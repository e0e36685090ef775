package dana

import (
	"context"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/responsecode"
)

// Paths of DANA's payment-gateway direct-debit APIs, the SNAP direct-debit
// operations under DANA's own paths.
const (
	// DebitStatusPath is the status inquiry (service 55).
	DebitStatusPath = "/payment-gateway/v1.0/debit/status.htm"
	// DebitCancelPath is the cancel (service 57).
	DebitCancelPath = "/payment-gateway/v1.0/debit/cancel.htm"
	// DebitRefundPath is the refund (service 58).
	DebitRefundPath = "/payment-gateway/v1.0/debit/refund.htm"
)

// debitPaths points the debit client at DANA's paths. Payment is left to
// the debit default because this package does not offer it.
func debitPaths() debit.Paths {
	return debit.Paths{Status: DebitStatusPath, Cancel: DebitCancelPath, Refund: DebitRefundPath}
}

// DebitProof returns what DANA's payment-gateway answer of a service (55
// status, 57 cancel, 58 refund) must show. DANA's pages for these APIs are
// not among this SDK's seeds; the mandatory fields follow DANA's published
// schema as its Go SDK (dana-id/dana-go, payment_gateway/v1 models) encodes
// it: a cancel carries originalPartnerReferenceNo and, once processed,
// cancelTime; a refund carries originalPartnerReferenceNo, partnerRefundNo
// and refundAmount (refundNo and refundTime are optional there, unlike the
// ASPI page); a status answer serviceCode and latestTransactionStatus.
// Echoes and the cancel's state rule are the direct-debit page's. A fresh
// value on each call; nil for other services.
func DebitProof(service int) *snap.Proof {
	p := debit.DefaultProof(service)
	switch service {
	case responsecode.ServiceDebitCancel:
		p.Mandatory = []string{"responseMessage", "originalPartnerReferenceNo", "cancelTime"}
	case responsecode.ServiceDebitRefund:
		p.Mandatory = []string{"responseMessage", "originalPartnerReferenceNo", "partnerRefundNo", "refundAmount"}
	case responsecode.ServiceDebitStatus:
	default:
		return nil
	}
	return p
}

// debitOptions points the debit client at DANA's paths and proofs.
func debitOptions() []debit.Option {
	opts := []debit.Option{debit.WithPaths(debitPaths())}
	for _, s := range []int{responsecode.ServiceDebitStatus, responsecode.ServiceDebitCancel, responsecode.ServiceDebitRefund} {
		opts = append(opts, debit.WithProof(s, DebitProof(s)))
	}
	return opts
}

// DebitStatus asks where a payment-gateway transaction stands
// (POST /payment-gateway/v1.0/debit/status.htm, service 55). It takes and
// returns the SNAP direct-debit types; see debit.Client.Status. The
// response is returned, with its Raw answer, whenever something was sent.
func (c *Client) DebitStatus(ctx context.Context, req *debit.StatusRequest, opts ...snap.CallOption) (*debit.StatusResponse, error) {
	return c.debit.Status(ctx, req, opts...)
}

// CancelDebit cancels a payment-gateway payment
// (POST /payment-gateway/v1.0/debit/cancel.htm, service 57). It is
// idempotent and retried like CancelOTC. Never treat a Pending cancel as
// Failed: check it with DebitStatus.
func (c *Client) CancelDebit(ctx context.Context, req *debit.CancelRequest, opts ...snap.CallOption) (*debit.CancelResponse, error) {
	return c.debit.Cancel(ctx, req, opts...)
}

// RefundDebit refunds a payment-gateway payment
// (POST /payment-gateway/v1.0/debit/refund.htm, service 58). The same
// partnerRefundNo keeps a retried refund the same refund.
func (c *Client) RefundDebit(ctx context.Context, req *debit.RefundRequest, opts ...snap.CallOption) (*debit.RefundResponse, error) {
	return c.debit.Refund(ctx, req, opts...)
}
