package dana

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/snapbi/snap"
	"github.com/stretchr/testify/require"
)

// seedNow is the X-TIMESTAMP of DANA's request sample: 2021-12-03T10:37:11+07:00.
var seedNow = time.Date(2021, 12, 3, 3, 37, 11, 0, time.UTC)

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

// stdlibPublicKey parses an SPKI PEM with the standard library only, so the
// fake server does not trust the code under test.
func stdlibPublicKey(t testing.TB, path string) *rsa.PublicKey {
	t.Helper()
	block, _ := pem.Decode(readFile(t, path))
	require.NotNil(t, block)
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	require.NoError(t, err)
	pub, ok := k.(*rsa.PublicKey)
	require.True(t, ok)
	return pub
}

// verifyAsymmetric recomputes DANA's request signature independently:
// base64(SHA256withRSA(METHOD:path:lowerhex(sha256(minified body)):X-TIMESTAMP)).
func verifyAsymmetric(pub *rsa.PublicKey, method, path string, body []byte, ts, sig string) error {
	var min bytes.Buffer
	if len(body) > 0 {
		if err := json.Compact(&min, body); err != nil {
			return err
		}
	}
	bodyHash := sha256.Sum256(min.Bytes())
	digest := sha256.Sum256([]byte(method + ":" + path + ":" + hex.EncodeToString(bodyHash[:]) + ":" + ts))
	raw, err := base64.StdEncoding.DecodeString(sig)
	if err != nil {
		return err
	}
	return rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], raw)
}

// recorded is one request the fake DANA received.
type recorded struct {
	method, path string
	header       http.Header
	body         []byte
	sigErr       error
}

// fakeDANA is a loopback DANA that checks every request's signature with the
// partner public key and answers with answer (default: the seed's success).
type fakeDANA struct {
	srv    *httptest.Server
	pub    *rsa.PublicKey
	calls  atomic.Int32
	mu     sync.Mutex
	reqs   []recorded
	answer func(n int, w http.ResponseWriter, r *http.Request)
}

func newFakeDANA(t *testing.T) *fakeDANA {
	f := &fakeDANA{pub: stdlibPublicKey(t, "../testdata/keys/partner_public.pem")}
	success := fixture(t, "otc_cancel_response.json")
	f.answer = func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(success)
	}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec := recorded{method: r.Method, path: r.URL.Path, header: r.Header.Clone(), body: body}
		sig := r.Header.Get("X-SIGNATURE")
		if sig == "" {
			rec.sigErr = errors.New("no X-SIGNATURE")
		} else {
			rec.sigErr = verifyAsymmetric(f.pub, r.Method, r.URL.Path, body, r.Header.Get("X-TIMESTAMP"), sig)
		}
		n := int(f.calls.Add(1))
		f.mu.Lock()
		f.reqs = append(f.reqs, rec)
		f.mu.Unlock()
		if rec.sigErr != nil {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"responseCode":"4014600","responseMessage":"Unauthorized. Invalid Signature"}`)
			return
		}
		f.answer(n, w, r)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeDANA) requests() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.reqs...)
}

// answerCode makes the fake answer every call with code at its HTTP status.
func (f *fakeDANA) answerCode(status int, code, message string) {
	f.answer = func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"responseCode":"`+code+`","responseMessage":"`+message+`"}`)
	}
}

func newTestClient(t testing.TB, baseURL string, opts ...snap.Option) *Client {
	t.Helper()
	c, err := NewClient(Config{
		BaseURL: baseURL, PartnerID: "82150823919040624621823174737537", ChannelID: "95221",
		Origin: "www.hostname.com", PrivateKey: snap.NewPrivateKey(partnerKey(t)),
	}, append([]snap.Option{snap.WithClock(func() time.Time { return seedNow }), snap.WithRetry(fastRetry)}, opts...)...)
	require.NoError(t, err)
	return c
}
