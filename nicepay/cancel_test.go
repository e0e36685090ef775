package nicepay

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/snaptest"
)

// NICEPAY's public test merchant key and iMid.
const (
	testKey  = "33F49GnCMS1mFYlGXisbUDzVf2ATWCl9k3R++d5hDd3Frmuos/XLx8XhXpe+LDYAbpGKZYSwtlyyLOtS/8aD7A=="
	testIMID = "IONPAYTEST"
	testTXID = "IONPAYTEST02201603091207051498"
)

// fixedNow is 12:07:05 on 9 March 2016 in Jakarta.
var fixedNow = time.Date(2016, 3, 9, 5, 7, 5, 0, time.UTC)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// reply is one canned answer of the fake.
type reply struct {
	status int
	body   []byte
	delay  time.Duration
	hangUp bool // close the connection without answering
}

// fakeNicepay is a loopback NICEPAY v2 server. Its checks are written
// without the code under test: it recomputes merchantToken with
// crypto/sha256 from the fields it received.
type fakeNicepay struct {
	t       *testing.T
	srv     *httptest.Server
	key     string
	replies []reply // the n-th call gets replies[n-1]; the last one repeats
	mu      sync.Mutex
	bodies  [][]byte
	headers []http.Header
}

func newFake(t *testing.T, replies ...reply) *fakeNicepay {
	t.Helper()
	f := &fakeNicepay{t: t, key: testKey, replies: replies}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeNicepay) baseURL() string { return f.srv.URL + "/nicepay" }

func (f *fakeNicepay) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.bodies)
}

func (f *fakeNicepay) body(i int) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.bodies[i]
}

// echoTransaction answers about the transaction asked after, as NICEPAY
// does: the success fixture with the request's tXid and amt.
func echoTransaction(t *testing.T, success []byte, request map[string]any) []byte {
	var ans map[string]any
	require.NoError(t, json.Unmarshal(success, &ans))
	if ans["tXid"] == request["tXid"] && ans["amt"] == request["amt"] {
		return success // the fixture's bytes as they are
	}
	ans["tXid"], ans["amt"] = request["tXid"], request["amt"]
	out, err := json.Marshal(ans)
	require.NoError(t, err)
	return out
}

func (f *fakeNicepay) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.bodies = append(f.bodies, body)
	f.headers = append(f.headers, r.Header.Clone())
	n := len(f.bodies)
	f.mu.Unlock()

	assert.Equal(f.t, http.MethodPost, r.Method)
	assert.Equal(f.t, "/nicepay/direct/v2/cancel", r.URL.Path)
	assert.Equal(f.t, "application/json", r.Header.Get("Content-Type"))
	for _, h := range []string{"X-SIGNATURE", "X-TIMESTAMP", "X-PARTNER-ID", "X-EXTERNAL-ID", "CHANNEL-ID", "Authorization", "X-CLIENT-KEY"} {
		assert.Empty(f.t, r.Header.Values(h), "NICEPAY v2 is not SNAP: no %s header", h)
	}
	var fields map[string]any
	if !assert.NoError(f.t, json.Unmarshal(body, &fields), "body is JSON") {
		return
	}
	str := func(k string) string {
		s, ok := fields[k].(string)
		assert.True(f.t, ok || fields[k] == nil, "%s is a JSON string", k)
		return s
	}
	for k := range fields {
		str(k)
	}
	sum := sha256.Sum256([]byte(str("timeStamp") + str("iMid") + str("tXid") + str("amt") + f.key))
	if str("merchantToken") != hex.EncodeToString(sum[:]) {
		f.t.Errorf("merchantToken does not match SHA-256(timeStamp+iMid+tXid+amt+merchantKey)")
		io.WriteString(w, `{"resultCd":"9010","resultMsg":"Invalid Merchant Token."}`)
		return
	}

	rep := reply{status: 200, body: echoTransaction(f.t, fixture(f.t, "cancel_success.json"), fields)}
	if len(f.replies) > 0 {
		rep = f.replies[min(n, len(f.replies))-1]
	}
	if rep.delay > 0 {
		select {
		case <-time.After(rep.delay):
		case <-r.Context().Done():
			return
		}
	}
	if rep.hangUp {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(rep.status)
	w.Write(rep.body)
}

var fastRetry = snap.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}

