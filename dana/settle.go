package dana

import (
	"context"

	"github.com/snapbi/snap/debit"
)

// RefundSettled settles a Pending payment-gateway refund by resending it
// (POST /payment-gateway/v1.0/debit/refund.htm, service 58), unchanged,
// until the answer is final. DANA's status answer carries no refundHistory
// (its QueryPaymentResponse has none), so debit.RefundSettled, which reads
// refundHistory, never settles against DANA; DANA's refund is idempotent on
// partnerRefundNo instead, and its UAT scenarios send the same refund again
// (2005800 once done, 2025800 in progress, 4045818 Inconsistent Request when
// the data differs). Each send is a Refund, retried by
// dana.DefaultRetryPolicy (unless snap.WithRetry); between sends it waits
// with a doubling backoff.
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome: the latest answer that said something.
//
// What the error means (a *snap.Error; read snap.OutcomeOf(err)):
//
//   - nil (2005800, proven): the refund is done.
//   - Failed (a definitive refusal): the refund will not happen as asked.
//   - 4045818 Inconsistent Request, Pending (the SNAP rule for a refund's
//     404xx18): partnerRefundNo already names a refund with other data;
//     resending cannot mend it: compare with the refund first sent under
//     that partnerRefundNo.
//   - Pending (2025800, 5xx, timeout, an unreadable answer): resent, until
//     ctx ends; then the error is Pending and the refund's fate is still
//     unknown. Bound it with a deadline.
//
// Resend exactly the request of the Pending refund: a different amount is a
// different refund to DANA (4045818).
//
// opts are debit's: debit.ReconcileBackoff (the waits between resends,
// debit.DefaultReconcileFirstWait doubling to debit.DefaultReconcileMaxWait)
// and debit.ReconcileCallOptions; see debit.ResendRefund.
func (c *Client) RefundSettled(ctx context.Context, req *debit.RefundRequest, opts ...debit.ReconcileOption) (*debit.RefundResponse, error) {
	return debit.ResendRefund(ctx, c.debit, req, opts...)
}
