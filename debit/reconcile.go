package debit

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/wait"
	"github.com/snapbi/snap/responsecode"
)

// Default waits between Reconcile's status calls: doubling from the first
// to the cap.
const (
	// DefaultReconcileFirstWait is the wait before the second call.
	DefaultReconcileFirstWait = 2 * time.Second
	// DefaultReconcileMaxWait caps the doubling waits.
	DefaultReconcileMaxWait = 30 * time.Second
)

// ReconcileOption adjusts Reconcile.
type ReconcileOption func(*reconcileSettings)

type reconcileSettings struct {
	first, max time.Duration
	callOpts   []snap.CallOption
	done       func(*StatusResponse) bool
	wait       func(ctx context.Context, d time.Duration) error // tests replace it
}

// ReconcileBackoff sets the wait before the second status call (first)
// and the cap the doubling waits stop at (max). Non-positive values keep
// the defaults.
func ReconcileBackoff(first, max time.Duration) ReconcileOption {
	return func(s *reconcileSettings) {
		if first > 0 {
			s.first = first
		}
		if max > 0 {
			s.max = max
		}
	}
}

// ReconcileCallOptions passes opts (snap.CustomerToken, DeviceInfo …) to
// every status call.
func ReconcileCallOptions(opts ...snap.CallOption) ReconcileOption {
	return func(s *reconcileSettings) { s.callOpts = append(s.callOpts, opts...) }
}

// ReconcileUntil replaces the default stop rule —
// LatestTransactionStatus.IsFinal() — with done, which sees each
// successful status answer.
func ReconcileUntil(done func(*StatusResponse) bool) ReconcileOption {
	return func(s *reconcileSettings) {
		if done != nil {
			s.done = done
		}
	}
}

// RefundSettled is a ReconcileUntil rule for a Pending refund: it stops
// once the refund partnerRefundNo is in refundHistory with a final status
// (Success or Failed). The payment's own status is final long before.
// It needs a provider whose status answer carries refundHistory (the
// generic page's); DANA's has none — use ResendRefund (dana.Client's
// RefundSettled) there.
func RefundSettled(partnerRefundNo string) func(*StatusResponse) bool {
	return func(r *StatusResponse) bool {
		h, ok := r.Refund(partnerRefundNo)
		return ok && h.RefundStatus.IsFinal()
	}
}

// Reconcile settles a Pending payment, cancel or refund: it calls Status
// until a successful answer's status is final (see ReconcileUntil), waiting
// with a doubling backoff in between, until ctx ends. Bound it with a
// context deadline.
//
// It returns the final answer and nil, or the latest answer (the latest
// successful one when there was one) with an error whose outcome is always
// Pending: the transaction's status is still unknown. It gives up early,
// with a Pending error, when a status call is refused for good (400, 401,
// 403, 405: a bad request or credentials will not mend themselves); a 404
// Transaction Not Found is polled on, since a transaction may show up
// late. A *snap.ValidationError means the request was bad and nothing was
// sent.
func Reconcile(ctx context.Context, c *Client, req *StatusRequest, opts ...ReconcileOption) (*StatusResponse, error) {
	if c == nil {
		return nil, &snap.ValidationError{Field: "client", Reason: "is nil"}
	}
	if err := req.ValidateRules(c.rules); err != nil {
		return nil, err
	}
	s := reconcileSettings{
		first: DefaultReconcileFirstWait,
		max:   DefaultReconcileMaxWait,
		done:  func(r *StatusResponse) bool { return r.LatestTransactionStatus.IsFinal() },
		wait:  wait.Sleep,
	}
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	var latest, latestOK *StatusResponse
	var lastErr error // the latest failure that was not the context ending
	wait := s.first
	for calls := 1; ; calls++ {
		resp, err := c.Status(ctx, req, s.callOpts...)
		if resp != nil {
			latest = resp
		}
		switch {
		case err == nil:
			latestOK, lastErr = resp, nil
			if s.done(resp) {
				return resp, nil
			}
		case refusedForGood(err):
			return keep(latestOK, latest), stillPending(err, "a status call was refused; the transaction's status is still unknown")
		case ctx.Err() == nil:
			lastErr = err
		}
		if werr := s.wait(ctx, wait); werr != nil || ctx.Err() != nil {
			return keep(latestOK, latest), &snap.Error{
				Op:      "debit reconcile",
				Outcome: snap.Pending,
				Action:  responsecode.Action(snap.Pending),
				Reason:  fmt.Sprintf("context ended after %d status calls without a final status (%s)", calls, describe(latestOK, lastErr)),
				Err:     ctx.Err(),
			}
		}
		if wait *= 2; wait > s.max {
			wait = s.max
		}
	}
}

