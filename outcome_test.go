package snap

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/responsecode"
)

const (
	cancelOK      = `{"responseCode":"2005700","responseMessage":"Successful"}`
	internalError = `{"responseCode":"5005701","responseMessage":"Internal Server Error"}`
	invalidToken  = `{"responseCode":"4015701","responseMessage":"Invalid Token (B2B)"}`
	tokenOK       = `{"responseCode":"2007300","responseMessage":"Successful","accessToken":"tok-abc-123","tokenType":"Bearer","expiresIn":"900"}`
)

// script answers the n-th call with the n-th (status, body) pair, the last
// pair again once the script runs out.
func script(pairs ...any) func(n int, w http.ResponseWriter, r *http.Request) {
	answer := testkit.Sequence(pairs...)
	return func(n int, w http.ResponseWriter, _ *http.Request) {
		status, body := answer(n)
		writeJSON(w, status, string(body))
	}
}

func tokenScript(pairs ...any) func(n int, w http.ResponseWriter) {
	answer := script(pairs...)
	return func(n int, w http.ResponseWriter) { answer(n, w, nil) }
}

// TestAttemptBudget: every request that leaves the machine counts against
// MaxAttempts, the 401xx01 renewal and failed token fetches included; a call
// whose only answer is 401xx01 may still renew once under NoRetry; a
// payment is never resent after an attempt whose result is unknown.
func TestAttemptBudget(t *testing.T) {
	three := RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}
	tests := []struct {
		name        string
		policy      RetryPolicy
		idempotent  bool
		answer      func(int, http.ResponseWriter, *http.Request)
		token       func(int, http.ResponseWriter)
		outcome     Outcome
		requests    int // of the operation
		tokenFetchs int
	}{
		{"500xx01, 500xx01, 401xx01: three requests, not four", three, true,
			script(500, internalError, 500, internalError, 401, invalidToken, 200, cancelOK), nil, Pending, 3, 1},
		{"401xx01 only answer: renewed once under NoRetry", NoRetry(), true,
			script(401, invalidToken, 200, cancelOK), nil, Success, 2, 2},
		{"401xx01 twice under NoRetry: final", NoRetry(), true,
			script(401, invalidToken), nil, Failed, 2, 2},
		{"401xx01 renewal is an attempt within the budget", RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond}, true,
			script(401, invalidToken, 500, internalError, 200, cancelOK), nil, Pending, 2, 2},
		{"payment refused 401xx01 before processing: renewed and resent", three, false,
			script(401, invalidToken, 200, cancelOK), nil, Success, 2, 2},
		{"payment after 500xx01: never resent", RetryPolicy{MaxAttempts: 5, BaseDelay: time.Millisecond}, false,
			script(500, internalError, 200, cancelOK), nil, Pending, 1, 1},
		{"payment after 500xx01 then 401xx01 is impossible: not resent to renew", three, false,
			script(500, internalError, 401, invalidToken), nil, Pending, 1, 1},
		{"token 503 once: retried, the cancel goes through", three, true,
			nil, tokenScript(503, `{"responseCode":"5037300"}`, 200, tokenOK), Success, 1, 2},
		{"token 429 then ok", three, true,
			nil, tokenScript(429, `{"responseCode":"4297300","responseMessage":"Too Many Requests"}`, 200, tokenOK), Success, 1, 2},
		{"token 5xx every time: budget spent, nothing sent, Failed", three, true,
			nil, tokenScript(500, `{"responseCode":"5007301","responseMessage":"Internal Server Error"}`), Failed, 0, 3},
		{"token refused 401: not retried", three, true,
			nil, tokenScript(401, `{"responseCode":"4017300","responseMessage":"Unauthorized. Signature"}`), Failed, 0, 1},
		{"token answer of another service: not a token", three, true,
			nil, tokenScript(200, `{"responseCode":"2007400","responseMessage":"Successful","accessToken":"x"}`), Failed, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeProvider(t)
			f.answer, f.tokenAnswer = tt.answer, tt.token
			if f.answer == nil {
				f.answer = script(200, cancelOK)
			}
			c := symmetricClient(t, f, WithRetry(tt.policy))
			_, err := c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: tt.idempotent}, nil)
			assert.Equal(t, tt.outcome, OutcomeOf(err), "%v", err)
			assert.EqualValues(t, tt.requests, f.calls.Load(), "requests of the operation")
			assert.EqualValues(t, tt.tokenFetchs, f.tokenCalls.Load(), "token requests")
			if tt.requests == 0 {
				var e *Error
				require.ErrorAs(t, err, &e)
				assert.True(t, e.Token)
				assert.Zero(t, e.Attempts, "nothing of the operation was sent")
			}
		})
	}
}

