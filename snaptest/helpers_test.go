package snaptest

import (
	"context"
	"testing"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/stretchr/testify/require"
)

// fixedNow is 2020-12-23 07:44:11 in Jakarta, the seeds' sample time.
var fixedNow = time.Date(2020, 12, 23, 0, 44, 11, 0, time.UTC)

func clock() time.Time { return fixedNow }

// newTestServer starts a server with the repository's test keys and the
// fixed clock; it is closed when the test ends.
func newTestServer(t testing.TB, p Profile, opts ...Option) *Server {
	t.Helper()
	base := []Option{WithPartnerKey(testkit.PartnerKey(t)), WithProviderKey(testkit.ProviderKey(t)), WithClock(clock)}
	srv := NewServer(p, append(base, opts...)...)
	t.Cleanup(srv.Close)
	return srv
}

// fastRetry retries quickly so that fault tests stay fast.
var fastRetry = snap.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}

// newClient builds a core client for srv with its SNAPConfig and clock.
func newClient(t testing.TB, srv *Server, opts ...snap.Option) *snap.Client {
	t.Helper()
	return newClientWith(t, srv.SNAPConfig(), opts...)
}

func newClientWith(t testing.TB, cfg snap.Config, opts ...snap.Option) *snap.Client {
	t.Helper()
	c, err := snap.NewClient(cfg, append([]snap.Option{snap.WithClock(clock), snap.WithRetry(fastRetry), snap.WithTimeout(5 * time.Second)}, opts...)...)
	require.NoError(t, err)
	return c
}

// result is what a call produced.
type result struct {
	code, message string
	fields        map[string]any // the decoded answer on success
	resp          *snap.Response
	err           error
}

// call sends body to path (idempotent unless it is a payment) and returns
// the answered code and message, from the answer or from the error.
func call(t testing.TB, c *snap.Client, path string, service int, body any, opts ...snap.CallOption) result {
	t.Helper()
	var r result
	r.resp, r.err = c.Do(context.Background(), &snap.Request{Path: path, ServiceCode: service, Body: body, Idempotent: service != 54}, &r.fields, opts...)
	if r.err != nil {
		var e *snap.Error
		if errorAs(r.err, &e) {
			r.code, r.message = e.RawCode, e.Message
		}
		return r
	}
	r.code, _ = r.fields["responseCode"].(string)
	r.message, _ = r.fields["responseMessage"].(string)
	return r
}
