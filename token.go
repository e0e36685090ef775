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
	"sync/atomic"
	"time"

	"github.com/snapbi/snap/internal/wait"
	"github.com/snapbi/snap/responsecode"
)

// DefaultTokenLifetime is assumed when a token answer carries no expiresIn.
const DefaultTokenLifetime = 900 * time.Second

// tokenSource is the Client's B2B access token (SPEC §4): a local copy used
// until the TTL it was given runs out, one renewal in flight however many
// calls wait, and behind it a TokenStore that the replicas of a fleet share
// (see TokenStore for the protocol).
type tokenSource struct {
	c     *Client
	store TokenStore
	key   string
	own   bool // store is the Client's own MemoryTokenStore: it never fails or blocks

	mu       sync.Mutex
	token    string
	expires  time.Time
	inflight *tokenFetch
	refused  string // a token refused with 401xx01, until a renewal replaces it
	refusals uint64 // counts invalidations

	degraded atomic.Bool // the store failed; logged on each change
}

// tokenStoreTimeout bounds each operation of a shared TokenStore: beyond
// it the Client stops waiting and fetches its own token.
const tokenStoreTimeout = time.Second

// The poll interval of a replica waiting for another's fetch grows from
// tokenPollMin to tokenPollMax.
const (
	tokenPollMin = 5 * time.Millisecond
	tokenPollMax = 100 * time.Millisecond
)

