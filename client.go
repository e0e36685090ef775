package snap

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/snapbi/snap/internal/jsonbytes"
	"github.com/snapbi/snap/internal/transport"
	"github.com/snapbi/snap/responsecode"
)

// Client makes signed SNAP calls for one provider account. It is safe for
// concurrent use; create one per account and reuse it.
type Client struct {
	cfg           Config
	base          *url.URL
	httpClient    *http.Client
	transport     *transport.Transport
	timeout       time.Duration
	logger        *slog.Logger
	now           func() time.Time
	retry         RetryPolicy
	newExternalID func() string
	maxBody       int64
	tokens        *tokenSource
}

// NewClient validates cfg and returns a Client. Errors name what is missing
// or wrong, never a secret.
func NewClient(cfg Config, opts ...Option) (*Client, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	base, _ := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	c := &Client{
		cfg:           cfg,
		base:          base,
		timeout:       DefaultTimeout,
		now:           time.Now,
		retry:         DefaultRetryPolicy(),
		newExternalID: NewExternalID,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	c.transport = transport.New(c.httpClient, c.maxBody)
	if cfg.TokenPath != "" {
		c.tokens = &tokenSource{c: c}
	}
	return c, nil
}

// Config returns the client's configuration. It holds secrets: do not log it.
func (c *Client) Config() Config { return c.cfg }

// Now returns the client's clock reading (see WithClock).
func (c *Client) Now() time.Time { return c.now() }

// Request is one SNAP operation, described by a provider package.
type Request struct {
	// Method is the HTTP method; "" means POST.
	Method string
	// Path is appended to Config.BaseURL, e.g. "/v1.0/debit/cancel".
	Path string
	// ServiceCode is the SNAP service code (57 for debit cancel); used in logs
	// and errors.
	ServiceCode int
	// Body is marshalled once (no HTML escaping) and those exact bytes are
	// signed and sent. A []byte or json.RawMessage is sent minified as is;
	// nil sends no body.
	Body any
	// Idempotent requests (cancel, status, refund, void-query: the business
	// key stays the same) may be retried; a payment may not.
	Idempotent bool
	// Header holds extra headers for this request.
	Header http.Header
	// RequireCustomerToken makes a call without CustomerToken a
	// *ValidationError before anything is sent.
	RequireCustomerToken bool
	// Outcomes overrides the generic outcome of given codes with the
	// provider's documented rule and merchant action.
	Outcomes responsecode.Table
	// Interpret reads the answer; nil means InterpretSNAP(Outcomes). Non-SNAP
	// APIs (NICEPAY v2) bring their own.
	Interpret Interpreter
}

// Response is the last answer of a call, kept whole.
type Response struct {
	// HTTPStatus, Header and Body are the answer as received (Body bounded by
	// WithMaxResponseBytes).
	HTTPStatus int
	Header     http.Header
	Body       []byte
	// Verdict is how the SDK read the answer.
	Verdict
	// ExternalID is the X-EXTERNAL-ID of the answered attempt; ExternalIDs
	// holds every one tried.
	ExternalID  string
	ExternalIDs []string
	// Attempts is how many requests were sent; Duration covers them all.
	Attempts int
	Duration time.Duration
	// DecodeError is set when a successful answer could not be fully decoded
	// into the caller's struct; the raw Body still has everything.
	DecodeError error
}

// Do sends req: it marshals the body once, signs those exact bytes, sends
// them with every SNAP header, retries per the policy, reads the answer and
// decodes it into out (a pointer, or nil). It returns the Response and, for
// any outcome but Success, an *Error (or a *ValidationError when nothing was
// sent). Use OutcomeOf(err) to decide what to do with the money.
func (c *Client) Do(ctx context.Context, req *Request, out any, opts ...CallOption) (*Response, error) {
	if req == nil {
		return nil, &ValidationError{Field: "request", Reason: "is nil"}
	}
	if ctx == nil {
		return nil, &ValidationError{Field: "ctx", Reason: "is nil"}
	}
	method := strings.ToUpper(req.Method)
	if method == "" {
		method = http.MethodPost
	}
	if !strings.HasPrefix(req.Path, "/") || strings.ContainsAny(req.Path, "?#") {
		return nil, &ValidationError{Field: "path", Reason: fmt.Sprintf("must start with / and carry no query (got %q)", req.Path)}
	}
	var settings callSettings
	for _, o := range opts {
		if o != nil {
			o(&settings)
		}
	}
	if req.RequireCustomerToken && strings.TrimSpace(strings.TrimPrefix(settings.customerToken, "Bearer ")) == "" {
		return nil, &ValidationError{Field: "Authorization-Customer", Reason: "is required: pass snap.CustomerToken(token)"}
	}
	if err := c.checkExternalID(settings.externalID); err != nil {
		return nil, err
	}
	for _, extra := range []http.Header{req.Header, settings.header} {
		if err := checkHeader(extra); err != nil {
			return nil, err
		}
	}
	body, err := jsonbytes.Marshal(req.Body)
	if err != nil {
		return nil, &ValidationError{Field: "body", Reason: "cannot be encoded: " + err.Error()}
	}
	interpret := req.Interpret
	if interpret == nil {
		interpret = InterpretSNAP(req.Outcomes)
	}
	fullURL := c.base.String() + req.Path
	signedPath := strings.TrimPrefix(c.base.Path+req.Path, c.cfg.SignedPathPrefix)
	op := method + " " + req.Path

	start := c.now()
	var (
		ids          []string
		last         attemptResult
		lastRes      *transport.Result
		lastID       string
		unknownSent  bool // an attempt may have reached the provider with no clear answer
		tokenRenewed bool
		attempt      int
	)
	fail := func(e *Error) (*Response, error) {
		if e.Op == "" {
			e.Op = op
		} else {
			e.Op = op + ": " + e.Op
		}
		e.Attempts, e.ExternalIDs, e.ExternalID = attempt, ids, lastID
		if lastRes != nil && e.Body == nil {
			e.HTTPStatus, e.Body, e.Header = lastRes.Status, RedactTokens(lastRes.Body), lastRes.Header
		}
		if unknownSent && e.Outcome == Failed {
			// A definitive "no" to a later attempt says nothing about an
			// earlier one that went unanswered.
			e.Outcome, e.Action = Pending, responsecode.Action(Pending)
			e.Reason = strings.TrimPrefix(e.Reason+"; an earlier attempt went unanswered", "; ")
		}
		var resp *Response
		if lastRes != nil {
			resp = &Response{HTTPStatus: lastRes.Status, Header: lastRes.Header, Body: lastRes.Body, Verdict: last.verdict}
			resp.Outcome = e.Outcome
		} else {
			resp = &Response{Verdict: Verdict{Outcome: e.Outcome, Reason: e.Reason}}
		}
		resp.ExternalID, resp.ExternalIDs, resp.Attempts, resp.Duration = lastID, ids, attempt, c.now().Sub(start)
		return resp, e
	}

	for {
		attempt++
		var token string
		if c.tokens != nil {
			token, err = c.tokens.get(ctx)
			if err != nil {
				attempt-- // nothing was sent
				e := tokenFailure(err)
				return fail(e)
			}
		}
		lastID = ""
		if c.cfg.Signature != Plain { // no SNAP headers, so no X-EXTERNAL-ID to invent
			lastID = c.newExternalID()
			if attempt == 1 && settings.externalID != "" {
				lastID = settings.externalID
			} else if err := c.checkExternalID(lastID); err != nil || lastID == "" {
				attempt--
				return fail(&Error{Outcome: Failed, Reason: "the X-EXTERNAL-ID generator made an id the provider would refuse; nothing was sent", Err: err})
			}
		}
		header, err := c.buildHeader(method, signedPath, token, body, lastID, req, &settings)
		if err != nil {
			attempt--
			return fail(&Error{Outcome: Failed, Reason: "request could not be signed; nothing was sent", Err: err})
		}
		if c.cfg.Signature != Plain {
			ids = append(ids, lastID)
		}

		attemptStart := time.Now()
		actx, cancel := context.WithTimeout(ctx, c.timeout)
		res, sendErr := c.transport.Send(actx, method, fullURL, header, body)
		cancel()
		last = attemptResult{}
		if sendErr != nil {
			last.transportErr = sendErr
			unknownSent = true
			lastRes = nil
		} else {
			lastRes = res
			last.status = res.Status
			last.verdict = interpret(res.Status, res.Body, attempt > 1)
			if res.Truncated && last.verdict.Outcome != Success {
				last.verdict = Unexpected(res.Status, last.verdict.RawCode, "answer larger than the read bound")
			}
			if last.verdict.Outcome == Pending {
				unknownSent = true
			}
		}
		c.logAttempt(ctx, op, req.ServiceCode, attempt, lastID, last, time.Since(attemptStart))

		if ctx.Err() != nil {
			return fail(&Error{Outcome: Pending, Reason: "context ended; the last attempt's result is unknown", Err: ctx.Err()})
		}
		// 401xx01 Invalid Token: renew the B2B token once and resend at once.
		if c.tokens != nil && sendErr == nil && !tokenRenewed && last.verdict.Code.HTTPStatus() == 401 && last.verdict.Code.Case() == 1 {
			tokenRenewed = true
			c.tokens.invalidate(token)
			continue
		}
		if shouldRetry(c.retry, req.Idempotent, attempt, last) {
			var ra time.Duration
			if lastRes != nil {
				ra = retryAfter(lastRes.Header)
			}
			if err := sleep(ctx, backoff(c.retry, attempt, ra)); err != nil {
				return fail(&Error{Outcome: Pending, Reason: "context ended while waiting to retry", Err: err})
			}
			continue
		}
		break
	}

	if last.transportErr != nil {
		reason := "no answer"
		if isNetTimeout(last.transportErr) || errors.Is(last.transportErr, context.DeadlineExceeded) {
			reason = "timeout"
		}
		if attempt > 1 {
			reason += fmt.Sprintf(" after %d attempts", attempt)
		}
		return fail(&Error{Outcome: Pending, Action: responsecode.Action(Pending), Reason: reason, Err: last.transportErr})
	}
	v := last.verdict
	if v.Outcome != Success {
		return fail(&Error{
			HTTPStatus: lastRes.Status, Code: v.Code, RawCode: v.RawCode, Message: v.Message,
			Outcome: v.Outcome, Action: v.Action, Reason: v.Reason,
		})
	}
	resp := &Response{
		HTTPStatus: lastRes.Status, Header: lastRes.Header, Body: lastRes.Body, Verdict: v,
		ExternalID: lastID, ExternalIDs: ids, Attempts: attempt, Duration: c.now().Sub(start),
	}
	if out != nil && len(lastRes.Body) > 0 {
		if err := json.Unmarshal(lastRes.Body, out); err != nil {
			resp.DecodeError = err
			if c.logger != nil {
				c.logger.LogAttrs(ctx, slog.LevelWarn, "snap: successful answer not fully decoded",
					slog.String("op", op), slog.String("error", err.Error()))
			}
		}
	}
	return resp, nil
}

// checkExternalID applies SPEC §1's limits (and the provider's numeric rule)
// to an X-EXTERNAL-ID; "" passes (the generator will make one).
func (c *Client) checkExternalID(id string) error {
	if n := len(id); n > 36 {
		return &ValidationError{Field: "X-EXTERNAL-ID", Reason: fmt.Sprintf("must be at most 36 characters (got %d)", n)}
	}
	if c.cfg.NumericExternalID {
		for i := 0; i < len(id); i++ {
			if id[i] < '0' || id[i] > '9' {
				return &ValidationError{Field: "X-EXTERNAL-ID", Reason: fmt.Sprintf("must be a numeric string (got %d characters with a non-digit at position %d)", len(id), i+1)}
			}
		}
	}
	return nil
}

func tokenFailure(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		cp := *e
		cp.Outcome, cp.Token = Failed, true
		cp.Reason = strings.TrimPrefix(cp.Reason+"; the access token could not be obtained, the request was not sent", "; ")
		return &cp
	}
	return &Error{Op: "access token", Token: true, Outcome: Failed, Reason: "the access token could not be obtained, the request was not sent", Err: err}
}

