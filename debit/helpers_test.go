package debit

import (
	"bytes"
	"context"
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
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
	testSecret   = "direct-debit-client-secret"
	testToken    = "b2b-token-for-debit"
	testPartner  = "82150823919040624621823174737537"
	testChannel  = "95221"
	testTokenURL = "/v1.0/access-token/b2b"
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

// seen is one request the fake provider received.
type seen struct {
	Path   string
	Header http.Header
	Body   []byte
	SigOK  bool
}

// fakeProvider is a loopback SNAP provider that checks every request's
// signature itself, with crypto/hmac and crypto/rsa, never with the code
// under test. answer decides each transactional answer (n counts them).
type fakeProvider struct {
	t          testing.TB
	srv        *httptest.Server
	partnerPub *rsa.PublicKey
	asymmetric bool

	mu     sync.Mutex
	calls  []seen
	answer func(n int, r *http.Request, body []byte) (int, string)
}

func newFakeProvider(t testing.TB, answer func(n int, r *http.Request, body []byte) (int, string)) *fakeProvider {
	f := &fakeProvider{t: t, partnerPub: publicKey(t, "partner_public.pem"), answer: answer}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func (f *fakeProvider) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	ts := r.Header.Get("X-TIMESTAMP")
	if r.URL.Path == testTokenURL {
		sig, _ := base64.StdEncoding.DecodeString(r.Header.Get("X-SIGNATURE"))
		digest := sha256.Sum256([]byte(r.Header.Get("X-CLIENT-KEY") + "|" + ts))
		if rsa.VerifyPKCS1v15(f.partnerPub, crypto.SHA256, digest[:], sig) != nil {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"responseCode":"4017300","responseMessage":"Unauthorized. Signature"}`)
			return
		}
		io.WriteString(w, `{"responseCode":"2007300","responseMessage":"Successful","accessToken":"`+testToken+`","tokenType":"Bearer","expiresIn":"900"}`)
		return
	}
	var sigOK bool
	if f.asymmetric {
		sig, _ := base64.StdEncoding.DecodeString(r.Header.Get("X-SIGNATURE"))
		digest := sha256.Sum256([]byte("POST:" + r.URL.Path + ":" + sha256Hex(body) + ":" + ts))
		sigOK = rsa.VerifyPKCS1v15(f.partnerPub, crypto.SHA256, digest[:], sig) == nil
	} else {
		mac := hmac.New(sha512.New, []byte(testSecret))
		mac.Write([]byte("POST:" + r.URL.Path + ":" + testToken + ":" + sha256Hex(body) + ":" + ts))
		want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
		sigOK = hmac.Equal([]byte(want), []byte(r.Header.Get("X-SIGNATURE"))) &&
			r.Header.Get("Authorization") == "Bearer "+testToken
	}
	f.mu.Lock()
	f.calls = append(f.calls, seen{Path: r.URL.Path, Header: r.Header.Clone(), Body: body, SigOK: sigOK})
	n := len(f.calls)
	f.mu.Unlock()
	if !sigOK {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"responseCode":"4010000","responseMessage":"Unauthorized. Signature"}`)
		return
	}
	status, out := f.answer(n, r, body)
	w.WriteHeader(status)
	io.WriteString(w, out)
}

func (f *fakeProvider) requests() []seen {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seen(nil), f.calls...)
}

// quickRetry keeps retry tests fast.
var quickRetry = snap.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}

// newTestClient is a symmetric direct-debit client on f, at the samples' time.
func newTestClient(t testing.TB, f *fakeProvider, opts ...Option) *Client {
	t.Helper()
	cfg := snap.Config{
		BaseURL: f.srv.URL, PartnerID: testPartner, ChannelID: testChannel, Origin: "www.hostname.com",
		ClientSecret: testSecret, PrivateKey: snap.NewPrivateKey(privateKey(t, "partner_pkcs8.pem")),
		Signature: snap.Symmetric, TokenPath: testTokenURL,
	}
	if f.asymmetric {
		cfg.Signature, cfg.ClientSecret, cfg.TokenPath = snap.Asymmetric, "", ""
	}
	core, err := snap.NewClient(cfg, snap.WithClock(func() time.Time { return fixedNow }), snap.WithRetry(quickRetry))
	require.NoError(t, err)
	c, err := Wrap(core, opts...)
	require.NoError(t, err)
	return c
}

// answerWith answers every call with status and body.
func answerWith(status int, body string) func(int, *http.Request, []byte) (int, string) {
	return func(int, *http.Request, []byte) (int, string) { return status, body }
}

// answers answers the n-th call with the n-th pair (the last one repeats).
func answers(pairs ...any) func(int, *http.Request, []byte) (int, string) {
	return func(n int, _ *http.Request, _ []byte) (int, string) {
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

// The seed's sample requests.
var (
	SamplePayment = samplePayment
	SampleStatus  = sampleStatus
	SampleCancel  = sampleCancel
	SampleRefund  = sampleRefund
)
