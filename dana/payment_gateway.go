package dana

import (
	"context"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
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
