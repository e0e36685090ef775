package payermax_test

import (
	"bytes"
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
	"regexp"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/payermax"
)

// fixedNow is 14:15:39.079 in Jakarta: X-TIMESTAMP must read
// 2024-03-02T14:15:39.079+07:00 whatever the host's zone.
var fixedNow = time.Date(2024, 3, 2, 7, 15, 39, 79_000_000, time.UTC)

const (
	wantTimestamp = "2024-03-02T14:15:39.079+07:00"
	testSecret    = "pm-client-secret-do-not-log"
	testToken     = "pm-b2b-token-do-not-log"
	testPartnerID = "P05010114269706"
	testChannelID = "95221"
)

// recorded is one transactional request the fake received.
type recorded struct {
	Path   string
	Header http.Header
	Body   []byte
}

// fakePayerMax is a loopback PayerMax whose checks use only the standard
// library: it recomputes the token signature, X-SIGNATURE and sign itself.
type fakePayerMax struct {
	t          *testing.T
	srv        *httptest.Server
	partnerPub *rsa.PublicKey
	tokenCalls atomic.Int32
	calls      atomic.Int32

	mu       sync.Mutex
	requests []recorded
	problems []string // signature or header checks that failed

	// answer writes the answer to call n (1-based); nil answers body 200.
	answer func(n int, w http.ResponseWriter)
	body   []byte
}

func newFakePayerMax(t *testing.T) *fakePayerMax {
	t.Helper()
	// The seed's sample answer reports 00 (paid), which does not confirm a
	// cancel; PayerMax's confirmed cancel reports 05.
	confirmed := bytes.Replace(readFixture(t, "seed_cancel_response.json"), []byte(`"latestTransactionStatus": "00"`), []byte(`"latestTransactionStatus": "05"`), 1)
	f := &fakePayerMax{t: t, partnerPub: stdPublicKey(t, "partner_public.pem"), body: confirmed}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakePayerMax) problem(s string) {
	f.mu.Lock()
	f.problems = append(f.problems, s)
	f.mu.Unlock()
}

func (f *fakePayerMax) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	w.Header().Set("Content-Type", "application/json")
	ts := r.Header.Get("X-TIMESTAMP")
	if len(ts) != 29 {
		f.problem("X-TIMESTAMP " + ts + " is not 29 characters")
	}
	if r.URL.Path == "/v1.0/access-token/b2b" {
		f.tokenCalls.Add(1)
		if !stdVerifyRSA(f.partnerPub, []byte(r.Header.Get("X-CLIENT-KEY")+"|"+ts), r.Header.Get("X-SIGNATURE")) {
			f.problem("token signature does not verify")
			w.WriteHeader(401)
			io.WriteString(w, `{"responseCode":"4017300","responseMessage":"Unauthorized. Signature"}`)
			return
		}
		io.WriteString(w, `{"responseCode":"2007300","responseMessage":"Successful","accessToken":"`+testToken+`","tokenType":"Bearer","expiresIn":"900"}`)
		return
	}
	n := int(f.calls.Add(1))
	f.mu.Lock()
	f.requests = append(f.requests, recorded{Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	f.mu.Unlock()

	sum := sha256.Sum256(body) // the SDK sends minified bytes: hash them as they are
	sts := r.Method + ":" + r.URL.Path + ":" + testToken + ":" + hex.EncodeToString(sum[:]) + ":" + ts
	mac := hmac.New(sha512.New, []byte(testSecret))
	mac.Write([]byte(sts))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if !hmac.Equal([]byte(want), []byte(r.Header.Get("X-SIGNATURE"))) {
		f.problem("X-SIGNATURE does not match HMAC-SHA512 of " + sts)
	}
	if r.Header.Get("Authorization") != "Bearer "+testToken {
		f.problem("Authorization is not the B2B token")
	}
	if sign := r.Header.Get("sign"); sign != "" && !stdVerifyRSA(f.partnerPub, body, sign) {
		f.problem("sign does not verify over the raw body")
	}
	if f.answer != nil {
		f.answer(n, w)
		return
	}
	w.Write(echoReferences(f.body, body))
}

// echoReferences answers about the transaction asked after, as PayerMax
// does: the request's references replace the answer's.
func echoReferences(answer, request []byte) []byte {
	var req map[string]any
	if json.Unmarshal(request, &req) != nil {
		return answer
	}
	for _, k := range []string{"originalPartnerReferenceNo", "originalReferenceNo", "originalExternalId", "partnerReferenceNo"} {
		v, ok := req[k].(string)
		if !ok || v == "" {
			continue
		}
		quoted, _ := json.Marshal(v)
		re := regexp.MustCompile(`("` + k + `"\s*:\s*)"[^"]*"`)
		answer = re.ReplaceAll(answer, append([]byte("${1}"), quoted...))
	}
	return answer
}

func (f *fakePayerMax) recorded() []recorded {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.requests...)
}

func (f *fakePayerMax) requireClean() {
	f.t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	require.Empty(f.t, f.problems)
}

// newClient returns a PayerMax client against f with the fixed clock and a
// fast retry policy.
func newClient(t *testing.T, f *fakePayerMax, mutate func(*payermax.Config), opts ...snap.Option) *payermax.Client {
	t.Helper()
	cfg := payermax.Config{
		BaseURL: f.srv.URL, PartnerID: testPartnerID, ChannelID: testChannelID, Origin: "www.shop.test",
		ClientSecret: testSecret, PrivateKey: snap.NewPrivateKey(partnerKey(t)),
	}
	if mutate != nil {
		mutate(&cfg)
	}
	base := []snap.Option{
		snap.WithClock(func() time.Time { return fixedNow }),
		snap.WithRetry(snap.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}),
	}
	c, err := payermax.NewClient(cfg, append(base, opts...)...)
	require.NoError(t, err)
	return c
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func readKey(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "keys", name))
	require.NoError(t, err)
	return b
}

func partnerKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := snap.ParsePrivateKey(readKey(t, "partner_pkcs8.pem"))
	require.NoError(t, err)
	return k
}

func providerKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	k, err := snap.ParsePrivateKey(readKey(t, "provider_pkcs8.pem"))
	require.NoError(t, err)
	return k
}

// stdPublicKey parses a PEM SPKI key with the standard library only.
func stdPublicKey(t testing.TB, name string) *rsa.PublicKey {
	t.Helper()
	block, _ := pem.Decode(readKey(t, name))
	require.NotNil(t, block)
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	require.NoError(t, err)
	return k.(*rsa.PublicKey)
}

// stdVerifyRSA checks base64(SHA256withRSA(data)) with the standard library.
func stdVerifyRSA(pub *rsa.PublicKey, data []byte, sig string) bool {
	raw, err := base64.StdEncoding.DecodeString(sig)
	if err != nil {
		return false
	}
	sum := sha256.Sum256(data)
	return rsa.VerifyPKCS1v15(pub, crypto.SHA256, sum[:], raw) == nil
}
