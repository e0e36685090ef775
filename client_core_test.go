package snap

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/testkit"
)

func TestNewClientValidation(t *testing.T) {
	key := testkit.PartnerKey(t)
	ok := Config{BaseURL: "https://x.test", PartnerID: "p", ChannelID: "95221", ClientSecret: "s", PrivateKey: NewPrivateKey(key), Signature: Symmetric, TokenPath: "/v1.0/access-token/b2b"}
	tests := []struct {
		name string
		mut  func(c *Config)
		msg  string
	}{
		{"ok", func(c *Config) {}, ""},
		{"no base", func(c *Config) { c.BaseURL = "" }, "BaseURL is required"},
		{"bad base", func(c *Config) { c.BaseURL = "ftp://x" }, "not an http(s) URL"},
		{"query in base", func(c *Config) { c.BaseURL = "https://x.test/?a=1" }, "query"},
		{"no partner", func(c *Config) { c.PartnerID = "" }, "PartnerID is required"},
		{"long partner", func(c *Config) { c.PartnerID = strings.Repeat("p", 37) }, "at most 36 characters (got 37)"},
		{"no channel", func(c *Config) { c.ChannelID = "" }, "ChannelID is required"},
		{"long channel", func(c *Config) { c.ChannelID = "123456" }, "at most 5 characters (got 6)"},
		{"symmetric without secret", func(c *Config) { c.ClientSecret = "" }, "ClientSecret is required"},
		{"symmetric without token path", func(c *Config) { c.TokenPath = "" }, "TokenPath is required"},
		{"token without key", func(c *Config) { c.PrivateKey = PrivateKey{} }, "PrivateKey is required"},
		{"asymmetric without key", func(c *Config) { c.Signature = Asymmetric; c.TokenPath = ""; c.PrivateKey = PrivateKey{} }, "PrivateKey is required"},
		{"no mode", func(c *Config) { c.Signature = 0 }, "Signature is required"},
		{"bad layout", func(c *Config) { c.TimestampLayout = time.RFC3339 }, "not a SNAP layout"},
		{"plain needs only base", func(c *Config) { *c = Config{BaseURL: "https://x.test", Signature: Plain} }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.mut(&cfg)
			_, err := NewClient(cfg)
			if tt.msg == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.msg)
			assert.NotContains(t, err.Error(), "s3cr3t")
		})
	}
	for _, opt := range []Option{WithHTTPClient(nil), WithTimeout(0), WithLogger(nil), WithClock(nil), WithRetry(RetryPolicy{}), WithExternalIDs(nil), WithMaxResponseBytes(0)} {
		_, err := NewClient(ok, opt)
		assert.Error(t, err)
	}
}