func testClient(t *testing.T, base string, opts ...snap.Option) *Client {
	t.Helper()
	c, err := NewClient(Config{BaseURL: base, IMID: testIMID, MerchantKey: testKey},
		append([]snap.Option{snap.WithClock(func() time.Time { return fixedNow }), snap.WithRetry(fastRetry)}, opts...)...)
	require.NoError(t, err)
	return c
}

func fullRequest() *CancelRequest {
	return &CancelRequest{
		TXID:           testTXID,
		PayMethod:      PayMethodEWallet,
		CancelType:     CancelFull,
		CancelMsg:      "Cancel Message & <refund>",
		Amt:            money.IDR(1000),
		CancelServerIP: "127.0.0.1",
		CancelUserID:   "Admin",
		CancelUserIP:   "127.0.0.1",
		CancelUserInfo: "Customer cancel transaction",
		CancelRetryCnt: "1",
		Worker:         "Worker",
	}
}

func TestCancelGoldenRequest(t *testing.T) {
	tests := []struct {
		name   string
		req    *CancelRequest
		golden string
	}{
		{"every field, HTML characters kept literal", fullRequest(), "cancel_request_full.golden.json"},
		{"required fields only, optional ones left out", &CancelRequest{
			TXID: "IONPAYTEST05202603091207051498", PayMethod: PayMethodEWallet,
			CancelType: CancelStopRecurring, Amt: money.MustNew("150000.00", "IDR"),
		}, "cancel_request_minimal.golden.json"},
		{"timeStamp given by the caller", func() *CancelRequest {
			r := fullRequest()
			r.TimeStamp = "20160309120705"
			return r
		}(), "cancel_request_full.golden.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			// A clock in another zone: the timeStamp must still be Jakarta time.
			c := testClient(t, f.baseURL(), snap.WithClock(func() time.Time { return fixedNow.In(time.FixedZone("EST", -5*3600)) }))
			_, err := c.Cancel(context.Background(), tt.req)
			require.NoError(t, err)
			require.Equal(t, 1, f.calls())
			assert.Equal(t, string(fixture(t, tt.golden)), string(f.body(0)))
		})
	}
}

func TestCancelSuccess(t *testing.T) {
	f := newFake(t)
	c := testClient(t, f.baseURL())
	resp, err := c.Cancel(context.Background(), fullRequest())
	require.NoError(t, err)
	assert.Equal(t, snap.Success, snap.OutcomeOf(err))
	require.NotNil(t, resp.Raw)
	assert.Equal(t, fixture(t, "cancel_success.json"), resp.Raw.Body)
	assert.Contains(t, string(resp.Raw.Body), `"extraField": {"kept": true}`)
	assert.Equal(t, 200, resp.Raw.HTTPStatus)
	assert.Equal(t, snap.Success, resp.Raw.Outcome)
	assert.Equal(t, "0000", resp.Raw.RawCode)
	assert.Equal(t, 1, resp.Raw.Attempts)
	assert.True(t, resp.Amt.Equal(money.IDR(1000)), resp.Amt)
	fields := *resp
	fields.Raw, fields.Amt = nil, money.Money{}
	assert.Equal(t, CancelResponse{
		TXID:        testTXID,
		ReferenceNo: "OrdNo20160525000-52104",
		ResultCd:    "0000",
		ResultMsg:   "SUCCESS",
		TransDt:     "20160303",
		TransTm:     "135959",
		Description: "Payment of OrdNo20160525000-52104",
		CancelTXID:  "IONPAYTEST05201603031359591234",
	}, fields)

	assert.Equal(t, snap.Timestamp("20160303135959"), resp.TransactionTime())
	at, err := resp.TransactionTime().Time()
	require.NoError(t, err)
	assert.True(t, at.Equal(time.Date(2016, 3, 3, 6, 59, 59, 0, time.UTC)), at)
	_, offset := at.Zone()
	assert.Equal(t, 7*3600, offset)
}

