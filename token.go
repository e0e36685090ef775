package snap

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/snapbi/snap/responsecode"
)

// DefaultTokenLifetime is assumed when a token answer carries no expiresIn.
const DefaultTokenLifetime = 900 * time.Second

// tokenSource caches the B2B access token (SPEC §4): one fetch in flight
// however many calls wait, renewed a margin before it expires.
type tokenSource struct {
	c *Client

	mu       sync.Mutex
	token    string
	expires  time.Time
	inflight *tokenFetch
}

type tokenFetch struct {
	done  chan struct{}
	token string
	err   error
}

// tokenAnswer is the B2B token answer. expiresIn arrives as "900" at some
// providers and 900 at others.
type tokenAnswer struct {
	ResponseCode    string          `json:"responseCode"`
	ResponseMessage string          `json:"responseMessage"`
	AccessToken     string          `json:"accessToken"`
	TokenType       string          `json:"tokenType"`
	ExpiresIn       json.RawMessage `json:"expiresIn"`
}

func parseExpiresIn(raw json.RawMessage) (time.Duration, error) {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	if s == "" || s == "null" {
		return DefaultTokenLifetime, nil
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("expiresIn %q is not a positive number of seconds", s)
	}
	return time.Duration(n * float64(time.Second)), nil
}

// margin renews a token before it expires: a minute, or half of a short lifetime.
func margin(lifetime time.Duration) time.Duration {
	if lifetime <= 2*time.Minute {
		return lifetime / 2
	}
	return time.Minute
}

func (s *tokenSource) get(ctx context.Context) (string, error) {
	for {
		s.mu.Lock()
		if s.token != "" && s.c.now().Before(s.expires) {
			tok := s.token
			s.mu.Unlock()
			return tok, nil
		}
		f := s.inflight
		leader := f == nil
		if leader {
			f = &tokenFetch{done: make(chan struct{})}
			s.inflight = f
		}
		s.mu.Unlock()

		if leader {
			tok, lifetime, err := s.fetch(ctx)
			s.mu.Lock()
			if err == nil {
				s.token, s.expires = tok, s.c.now().Add(lifetime-margin(lifetime))
			}
			f.token, f.err = tok, err
			s.inflight = nil
			s.mu.Unlock()
			close(f.done)
			return tok, err
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-f.done:
		}
		if f.err == nil {
			return f.token, nil
		}
		// The leader's own context ended: try again under ours.
		if errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded) {
			continue
		}
		return "", f.err
	}
}

// invalidate drops tok if it is still the cached token (after 401xx01).
func (s *tokenSource) invalidate(tok string) {
	s.mu.Lock()
	if s.token == tok {
		s.token = ""
	}
	s.mu.Unlock()
}

var tokenBody = []byte(`{"grantType":"client_credentials"}`)

func (s *tokenSource) fetch(ctx context.Context) (string, time.Duration, error) {
	c := s.c
	ts := FormatTimestamp(c.now(), c.cfg.TimestampLayout)
	sig, err := TokenSignature(c.cfg.PrivateKey, c.cfg.PartnerID, ts)
	if err != nil {
		return "", 0, &Error{Op: "access token", Outcome: Failed, Reason: "token request could not be signed", Err: err}
	}
	h := make(map[string][]string, 5)
	h["Content-Type"] = []string{"application/json"}
	h["X-Timestamp"] = []string{ts}
	h["X-Client-Key"] = []string{c.cfg.PartnerID}
	h["X-Signature"] = []string{sig}
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	res, err := c.transport.Send(actx, "POST", c.base.String()+c.cfg.TokenPath, h, tokenBody)
	if err != nil {
		if ctx.Err() != nil {
			return "", 0, ctx.Err()
		}
		return "", 0, &Error{Op: "access token", Outcome: Failed, Reason: "no answer", Err: err, retryable: true}
	}
	fail := func(v Verdict, reason string) (string, time.Duration, error) {
		return "", 0, &Error{
			Op: "access token", HTTPStatus: res.Status, Code: v.Code, RawCode: v.RawCode, Message: v.Message,
			Outcome: Failed, Reason: reason, Body: RedactTokens(res.Body), Header: res.Header,
			RetryAfter: retryAfter(res.Header, c.now()),
			// The token request is idempotent: resend it where the provider
			// may not have processed it.
			retryable: res.Status == http.StatusTooManyRequests || res.Status >= 500,
		}
	}
	v := interpretSNAP(responsecode.ServiceB2BToken, nil, res.Status, res.Body)
	if v.Outcome != Success {
		reason := v.Reason
		if reason == "" {
			reason = "token refused"
		}
		return fail(v, reason)
	}
	var a tokenAnswer
	if err := json.Unmarshal(res.Body, &a); err != nil || a.AccessToken == "" {
		return fail(v, "token answer carries no accessToken")
	}
	lifetime, err := parseExpiresIn(a.ExpiresIn)
	if err != nil {
		return fail(v, err.Error())
	}
	if c.logger != nil {
		c.logger.InfoContext(ctx, "snap: access token obtained", "expires_in", lifetime)
	}
	return a.AccessToken, lifetime, nil
}

// token returns the B2B token for an attempt ("" for providers without one).
func (c *Client) token(ctx context.Context) (string, error) {
	if c.tokens == nil {
		return "", nil
	}
	return c.tokens.get(ctx)
}

// tokenRetryable reports whether a failed token fetch may be tried again:
// no answer, 429 or 5xx.
func tokenRetryable(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.retryable
}

func tokenRetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

// tokenFailure is the call's error when no token could be obtained: the
// request itself was not sent, so the operation did not happen (Failed,
// unless an earlier attempt went unanswered).
func tokenFailure(err error) *Error {
	const notSent = "the access token could not be obtained, the request was not sent"
	var e *Error
	if errors.As(err, &e) {
		cp := *e
		cp.Outcome, cp.Token = Failed, true
		cp.Reason = strings.TrimPrefix(cp.Reason+"; "+notSent, "; ")
		return &cp
	}
	return &Error{Op: "access token", Token: true, Outcome: Failed, Reason: notSent, Err: err}
}

// tokenStopped is tokenFailure when a retry of the token fetch was stopped
// (a Retry-After too long, the context ending while waiting).
func tokenStopped(err error, stop *Error) *Error {
	e := tokenFailure(err)
	e.Reason += "; " + stop.Reason
	if stop.RetryAfter > 0 {
		e.RetryAfter = stop.RetryAfter
	}
	if stop.Err != nil {
		e.Err = stop.Err
	}
	return e
}
