package dana

import (
	"context"

	"github.com/snapbi/snap/debit"
)

// RefundSettled settles a Pending payment-gateway refund the way DANA's
// answers allow. DANA's status answer carries no refundHistory (its
// QueryPaymentResponse has none), so debit.RefundSettled, which reads
// refundHistory, never settles against DANA. DANA's refund is idempotent on
// partnerRefundNo instead — its UAT scenarios send the same refund again and
// are answered 2005800 once it is done, 2025800 while it is in progress and
// 4045818 Inconsistent Request when the data differs — so RefundSettled
// resends req, unchanged, until the answer is final:
//
//   - Success (2005800, proven): the refund is done; the answer is returned.
//   - Failed (a refusal in DANA's table): the refund will not happen as
//     asked; the answer and the error are returned.
//   - 4045818 Inconsistent Request: partnerRefundNo already names a refund
//     with other data; resending cannot mend it, so the answer and the
//     error (Pending, the SNAP rule for a refund's 404xx18) are returned:
//     compare with the refund first sent under that partnerRefundNo.
//   - Pending (2025800, 5xx, timeout, an unreadable answer): wait with a
//     doubling backoff and resend, until ctx ends. Bound it with a deadline.
//
// When ctx ends first, the latest answer is returned with an error whose
// outcome is Pending: the refund's fate is still unknown. Resend exactly the
// request of the Pending refund: a different amount is a different refund
// to DANA (4045818).
//
// opts are debit's: debit.ReconcileBackoff (the waits between resends,
// debit.DefaultReconcileFirstWait doubling to debit.DefaultReconcileMaxWait)
// and debit.ReconcileCallOptions; see debit.ResendRefund.
func (c *Client) RefundSettled(ctx context.Context, req *debit.RefundRequest, opts ...debit.ReconcileOption) (*debit.RefundResponse, error) {
	return debit.ResendRefund(ctx, c.debit, req, opts...)
}