func TestCancelOutcomes(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		fixture  string
		outcome  snap.Outcome
		rawCode  string
		message  string
		attempts int
	}{
		{"non-0000 resultCd is Failed", 200, "cancel_failed.json", snap.Failed, "9314", "Can not cancel your request transaction number.", 1},
		{"timeout resultCd is Pending and retried", 200, "cancel_pending_timeout.json", snap.Pending, "1004", "Timeout error", 3},
		{"bookkeeping resultCd is Pending, not retried", 200, "cancel_pending_ledger.json", snap.Pending, "9304", "TB_TRANS_HISTORY update error.", 1},
		{"HTML gateway page is Pending and retried", 502, "malformed_html.html", snap.Pending, "", "", 3},
		{"HTML page with HTTP 200 is Pending", 200, "malformed_html.html", snap.Pending, "", "", 1},
		{"empty body is Pending", 200, "malformed_empty.txt", snap.Pending, "", "", 1},
		{"JSON without resultCd is Pending", 200, "malformed_no_resultcd.json", snap.Pending, "", "SUCCESS", 1},
		{"numeric resultCd is Pending", 200, "malformed_number_resultcd.json", snap.Pending, "9314", "Can not cancel your request transaction number.", 1},
		{"truncated JSON is Pending", 200, "malformed_truncated.json", snap.Pending, "", "", 1},
		{"0000 with HTTP 500 is Pending", 500, "cancel_success.json", snap.Pending, "0000", "SUCCESS", 1},
		{"failure code with HTTP 400 is Pending", 400, "cancel_failed.json", snap.Pending, "9314", "Can not cancel your request transaction number.", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := fixture(t, tt.fixture)
			f := newFake(t, reply{status: tt.status, body: body})
			c := testClient(t, f.baseURL())
			resp, err := c.Cancel(context.Background(), fullRequest())
			require.Error(t, err)
			require.NotNil(t, resp, "an answer arrived: the response carries it")
			require.NotNil(t, resp.Raw)
			assert.Equal(t, body, resp.Raw.Body)
			assert.Equal(t, tt.outcome, resp.Outcome())
			assert.Equal(t, tt.outcome, snap.OutcomeOf(err))
			var e *snap.Error
			require.True(t, errors.As(err, &e), "%T", err)
			assert.Equal(t, tt.outcome, e.Outcome)
			assert.Equal(t, tt.rawCode, e.RawCode)
			assert.Equal(t, tt.message, e.Message)
			assert.Equal(t, tt.status, e.HTTPStatus)
			assert.Equal(t, body, e.Body, "raw answer kept")
			assert.Equal(t, tt.attempts, e.Attempts)
			assert.Equal(t, tt.attempts, f.calls())
			if tt.outcome == snap.Pending {
				assert.NotEmpty(t, e.Reason)
			}
			assert.NotContains(t, err.Error(), testKey)
		})
	}
}

func TestCancelRetriesResendSameBytes(t *testing.T) {
	f := newFake(t,
		reply{status: 200, body: fixture(t, "cancel_pending_timeout.json")},
		reply{status: 200, body: fixture(t, "cancel_success.json")})
	c := testClient(t, f.baseURL())
	resp, err := c.Cancel(context.Background(), fullRequest())
	require.NoError(t, err)
	assert.Equal(t, "0000", resp.ResultCd)
	require.Equal(t, 2, f.calls())
	assert.Equal(t, f.body(0), f.body(1))
}

func TestCancelFailureAfterUnknownAttemptIsPending(t *testing.T) {
	// The first attempt's result is unknown: a refusal of the second says
	// nothing about whether the first cancelled the transaction.
	f := newFake(t, reply{hangUp: true}, reply{status: 200, body: fixture(t, "cancel_failed.json")})
	c := testClient(t, f.baseURL())
	_, err := c.Cancel(context.Background(), fullRequest())
	assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
	assert.Equal(t, 2, f.calls())
}

func TestCancelTransportFailureIsPending(t *testing.T) {
	f := newFake(t, reply{hangUp: true})
	c := testClient(t, f.baseURL())
	_, err := c.Cancel(context.Background(), fullRequest())
	assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
	var e *snap.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, 3, e.Attempts)
	assert.Equal(t, 3, f.calls())
}

func TestCancelPartialIsNeverRetried(t *testing.T) {
	for _, rep := range []reply{{hangUp: true}, {status: 200, body: fixture(t, "cancel_pending_timeout.json")}} {
		f := newFake(t, rep)
		c := testClient(t, f.baseURL())
		req := fullRequest()
		req.CancelType = CancelPartial
		_, err := c.Cancel(context.Background(), req)
		assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
		assert.Equal(t, 1, f.calls())
	}
}

