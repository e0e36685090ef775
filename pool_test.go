package snap

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/testkit"
)

// TestPoolServesConcurrentCallers: 64 callers reuse their connections
// (net/http's default pool keeps 2 idle per host, so most calls would dial
// anew), and CloseIdleConnections releases them.
func TestPoolServesConcurrentCallers(t *testing.T) {
	var opened atomic.Int32
	srv := httptest.NewUnstartedServer(benchHandler())
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{BaseURL: srv.URL, PartnerID: "partner", ChannelID: "95221", ClientSecret: "secret",
		PrivateKey: NewPrivateKey(testkit.PartnerKey(t)), Signature: Symmetric, TokenPath: "/v1.0/access-token/b2b"})
	require.NoError(t, err)
	const callers, calls = 64, 40
	var wg sync.WaitGroup
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range calls {
				var out benchCancelAnswer
				if _, err := c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true, Body: benchReq}, &out); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	t.Logf("%d calls from %d callers opened %d connections", callers*calls, callers, opened.Load())
	assert.LessOrEqual(t, int(opened.Load()), 3*callers, "connections are reused, not opened per call (2 idle per host would dial for most)")
	c.CloseIdleConnections()
}
