package snap

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// Outcome tells the merchant what to do with the money after a call. Every
// call ends in exactly one of Success, Failed or Pending.
type Outcome = responsecode.Outcome

const (
	// Success: the provider confirmed the operation.
	Success = responsecode.Success
	// Failed: definitive — the operation did not happen.
	Failed = responsecode.Failed
	// Pending: unknown — hold the money and check the status later. Never
	// treat Pending as Failed.
	Pending = responsecode.Pending
)

// OutcomeOf returns the outcome a call's error stands for: nil is Success,
// *Error carries its outcome, *ValidationError is Failed (nothing was sent),
// and anything else — a context error, an unknown error — is Pending.
func OutcomeOf(err error) Outcome {
	if err == nil {
		return Success
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Outcome
	}
	var v *ValidationError
	if errors.As(err, &v) {
		return Failed
	}
	return Pending
}

// Error is a call that did not end in Success: the provider answered with a
// non-success code, answered something unexpected, or could not be reached.
// Use errors.As to get it and Outcome to decide what to do with the money.
type Error struct {
	// Op names the operation, e.g. "POST /v1.0/debit/cancel" or "access token".
	Op string
	// HTTPStatus of the last answer; 0 when no answer came.
	HTTPStatus int
	// Code is the parsed responseCode; zero when absent or malformed.
	Code responsecode.Code
	// RawCode is responseCode (or a provider's own result code) as received.
	RawCode string
	// Message is responseMessage as received.
	Message string
	// Outcome is what the merchant must do with the money.
	Outcome Outcome
	// Action is the merchant action the provider's table recommends.
	Action string
	// Reason says why the outcome is what it is when the answer was unexpected
	// or missing ("body is not JSON", "timeout after 3 attempts").
	Reason string
	// ExternalID is the X-EXTERNAL-ID of the last attempt; ExternalIDs has
	// every one tried, in order, for reconciliation with the provider.
	ExternalID  string
	ExternalIDs []string
	// Attempts is how many requests were sent.
	Attempts int
	// ServiceCode and Path are the request's; Started is when the call
	// began. With References and Amounts they make PendingRecord.
	ServiceCode int
	Path        string
	Started     time.Time
	// References are the request body's business references
	// (partnerReferenceNo, originalPartnerReferenceNo, partnerRefundNo,
	// partnerVoidNo, voidNo, tXid …) and Amounts its amounts, kept when the
	// outcome is Pending so the call can be settled later. No secret is
	// among them.
	References map[string]string
	Amounts    map[string]money.Money
	// Body and Header are the last raw answer (up to the read bound), with
	// every credential redacted: Body by RedactTokens, and in Header the
	// values of Authorization, cookies, signatures (X-SIGNATURE, sign) and
	// any …token/…secret header.
	Body   []byte
	Header http.Header
	// Token is set when the B2B access token could not be obtained.
	Token bool
	// RetryAfter is the wait the provider asked for (Retry-After, in
	// seconds or as an HTTP date) when the call stopped because that wait
	// lay beyond the retry policy's MaxDelay or the context's deadline.
	RetryAfter time.Duration
	// Err is the underlying transport or context error, if any.
	Err error

	retryable bool // a failed token fetch that may be tried again
}

// Error describes the failure without secrets: no token, key or signature is
// ever part of it.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("snap: ")
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(string(e.Outcome))
	if e.RawCode != "" {
		fmt.Fprintf(&b, " %s", e.RawCode)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, " %q", e.Message)
	}
	if e.HTTPStatus != 0 {
		fmt.Fprintf(&b, " (HTTP %d)", e.HTTPStatus)
	}
	if e.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " [%d attempts]", e.Attempts)
	}
	return b.String()
}

// Unwrap returns the underlying transport or context error.
func (e *Error) Unwrap() error { return e.Err }

// IsTimeout reports whether the call ended on a timeout.
func (e *Error) IsTimeout() bool {
	return errors.Is(e.Err, context.DeadlineExceeded) || isNetTimeout(e.Err)
}

// ValidationError is bad input caught before anything was sent.
type ValidationError struct {
	// Field is the JSON name of the field (or the header) at fault, e.g.
	// "additionalInfo.amount" or "Authorization-Customer".
	Field string
	// Reason states the rule broken, with the value's length where it matters.
	Reason string
}

// Error returns "snap: invalid <field>: <reason>".
func (e *ValidationError) Error() string {
	return "snap: invalid " + e.Field + ": " + e.Reason
}

// IsValidation reports whether err is (or wraps) a *ValidationError.
func IsValidation(err error) bool {
	var v *ValidationError
	return errors.As(err, &v)
}