func TestCancelTimeoutIsPending(t *testing.T) {
	f := newFake(t, reply{status: 200, body: fixture(t, "cancel_success.json"), delay: time.Second})
	c := testClient(t, f.baseURL(), snap.WithTimeout(50*time.Millisecond), snap.WithRetry(snap.NoRetry()))
	_, err := c.Cancel(context.Background(), fullRequest())
	assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
	var e *snap.Error
	require.True(t, errors.As(err, &e))
	assert.True(t, e.IsTimeout(), err)
}

func TestCancelResultOutcomesOverride(t *testing.T) {
	tests := []struct {
		fixture string
		want    snap.Outcome
		calls   int
	}{
		{"cancel_failed.json", snap.Pending, 1},         // 9314 made Pending
		{"cancel_pending_timeout.json", snap.Failed, 1}, // 1004 made Failed: no longer retried
		{"cancel_pending_ledger.json", snap.Pending, 1}, // untouched default
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			f := newFake(t, reply{status: 200, body: fixture(t, tt.fixture)})
			c, err := NewClient(Config{BaseURL: f.baseURL(), IMID: testIMID, MerchantKey: testKey,
				ResultOutcomes: map[string]snap.Outcome{"9314": snap.Pending, "1004": snap.Failed}},
				snap.WithRetry(fastRetry))
			require.NoError(t, err)
			_, err = c.Cancel(context.Background(), fullRequest())
			assert.Equal(t, tt.want, snap.OutcomeOf(err))
			assert.Equal(t, tt.calls, f.calls())
		})
	}
}

func TestCancelNeverLogsSecrets(t *testing.T) {
	var logs bytes.Buffer
	for _, fx := range []string{"cancel_success.json", "cancel_failed.json", "malformed_html.html"} {
		f := newFake(t, reply{status: 200, body: fixture(t, fx)})
		c := testClient(t, f.baseURL(), snap.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
		_, err := c.Cancel(context.Background(), fullRequest())
		if err != nil {
			assert.NotContains(t, err.Error(), testKey)
		}
		var sent map[string]string
		require.NoError(t, json.Unmarshal(f.body(0), &sent))
		assert.NotContains(t, logs.String(), sent["merchantToken"])
	}
	assert.NotEmpty(t, logs.String(), "the logger was used")
	assert.NotContains(t, logs.String(), testKey)
}

func TestCancelValidation(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(r *CancelRequest)
		field  string
		reason string
	}{
		{"timeStamp too short", func(r *CancelRequest) { r.TimeStamp = "2016030912070" }, "timeStamp", "exactly 14"},
		{"timeStamp not digits", func(r *CancelRequest) { r.TimeStamp = "2016-03-09T120" }, "timeStamp", "digits"},
		{"tXid missing", func(r *CancelRequest) { r.TXID = "" }, "tXid", "required"},
		{"tXid too long", func(r *CancelRequest) { r.TXID = testTXID + "1" }, "tXid", "at most 30"},
		{"payMethod missing", func(r *CancelRequest) { r.PayMethod = "" }, "payMethod", "required"},
		{"payMethod one digit", func(r *CancelRequest) { r.PayMethod = "5" }, "payMethod", "exactly 2"},
		{"payMethod not digits", func(r *CancelRequest) { r.PayMethod = "EW" }, "payMethod", "digits"},
		// "payMethod | N | 2 | 05: E-Wallet": two digits NICEPAY does not define are refused.
		{"payMethod undocumented", func(r *CancelRequest) { r.PayMethod = "99" }, "payMethod", "one of"},
		// "timeStamp Required | N | 14 | API Request Date | 20170708123456": a date, not any 14 digits.
		{"timeStamp not a time", func(r *CancelRequest) { r.TimeStamp = "20179999999999" }, "timeStamp", "real time"},
		// "tXid Required | AN | 30": letters and digits only.
		{"tXid not alphanumeric", func(r *CancelRequest) { r.TXID = "IONPAYTEST-0220160309120705" }, "tXid", "letters and digits"},
		{"cancelType missing", func(r *CancelRequest) { r.CancelType = "" }, "cancelType", "required"},
		{"cancelType unknown", func(r *CancelRequest) { r.CancelType = "4" }, "cancelType", "one of"},
		{"cancelType zero-padded", func(r *CancelRequest) { r.CancelType = "01" }, "cancelType", "one of"},
		{"cancelMsg too long", func(r *CancelRequest) { r.CancelMsg = strings.Repeat("m", 256) }, "cancelMsg", "at most 255"},
		{"amt missing", func(r *CancelRequest) { r.Amt = money.Money{} }, "amt", "required"},
		{"amt in another currency", func(r *CancelRequest) { r.Amt = money.MustNew("10", "USD") }, "amt", "IDR"},
		{"amt with a fraction", func(r *CancelRequest) { r.Amt = money.MustNew("1000.50", "IDR") }, "amt", "fractional"},
		{"amt zero", func(r *CancelRequest) { r.Amt = money.IDR(0) }, "amt", "greater than zero"},
		{"amt negative", func(r *CancelRequest) { r.Amt = money.IDR(-1000) }, "amt", "negative"},
		{"amt of 13 digits", func(r *CancelRequest) { r.Amt = money.IDR(1_000_000_000_000) }, "amt", "at most 12 digits"},
		{"cancelServerIp too long", func(r *CancelRequest) { r.CancelServerIP = "255.255.255.2550" }, "cancelServerIp", "at most 15"},
		{"cancelUserId too long", func(r *CancelRequest) { r.CancelUserID = strings.Repeat("u", 31) }, "cancelUserId", "at most 30"},
		{"cancelUserIp too long", func(r *CancelRequest) { r.CancelUserIP = "2001:db8::1:2:3:4" }, "cancelUserIp", "at most 15"},
		{"cancelUserInfo too long", func(r *CancelRequest) { r.CancelUserInfo = strings.Repeat("i", 101) }, "cancelUserInfo", "at most 100"},
		{"cancelRetryCnt three digits", func(r *CancelRequest) { r.CancelRetryCnt = "100" }, "cancelRetryCnt", "at most 2"},
		{"cancelRetryCnt not digits", func(r *CancelRequest) { r.CancelRetryCnt = "3x" }, "cancelRetryCnt", "digits"},
		{"worker too long", func(r *CancelRequest) { r.Worker = strings.Repeat("w", 11) }, "worker", "at most 10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t)
			c := testClient(t, f.baseURL())
			req := fullRequest()
			tt.edit(req)
			resp, err := c.Cancel(context.Background(), req)
			assert.Nil(t, resp)
			var v *snap.ValidationError
			require.True(t, errors.As(err, &v), "%v", err)
			assert.Equal(t, tt.field, v.Field)
			assert.Contains(t, v.Reason, tt.reason)
			assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
			assert.Equal(t, 0, f.calls(), "nothing is sent")
		})
	}

	t.Run("nil request", func(t *testing.T) {
		c := testClient(t, "http://127.0.0.1:1/nicepay")
		_, err := c.Cancel(context.Background(), nil)
		assert.True(t, snap.IsValidation(err))
	})
}

