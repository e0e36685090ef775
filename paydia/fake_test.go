package paydia_test

import (
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
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/paydia"
)

// Values from the request sample of Paydia's void-query page.
const (
	seedPartnerID     = "4abbcb6ce30229994c76169006e0dc9c"
	seedChannelID     = "12345"
	seedExternalID    = "1724137901"
	seedTimestamp     = "2024-08-20T07:11:20+07:00"
	seedCustomerToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJQYXlkaWEiLCJpYXQiOjE3MjQxMjI3NjIsImV4cCI6MTczOTg5MDc2MiwianRpIjoiNjY1NzAzNTRjZDQ1Mjk5YTAwYTE5NjU3OGI5MmJlZjgzNGVkNGUwZGQ1OGVjZjk0YWI1MjhiMzMxOTYyMTFhMiIsImNsaWVudF9pZCI6ImRVVT0iLCJtZXJjaGFudF9taWQiOiJja1FFU2xZR0JBSUJBZ0p3UUFSSiIsInNjb3BlIjoiUFVCTElDX0lEIiwic3RhdGUiOiI0NWMzOTc2Mi0zZDgzLTRjYTktYWRlYi00YzU1NjAwNWY2ZjIifQ.bskQVeyZD43hCXaWNaNcrSM_6A5wrSbTrJrGkpGiqno"
	testClientSecret  = "paydia-test-client-secret-0123456789"
)

// seedNow is the instant of the sample's X-TIMESTAMP, 2024-08-20T07:11:20+07:00.
var seedNow = time.Date(2024, 8, 20, 0, 11, 20, 0, time.UTC)

var jakartaTimestamp = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$`)

var numericExternalID = regexp.MustCompile(`^[0-9]{1,36}$`)

// recorded is one request the fake received on a transactional path.
type recorded struct {
	Path   string
	Header http.Header
	Body   []byte
}

// fakePaydia is a loopback Paydia whose checks are written without the code
// under test: it verifies the token request's RSA signature and recomputes
// every HMAC with the standard library.
type fakePaydia struct {
	srv        *httptest.Server
	partnerPub *rsa.PublicKey

	mu         sync.Mutex
	tokenCalls int
	tokens     []string // tokens issued, in order; the last one is valid
	tokenReqs  []recorded
	calls      []recorded
	problems   []string
	// answer writes the n-th (1-based) transactional answer; nil answers
	// the seed's void-query sample.
	answer func(n int, w http.ResponseWriter)
}

func newFakePaydia(t *testing.T) *fakePaydia {
	t.Helper()
	f := &fakePaydia{partnerPub: readPublicKey(t, "partner_public.pem")}
	f.srv = httptestServer(t, f)
	return f
}

func httptestServer(tb testing.TB, f *fakePaydia) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	tb.Cleanup(srv.Close)
	return srv
}

// baseURL is where the fake serves Paydia's /snap root.
func (f *fakePaydia) baseURL() string { return f.srv.URL + "/snap" }

func (f *fakePaydia) problem(format string, args ...any) {
	f.problems = append(f.problems, fmt.Sprintf(format, args...))
}

func (f *fakePaydia) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if r.URL.Path == "/snap/v1.0/access-token/b2b" {
		f.serveToken(w, r, body)
		return
	}
	f.calls = append(f.calls, recorded{Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	if !f.checkTransaction(r, body) {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"responseCode":"4016800","responseMessage":"Unauthorized. Signature"}`)
		return
	}
	if f.answer != nil {
		f.answer(len(f.calls), w)
		return
	}
	w.Write(echoReferences(readFixture(nil, "void_query_response.seed.json"), body))
}

// echoReferences answers about the transaction asked after, as Paydia
// would: the seed answer with the request's four references.
func echoReferences(answer, request []byte) []byte {
	var req, ans map[string]any
	if json.Unmarshal(request, &req) != nil || json.Unmarshal(answer, &ans) != nil {
		return answer
	}
	for _, k := range []string{"originalPartnerReferenceNo", "originalReferenceNo", "voidNo", "partnerVoidNo"} {
		if v, ok := req[k]; ok {
			ans[k] = v
		}
	}
	out, err := json.Marshal(ans)
	if err != nil {
		return answer
	}
	return out
}