// reserved headers are the SDK's own; callers cannot override them.
var reserved = map[string]bool{
	"Content-Type": true, "X-Timestamp": true, "X-Signature": true, "X-Partner-Id": true,
	"X-External-Id": true, "Channel-Id": true, "Authorization": true, "Authorization-Customer": true,
	"X-Client-Key": true,
}

// buildHeader is the one place that builds headers and signs. Keys are
// written in canonical form directly (HTTP header names are case-insensitive;
// this skips a canonicalising allocation per header).
func (c *Client) buildHeader(method, signedPath, token string, body []byte, externalID string, req *Request, s *callSettings) (http.Header, error) {
	h := make(http.Header, 12)
	addExtra(h, req.Header)
	addExtra(h, s.header)
	h["Content-Type"] = []string{"application/json"}
	h["Accept"] = []string{"application/json"}
	if c.cfg.Signature == Plain {
		return h, nil
	}
	ts := FormatTimestamp(c.now(), c.cfg.TimestampLayout)
	var sig string
	switch c.cfg.Signature {
	case Symmetric:
		sig = SymmetricSignature(c.cfg.ClientSecret.Reveal(), method, signedPath, token, body, ts)
	case Asymmetric:
		var err error
		if sig, err = AsymmetricSignature(c.cfg.PrivateKey, method, signedPath, body, ts); err != nil {
			return nil, err
		}
	}
	h["X-Timestamp"] = []string{ts}
	h["X-Signature"] = []string{sig}
	h["X-Partner-Id"] = []string{c.cfg.PartnerID}
	h["X-External-Id"] = []string{externalID}
	h["Channel-Id"] = []string{c.cfg.ChannelID}
	if c.cfg.Origin != "" {
		h["Origin"] = []string{c.cfg.Origin}
	}
	if token != "" {
		h["Authorization"] = []string{"Bearer " + token}
	}
	if s.customerToken != "" {
		ct := s.customerToken
		if !strings.HasPrefix(ct, "Bearer ") {
			ct = "Bearer " + ct
		}
		h["Authorization-Customer"] = []string{ct}
	}
	if c.cfg.BodySignatureHeader != "" {
		bs, err := SignRSA(c.cfg.PrivateKey, body)
		if err != nil {
			return nil, err
		}
		h.Set(c.cfg.BodySignatureHeader, bs)
	}
	return h, nil
}

