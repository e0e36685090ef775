package snap

import (
	"context"
	"math/rand/v2"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRetryBudgetBoundsLoadUnderFaults: at 30% faults a client without a
// budget sends about 1.4 requests per call; with the default budget, once
// it has drained, requests per call stay within 1.2 — an outage does not
// multiply the load.
func TestRetryBudgetBoundsLoadUnderFaults(t *testing.T) {
	f := newFakeProvider(t)
	var mu sync.Mutex
	faults := rand.New(rand.NewPCG(1, 2)) // the same 30% every run
	f.answer = func(n int, w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		fail := faults.Float64() < 0.3
		mu.Unlock()
		if fail {
			writeJSON(w, 500, internalError)
			return
		}
		writeJSON(w, 200, cancelOK)
	}
	c := symmetricClient(t, f, WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Microsecond, MaxDelay: time.Microsecond}))
	call := func() error {
		_, err := c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true}, nil)
		return err
	}
	const drain, measured = 1000, 2000
	for range drain {
		_ = call()
	}
	before := f.calls.Load()
	var spent int
	for range measured {
		if err := call(); err != nil {
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, Pending, e.Outcome)
			if e.Attempts == 1 {
				spent++
				assert.Contains(t, e.Reason, "retry budget")
			}
		}
	}
	perCall := float64(f.calls.Load()-before) / measured
	t.Logf("after the budget drained: %.3f requests per call; %d calls not retried for want of budget", perCall, spent)
	assert.LessOrEqual(t, perCall, 1.2)
	assert.Greater(t, spent, 0, "the budget did run dry")
}

// TestRetryBudgetOff: Budget -1 retries every call to the maximum.
func TestRetryBudgetOff(t *testing.T) {
	f := newFakeProvider(t)
	f.answer = script(500, internalError)
	c := symmetricClient(t, f, WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Microsecond, Budget: -1}))
	for range 200 { // 400 retries: far beyond the default bucket's 100
		_, _ = c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true}, nil)
	}
	assert.EqualValues(t, 600, f.calls.Load())
}

func TestRetryBudget(t *testing.T) {
	b := newRetryBudget(12)
	assert.True(t, b.take(RetryCost))
	assert.True(t, b.take(RetryCost))
	assert.False(t, b.take(RetryCost), "2 tokens left")
	b.succeeded()
	b.succeeded()
	b.succeeded()
	assert.True(t, b.take(RetryCost))
	for range 100 {
		b.succeeded()
	}
	assert.Equal(t, 12, b.tokens, "never above capacity")
	assert.Equal(t, DefaultRetryBudget, newRetryBudget(0).capacity)
	assert.True(t, newRetryBudget(-1).take(1<<30), "off: unlimited")
}