// TestRetryAfter: the provider's wait is honoured in seconds or as an HTTP
// date; beyond MaxDelay or the context's deadline the call stops, Pending,
// with the wait on the error.
func TestRetryAfterHonoured(t *testing.T) {
	tooMany := `{"responseCode":"4295700","responseMessage":"Too Many Requests"}`
	withRetryAfter := func(value string) func(int, http.ResponseWriter, *http.Request) {
		return func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				w.Header().Set("Retry-After", value)
				writeJSON(w, 429, tooMany)
				return
			}
			writeJSON(w, 200, cancelOK)
		}
	}
	policy := RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Second}
	tests := []struct {
		name       string
		retryAfter string
		ctxTimeout time.Duration
		outcome    Outcome
		requests   int
		wait       time.Duration // the wait exposed on the error
		minElapsed time.Duration // a lower bound: the client really waited
	}{
		{"seconds within MaxDelay: waited, then retried", "1", 0, Success, 2, 0, time.Second},
		{"seconds beyond MaxDelay: stop", "30", 0, Pending, 1, 30 * time.Second, 0},
		{"HTTP date beyond MaxDelay: stop", fixedNow.Add(time.Minute).Format(http.TimeFormat), 0, Pending, 1, time.Minute, 0},
		{"HTTP date within MaxDelay: waited, then retried", fixedNow.Add(time.Second).Format(http.TimeFormat), 0, Success, 2, 0, time.Second},
		{"beyond the context's deadline: stop", "1", 300 * time.Millisecond, Pending, 1, time.Second, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeProvider(t)
			f.answer = withRetryAfter(tt.retryAfter)
			c := symmetricClient(t, f, WithRetry(policy))
			ctx := context.Background()
			if tt.ctxTimeout > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctxTimeout)
				defer cancel()
			}
			start := time.Now()
			_, err := c.Do(ctx, &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true}, nil)
			assert.GreaterOrEqual(t, time.Since(start), tt.minElapsed)
			assert.Equal(t, tt.outcome, OutcomeOf(err))
			assert.EqualValues(t, tt.requests, f.calls.Load())
			if tt.outcome == Pending {
				var e *Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, tt.wait, e.RetryAfter)
				assert.Contains(t, e.Reason, "Retry-After")
				assert.Equal(t, "4295700", e.RawCode, "the answer that asked to wait is kept")
			}
		})
	}
}

// TestHeaderValuesCheckedBeforeSending: a value net/http would refuse to
// send is a *ValidationError, not "no answer after 3 attempts".
func TestHeaderValuesCheckedBeforeSending(t *testing.T) {
	f := newFakeProvider(t)
	c := symmetricClient(t, f)
	for name, opt := range map[string]CallOption{
		"customer token with CR/LF": CustomerToken("tok\r\nX-Evil: 1"),
		"external id with LF":       ExternalID("123\n456"),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel", Idempotent: true}, nil, opt)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Contains(t, ve.Reason, "control character")
			assert.Equal(t, Failed, OutcomeOf(err))
		})
	}
	assert.Zero(t, f.calls.Load()+f.tokenCalls.Load(), "nothing left the machine")

	_, err := NewClient(Config{BaseURL: "https://x.test", PartnerID: "p\r\n1", ChannelID: "95221",
		PrivateKey: NewPrivateKey(testkit.PartnerKey(t)), Signature: Asymmetric})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "X-Partner-Id")
}

