// Package transport sends the SDK's already-signed requests over HTTP. It
// wraps resty so that no resty type reaches the public API, reads answers
// with a size bound, and never follows redirects (signed headers must not
// travel to another host).
package transport

import (
	"bytes"
	"context"
	"io"
	"net/http"

	"github.com/go-resty/resty/v2"
)

// UserAgent is sent with every request.
const UserAgent = "snapbi-go/0.1"

// DefaultMaxBody bounds how much of an answer is read.
const DefaultMaxBody = 1 << 20

// DefaultMaxIdleConnsPerHost sizes the connection pool of the SDK's own
// HTTP client for concurrent callers (net/http's default keeps 2 idle
// connections per host, so 64 callers open new connections all the time).
const DefaultMaxIdleConnsPerHost = 64

// Transport sends requests. It is safe for concurrent use.
type Transport struct {
	rc      *resty.Client
	hc      *http.Client
	maxBody int64
}

// New returns a Transport over a copy of hc (nil: a new client with a pool
// sized by DefaultMaxIdleConnsPerHost), so that the caller's client is not
// modified. Redirects come back as answers.
func New(hc *http.Client, maxBody int64) *Transport {
	var own http.Client
	if hc != nil {
		own = *hc
	} else {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConns = 2 * DefaultMaxIdleConnsPerHost
		t.MaxIdleConnsPerHost = DefaultMaxIdleConnsPerHost
		own.Transport = t
	}
	own.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	rc := resty.NewWithClient(&own)
	rc.SetRetryCount(0)
	rc.SetDoNotParseResponse(true)
	rc.SetLogger(discard{})
	rc.SetHeader("User-Agent", UserAgent)
	if maxBody <= 0 {
		maxBody = DefaultMaxBody
	}
	// Requests go through resty's configured *http.Client: its per-request
	// pipeline (middlewares, header cloning, body buffering) costs a fifth
	// of a call and does nothing the SDK needs, which builds, signs and
	// bounds everything itself.
	return &Transport{rc: rc, hc: rc.GetClient(), maxBody: maxBody}
}

// CloseIdleConnections closes the pool's idle connections.
func (t *Transport) CloseIdleConnections() { t.hc.CloseIdleConnections() }

// Result is an answer as received.
type Result struct {
	Status    int
	Header    http.Header
	Body      []byte
	Truncated bool // the body was longer than the bound and was cut
}

// Send sends body with header to url and reads the answer. header is used
// as the request's header map, not copied: the caller builds a fresh one
// per attempt.
func (t *Transport) Send(ctx context.Context, method, url string, header http.Header, body []byte) (*Result, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body) // sent as it is, never re-marshalled or copied
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return nil, err
	}
	if _, ok := header["User-Agent"]; !ok {
		header["User-Agent"] = userAgent
	}
	req.Header = header
	resp, err := t.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := readBounded(resp, t.maxBody)
	if err != nil {
		return nil, err
	}
	res := &Result{Status: resp.StatusCode, Header: resp.Header}
	if int64(len(data)) > t.maxBody {
		data = data[:t.maxBody]
		res.Truncated = true
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16)) // let the connection be reused when cheap
	}
	res.Body = data
	return res, nil
}

var userAgent = []string{UserAgent}

// readBounded reads at most maxBody+1 bytes, in one allocation when the
// answer says its length.
func readBounded(resp *http.Response, maxBody int64) ([]byte, error) {
	limit := maxBody + 1
	if n := resp.ContentLength; n >= 0 && n < limit {
		buf := make([]byte, n)
		if _, err := io.ReadFull(resp.Body, buf); err != nil {
			return nil, err
		}
		return buf, nil
	}
	return io.ReadAll(io.LimitReader(resp.Body, limit))
}

type discard struct{}

func (discard) Errorf(string, ...any) {}
func (discard) Warnf(string, ...any)  {}
func (discard) Debugf(string, ...any) {}