// checkHeader refuses header names and values that net/http would refuse to
// send (control characters such as CR/LF), so they fail before sending
// rather than as a transport error that reads as "no answer".
func checkHeader(h http.Header) error {
	for k, vs := range h {
		if k == "" || strings.ContainsFunc(k, func(r rune) bool { return r <= ' ' || r >= 0x7f || strings.ContainsRune("\"(),/:;<=>?@[]{}", r) }) {
			return &ValidationError{Field: "header", Reason: fmt.Sprintf("name %q is not a valid HTTP header name", k)}
		}
		for _, v := range vs {
			if strings.ContainsFunc(v, func(r rune) bool { return r < ' ' && r != '\t' || r == 0x7f }) {
				return &ValidationError{Field: k, Reason: fmt.Sprintf("header value contains a control character (%d characters)", len(v))}
			}
		}
	}
	return nil
}

// addExtra copies caller headers into h, except the SDK's own.
func addExtra(h, extra http.Header) {
	for k, vs := range extra {
		if ck := http.CanonicalHeaderKey(k); !reserved[ck] && len(vs) > 0 {
			h[ck] = append([]string(nil), vs...)
		}
	}
}

func (c *Client) logAttempt(ctx context.Context, op string, service, attempt int, externalID string, r attemptResult, d time.Duration) {
	if c.logger == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("op", op),
		slog.Int("attempt", attempt),
		slog.Duration("duration", d),
	}
	if externalID != "" {
		attrs = append(attrs, slog.String("external_id", externalID))
	}
	if service != 0 {
		attrs = append(attrs, slog.Int("service", service))
	}
	level := slog.LevelInfo
	if r.transportErr != nil {
		level = slog.LevelWarn
		attrs = append(attrs, slog.String("outcome", string(Pending)), slog.String("error", r.transportErr.Error()))
	} else {
		attrs = append(attrs, slog.Int("status", r.status), slog.String("code", r.verdict.RawCode),
			slog.String("outcome", string(r.verdict.Outcome)))
		if r.verdict.Reason != "" {
			attrs = append(attrs, slog.String("reason", r.verdict.Reason))
		}
		if r.verdict.Outcome != Success {
			level = slog.LevelWarn
		}
	}
	c.logger.LogAttrs(ctx, level, "snap: attempt", attrs...)
}