// TestProviderActionSurvivesPending: whatever path makes a call Pending, the
// action is the provider's (DANA's table), not the generic one.
func TestProviderActionSurvivesPending(t *testing.T) {
	const (
		failedHold = "Mark Cancel Payment process as Failed and hold the money"
		pending    = "Mark Cancel Payment process as Pending. Hold the money and retry request periodically"
		timeout    = "Do a retry maximum 3 attempts, if still fails mark Cancel Payment process as Pending and hold the money"
	)
	table := responsecode.Table{
		"4044601":               {Outcome: Failed, Action: failedHold},
		"5004601":               {Outcome: Pending, Action: pending},
		responsecode.NoAnswer:   {Outcome: Pending, Action: timeout},
		responsecode.Unexpected: {Outcome: Pending, Action: pending},
	}
	hang := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	tests := []struct {
		name   string
		answer func(int, http.ResponseWriter, *http.Request)
		policy RetryPolicy
		ctx    time.Duration
		action string
	}{
		{"a timeout, then 4044601", func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				hang(w, r)
				return
			}
			writeJSON(w, 404, `{"responseCode":"4044601","responseMessage":"Transaction Not Found"}`)
		}, RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}, 0, timeout},
		{"5004601, then the context ends during backoff", script(500, `{"responseCode":"5004601","responseMessage":"Internal Server Error"}`),
			RetryPolicy{MaxAttempts: 3, BaseDelay: time.Hour, MaxDelay: time.Hour}, 300 * time.Millisecond, pending},
		{"total timeout", func(n int, w http.ResponseWriter, r *http.Request) { hang(w, r) },
			RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}, 0, timeout},
		{"an unreadable answer", script(200, "<html>"),
			NoRetry(), 0, pending},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeProvider(t)
			f.answer = tt.answer
			key := testkit.PartnerKey(t)
			c, err := NewClient(Config{BaseURL: f.srv.URL, PartnerID: "p", ChannelID: "95221", PrivateKey: NewPrivateKey(key), Signature: Asymmetric},
				WithRetry(tt.policy), WithTimeout(100*time.Millisecond))
			require.NoError(t, err)
			ctx := context.Background()
			if tt.ctx > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.ctx)
				defer cancel()
			}
			_, err = c.Do(ctx, &Request{Path: "/v1.0/emoney/otc-cancel.htm", ServiceCode: 46, Idempotent: true, Outcomes: table}, nil)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, Pending, e.Outcome)
			assert.Equal(t, tt.action, e.Action)
		})
	}
}

// TestSuccessMustProveAndDecode: a success code is Success only when the
// answer passes the proof and decodes whole; otherwise Pending, not
// retried, the raw answer kept.
func TestSuccessMustProveAndDecode(t *testing.T) {
	proof := &Proof{Mandatory: []string{"originalPartnerReferenceNo"}, Echoed: []string{"originalPartnerReferenceNo"}}
	type answer struct {
		OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
		CancelTime                 int    `json:"cancelTime"`
	}
	tests := []struct {
		name    string
		body    string
		outcome Outcome
		reason  string
	}{
		{"proven", `{"responseCode":"2005700","responseMessage":"OK","originalPartnerReferenceNo":"ref-1"}`, Success, ""},
		{"mandatory missing", `{"responseCode":"2005700","responseMessage":"OK"}`, Pending, "mandatory field originalPartnerReferenceNo is missing"},
		{"another reference", `{"responseCode":"2005700","responseMessage":"OK","originalPartnerReferenceNo":"ref-2"}`, Pending, "echoed"},
		{"does not decode", `{"responseCode":"2005700","responseMessage":"OK","originalPartnerReferenceNo":"ref-1","cancelTime":"soon"}`, Pending, "does not decode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeProvider(t)
			f.answer = script(200, tt.body)
			c := symmetricClient(t, f)
			var out answer
			resp, err := c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true,
				Body: cancelBody{OriginalPartnerReferenceNo: "ref-1"}, Proof: proof}, &out)
			assert.Equal(t, tt.outcome, OutcomeOf(err))
			assert.EqualValues(t, 1, f.calls.Load(), "an unproven answer is not retried")
			require.NotNil(t, resp)
			assert.Equal(t, tt.body, string(resp.Body))
			if tt.outcome == Pending {
				var e *Error
				require.ErrorAs(t, err, &e)
				assert.Contains(t, e.Reason, tt.reason)
				assert.Equal(t, "2005700", e.RawCode)
			}
		})
	}
}

// hangingUp returns the address of a loopback listener that closes every
// connection at once: no answer ever comes. (A closed port could be taken
// by another test's server meanwhile.)
func hangingUp(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			_ = conn.Close()
		}
	}()
	return "http://" + l.Addr().String()
}

// TestTokenEndpointUnreachable: the token fetch is retried on transport
// errors within the budget; with nothing sent the call is Failed.
func TestTokenEndpointUnreachable(t *testing.T) {
	base := hangingUp(t)
	c, err := NewClient(Config{BaseURL: base, PartnerID: "p", ChannelID: "95221", ClientSecret: "s",
		PrivateKey: NewPrivateKey(testkit.PartnerKey(t)), Signature: Symmetric, TokenPath: "/v1.0/access-token/b2b"},
		WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}))
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true}, nil)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, Failed, e.Outcome, "the cancel was never sent")
	assert.True(t, e.Token)
	assert.Zero(t, e.Attempts)
}
