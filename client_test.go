package snap

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/testkit"
)

var fixedNow = time.Date(2020, 12, 23, 0, 44, 11, 0, time.UTC) // 07:44:11 in Jakarta

// fakeProvider is a loopback SNAP provider whose checks are written without
// the code under test: it recomputes every signature itself.
type fakeProvider struct {
	t          *testing.T
	srv        *httptest.Server
	secret     string
	partnerPub *rsa.PublicKey
	token      string
	tokenCalls atomic.Int32
	calls      atomic.Int32
	mu         sync.Mutex
	requests   []*http.Request
	bodies     [][]byte
	answer     func(n int, w http.ResponseWriter, r *http.Request) // n is 1-based call number
	// tokenAnswer, when set, answers the n-th token request (1-based)
	// instead of the default success.
	tokenAnswer func(n int, w http.ResponseWriter)
}

func newFakeProvider(t *testing.T) *fakeProvider {
	f := &fakeProvider{t: t, secret: "s3cr3t-client-secret", token: "tok-abc-123"}
	pub, err := ParsePublicKey(testkit.KeyPEM(t, "partner_public.pem"))
	require.NoError(t, err)
	f.partnerPub = pub
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeProvider) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if r.URL.Path == "/v1.0/access-token/b2b" {
		n := int(f.tokenCalls.Add(1))
		if f.tokenAnswer != nil {
			f.tokenAnswer(n, w)
			return
		}
		ts := r.Header.Get("X-TIMESTAMP")
		if err := VerifyRSA(f.partnerPub, []byte(r.Header.Get("X-CLIENT-KEY")+"|"+ts), r.Header.Get("X-SIGNATURE")); err != nil {
			w.WriteHeader(401)
			io.WriteString(w, `{"responseCode":"4017300","responseMessage":"Unauthorized. Signature"}`)
			return
		}
		io.WriteString(w, `{"responseCode":"2007300","responseMessage":"Successful","accessToken":"`+f.token+`","tokenType":"Bearer","expiresIn":"900"}`)
		return
	}
	n := int(f.calls.Add(1))
	f.mu.Lock()
	f.requests = append(f.requests, r)
	f.bodies = append(f.bodies, body)
	f.mu.Unlock()
	if f.answer != nil {
		f.answer(n, w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"responseCode":"2005700","responseMessage":"Successful","originalPartnerReferenceNo":"ref-1","extra":"kept"}`)
}

func symmetricClient(t *testing.T, f *fakeProvider, opts ...Option) *Client {
	c, err := NewClient(Config{
		BaseURL: f.srv.URL, PartnerID: "partner-1", ChannelID: "95221", Origin: "www.shop.test",
		ClientSecret: Secret(f.secret), PrivateKey: NewPrivateKey(testkit.PartnerKey(t)), Signature: Symmetric,
		TokenPath: "/v1.0/access-token/b2b",
	}, append([]Option{WithClock(func() time.Time { return fixedNow }), WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond})}, opts...)...)
	require.NoError(t, err)
	return c
}

type cancelBody struct {
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	Reason                     string `json:"reason"`
}

type cancelAnswer struct {
	ResponseCode               string `json:"responseCode"`
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
}

func TestDoSymmetricHeadersAndSignature(t *testing.T) {
	f := newFakeProvider(t)
	c := symmetricClient(t, f)
	var out cancelAnswer
	resp, err := c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true,
		Body: cancelBody{OriginalPartnerReferenceNo: "ref-1", Reason: "A&B <timeout>"}},
		&out, CustomerToken("cust-tok"), ExternalID("12345"), Header("X-IP-ADDRESS", "10.0.0.1"), Header("X-SIGNATURE", "override-attempt"))
	require.NoError(t, err)
	assert.Equal(t, Success, resp.Outcome)
	assert.Equal(t, "ref-1", out.OriginalPartnerReferenceNo)
	assert.Contains(t, string(resp.Body), `"extra":"kept"`)
	assert.Equal(t, []string{"12345"}, resp.ExternalIDs)

	require.Len(t, f.requests, 1)
	r, body := f.requests[0], f.bodies[0]
	assert.Equal(t, `{"originalPartnerReferenceNo":"ref-1","reason":"A&B <timeout>"}`, string(body))
	h := r.Header
	assert.Equal(t, "application/json", h.Get("Content-Type"))
	assert.Equal(t, "2020-12-23T07:44:11+07:00", h.Get("X-TIMESTAMP"))
	assert.Equal(t, "partner-1", h.Get("X-PARTNER-ID"))
	assert.Equal(t, "12345", h.Get("X-EXTERNAL-ID"))
	assert.Equal(t, "95221", h.Get("CHANNEL-ID"))
	assert.Equal(t, "www.shop.test", h.Get("ORIGIN"))
	assert.Equal(t, "Bearer tok-abc-123", h.Get("Authorization"))
	assert.Equal(t, "Bearer cust-tok", h.Get("Authorization-Customer"))
	assert.Equal(t, "10.0.0.1", h.Get("X-IP-ADDRESS"))
	// Recompute HMAC independently.
	assert.Equal(t, HMACSHA512(f.secret, []byte("POST:/v1.0/debit/cancel:tok-abc-123:"+sha256hex(body)+":2020-12-23T07:44:11+07:00")), h.Get("X-SIGNATURE"))
}

func TestDoAsymmetricNoToken(t *testing.T) {
	f := newFakeProvider(t)
	c, err := NewClient(Config{BaseURL: f.srv.URL + "/snap", PartnerID: "p", ChannelID: "1", PrivateKey: NewPrivateKey(testkit.PartnerKey(t)), Signature: Asymmetric},
		WithClock(func() time.Time { return fixedNow }))
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Request{Path: "/v1.0/emoney/otc-cancel.htm", Body: cancelBody{OriginalPartnerReferenceNo: "x"}}, nil)
	require.NoError(t, err)
	r, body := f.requests[0], f.bodies[0]
	assert.Empty(t, r.Header.Get("Authorization"))
	assert.Equal(t, "/snap/v1.0/emoney/otc-cancel.htm", r.URL.Path)
	require.NoError(t, VerifyRSA(f.partnerPub, []byte("POST:/snap/v1.0/emoney/otc-cancel.htm:"+sha256hex(body)+":2020-12-23T07:44:11+07:00"), r.Header.Get("X-SIGNATURE")))
	assert.Zero(t, f.tokenCalls.Load())
}

func sha256hex(b []byte) string { return BodyHash(b) }

func TestDoDecodeKeepsUnknownFields(t *testing.T) {
	f := newFakeProvider(t)
	c := symmetricClient(t, f)
	var out map[string]any
	_, err := c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel"}, &out)
	require.NoError(t, err)
	assert.Equal(t, "kept", out["extra"])
	b, _ := json.Marshal(out)
	assert.True(t, strings.Contains(string(b), "kept"))
}

// SPEC §1: Authorization-Customer's form differs by provider. The ASPI
// samples send "Authorization-Customer: Bearer fa8s…"; Paydia's void-query
// sample sends "Authorization-Customer: eyJ0eXAiOiJKV1Qi…" bare, beside
// "Authorization: Bearer eyJ0…".
func TestCustomerTokenForm(t *testing.T) {
	cases := []struct {
		name  string
		form  CustomerTokenForm
		token string
		want  string
	}{
		{"default is Bearer", "", "cust-tok", "Bearer cust-tok"},
		{"Bearer given once", CustomerTokenBearer, "Bearer cust-tok", "Bearer cust-tok"},
		{"bare as Paydia's sample", CustomerTokenBare, "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9", "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9"},
		{"bare strips a Bearer given", CustomerTokenBare, "Bearer eyJ0", "eyJ0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeProvider(t)
			c, err := NewClient(Config{
				BaseURL: f.srv.URL, PartnerID: "partner-1", ChannelID: "95221",
				ClientSecret: Secret(f.secret), PrivateKey: NewPrivateKey(testkit.PartnerKey(t)), Signature: Symmetric,
				TokenPath: "/v1.0/access-token/b2b", CustomerTokenForm: tc.form,
			}, WithClock(func() time.Time { return fixedNow }))
			require.NoError(t, err)
			_, err = c.Do(context.Background(), &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57,
				Body: cancelBody{OriginalPartnerReferenceNo: "ref-1"}}, nil, CustomerToken(tc.token))
			require.NoError(t, err)
			require.Len(t, f.requests, 1)
			assert.Equal(t, tc.want, f.requests[0].Header.Get("Authorization-Customer"))
			assert.Equal(t, "Bearer tok-abc-123", f.requests[0].Header.Get("Authorization"), "the B2B token keeps its Bearer")
		})
	}
	t.Run("unknown form", func(t *testing.T) {
		_, err := NewClient(Config{BaseURL: "https://x.test", Signature: Plain, CustomerTokenForm: "Bearer"})
		require.ErrorContains(t, err, "CustomerTokenForm")
	})
}
