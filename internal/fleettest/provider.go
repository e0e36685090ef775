// Package fleettest is a loopback SNAP provider for the tests of B2B token
// sharing: it counts the tokens it issues, lets them expire, can keep only
// the latest one live (as providers with one live token per client id do)
// and answers a status call only when it carries a live token.
package fleettest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Paths the provider serves.
const (
	TokenPath  = "/v1.0/access-token/b2b"
	StatusPath = "/v1.0/debit/status"
)

// Options shape the provider.
type Options struct {
	// Lifetime of each token (its expiresIn); 0 means 900 s.
	Lifetime time.Duration
	// OneLive invalidates every earlier token when a new one is issued.
	OneLive bool
	// TokenDelay is waited before answering a token request.
	TokenDelay time.Duration
}

// Provider is the server; Close it when done.
type Provider struct {
	*httptest.Server
	opts Options

	fetches atomic.Int64
	calls   atomic.Int64
	refused atomic.Int64

	mu   sync.Mutex
	live map[string]time.Time // token → expiry
}

// New starts a provider on loopback.
func New(opts Options) *Provider {
	if opts.Lifetime <= 0 {
		opts.Lifetime = 900 * time.Second
	}
	p := &Provider{opts: opts, live: map[string]time.Time{}}
	p.Server = httptest.NewServer(http.HandlerFunc(p.serve))
	return p
}

// Fetches is how many tokens were issued.
func (p *Provider) Fetches() int64 { return p.fetches.Load() }

// Calls is how many status calls were answered, refused ones included.
func (p *Provider) Calls() int64 { return p.calls.Load() }

// Refused is how many status calls were answered 401xx01.
func (p *Provider) Refused() int64 { return p.refused.Load() }

func (p *Provider) serve(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case TokenPath:
		if p.opts.TokenDelay > 0 {
			time.Sleep(p.opts.TokenDelay)
		}
		tok := p.Issue()
		_, _ = io.WriteString(w, `{"responseCode":"2007300","responseMessage":"Successful","accessToken":"`+tok+
			`","tokenType":"Bearer","expiresIn":"`+strconv.FormatFloat(p.opts.Lifetime.Seconds(), 'f', -1, 64)+`"}`)
	case StatusPath:
		p.calls.Add(1)
		tok := r.Header.Get("Authorization")
		p.mu.Lock()
		exp, ok := p.live[tok[min(len(tok), len("Bearer ")):]]
		p.mu.Unlock()
		if !ok || time.Now().After(exp) {
			p.refused.Add(1)
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"responseCode":"4015501","responseMessage":"Invalid Token (B2B)"}`)
			return
		}
		_, _ = io.WriteString(w, `{"responseCode":"2005500","responseMessage":"Successful"}`)
	default:
		http.NotFound(w, r)
	}
}

// Issue issues a token as if another system had asked for one (it counts
// as a fetch and, with OneLive, kills the earlier tokens).
func (p *Provider) Issue() string {
	n := p.fetches.Add(1)
	tok := "tok-" + strconv.FormatInt(n, 10)
	p.mu.Lock()
	if p.opts.OneLive {
		clear(p.live)
	}
	p.live[tok] = time.Now().Add(p.opts.Lifetime)
	p.mu.Unlock()
	return tok
}