func TestDoValidationBeforeSending(t *testing.T) {
	f := newFakeProvider(t)
	c := symmetricClient(t, f)
	tests := []struct {
		name  string
		req   *Request
		opts  []CallOption
		field string
	}{
		{"nil request", nil, nil, "request"},
		{"bad path", &Request{Path: "v1.0/x"}, nil, "path"},
		{"query in path", &Request{Path: "/v1.0/x?a=1"}, nil, "path"},
		{"missing customer token", &Request{Path: "/v1.0/x", RequireCustomerToken: true}, nil, "Authorization-Customer"},
		{"bearer only", &Request{Path: "/v1.0/x", RequireCustomerToken: true}, []CallOption{CustomerToken("Bearer ")}, "Authorization-Customer"},
		{"long external id", &Request{Path: "/v1.0/x"}, []CallOption{ExternalID(strings.Repeat("1", 37))}, "X-EXTERNAL-ID"},
		{"CR/LF in a header value", &Request{Path: "/v1.0/x"}, []CallOption{Header("X-DEVICE-ID", "abc\r\nX-Evil: 1")}, "X-Device-Id"},
		{"bad header name", &Request{Path: "/v1.0/x", Header: http.Header{"X Bad": {"1"}}}, nil, "header"},
		{"unencodable body", &Request{Path: "/v1.0/x", Body: map[string]any{"f": func() {}}}, nil, "body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Do(context.Background(), tt.req, nil, tt.opts...)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Equal(t, Failed, OutcomeOf(err))
		})
	}
	assert.Zero(t, f.calls.Load(), "nothing may be sent")
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func TestDoFaults(t *testing.T) {
	tests := []struct {
		name     string
		answer   func(n int, w http.ResponseWriter, r *http.Request)
		outcome  Outcome
		attempts int
		reason   string
		code     string
	}{
		{"server timeout", func(n int, w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
		}, Pending, 3, "timeout after 3 attempts", ""},
		{"connection reset", func(n int, w http.ResponseWriter, r *http.Request) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				if tc, ok := conn.(*net.TCPConn); ok {
					tc.SetLinger(0)
				}
				conn.Close()
			}
		}, Pending, 3, "no answer after 3 attempts", ""},
		{"500xx01 retried then pending", script(500, internalError), Pending, 3, "", "5005701"},
		{"500xx01 then success", script(500, internalError, 500, internalError, 200, cancelOK), Success, 3, "", "2005700"},
		{"429", script(429, `{"responseCode":"4295700","responseMessage":"Too Many Requests"}`), Pending, 3, "", "4295700"},
		{"HTML 502", func(n int, w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(502)
			io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
		}, Pending, 3, "not a JSON object", ""},
		{"empty 200", func(n int, w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) }, Pending, 1, "empty body", ""},
		{"code abc", script(200, `{"responseCode":"abc","responseMessage":"?"}`), Pending, 1, "malformed responseCode", "abc"},
		{"numeric code", script(200, `{"responseCode":2005700}`), Pending, 1, "not a string", "2005700"},
		{"missing code", script(200, `{"responseMessage":"Successful"}`), Pending, 1, "no responseCode", ""},
		{"404 carrying a 200 code", script(404, cancelOK), Pending, 1, "disagrees", "2005700"},
		{"undefined code", script(403, `{"responseCode":"4035799","responseMessage":"?"}`), Pending, 1, "undefined response code", "4035799"},
		{"not found is failed", script(404, `{"responseCode":"4045701","responseMessage":"Transaction Not Found"}`), Failed, 1, "", "4045701"},
		{"409xx01 on a retry is pending", script(504, `{"responseCode":"5045700","responseMessage":"Timeout"}`, 409, `{"responseCode":"4095701","responseMessage":"Duplicate partnerReferenceNo"}`), Pending, 2, "", "4095701"},
		{"definitive no after an unknown stays pending", script(500, `{"responseCode":"5005702","responseMessage":"External Server Error"}`, 400, `{"responseCode":"4005701","responseMessage":"Invalid Field Format"}`), Pending, 2, "earlier attempt", "4005701"},
		{"redirect is not followed", func(n int, w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://127.0.0.1:1/elsewhere", http.StatusFound)
		}, Pending, 1, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := runtime.NumGoroutine()
			f := newFakeProvider(t)
			f.answer = tt.answer
			c := symmetricClient(t, f, WithTimeout(150*time.Millisecond))
			resp, err := c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true, Body: cancelBody{OriginalPartnerReferenceNo: "r"}}, nil)
			assert.Equal(t, tt.outcome, OutcomeOf(err))
			require.NotNil(t, resp)
			assert.Equal(t, tt.attempts, resp.Attempts)
			assert.Equal(t, tt.attempts, int(f.calls.Load()))
			assert.Len(t, resp.ExternalIDs, tt.attempts)
			if tt.outcome != Success {
				var e *Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, tt.attempts, e.Attempts)
				assert.Contains(t, e.Reason, tt.reason)
				assert.Equal(t, tt.code, e.RawCode)
				assert.NotEmpty(t, e.Action)
				// Fresh X-EXTERNAL-ID per attempt.
				seen := map[string]bool{}
				for _, id := range e.ExternalIDs {
					assert.False(t, seen[id])
					seen[id] = true
				}
			}
			f.srv.Close()
			http.DefaultTransport.(*http.Transport).CloseIdleConnections()
			assert.Eventually(t, func() bool { return runtime.NumGoroutine() <= before+2 }, 5*time.Second, 20*time.Millisecond, "goroutine leak")
		})
	}
}

func TestDoPaymentNotRetried(t *testing.T) {
	f := newFakeProvider(t)
	f.answer = script(500, `{"responseCode":"5005401","responseMessage":"Internal Server Error"}`)
	c := symmetricClient(t, f)
	_, err := c.Do(context.Background(), &Request{Path: "/v1.0/debit/payment-host-to-host", ServiceCode: 54}, nil)
	assert.Equal(t, Pending, OutcomeOf(err))
	assert.EqualValues(t, 1, f.calls.Load())

	// No policy resends a payment whose result is unknown.
	generous := symmetricClient(t, f, WithRetry(RetryPolicy{MaxAttempts: 5}))
	_, err = generous.Do(context.Background(), &Request{Path: "/v1.0/debit/payment-host-to-host", ServiceCode: 54}, nil)
	assert.Equal(t, Pending, OutcomeOf(err))
	assert.EqualValues(t, 2, f.calls.Load())
}

func TestDoCancelledContextStopsRetryWait(t *testing.T) {
	f := newFakeProvider(t)
	f.answer = script(500, internalError)
	c := symmetricClient(t, f, WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Hour, MaxDelay: time.Hour}))
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	start := time.Now()
	_, err := c.Do(ctx, &Request{Path: "/v1.0/debit/cancel", Idempotent: true}, nil)
	assert.Less(t, time.Since(start), time.Second)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, Pending, OutcomeOf(err))
	assert.EqualValues(t, 1, f.calls.Load())
}

