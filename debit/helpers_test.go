package debit

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
)

// fixedNow is the seed samples' X-TIMESTAMP, 2020-12-23T07:44:11+07:00.
var fixedNow = time.Date(2020, 12, 23, 0, 44, 11, 0, time.UTC)

const (
	testSecret  = "direct-debit-client-secret"
	testPartner = "82150823919040624621823174737537"
	testChannel = "95221"
)

// quickRetry keeps retry tests fast.
var quickRetry = snap.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}

// newTestClient is a symmetric direct-debit client on baseURL, at the
// samples' time. Headers and signatures are checked by snaptest, in the
// package debit_test files; here a testkit.Replay answers.
func newTestClient(t testing.TB, baseURL string, opts ...Option) *Client {
	t.Helper()
	core, err := snap.NewClient(Config{
		BaseURL: baseURL, PartnerID: testPartner, ChannelID: testChannel,
		ClientSecret: testSecret, PrivateKey: snap.NewPrivateKey(testkit.PartnerKey(t)),
	}.SNAP(), snap.WithClock(func() time.Time { return fixedNow }), snap.WithRetry(quickRetry))
	require.NoError(t, err)
	c, err := Wrap(core, opts...)
	require.NoError(t, err)
	return c
}

// replayClient is a test client on a replay server that answers with answer.
func replayClient(t testing.TB, answer testkit.Answer, opts ...Option) (*testkit.Replay, *Client) {
	t.Helper()
	f := testkit.NewReplay(t, answer)
	return f, newTestClient(t, f.URL, opts...)
}

var bg = context.Background()

// Exported for the package debit_test files, so that the clock and the
// samples are the ones this package's tests use.

// FixedNow is the seed samples' X-TIMESTAMP.
func FixedNow() time.Time { return fixedNow }

// OperationsUnderTest are the four operations with their sample requests.
var OperationsUnderTest = operationsUnderTest

// The seed's sample requests.
var (
	SamplePayment = samplePayment
	SampleStatus  = sampleStatus
	SampleCancel  = sampleCancel
	SampleRefund  = sampleRefund
)
