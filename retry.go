package snap

import (
	"errors"
	"math/rand/v2"
	"net"
	"sync"
	"time"
)

// RetryPolicy decides how often a call is attempted. Retries happen only on
// answers that mean "not processed, try again" or "unknown": transport errors
// and timeouts, 429, 500xx01, 500xx02, 504 (and gateway pages 502/503/504),
// and only for idempotent requests: a payment is never resent after an
// attempt whose result is unknown. Every attempt counts against
// MaxAttempts: a failed B2B token fetch (retried on no answer, 429 and 5xx)
// and the resend after a 401xx01 token renewal included — except that a
// call whose only answer is 401xx01 may renew and resend once even under
// NoRetry, since the provider refused it before processing it. Each attempt
// gets a fresh X-TIMESTAMP, X-EXTERNAL-ID and signature. A provider's
// Retry-After (seconds or an HTTP date) is honoured; when it lies beyond
// MaxDelay or the context's deadline the call stops, Pending, with the wait
// on Error.RetryAfter.
type RetryPolicy struct {
	// MaxAttempts counts the first attempt: 3 means up to 2 retries.
	MaxAttempts int
	// BaseDelay is the first backoff; each retry doubles it, with jitter.
	BaseDelay time.Duration
	// MaxDelay caps one backoff; a provider's Retry-After beyond it stops
	// the call instead.
	MaxDelay time.Duration
	// Budget is the capacity of the client's retry budget, shared by all
	// its calls (aws-sdk-go-v2's token bucket): a retry draws RetryCost
	// tokens (TimeoutRetryCost after no answer), a call that succeeds puts
	// one back. When the bucket is empty a call is not retried — it ends
	// Pending at once with that reason — so an outage does not multiply
	// the load on the provider. 0 means DefaultRetryBudget; -1 turns the
	// budget off.
	Budget int
}

// Retry budget defaults, those of aws-sdk-go-v2's standard retryer.
const (
	DefaultRetryBudget = 500
	RetryCost          = 5
	TimeoutRetryCost   = 10
)

// retryBudget is the client's token bucket.
type retryBudget struct {
	mu       sync.Mutex
	tokens   int
	capacity int // 0: unlimited
}

func newRetryBudget(capacity int) *retryBudget {
	switch {
	case capacity == 0:
		capacity = DefaultRetryBudget
	case capacity < 0:
		capacity = 0
	}
	return &retryBudget{tokens: capacity, capacity: capacity}
}

// take draws cost tokens; false when the bucket cannot pay.
func (b *retryBudget) take(cost int) bool {
	if b.capacity == 0 {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens < cost {
		return false
	}
	b.tokens -= cost
	return true
}

// succeeded puts a token back after a successful call.
func (b *retryBudget) succeeded() {
	if b.capacity == 0 {
		return
	}
	b.mu.Lock()
	if b.tokens < b.capacity {
		b.tokens++
	}
	b.mu.Unlock()
}

// DefaultRetryPolicy returns the default: 3 attempts (DANA's "retry maximum
// 3 attempts"), backoff from 200ms to 2s. A function, so no code can change
// the default under another.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{MaxAttempts: 3, BaseDelay: 200 * time.Millisecond, MaxDelay: 2 * time.Second}
}

// NoRetry returns a policy that sends every call once.
func NoRetry() RetryPolicy { return RetryPolicy{MaxAttempts: 1} }

// attemptResult is what one attempt produced, as the retry decision sees it.
type attemptResult struct {
	transportErr error // no answer
	status       int   // HTTP status of the answer
	verdict      Verdict
}

// shouldRetry is the retry decision: a pure function of the policy, the
// request's idempotency, the attempts used so far (1-based) and the last
// result. A non-idempotent request is never resent: whatever made a retry
// worth trying leaves its result unknown.
func shouldRetry(p RetryPolicy, idempotent bool, attempt int, r attemptResult) bool {
	if attempt >= p.MaxAttempts || !idempotent {
		return false
	}
	return r.transportErr != nil || r.verdict.Retryable
}

// backoff returns the wait before attempt+1: exponential with equal jitter,
// capped by MaxDelay.
func backoff(p RetryPolicy, attempt int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < attempt && (p.MaxDelay == 0 || d < p.MaxDelay); i++ {
		d *= 2
	}
	if p.MaxDelay > 0 && d > p.MaxDelay {
		d = p.MaxDelay
	}
	if d <= 0 {
		return 0
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

func isNetTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
