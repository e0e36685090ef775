package snap

import (
	"bytes"
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
	"github.com/snapbi/snap/internal/jsonscan"
	"github.com/snapbi/snap/internal/transport"
	"github.com/snapbi/snap/internal/wait"
	"github.com/snapbi/snap/responsecode"
)

// Client makes signed SNAP calls for one provider account. It is safe for
// concurrent use; create one per account and reuse it.
type Client struct {
	cfg           Config
	base          *url.URL
	baseURL       string // base.String(), made once
	httpClient    *http.Client
	transport     *transport.Transport
	timeout       time.Duration
	logger        *slog.Logger
	now           func() time.Time
	retry         RetryPolicy
	newExternalID func() string
	maxBody       int64
	tokens        *tokenSource
	tokenStore    TokenStore
	budget        *retryBudget
}

// NewClient validates cfg and returns a Client. Errors name what is missing
// or wrong, never a secret.
func NewClient(cfg Config, opts ...Option) (*Client, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	// Config values travel as headers: refuse what net/http would not send.
	if err := checkHeader(http.Header{"X-Partner-Id": {cfg.PartnerID}, "Channel-Id": {cfg.ChannelID}, "Origin": {cfg.Origin}}); err != nil {
		return nil, fmt.Errorf("snap: config: %w", err)
	}
	base, _ := url.Parse(strings.TrimRight(cfg.BaseURL, "/"))
	c := &Client{
		cfg:           cfg,
		base:          base,
		baseURL:       base.String(),
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
	c.budget = newRetryBudget(c.retry.Budget)
	if cfg.TokenPath != "" {
		c.tokens = newTokenSource(c)
	}
	return c, nil
}

// Config returns the client's configuration. It holds secrets: do not log it.
func (c *Client) Config() Config { return c.cfg }

// CloseIdleConnections closes the idle connections of the client's pool,
// e.g. when a merchant stops using an account. The client stays usable.
func (c *Client) CloseIdleConnections() { c.transport.CloseIdleConnections() }

// Now returns the client's clock reading (see WithClock).
func (c *Client) Now() time.Time { return c.now() }

// Request is one SNAP operation, described by a provider package.
type Request struct {
	// Method is the HTTP method; "" means POST.
	Method string
	// Path is appended to Config.BaseURL, e.g. "/v1.0/debit/cancel".
	Path string
	// ServiceCode is the SNAP service code (57 for debit cancel). An answer
	// whose responseCode carries another service is unexpected (Pending);
	// 0 means a non-SNAP API whose codes carry no service.
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
	// provider's documented rule and merchant action; its NoAnswer and
	// Unexpected rules give the actions of Pending outcomes no code row
	// covers.
	Outcomes responsecode.Table
	// Proof is what a success answer must show to count as Success: the
	// mandatory fields, echoed references and state fields of the
	// provider's page. nil checks nothing beyond the code.
	Proof *Proof
	// Interpret reads the answer; nil means InterpretSNAP(ServiceCode,
	// Outcomes). Non-SNAP APIs (NICEPAY v2) bring their own.
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
}

// Do sends req: it marshals the body once, signs those exact bytes, sends
// them with every SNAP header, retries per the policy, reads the answer and
// decodes it into out (a pointer, or nil). It returns the Response and, for
// any outcome but Success, an *Error (or a *ValidationError when nothing was
// sent). Use OutcomeOf(err) to decide what to do with the money.
//
// Success needs the whole answer to prove it: a success code of the service
// called, in one well-formed JSON object that passes req.Proof and decodes
// into out. Anything else that is not a definitive refusal is Pending.
func (c *Client) Do(ctx context.Context, req *Request, out any, opts ...CallOption) (*Response, error) {
	k, err := c.newCall(ctx, req, opts)
	if err != nil {
		return nil, err
	}
	return k.run(ctx, out)
}

// call is the state of one Do: what was sent and what came back.
type call struct {
	c          *Client
	req        *Request
	settings   callSettings
	method     string
	fullURL    string
	signedPath string
	body       []byte
	request    jsonscan.Object // body as read by the proof, when it asks for echoes
	interpret  Interpreter
	start      time.Time

	tries   int // attempts used from the budget: sends and failed token fetches
	sent    int // requests of the operation sent
	ids     []string
	idBuf   [3]string // ids' first backing array: the default policy's attempts
	lastID  string
	last    attemptResult
	lastRes *transport.Result
	renewed bool // the B2B token was renewed after 401xx01
	// unknown: an attempt may have reached the provider with no clear
	// answer; pendingAction is the provider's action for the latest one.
	unknown       bool
	pendingAction string
}

// newCall checks everything that can be checked before sending.
func (c *Client) newCall(ctx context.Context, req *Request, opts []CallOption) (*call, error) {
	if req == nil {
		return nil, &ValidationError{Field: "request", Reason: "is nil"}
	}
	if ctx == nil {
		return nil, &ValidationError{Field: "ctx", Reason: "is nil"}
	}
	k := &call{c: c, req: req, method: strings.ToUpper(req.Method), start: c.now()}
	k.ids = k.idBuf[:0]
	if k.method == "" {
		k.method = http.MethodPost
	}
	if !strings.HasPrefix(req.Path, "/") || strings.ContainsAny(req.Path, "?#") {
		return nil, &ValidationError{Field: "path", Reason: fmt.Sprintf("must start with / and carry no query (got %q)", req.Path)}
	}
	for _, o := range opts {
		if o != nil {
			o(&k.settings)
		}
	}
	if err := k.checkSettings(); err != nil {
		return nil, err
	}
	body, err := jsonbytes.Marshal(req.Body)
	if err != nil {
		return nil, &ValidationError{Field: "body", Reason: "cannot be encoded: " + err.Error()}
	}
	k.body = body
	k.interpret = req.Interpret
	if k.interpret == nil {
		k.interpret = InterpretSNAP(req.ServiceCode, req.Outcomes)
	}
	k.fullURL = c.baseURL + req.Path
	k.signedPath = strings.TrimPrefix(c.base.Path+req.Path, c.cfg.SignedPathPrefix)
	return k, nil
}

// op names the operation in errors and logs, e.g. "POST /v1.0/debit/cancel".
func (k *call) op() string { return k.method + " " + k.req.Path }

// checkSettings refuses call options that could not be sent as given.
func (k *call) checkSettings() error {
	s := &k.settings
	if k.req.RequireCustomerToken && strings.TrimSpace(strings.TrimPrefix(s.customerToken, "Bearer ")) == "" {
		return &ValidationError{Field: "Authorization-Customer", Reason: "is required: pass snap.CustomerToken(token)"}
	}
	if err := k.c.checkExternalID(s.externalID); err != nil {
		return err
	}
	if err := checkHeaderValue("Authorization-Customer", s.customerToken); err != nil {
		return err
	}
	if err := checkHeaderValue("X-External-Id", s.externalID); err != nil {
		return err
	}
	for _, h := range []http.Header{k.req.Header, s.header} {
		if err := checkHeader(h); err != nil {
			return err
		}
	}
	return nil
}

// run makes the attempts and returns the outcome.
func (k *call) run(ctx context.Context, out any) (*Response, error) {
	for {
		k.tries++
		token, err := k.c.token(ctx)
		if err != nil {
			if tokenRetryable(err) && k.tries < k.c.retry.MaxAttempts && ctx.Err() == nil {
				if stop := k.spend(RetryCost); stop != nil {
					return k.fail(tokenStopped(err, stop))
				}
				if stop := k.wait(ctx, tokenRetryAfter(err)); stop != nil {
					return k.fail(tokenStopped(err, stop))
				}
				continue
			}
			return k.fail(tokenFailure(err))
		}
		header, perr := k.prepare(token)
		if perr != nil {
			return k.fail(perr)
		}
		k.send(ctx, header)
		if k.last.transportErr != nil && ctx.Err() != nil {
			return k.fail(&Error{Outcome: Pending, Reason: "context ended; the last attempt's result is unknown", Err: ctx.Err()})
		}
		switch {
		case k.renewToken(token):
			continue
		case shouldRetry(k.c.retry, k.req.Idempotent, k.tries, k.last):
			cost := RetryCost
			if k.last.transportErr != nil {
				cost = TimeoutRetryCost
			}
			if stop := k.spend(cost); stop != nil {
				return k.fail(stop)
			}
			if stop := k.wait(ctx, k.retryAfter()); stop != nil {
				return k.fail(stop)
			}
			continue
		}
		return k.finish(out)
	}
}

// prepare picks the attempt's X-EXTERNAL-ID and builds its signed headers.
func (k *call) prepare(token string) (http.Header, *Error) {
	c := k.c
	k.lastID = ""
	if c.cfg.Signature != Plain { // no SNAP headers, so no X-EXTERNAL-ID to invent
		k.lastID = c.newExternalID()
		if k.sent == 0 && k.settings.externalID != "" {
			k.lastID = k.settings.externalID
		} else if err := c.checkExternalID(k.lastID); err != nil || k.lastID == "" {
			return nil, &Error{Outcome: Failed, Reason: "the X-EXTERNAL-ID generator made an id the provider would refuse; nothing was sent", Err: err}
		}
	}
	header, err := c.buildHeader(k.method, k.signedPath, token, k.body, k.lastID, k.req, &k.settings)
	if err != nil {
		return nil, &Error{Outcome: Failed, Reason: "request could not be signed; nothing was sent", Err: err}
	}
	return header, nil
}

// send makes one attempt and reads its answer.
func (k *call) send(ctx context.Context, header http.Header) {
	c := k.c
	k.sent++
	if c.cfg.Signature != Plain {
		k.ids = append(k.ids, k.lastID)
	}
	attemptStart := time.Now()
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	res, err := c.transport.Send(actx, k.method, k.fullURL, header, k.body)
	cancel()
	k.last = attemptResult{}
	if err != nil {
		k.last.transportErr = err
		k.lastRes = nil
		k.markUnknown(k.req.Outcomes.PendingRule(responsecode.NoAnswer).Action)
	} else {
		k.lastRes = res
		k.last.status = res.Status
		k.last.verdict = k.read(res)
		if k.last.verdict.Outcome == Pending {
			k.markUnknown(k.last.verdict.Action)
		}
	}
	if c.logger != nil {
		c.logAttempt(ctx, k.op(), k.req.ServiceCode, k.sent, k.lastID, k.last, time.Since(attemptStart))
	}
}

// read is the one place an answer becomes a verdict: the interpreter reads
// the code, then a success must pass the operation's proof.
func (k *call) read(res *transport.Result) Verdict {
	v := k.interpret(res.Status, res.Body)
	if res.Truncated && v.Outcome != Success {
		return unexpected(k.req.Outcomes, res.Status, v.RawCode, "answer larger than the read bound")
	}
	if v.Outcome != Success || k.req.Proof == nil && !res.Truncated {
		return v
	}
	reason := "the answer is larger than the read bound"
	if !res.Truncated {
		reason = k.prove(v, res.Body)
	}
	if reason == "" {
		return v
	}
	u := unexpected(k.req.Outcomes, res.Status, v.RawCode, "success code "+v.RawCode+", but "+reason)
	u.Code, u.Message = v.Code, v.Message
	return u
}

// prove checks a success answer against the request's proof; it reuses the
// interpreter's reading of the answer and reads the request once per call.
func (k *call) prove(v Verdict, body []byte) string {
	ans := v.answer
	if ans == nil {
		var err error
		if ans, err = jsonscan.Parse(bytes.TrimSpace(body)); err != nil {
			return "the answer is not a well-formed JSON object: " + err.Error()
		}
	}
	if k.request == nil && len(k.req.Proof.Echoed) > 0 {
		k.request, _ = jsonscan.Parse(k.body) // nil when the body is not an object: nothing echoes it
	}
	return k.req.Proof.check(k.request, ans)
}

func (k *call) markUnknown(action string) {
	k.unknown = true
	k.pendingAction = action
}

// renewToken handles 401xx01 Invalid Token: drop the B2B token and resend.
// The resend is an attempt within the budget, except that a call whose only
// answer so far is 401xx01 may always renew once: the provider refused it
// before processing it. A non-idempotent call is never resent after an
// attempt whose result is unknown.
func (k *call) renewToken(token string) bool {
	v := k.last.verdict
	switch {
	case k.c.tokens == nil, k.renewed, k.last.transportErr != nil,
		v.Code.HTTPStatus() != http.StatusUnauthorized || v.Code.Case() != 1,
		k.tries >= k.c.retry.MaxAttempts && k.sent > 1,
		k.unknown && !k.req.Idempotent:
		return false
	}
	k.renewed = true
	k.c.tokens.invalidate(token)
	return true
}

// spend draws a retry's cost from the client's budget, or returns the
// Pending error to stop with when the budget is empty.
func (k *call) spend(cost int) *Error {
	if k.c.budget.take(cost) {
		return nil
	}
	return &Error{Outcome: Pending, Reason: "not retried: the client's retry budget is spent (the provider has been failing; RetryPolicy.Budget)"}
}

func (k *call) retryAfter() time.Duration {
	if k.lastRes == nil {
		return 0
	}
	return retryAfter(k.lastRes.Header, k.c.now())
}

// wait sleeps before the next attempt: the provider's Retry-After when it
// gave one, else the policy's backoff. It returns the Pending error to stop
// with when the provider's wait lies beyond the policy's MaxDelay or the
// context's deadline, or when the context ends while waiting.
func (k *call) wait(ctx context.Context, ra time.Duration) *Error {
	p := k.c.retry
	d := backoff(p, k.tries)
	if ra > 0 {
		if p.MaxDelay > 0 && ra > p.MaxDelay {
			return &Error{Outcome: Pending, RetryAfter: ra,
				Reason: fmt.Sprintf("the provider asks to wait %s (Retry-After), beyond the retry policy's MaxDelay of %s", ra, p.MaxDelay)}
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < ra {
			return &Error{Outcome: Pending, RetryAfter: ra,
				Reason: fmt.Sprintf("the provider asks to wait %s (Retry-After), beyond the context's deadline", ra)}
		}
		d = ra
	}
	if err := wait.Sleep(ctx, d); err != nil {
		return &Error{Outcome: Pending, Reason: "context ended while waiting to retry", Err: err}
	}
	return nil
}

// finish turns the last attempt into the call's result.
func (k *call) finish(out any) (*Response, error) {
	if err := k.last.transportErr; err != nil {
		reason := "no answer"
		if isNetTimeout(err) || errors.Is(err, context.DeadlineExceeded) {
			reason = "timeout"
		}
		if k.sent > 1 {
			reason += fmt.Sprintf(" after %d attempts", k.sent)
		}
		return k.fail(&Error{Outcome: Pending, Reason: reason, Err: err})
	}
	v := k.last.verdict
	if v.Outcome == Success && out != nil {
		if err := decodeAnswer(v, k.lastRes.Body, out); err != nil {
			u := unexpected(k.req.Outcomes, k.lastRes.Status, v.RawCode, "success code "+v.RawCode+", but the answer does not decode: "+err.Error())
			u.Code, u.Message = v.Code, v.Message
			k.last.verdict = u
			return k.fail(&Error{Code: u.Code, RawCode: u.RawCode, Message: u.Message, Outcome: Pending, Action: u.Action, Reason: u.Reason})
		}
	}
	if v.Outcome != Success {
		return k.fail(&Error{Code: v.Code, RawCode: v.RawCode, Message: v.Message, Outcome: v.Outcome, Action: v.Action, Reason: v.Reason})
	}
	k.c.budget.succeeded()
	return &Response{
		HTTPStatus: k.lastRes.Status, Header: k.lastRes.Header, Body: k.lastRes.Body, Verdict: v,
		ExternalID: k.lastID, ExternalIDs: k.ids, Attempts: k.sent, Duration: k.c.now().Sub(k.start),
	}, nil
}

// decodeAnswer decodes a success answer into out. An answer the SNAP
// reader has already found well-formed goes straight to out's own
// UnmarshalJSON, skipping encoding/json's second validity scan.
func decodeAnswer(v Verdict, body []byte, out any) error {
	if u, ok := out.(json.Unmarshaler); ok && v.answer != nil {
		return u.UnmarshalJSON(bytes.TrimSpace(body))
	}
	return json.Unmarshal(body, out)
}

// fail completes e with what the call did and returns it with the last
// answer. A definitive "no" to a later attempt says nothing about an earlier
// one that went unanswered: then the outcome is Pending, with the
// provider's action for that unknown.
func (k *call) fail(e *Error) (*Response, error) {
	if e.Op == "" {
		e.Op = k.op()
	} else {
		e.Op = k.op() + ": " + e.Op
	}
	e.Attempts, e.ExternalIDs, e.ExternalID = k.sent, k.ids, k.lastID
	e.ServiceCode, e.Path, e.Started = k.req.ServiceCode, k.req.Path, k.start
	if k.lastRes != nil && e.Body == nil {
		e.HTTPStatus, e.Body, e.Header = k.lastRes.Status, RedactTokens(k.lastRes.Body), redactHeader(k.lastRes.Header)
		if v := k.last.verdict; e.RawCode == "" {
			e.Code, e.RawCode, e.Message = v.Code, v.RawCode, v.Message
		}
	}
	if k.unknown && e.Outcome == Failed {
		e.Outcome, e.Action = Pending, k.pendingAction
		e.Reason = strings.TrimPrefix(e.Reason+"; an earlier attempt went unanswered", "; ")
	}
	if e.Outcome == Pending { // what settling it later needs
		e.References, e.Amounts = requestReferences(k.body)
	}
	if e.Action == "" {
		e.Action = responsecode.Action(e.Outcome)
		if e.Outcome == Pending && k.pendingAction != "" {
			e.Action = k.pendingAction
		}
	}
	resp := &Response{Verdict: Verdict{Outcome: e.Outcome, Action: e.Action, Reason: e.Reason}}
	if k.lastRes != nil {
		resp = &Response{HTTPStatus: k.lastRes.Status, Header: k.lastRes.Header, Body: k.lastRes.Body, Verdict: k.last.verdict}
		resp.Outcome, resp.Action = e.Outcome, e.Action
	}
	resp.ExternalID, resp.ExternalIDs, resp.Attempts, resp.Duration = k.lastID, k.ids, k.sent, k.c.now().Sub(k.start)
	return resp, e
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
	vals := make([]string, 0, 10) // one backing array for the SDK's own values
	put := func(key, v string) {
		vals = append(vals, v)
		h[key] = vals[len(vals)-1 : len(vals) : len(vals)]
	}
	put("Content-Type", "application/json")
	put("Accept", "application/json")
	if c.cfg.Signature == Plain {
		return h, nil
	}
	ts := FormatTimestamp(c.now(), c.cfg.TimestampLayout)
	sig, err := signCompact(c.cfg.Signature, c.cfg.ClientSecret.Reveal(), c.cfg.PrivateKey, method, signedPath, token, body, ts)
	if err != nil {
		return nil, err
	}
	put("X-Timestamp", ts)
	put("X-Signature", sig)
	put("X-Partner-Id", c.cfg.PartnerID)
	put("X-External-Id", externalID)
	put("Channel-Id", c.cfg.ChannelID)
	if c.cfg.Origin != "" {
		put("Origin", c.cfg.Origin)
	}
	if token != "" {
		put("Authorization", "Bearer "+token)
	}
	if s.customerToken != "" {
		h["Authorization-Customer"] = []string{c.cfg.CustomerTokenForm.header(s.customerToken)}
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
			if err := checkHeaderValue(k, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkHeaderValue refuses a value with a control character other than a
// tab, which net/http would refuse to send.
func checkHeaderValue(name, v string) error {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return &ValidationError{Field: name, Reason: fmt.Sprintf("header value contains a control character (%d characters)", len(v))}
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