func (f *fakePaydia) serveToken(w http.ResponseWriter, r *http.Request, body []byte) {
	f.tokenCalls++
	f.tokenReqs = append(f.tokenReqs, recorded{Path: r.URL.Path, Header: r.Header.Clone(), Body: body})
	clientID, ts := r.Header.Get("X-CLIENT-KEY"), r.Header.Get("X-TIMESTAMP")
	sig, err := base64.StdEncoding.DecodeString(r.Header.Get("X-SIGNATURE"))
	digest := sha256.Sum256([]byte(clientID + "|" + ts))
	if err != nil || rsa.VerifyPKCS1v15(f.partnerPub, crypto.SHA256, digest[:], sig) != nil {
		f.problem("token request: RSA signature of clientId|timestamp does not verify")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"responseCode":"4017300","responseMessage":"Unauthorized. Signature"}`)
		return
	}
	if clientID != seedPartnerID {
		f.problem("token request: X-CLIENT-KEY %q", clientID)
	}
	if !jakartaTimestamp.MatchString(ts) {
		f.problem("token request: X-TIMESTAMP %q is not yyyy-MM-ddTHH:mm:ss+07:00", ts)
	}
	if string(body) != `{"grantType":"client_credentials"}` {
		f.problem("token request: body %s", body)
	}
	tok := "b2b-token-" + strconv.Itoa(f.tokenCalls)
	f.tokens = append(f.tokens, tok)
	fmt.Fprintf(w, `{"responseCode":"2007300","responseMessage":"Successful","accessToken":%q,"tokenType":"Bearer","expiresIn":"900"}`, tok)
}

// checkTransaction checks a void or void-query request's headers and
// recomputes its X-SIGNATURE over the URL path as received (/snap/...).
func (f *fakePaydia) checkTransaction(r *http.Request, body []byte) bool {
	before := len(f.problems)
	h := r.Header
	if len(f.tokens) == 0 {
		f.problem("%s: no B2B token was issued before the call", r.URL.Path)
		return false
	}
	token := f.tokens[len(f.tokens)-1]
	if got := h.Get("Authorization"); got != "Bearer "+token {
		f.problem("%s: Authorization %q, want the latest B2B token", r.URL.Path, got)
	}
	// The page's sample: "Authorization-Customer: eyJ0eXAi…", the token bare.
	if got := h.Get("Authorization-Customer"); got != seedCustomerToken {
		f.problem("%s: Authorization-Customer is not the bare customer token of the sample", r.URL.Path)
	}
	if got := h.Get("Content-Type"); got != "application/json" {
		f.problem("%s: Content-Type %q", r.URL.Path, got)
	}
	if got := h.Get("X-PARTNER-ID"); got != seedPartnerID {
		f.problem("%s: X-PARTNER-ID %q", r.URL.Path, got)
	}
	if got := h.Get("CHANNEL-ID"); got != seedChannelID {
		f.problem("%s: CHANNEL-ID %q", r.URL.Path, got)
	}
	if id := h.Get("X-EXTERNAL-ID"); !numericExternalID.MatchString(id) {
		f.problem("%s: X-EXTERNAL-ID %q is not a numeric string of at most 36", r.URL.Path, id)
	}
	ts := h.Get("X-TIMESTAMP")
	if !jakartaTimestamp.MatchString(ts) {
		f.problem("%s: X-TIMESTAMP %q is not yyyy-MM-ddTHH:mm:ss+07:00", r.URL.Path, ts)
	}
	bodyHash := sha256.Sum256(body)
	mac := hmac.New(sha512.New, []byte(testClientSecret))
	mac.Write([]byte(r.Method + ":" + r.URL.Path + ":" + token + ":" + hex.EncodeToString(bodyHash[:]) + ":" + ts))
	got, err := base64.StdEncoding.DecodeString(h.Get("X-SIGNATURE"))
	if err != nil || !hmac.Equal(got, mac.Sum(nil)) {
		f.problem("%s: X-SIGNATURE is not HMAC-SHA512 over %s:%s:<token>:<bodyHash>:%s", r.URL.Path, r.Method, r.URL.Path, ts)
	}
	return len(f.problems) == before
}

func (f *fakePaydia) snapshot() (calls, tokenReqs []recorded, tokens, problems []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recorded(nil), f.calls...), append([]recorded(nil), f.tokenReqs...),
		append([]string(nil), f.tokens...), append([]string(nil), f.problems...)
}

// answerWith answers every transactional call with status and body.
func answerWith(status int, body string) func(int, http.ResponseWriter) {
	return func(_ int, w http.ResponseWriter) {
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// fastRetry keeps the default 3 attempts without the default waits.
var fastRetry = snap.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}

func newTestClient(t *testing.T, f *fakePaydia, opts ...snap.Option) *paydia.Client {
	t.Helper()
	key, err := snap.ParsePrivateKey(readKeyFile(t, "partner_pkcs8.pem"))
	require.NoError(t, err)
	all := append([]snap.Option{snap.WithClock(func() time.Time { return seedNow }), snap.WithRetry(fastRetry)}, opts...)
	c, err := paydia.NewClient(paydia.Config{
		BaseURL:      f.baseURL(),
		PartnerID:    seedPartnerID,
		ChannelID:    seedChannelID,
		ClientSecret: testClientSecret,
		PrivateKey:   snap.NewPrivateKey(key),
	}, all...)
	require.NoError(t, err)
	return c
}

func seedVoidQuery() *paydia.VoidQueryRequest {
	return &paydia.VoidQueryRequest{
		OriginalPartnerReferenceNo: "b57d8895-790b-4da3-a9e7-0387176de9bf",
		OriginalReferenceNo:        "c407177ce0842a3fc0f1b11d06c3a9620f48b71cf7ed255b1f2edc3de175798a",
		MerchantID:                 "240327001000000",
		VoidNo:                     "d9484993312140b0bd62c2497021e2edc1992554cb484f6a3a7c53ef59e50b3f",
		PartnerVoidNo:              "4427c748-04b0-43c4-b638-94069999415a",
	}
}

func readKeyFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "keys", name))
	require.NoError(t, err)
	return b
}

// readPublicKey parses a PKIX PEM public key with the standard library only.
func readPublicKey(t testing.TB, name string) *rsa.PublicKey {
	t.Helper()
	block, _ := pem.Decode(readKeyFile(t, name))
	require.NotNil(t, block, "no PEM block in %s", name)
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	require.NoError(t, err)
	pub, ok := k.(*rsa.PublicKey)
	require.True(t, ok, "%s is not an RSA key", name)
	return pub
}

// readFixture reads testdata/name; t may be nil inside the fake's handler,
// where a missing fixture answers an empty body (which the tests see).
func readFixture(t testing.TB, name string) []byte {
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if t != nil {
		t.Helper()
		require.NoError(t, err)
	}
	return b
}
