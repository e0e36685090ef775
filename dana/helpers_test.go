package dana

import (
	"crypto/rsa"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/snaptest"
	"github.com/stretchr/testify/require"
)

// seedNow is the X-TIMESTAMP of DANA's request sample: 2021-12-03T10:37:11+07:00.
var seedNow = time.Date(2021, 12, 3, 3, 37, 11, 0, time.UTC)

// seedPartnerID is X-PARTNER-ID in DANA's request sample.
const seedPartnerID = "82150823919040624621823174737537"

// fastRetry keeps DANA's 3 attempts with millisecond backoffs for tests.
var fastRetry = snap.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	return readFile(t, filepath.Join("testdata", name))
}

func partnerKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := snap.ParsePrivateKey(readFile(t, "../testdata/keys/partner_pkcs8.pem"))
	require.NoError(t, err)
	return k
}

func providerKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := snap.ParsePrivateKey(readFile(t, "../testdata/keys/provider_pkcs8.pem"))
	require.NoError(t, err)
	return k
}

// newServer is the simulator's DANA: it checks every request's headers and
// signature with its own verifier and keeps the transactions' state. It
// trusts the test partner key, expects DANA's sample partner id and reads
// its clock one second after seedNow (cancelTime 10:37:12 of DANA's sample).
func newServer(t testing.TB, opts ...snaptest.Option) *snaptest.Server {
	t.Helper()
	srv := snaptest.NewServer(snaptest.DANA, append([]snaptest.Option{snaptest.WithPartnerKey(partnerKey(t)),
		snaptest.WithProviderKey(providerKey(t)), snaptest.WithPartnerID(seedPartnerID),
		snaptest.WithClock(func() time.Time { return seedNow.Add(time.Second) })}, opts...)...)
	t.Cleanup(srv.Close)
	return srv
}

// newTestClient is a DANA client of the partner key for baseURL, stamping
// requests at seedNow with fast retries; opts come last.
func newTestClient(t testing.TB, baseURL string, opts ...snap.Option) *Client {
	t.Helper()
	c, err := NewClient(Config{
		BaseURL: baseURL, PartnerID: seedPartnerID, ChannelID: "95221",
		Origin: "www.hostname.com", PrivateKey: snap.NewPrivateKey(partnerKey(t)),
	}, append([]snap.Option{snap.WithClock(func() time.Time { return seedNow }), snap.WithRetry(fastRetry)}, opts...)...)
	require.NoError(t, err)
	return c
}

// replay answers every request with status and body, byte for byte, and
// counts the requests. It is for the answers snaptest never writes (a
// truncated body, a key sent twice, a success without a field DANA's schema
// makes optional): snaptest's answers are always well formed.
func replay(t testing.TB, status int, body []byte) (url string, calls *atomic.Int32) {
	t.Helper()
	calls = new(atomic.Int32)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, calls
}