func TestTokenSingleFetchUnderLoad(t *testing.T) {
	f := newFakeProvider(t)
	c := symmetricClient(t, f)
	var wg sync.WaitGroup
	var failures atomic.Int32
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := g; i < 1000; i += 64 {
				if _, err := c.Do(context.Background(), &Request{Path: "/v1.0/debit/status", Idempotent: true}, nil); err != nil {
					failures.Add(1)
				}
			}
		}(g)
	}
	wg.Wait()
	assert.Zero(t, failures.Load())
	assert.EqualValues(t, 1000, f.calls.Load())
	assert.EqualValues(t, 1, f.tokenCalls.Load())
}

func TestTokenRefreshAfterExpiry(t *testing.T) {
	f := newFakeProvider(t)
	var mu sync.Mutex
	now := fixedNow
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	c := symmetricClient(t, f, WithClock(clock))
	_, err := c.Do(context.Background(), &Request{Path: "/v1.0/debit/status"}, nil)
	require.NoError(t, err)
	mu.Lock()
	now = now.Add(800 * time.Second) // within the 900s lifetime but past the renewal margin
	mu.Unlock()
	_, err = c.Do(context.Background(), &Request{Path: "/v1.0/debit/status"}, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 1, f.tokenCalls.Load())
	mu.Lock()
	now = now.Add(50 * time.Second) // 850s: inside the one-minute margin
	mu.Unlock()
	_, err = c.Do(context.Background(), &Request{Path: "/v1.0/debit/status"}, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 2, f.tokenCalls.Load())
}

func TestTokenRefreshOnceOnInvalidToken(t *testing.T) {
	f := newFakeProvider(t)
	f.answer = script(401, invalidToken, 200, cancelOK)
	c := symmetricClient(t, f)
	resp, err := c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel"}, nil) // not idempotent: the renewal still resends
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts)
	assert.EqualValues(t, 2, f.tokenCalls.Load())

	// A second 401xx01 in a row is final: Failed, no loop.
	f.calls.Store(0)
	f.answer = script(401, invalidToken)
	_, err = c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel", Idempotent: true}, nil)
	assert.Equal(t, Failed, OutcomeOf(err))
	assert.EqualValues(t, 2, f.calls.Load())
}

func TestTokenErrorsAreTyped(t *testing.T) {
	f := newFakeProvider(t)
	f.token = "" // the provider answers without an accessToken
	c := symmetricClient(t, f)
	_, err := c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel"}, nil)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.True(t, e.Token)
	assert.Contains(t, e.Error(), "POST /v1.0/debit/cancel: access token: failed")
	assert.Equal(t, Failed, e.Outcome)
	assert.Contains(t, e.Reason, "not sent")
	assert.Zero(t, f.calls.Load())
}

func TestParseExpiresIn(t *testing.T) {
	for in, want := range map[string]time.Duration{`"900"`: 900 * time.Second, `900`: 900 * time.Second, ``: DefaultTokenLifetime, `null`: DefaultTokenLifetime, `"1.5"`: 1500 * time.Millisecond} {
		got, err := parseExpiresIn([]byte(in))
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{`"abc"`, `-5`, `0`, `{}`} {
		_, err := parseExpiresIn([]byte(in))
		assert.Error(t, err, in)
	}
}

func TestLoggingNeverLeaksSecrets(t *testing.T) {
	f := newFakeProvider(t)
	f.answer = script(500, internalError, 500, internalError, 200, cancelOK)
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(lockedWriter{&buf, &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := symmetricClient(t, f, WithLogger(logger))
	resp, err := c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true, Body: cancelBody{OriginalPartnerReferenceNo: "r"}}, nil, CustomerToken("customer-secret-token"))
	require.NoError(t, err)
	assert.Equal(t, 3, resp.Attempts)
	// An error string must not leak either.
	f.answer = script(404, `{"responseCode":"4045701","responseMessage":"Transaction Not Found"}`)
	_, err = c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel", Idempotent: true}, nil, CustomerToken("customer-secret-token"))
	require.Error(t, err)

	mu.Lock()
	logs := buf.String() + err.Error()
	mu.Unlock()
	assert.Equal(t, 4, strings.Count(buf.String(), `"msg":"snap: attempt"`), logs)
	for _, secret := range []string{f.secret, f.token, "customer-secret-token", "Bearer", "PRIVATE KEY"} {
		assert.NotContains(t, logs, secret)
	}
	for _, r := range f.requests {
		assert.NotContains(t, logs, r.Header.Get("X-SIGNATURE"))
	}
	assert.Contains(t, logs, `"attempt":3`)
	assert.Contains(t, logs, `"outcome":"pending"`)
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestShouldRetry(t *testing.T) {
	p := DefaultRetryPolicy()
	retryable := attemptResult{verdict: Verdict{Retryable: true}}
	final := attemptResult{verdict: Verdict{Outcome: Failed}}
	netErr := attemptResult{transportErr: errors.New("reset")}
	tests := []struct {
		name       string
		p          RetryPolicy
		idempotent bool
		attempt    int
		r          attemptResult
		want       bool
	}{
		{"transport error, idempotent", p, true, 1, netErr, true},
		{"transport error, last attempt", p, true, 3, netErr, false},
		{"transport error, payment", p, false, 1, netErr, false},
		{"payment, retryable code", RetryPolicy{MaxAttempts: 5}, false, 1, retryable, false},
		{"retryable code", p, true, 2, retryable, true},
		{"definitive answer", p, true, 1, final, false},
		{"success", p, true, 1, attemptResult{verdict: Verdict{Outcome: Success}}, false},
		{"no retry policy", NoRetry(), true, 1, netErr, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, shouldRetry(tt.p, tt.idempotent, tt.attempt, tt.r))
		})
	}
}

