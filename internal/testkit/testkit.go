// Package testkit holds what the tests of every package load the same way:
// the module's test keys, fixture files and a replay server for the answers
// snaptest never writes (the pages' samples byte for byte, truncated or
// malformed bodies, scripted sequences). It imports nothing of this module,
// so the root package's own tests can use it too.
package testkit

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
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// Root is the module's root directory, found from this file's place in it.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Read reads a file, failing the test when it cannot.
func Read(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}

// Fixture reads testdata/name of the package under test.
func Fixture(t testing.TB, name string) []byte {
	t.Helper()
	return Read(t, filepath.Join("testdata", name))
}

// Compact minifies JSON with the standard library only.
func Compact(t testing.TB, b []byte) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, json.Compact(&buf, b))
	return buf.String()
}

// KeyPath is the path of testdata/keys/name of the module root, for a
// program that reads the key file itself.
func KeyPath(name string) string { return filepath.Join(Root(), "testdata", "keys", name) }

// KeyPEM reads testdata/keys/name of the module root, as PEM.
func KeyPEM(t testing.TB, name string) []byte {
	t.Helper()
	return Read(t, KeyPath(name))
}

// PrivateKey parses the PKCS#8 key testdata/keys/name.
func PrivateKey(t testing.TB, name string) *rsa.PrivateKey {
	t.Helper()
	blk, _ := pem.Decode(KeyPEM(t, name))
	require.NotNil(t, blk, name)
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	require.NoError(t, err)
	rk, ok := k.(*rsa.PrivateKey)
	require.True(t, ok, "%s is not an RSA key", name)
	return rk
}

// PartnerKey is the merchant's key: it signs requests.
func PartnerKey(t testing.TB) *rsa.PrivateKey { return PrivateKey(t, "partner_pkcs8.pem") }

// ProviderKey is the provider's key: it signs notifications.
func ProviderKey(t testing.TB) *rsa.PrivateKey { return PrivateKey(t, "provider_pkcs8.pem") }

// Seen is one request a Replay received.
type Seen struct {
	Path   string
	Header http.Header
	Body   []byte
}

// Answer is what a Replay sends for the n-th call (n counts from 1).
type Answer func(n int) (status int, body []byte)

// Always answers every call with status and body.
func Always(status int, body string) Answer {
	return func(int) (int, []byte) { return status, []byte(body) }
}

// Sequence answers the n-th call with the n-th pair of status (int) and
// body (string); the last pair repeats.
func Sequence(pairs ...any) Answer {
	return func(n int) (int, []byte) {
		i := 2 * (n - 1)
		if i >= len(pairs) {
			i = len(pairs) - 2
		}
		return pairs[i].(int), []byte(pairs[i+1].(string))
	}
}

// TokenAnswer is the B2B token a Replay gives for every access-token path.
const TokenAnswer = `{"responseCode":"2007300","responseMessage":"Successful","accessToken":"replay-b2b-token","tokenType":"Bearer","expiresIn":"900"}`

// Replay is a loopback server that answers each call with its Answer, byte
// for byte, and keeps what it received. It checks no signature: snaptest
// does that. Access-token requests get TokenAnswer and are not counted.
type Replay struct {
	// URL is the server's base URL.
	URL    string
	mu     sync.Mutex
	seen   []Seen
	answer Answer
}

// NewReplay starts a Replay, closed when the test ends.
func NewReplay(t testing.TB, answer Answer) *Replay {
	r := &Replay{answer: answer}
	srv := httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(srv.Close)
	r.URL = srv.URL
	return r
}

func (r *Replay) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	w.Header().Set("Content-Type", "application/json")
	if strings.Contains(req.URL.Path, "/access-token/") {
		_, _ = io.WriteString(w, TokenAnswer)
		return
	}
	r.mu.Lock()
	r.seen = append(r.seen, Seen{Path: req.URL.Path, Header: req.Header.Clone(), Body: body})
	n := len(r.seen)
	r.mu.Unlock()
	status, out := r.answer(n)
	w.WriteHeader(status)
	_, _ = w.Write(out)
}

// Requests returns the calls received so far, access-token requests left out.
func (r *Replay) Requests() []Seen {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Seen(nil), r.seen...)
}

// Calls is how many calls were received, access-token requests left out.
func (r *Replay) Calls() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.seen)
}

// Recorder is a merchant's notification handler that remembers what it was
// given; Fail, when set, is what Handle returns.
type Recorder[N any] struct {
	// Fail is the error Handle returns (nil: the notification is handled).
	Fail error
	mu   sync.Mutex
	got  []*N
}

// Handle records n and returns Fail.
func (r *Recorder[N]) Handle(_ context.Context, n *N) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, n)
	return r.Fail
}

// Got returns the notifications handled so far, in order.
func (r *Recorder[N]) Got() []*N {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*N(nil), r.got...)
}

// Count is how many notifications were handled.
func (r *Recorder[N]) Count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}