func keep(preferred, fallback *StatusResponse) *StatusResponse {
	if preferred != nil {
		return preferred
	}
	return fallback
}

// refusedForGood reports a status call that polling cannot mend: a
// definitive Failed answer other than a 404. Failures without an answer (a
// token endpoint out of reach) are polled on.
func refusedForGood(err error) bool {
	var e *snap.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Outcome == snap.Failed && !e.Code.IsZero() && e.Code.HTTPStatus() != 404
}

// stillPending copies a status call's error with the outcome that matters
// to the caller: the transaction's status is unknown.
func stillPending(err error, reason string) error {
	var e *snap.Error
	if !errors.As(err, &e) {
		return err
	}
	cp := *e
	cp.Outcome, cp.Action = snap.Pending, responsecode.Action(snap.Pending)
	if cp.Reason != "" {
		reason = cp.Reason + "; " + reason
	}
	cp.Reason = reason
	return &cp
}

func describe(latestOK *StatusResponse, lastErr error) string {
	var parts []string
	if latestOK != nil {
		parts = append(parts, fmt.Sprintf("latest status %s %s", string(latestOK.LatestTransactionStatus), latestOK.LatestTransactionStatus))
	}
	if lastErr != nil {
		parts = append(parts, "last failed status call: "+lastErr.Error())
	}
	if len(parts) == 0 {
		return "no status answer"
	}
	return strings.Join(parts, "; ")
}

// ResendRefund settles a Pending refund at a provider whose refund is
// idempotent on partnerRefundNo and whose status answer carries no
// refundHistory (DANA): it sends req again, unchanged, until the answer is
// final, waiting with Reconcile's doubling backoff (ReconcileBackoff) in
// between, until ctx ends. ReconcileUntil does not apply.
//
//   - Success: the refund is done; the answer is returned with nil.
//   - Failed, or a *snap.ValidationError: returned as they are.
//   - 404xx18 Inconsistent Request: partnerRefundNo names a refund with
//     other data, which resending cannot mend; returned as it is (Pending
//     by the SNAP rule for a refund's 404xx18).
//   - Anything else Pending (202xx00, 5xx, timeout): sent again.
//
// When ctx ends first, the latest answer that said something is returned
// with an error whose outcome is Pending.
func ResendRefund(ctx context.Context, c *Client, req *RefundRequest, opts ...ReconcileOption) (*RefundResponse, error) {
	if c == nil {
		return nil, &snap.ValidationError{Field: "client", Reason: "is nil"}
	}
	s := reconcileSettings{first: DefaultReconcileFirstWait, max: DefaultReconcileMaxWait, wait: wait.Sleep}
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	var latest *RefundResponse
	var lastErr error
	wait := s.first
	for sends := 1; ; sends++ {
		resp, err := c.Refund(ctx, req, s.callOpts...)
		// A send cut short by ctx says nothing: keep the one before.
		if resp != nil && (latest == nil || resp.ResponseCode != "") {
			latest = resp
		}
		switch {
		case err == nil:
			return resp, nil
		case snap.IsValidation(err) || snap.OutcomeOf(err) == snap.Failed || isInconsistent(err):
			return resp, err
		case ctx.Err() == nil:
			lastErr = err
		}
		if werr := s.wait(ctx, wait); werr != nil || ctx.Err() != nil {
			reason := fmt.Sprintf("context ended after %d refund sends without a final answer", sends)
			if lastErr != nil {
				reason += " (last: " + lastErr.Error() + ")"
			}
			return latest, &snap.Error{Op: "debit resend refund", Outcome: snap.Pending,
				Action: responsecode.Action(snap.Pending), Reason: reason, Err: ctx.Err()}
		}
		if wait *= 2; wait > s.max {
			wait = s.max
		}
	}
}

// isInconsistent reports a 404xx18 Inconsistent Request answer.
func isInconsistent(err error) bool {
	var e *snap.Error
	return errors.As(err, &e) && e.Code.HTTPStatus() == 404 && e.Code.Case() == 18
}