func TestCancelAcceptsRealisticValues(t *testing.T) {
	f := newFake(t)
	c := testClient(t, f.baseURL())
	req := &CancelRequest{
		TimeStamp:      "20221212101259", // NICEPAY's documentation vector has second 78, which is no time
		TXID:           strings.Repeat("9", 30),
		PayMethod:      "01",
		CancelType:     CancelPartial,
		CancelMsg:      strings.Repeat("é", 255),
		Amt:            money.IDR(999_999_999_999),
		CancelServerIP: "255.255.255.255",
		CancelUserID:   "ops.team-01@shop",
		CancelUserIP:   "10.0.0.1",
		CancelUserInfo: "Order OrdNo20160525000-52104: customer asked (size L/XL)",
		CancelRetryCnt: "99",
		Worker:         "batch-7.b",
	}
	_, err := c.Cancel(context.Background(), req)
	require.NoError(t, err)
	var sent map[string]string
	require.NoError(t, json.Unmarshal(f.body(0), &sent))
	assert.Equal(t, "999999999999", sent["amt"])
	assert.Equal(t, "20221212101259", sent["timeStamp"])
	assert.Equal(t, "2", sent["cancelType"])
}

func TestNewClientValidation(t *testing.T) {
	const key = "super-secret-merchant-key-XYZ"
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no base URL", Config{IMID: testIMID, MerchantKey: key}, "BaseURL is required"},
		{"bad base URL", Config{BaseURL: "dev.nicepay.co.id", IMID: testIMID, MerchantKey: key}, "BaseURL"},
		{"no iMid", Config{BaseURL: SandboxBaseURL, MerchantKey: key}, "IMID is required"},
		{"short iMid", Config{BaseURL: SandboxBaseURL, IMID: "IONPAY", MerchantKey: key}, "exactly 10"},
		{"iMid with a symbol", Config{BaseURL: SandboxBaseURL, IMID: "IONPAY-TST", MerchantKey: key}, "letters and digits"},
		{"no key", Config{BaseURL: SandboxBaseURL, IMID: testIMID}, "MerchantKey is required"},
		{"override of 0000", Config{BaseURL: SandboxBaseURL, IMID: testIMID, MerchantKey: key, ResultOutcomes: map[string]snap.Outcome{"0000": snap.Failed}}, "cannot override 0000"},
		{"override to Success", Config{BaseURL: SandboxBaseURL, IMID: testIMID, MerchantKey: key, ResultOutcomes: map[string]snap.Outcome{"9314": snap.Success}}, "snap.Failed or snap.Pending"},
		{"empty override code", Config{BaseURL: SandboxBaseURL, IMID: testIMID, MerchantKey: key, ResultOutcomes: map[string]snap.Outcome{"": snap.Pending}}, "empty result code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := NewClient(tt.cfg)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), key)
		})
	}

	for _, base := range []string{SandboxBaseURL, ProductionBaseURL} {
		c, err := NewClient(Config{BaseURL: base, IMID: testIMID, MerchantKey: key})
		require.NoError(t, err)
		assert.NotNil(t, c)
	}
	_, err := NewClient(Config{BaseURL: SandboxBaseURL, IMID: testIMID, MerchantKey: key}, snap.WithTimeout(-1))
	assert.Error(t, err, "core options are validated")
}

