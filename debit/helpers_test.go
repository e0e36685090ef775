package debit

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
)

// fixedNow is the seed samples' X-TIMESTAMP, 2020-12-23T07:44:11+07:00.
var fixedNow = time.Date(2020, 12, 23, 0, 44, 11, 0, time.UTC)

const (
	testSecret  = "direct-debit-client-secret"
	testPartner = "82150823919040624621823174737537"
	testChannel = "95221"
)

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

func fixture(t testing.TB, name string) []byte {
	return readFile(t, filepath.Join("testdata", name))
}

// compact minifies a fixture with the standard library only.
func compact(t testing.TB, b []byte) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, json.Compact(&buf, b))
	return buf.String()
}

func pemBlock(t testing.TB, name string) []byte {
	t.Helper()
	blk, _ := pem.Decode(readFile(t, filepath.Join("..", "testdata", "keys", name)))
	require.NotNil(t, blk, name)
	return blk.Bytes
}

func privateKey(t testing.TB, name string) *rsa.PrivateKey {
	t.Helper()
	k, err := x509.ParsePKCS8PrivateKey(pemBlock(t, name))
	require.NoError(t, err)
	return k.(*rsa.PrivateKey)
}

func publicKey(t testing.TB, name string) *rsa.PublicKey {
	t.Helper()
	k, err := x509.ParsePKIXPublicKey(pemBlock(t, name))
	require.NoError(t, err)
	return k.(*rsa.PublicKey)
}

// seen is one request the replay server received.
type seen struct {
	Path   string
	Header http.Header
	Body   []byte
}

// replay answers each transactional call with a recorded answer (n counts
// the calls), for the answer shapes the simulator does not make: the
// page's samples byte for byte, malformed codes and bodies, scripted
// sequences. It checks no signature: headers and signatures are checked by
// snaptest, in the package debit_test files.
type replay struct {
	srv    *httptest.Server
	mu     sync.Mutex
	calls  []seen
	answer func(n int) (int, string)
}

func newReplay(t testing.TB, answer func(n int) (int, string)) *replay {
	f := &replay{answer: answer}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *replay) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == TokenPath {
		_, _ = io.WriteString(w, `{"responseCode":"2007300","responseMessage":"Successful","accessToken":"b2b-token-for-debit","tokenType":"Bearer","expiresIn":"900"}`)
		return
	}
	f.mu.Lock()
	f.calls = append(f.calls, seen{Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	n := len(f.calls)
	f.mu.Unlock()
	status, out := f.answer(n)
	w.WriteHeader(status)
	_, _ = io.WriteString(w, out)
}

func (f *replay) requests() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.calls...)
}

// quickRetry keeps retry tests fast.
var quickRetry = snap.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}

// newTestClient is a symmetric direct-debit client on f, at the samples' time.
func newTestClient(t testing.TB, f *replay, opts ...Option) *Client {
	t.Helper()
	core, err := snap.NewClient(Config{
		BaseURL: f.srv.URL, PartnerID: testPartner, ChannelID: testChannel,
		ClientSecret: testSecret, PrivateKey: snap.NewPrivateKey(privateKey(t, "partner_pkcs8.pem")),
	}.SNAP(), snap.WithClock(func() time.Time { return fixedNow }), snap.WithRetry(quickRetry))
	require.NoError(t, err)
	c, err := Wrap(core, opts...)
	require.NoError(t, err)
	return c
}

// answerWith answers every call with status and body.
func answerWith(status int, body string) func(int) (int, string) {
	return func(int) (int, string) { return status, body }
}

// answers answers the n-th call with the n-th pair (the last one repeats).
func answers(pairs ...any) func(int) (int, string) {
	return func(n int) (int, string) {
		i := 2 * (n - 1)
		if i >= len(pairs) {
			i = len(pairs) - 2
		}
		return pairs[i].(int), pairs[i+1].(string)
	}
}

var bg = context.Background()

// Exported for the package debit_test files, so that keys, fixtures and
// samples are loaded in one place.

// FixedNow is the seed samples' X-TIMESTAMP.
func FixedNow() time.Time { return fixedNow }

// Fixture reads testdata/name.
func Fixture(t testing.TB, name string) []byte { return fixture(t, name) }

// Compact minifies a fixture.
func Compact(t testing.TB, b []byte) string { return compact(t, b) }

// PartnerKey is the merchant's key of ../testdata/keys.
func PartnerKey(t testing.TB) *rsa.PrivateKey { return privateKey(t, "partner_pkcs8.pem") }

// ProviderKey is the provider's notification key of ../testdata/keys.
func ProviderKey(t testing.TB) *rsa.PrivateKey { return privateKey(t, "provider_pkcs8.pem") }

// OperationsUnderTest are the four operations with their sample requests.
var OperationsUnderTest = operationsUnderTest

// The seed's sample requests.
var (
	SamplePayment = samplePayment
	SampleStatus  = sampleStatus
	SampleCancel  = sampleCancel
	SampleRefund  = sampleRefund
)
