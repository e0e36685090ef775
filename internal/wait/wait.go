// Package wait holds the one context-aware sleep that the core's retries
// and debit's reconcile loop both use.
package wait

import (
	"context"
	"time"
)

// Sleep waits d or until ctx ends, whichever is first, and returns
// ctx.Err() when ctx ended. A d of zero or less returns at once.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