func TestConfigHidesMerchantKey(t *testing.T) {
	cfg := Config{BaseURL: SandboxBaseURL, IMID: testIMID, MerchantKey: testKey}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(verb, cfg)
		assert.NotContains(t, out, testKey, verb)
		assert.Contains(t, out, testIMID, verb)
		assert.Contains(t, out, "<redacted>", verb)
	}
}

func TestResultOutcomesCopied(t *testing.T) {
	f := newFake(t, reply{status: 200, body: fixture(t, "cancel_failed.json")})
	overrides := map[string]snap.Outcome{"9314": snap.Pending}
	c, err := NewClient(Config{BaseURL: f.baseURL(), IMID: testIMID, MerchantKey: testKey, ResultOutcomes: overrides})
	require.NoError(t, err)
	overrides["9314"] = snap.Failed // changing the caller's map later has no effect
	_, err = c.Cancel(context.Background(), fullRequest())
	assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
}

func TestCancelResponseLenientDecoding(t *testing.T) {
	var r CancelResponse
	require.NoError(t, json.Unmarshal([]byte(`{"resultCd":"0000","amt":1000,"transDt":20160303,"transTm":"135959","tXid":null,"description":{"x":1},"referenceNo":["a"]}`), &r))
	assert.Equal(t, "0000", r.ResultCd)
	assert.True(t, r.Amt.Equal(money.IDR(1000)), r.Amt)
	assert.Equal(t, "20160303", r.TransDt)
	assert.Empty(t, r.TXID)
	assert.Empty(t, r.Description)
	assert.Empty(t, r.ReferenceNo)
	assert.Nil(t, r.Raw, "only Cancel has a snap.Response to keep")

	assert.Error(t, json.Unmarshal([]byte(`"text"`), &r))
}

// A leniently decoded answer loses nothing: Raw.Body is the answer's bytes.
func TestCancelKeepsLenientAnswerInRaw(t *testing.T) {
	body := []byte(`{"resultCd":"0000","amt":1000,"transDt":20160303,"transTm":"135959","tXid":"IONPAYTEST02201603091207051498","description":{"x":1},"referenceNo":["a"]}`)
	f := newFake(t, reply{status: 200, body: body})
	resp, err := testClient(t, f.baseURL()).Cancel(context.Background(), fullRequest())
	require.NoError(t, err)
	assert.True(t, resp.Amt.Equal(money.IDR(1000)), "a number is read as its text: %v", resp.Amt)
	assert.Empty(t, resp.Description)
	require.NotNil(t, resp.Raw)
	assert.Equal(t, body, resp.Raw.Body)
	assert.Contains(t, string(resp.Raw.Body), `"description":{"x":1}`)
}

