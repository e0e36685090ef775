package dana

import (
	"testing"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/snaptest"
	"github.com/stretchr/testify/require"
)

// seedNow is the X-TIMESTAMP of DANA's request sample: 2021-12-03T10:37:11+07:00.
var seedNow = time.Date(2021, 12, 3, 3, 37, 11, 0, time.UTC)

// seedPartnerID is X-PARTNER-ID in DANA's request sample.
const seedPartnerID = "82150823919040624621823174737537"

// fastRetry keeps DANA's 3 attempts with millisecond backoffs for tests.
var fastRetry = snap.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}

// newServer is the simulator's DANA: it checks every request's headers and
// signature with its own verifier and keeps the transactions' state. It
// trusts the test partner key, expects DANA's sample partner id and reads
// its clock one second after seedNow (cancelTime 10:37:12 of DANA's sample).
func newServer(t testing.TB, opts ...snaptest.Option) *snaptest.Server {
	t.Helper()
	srv := snaptest.NewServer(snaptest.DANA, append([]snaptest.Option{snaptest.WithPartnerKey(testkit.PartnerKey(t)),
		snaptest.WithProviderKey(testkit.ProviderKey(t)), snaptest.WithPartnerID(seedPartnerID),
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
		Origin: "www.hostname.com", PrivateKey: snap.NewPrivateKey(testkit.PartnerKey(t)),
	}, append([]snap.Option{snap.WithClock(func() time.Time { return seedNow }), snap.WithRetry(fastRetry)}, opts...)...)
	require.NoError(t, err)
	return c
}
