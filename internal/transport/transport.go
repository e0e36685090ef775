// Package transport sends the SDK's already-signed requests over HTTP. It
// wraps resty so that no resty type reaches the public API, reads answers
// with a size bound, and never follows redirects (signed headers must not
// travel to another host).
package transport

import (
	"context"
	"errors"
	"io"
	"net/http"

	"github.com/go-resty/resty/v2"
)

// UserAgent is sent with every request.
const UserAgent = "snapbi-go/0.1"

// DefaultMaxBody bounds how much of an answer is read.
const DefaultMaxBody = 1 << 20

// Transport sends requests. It is safe for concurrent use.
type Transport struct {
	rc      *resty.Client
	maxBody int64
}

// New returns a Transport over a copy of hc (nil: a new client), so that the
// caller's client is not modified. Redirects come back as answers.
func New(hc *http.Client, maxBody int64) *Transport {
	var own http.Client
	if hc != nil {
		own = *hc
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
	return &Transport{rc: rc, maxBody: maxBody}
}

// Result is an answer as received.
type Result struct {
	Status    int
	Header    http.Header
	Body      []byte
	Truncated bool // the body was longer than the bound and was cut
}

var errNoResponse = errors.New("transport: no response")

// Send sends body with header to url and reads the answer.
func (t *Transport) Send(ctx context.Context, method, url string, header http.Header, body []byte) (*Result, error) {
	req := t.rc.R().SetContext(ctx)
	req.Header = header
	if body != nil {
		req.SetBody(body) // []byte is sent as it is, never re-marshalled
	}
	resp, err := req.Execute(method, url)
	if err != nil {
		if resp != nil && resp.RawBody() != nil {
			resp.RawBody().Close()
		}
		return nil, err
	}
	if resp == nil || resp.RawResponse == nil {
		return nil, errNoResponse
	}
	raw := resp.RawBody()
	defer raw.Close()
	data, err := io.ReadAll(io.LimitReader(raw, t.maxBody+1))
	if err != nil {
		return nil, err
	}
	res := &Result{Status: resp.StatusCode(), Header: resp.Header()}
	if int64(len(data)) > t.maxBody {
		data = data[:t.maxBody]
		res.Truncated = true
		_, _ = io.Copy(io.Discard, io.LimitReader(raw, 1<<16)) // let the connection be reused when cheap
	}
	res.Body = data
	return res, nil
}

type discard struct{}

func (discard) Errorf(string, ...any) {}
func (discard) Warnf(string, ...any)  {}
func (discard) Debugf(string, ...any) {}