func TestCancelResponseHelpersRejectBadValues(t *testing.T) {
	for _, r := range []CancelResponse{
		{}, {TransDt: "20160303"}, {TransDt: "2016033", TransTm: "1359590"}, {TransDt: "20161303", TransTm: "135959"}, {TransDt: "2016030x", TransTm: "135959"},
	} {
		_, err := r.TransactionTime().Time()
		assert.Error(t, err, "%+v", r)
	}
	for _, amt := range []string{`""`, `"1000.123"`, `"-5"`, `"1e3"`, `"abc"`, `-5`, `null`, `{"value":"1"}`} {
		var r CancelResponse
		require.NoError(t, json.Unmarshal([]byte(`{"resultCd":"0000","amt":`+amt+`}`), &r))
		assert.True(t, r.Amt.IsZero(), "amt %s is no amount: %v", amt, r.Amt)
		assert.Equal(t, "0000", r.ResultCd, "the rest is read")
	}
}

// simClient is a Client of a simulated NICEPAY holding one paid
// transaction of amt; it returns the client, the server and the tXid.
func simClient(t *testing.T, amt money.Money, opts ...snap.Option) (*Client, *snaptest.Server, string) {
	t.Helper()
	srv := snaptest.NewServer(snaptest.NICEPAY)
	t.Cleanup(srv.Close)
	tx := srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "ORD-1001", Amount: amt})
	c, err := NewClient(Config{BaseURL: srv.URL, IMID: srv.IMID(), MerchantKey: srv.MerchantKey()},
		append([]snap.Option{snap.WithRetry(fastRetry)}, opts...)...)
	require.NoError(t, err)
	return c, srv, tx.ReferenceNo
}

// Whenever the cancel went out, the response is there with Raw, whatever
// the outcome; only a request refused before sending has none.
func TestCancelResponseWheneverSent(t *testing.T) {
	cancelOf := func(txid string, amt money.Money) *CancelRequest {
		return &CancelRequest{TXID: txid, PayMethod: PayMethodEWallet, CancelType: CancelFull, Amt: amt}
	}
	t.Run("documented refusal is Failed with the answer", func(t *testing.T) {
		c, srv, txid := simClient(t, money.IDR(10000))
		resp, err := c.Cancel(context.Background(), cancelOf(txid, money.IDR(5000))) // a full cancel of half
		require.Error(t, err)
		assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
		require.NotNil(t, resp)
		require.NotNil(t, resp.Raw)
		assert.Equal(t, snap.Failed, resp.Outcome())
		assert.Equal(t, snaptest.NICEPAYNotAllowed, resp.ResultCd, "decoded from the refusal")
		assert.Equal(t, snaptest.NICEPAYNotAllowed, resp.Raw.RawCode)
		assert.Equal(t, srv.RequestsTo(CancelPath)[0].ResponseMessage, resp.ResultMsg)
		assert.NotEmpty(t, resp.Raw.Body)
	})
	t.Run("timeout is Pending with what was sent", func(t *testing.T) {
		c, srv, txid := simClient(t, money.IDR(10000), snap.WithTimeout(50*time.Millisecond), snap.WithRetry(snap.NoRetry()))
		srv.Fail(CancelPath, snaptest.Fault{Kind: snaptest.Delay(time.Second)})
		resp, err := c.Cancel(context.Background(), cancelOf(txid, money.IDR(10000)))
		require.Error(t, err)
		assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
		var e *snap.Error
		require.ErrorAs(t, err, &e)
		assert.True(t, e.IsTimeout(), err)
		require.NotNil(t, resp)
		require.NotNil(t, resp.Raw)
		assert.Equal(t, snap.Pending, resp.Outcome())
		assert.Equal(t, 1, resp.Raw.Attempts)
		assert.Empty(t, resp.ResultCd, "nothing was answered")
	})
	t.Run("validation error sends nothing and has no response", func(t *testing.T) {
		c, srv, txid := simClient(t, money.IDR(10000))
		resp, err := c.Cancel(context.Background(), cancelOf(txid, money.Money{}))
		assert.True(t, snap.IsValidation(err), err)
		assert.Nil(t, resp)
		assert.Empty(t, srv.Requests())
	})
}