func TestBackoff(t *testing.T) {
	p := RetryPolicy{MaxAttempts: 5, BaseDelay: 100 * time.Millisecond, MaxDelay: 300 * time.Millisecond}
	for i := 0; i < 50; i++ {
		d1 := backoff(p, 1)
		assert.True(t, d1 >= 50*time.Millisecond && d1 <= 100*time.Millisecond, d1)
		d2 := backoff(p, 2)
		assert.True(t, d2 >= 100*time.Millisecond && d2 <= 200*time.Millisecond, d2)
		d9 := backoff(p, 9)
		assert.True(t, d9 >= 150*time.Millisecond && d9 <= 300*time.Millisecond, d9)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		header string
		want   time.Duration
	}{
		{"", 0},
		{"3", 3 * time.Second},
		{"0", 0},
		{"-1", 0},
		{"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
	} {
		h := http.Header{}
		if tt.header != "" {
			h.Set("Retry-After", tt.header)
		}
		assert.Equal(t, tt.want, retryAfter(h, now), tt.header)
	}
}

func TestNumericExternalID(t *testing.T) {
	f := newFakeProvider(t)
	c, err := NewClient(Config{BaseURL: f.srv.URL, PartnerID: "p", ChannelID: "1", PrivateKey: NewPrivateKey(testkit.PartnerKey(t)), Signature: Asymmetric, NumericExternalID: true})
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Request{Path: "/v1.0/auth/void-query"}, nil, ExternalID("abc-1"))
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "X-EXTERNAL-ID", ve.Field)
	assert.Contains(t, ve.Reason, "numeric")

	gen, err := NewClient(Config{BaseURL: f.srv.URL, PartnerID: "p", ChannelID: "1", PrivateKey: NewPrivateKey(testkit.PartnerKey(t)), Signature: Asymmetric, NumericExternalID: true},
		WithExternalIDs(func() string { return "uuid-like-id" }))
	require.NoError(t, err)
	_, err = gen.Do(context.Background(), &Request{Path: "/v1.0/auth/void-query"}, nil)
	assert.Equal(t, Failed, OutcomeOf(err))
	assert.ErrorContains(t, err, "nothing was sent")
	assert.Zero(t, f.calls.Load())

	_, err = c.Do(context.Background(), &Request{Path: "/v1.0/auth/void-query"}, nil, ExternalID("1724137901"))
	require.NoError(t, err)
	assert.Equal(t, "1724137901", f.requests[0].Header.Get("X-EXTERNAL-ID"))
}

func TestConfigPrintsNoSecrets(t *testing.T) {
	cfg := Config{BaseURL: "https://x.test", PartnerID: "p", ChannelID: "1", ClientSecret: "s3cr3t-value", PrivateKey: NewPrivateKey(testkit.PartnerKey(t)), Signature: Symmetric}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(format, cfg)
		assert.NotContains(t, out, "s3cr3t-value", format)
		assert.NotContains(t, out, testkit.PartnerKey(t).D.String()[:20], format)
		assert.Contains(t, out, "<redacted>", format)
	}
}

// A token renewal in the middle of a call does not erase an earlier attempt
// that went unanswered: a later definitive "no" still ends Pending.
func TestTokenRenewalKeepsEarlierUnknown(t *testing.T) {
	f := newFakeProvider(t)
	f.answer = script(504, `{"responseCode":"5045700","responseMessage":"Timeout"}`, 401, invalidToken, 404, `{"responseCode":"4045701","responseMessage":"Transaction Not Found"}`)
	c := symmetricClient(t, f)
	_, err := c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel", Idempotent: true}, nil)
	assert.Equal(t, Pending, OutcomeOf(err))
	assert.EqualValues(t, 3, f.calls.Load())
	assert.ErrorContains(t, err, "earlier attempt went unanswered")
}