func newTokenSource(c *Client) *tokenSource {
	s := &tokenSource{c: c, store: c.tokenStore, key: TokenKey(c.cfg)}
	if s.store == nil {
		s.store, s.own = &MemoryTokenStore{now: c.now}, true
	}
	return s
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

// margin renews a token before it expires: a tenth of its lifetime, at
// most a minute.
func margin(lifetime time.Duration) time.Duration {
	return min(lifetime/10, time.Minute)
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
		refused, n := s.refused, s.refusals
		s.mu.Unlock()

		if leader {
			tok, ttl, fetched, err := s.renew(ctx, refused)
			s.mu.Lock()
			if err == nil && s.refusals != n && !fetched && tok == s.refused {
				// Refused with 401xx01 while the store handed it over:
				// renew again (renew drops it from the store first).
				refused, n = s.refused, s.refusals
				s.mu.Unlock()
				tok, ttl, _, err = s.renew(ctx, refused)
				s.mu.Lock()
			}
			if err == nil {
				s.token, s.expires = tok, s.c.now().Add(ttl)
				if s.refusals == n {
					s.refused = ""
				}
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

// invalidate drops tok after 401xx01, unless a newer token replaced it;
// the next renewal drops it from the store too.
func (s *tokenSource) invalidate(tok string) {
	s.mu.Lock()
	if s.token == tok || s.token == "" {
		s.token, s.refused = "", tok
		s.refusals++
	}
	s.mu.Unlock()
}

// renew finds the next token: in the store, else by fetching it under the
// store's lease, else — the store failing — by fetching it alone. It
// returns the token, how long to use it and whether it was fetched (a
// provider may hand out the same token again). refused, when not "", was
// refused with 401xx01: it is dropped from the store and never read back.
func (s *tokenSource) renew(ctx context.Context, refused string) (tok string, ttl time.Duration, fetched bool, err error) {
	if refused != "" {
		if err := s.storeInvalidate(ctx, refused); err != nil {
			tok, ttl, err := s.alone(ctx, "invalidate", err)
			return tok, ttl, true, err
		}
	}
	poll := tokenPollMin
	for {
		tok, ttl, ok, err := s.storeGet(ctx)
		if err != nil {
			tok, ttl, err := s.alone(ctx, "get", err)
			return tok, ttl, true, err
		}
		if ok && tok != refused {
			s.healthy(ctx)
			return tok, ttl, false, nil
		}
		lease, won, err := s.storeLock(ctx)
		if err != nil {
			tok, ttl, err := s.alone(ctx, "lock", err)
			return tok, ttl, true, err
		}
		if won {
			s.healthy(ctx)
			return s.fetchLeased(ctx, lease, refused)
		}
		// Another replica is fetching: wait for its token, or for the
		// lease to free if it fails or dies.
		if err := wait.Sleep(ctx, poll); err != nil {
			return "", 0, false, err
		}
		poll = min(2*poll, tokenPollMax)
	}
}

// fetchLeased fetches the token while holding the store's lease and stores it.
func (s *tokenSource) fetchLeased(ctx context.Context, lease, refused string) (string, time.Duration, bool, error) {
	settle := context.WithoutCancel(ctx)
	defer func() {
		if _, err := storeCall(s, settle, func(ctx context.Context) (struct{}, error) {
			return struct{}{}, s.store.Unlock(ctx, s.key, lease)
		}); err != nil {
			s.degrade(ctx, "unlock", err) // the lease runs out by itself
		}
	}()
	// Another replica may have stored a token between our read and our lease.
	tok, ttl, ok, err := s.storeGet(ctx)
	if err == nil && ok && tok != refused {
		return tok, ttl, false, nil
	}
	if err != nil && ctx.Err() == nil {
		s.degrade(ctx, "get", err)
	}
	tok, lifetime, err := s.fetch(ctx)
	if err != nil {
		return "", 0, true, err
	}
	ttl = lifetime - margin(lifetime)
	if _, err := storeCall(s, settle, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.store.Set(ctx, s.key, tok, ttl)
	}); err != nil {
		s.degrade(ctx, "set", err)
	}
	return tok, ttl, true, nil
}

// alone fetches the token without the store, which failed — unless it was
// the caller's context that ended.
func (s *tokenSource) alone(ctx context.Context, op string, err error) (string, time.Duration, error) {
	if ctx.Err() != nil {
		return "", 0, ctx.Err()
	}
	s.degrade(ctx, op, err)
	tok, lifetime, err := s.fetch(ctx)
	if err != nil {
		return "", 0, err
	}
	return tok, lifetime - margin(lifetime), nil
}

// The store's changes of state, as logged.
const (
	logTokenStoreFailed = "snap: token store failed; fetching the B2B token without it until it answers again"
	logTokenStoreBack   = "snap: token store answers again"
)

// degrade logs that the store failed, once until it answers again.
func (s *tokenSource) degrade(ctx context.Context, op string, err error) {
	if s.degraded.CompareAndSwap(false, true) && s.c.logger != nil {
		s.c.logger.WarnContext(ctx, logTokenStoreFailed, "op", op, "error", err.Error())
	}
}

func (s *tokenSource) healthy(ctx context.Context) {
	if s.degraded.CompareAndSwap(true, false) && s.c.logger != nil {
		s.c.logger.InfoContext(ctx, logTokenStoreBack)
	}
}

type storedToken struct {
	token string
	ttl   time.Duration
	ok    bool
}

func (s *tokenSource) storeGet(ctx context.Context) (string, time.Duration, bool, error) {
	t, err := storeCall(s, ctx, func(ctx context.Context) (storedToken, error) {
		tok, ttl, ok, err := s.store.Get(ctx, s.key)
		return storedToken{tok, ttl, ok && tok != "" && ttl > 0}, err
	})
	return t.token, t.ttl, t.ok, err
}

type storeLease struct {
	lease string
	ok    bool
}

func (s *tokenSource) storeLock(ctx context.Context) (string, bool, error) {
	// The holder's fetch is one attempt bounded by the Client's timeout.
	ttl := s.c.timeout + tokenStoreTimeout
	l, err := storeCall(s, ctx, func(ctx context.Context) (storeLease, error) {
		lease, ok, err := s.store.Lock(ctx, s.key, ttl)
		return storeLease{lease, ok}, err
	})
	return l.lease, l.ok, err
}

func (s *tokenSource) storeInvalidate(ctx context.Context, tok string) error {
	_, err := storeCall(s, ctx, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.store.Invalidate(ctx, s.key, tok)
	})
	return err
}

// storeCall runs one store operation within tokenStoreTimeout and the
// context, whether or not the store honours its context.
func storeCall[T any](s *tokenSource, ctx context.Context, op func(context.Context) (T, error)) (T, error) {
	if s.own {
		return op(ctx)
	}
	ctx, cancel := context.WithTimeout(ctx, tokenStoreTimeout)
	defer cancel()
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := op(ctx)
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, fmt.Errorf("token store: no answer: %w", ctx.Err())
	}
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
			Outcome: Failed, Reason: reason, Body: RedactTokens(res.Body), Header: redactHeader(res.Header),
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
