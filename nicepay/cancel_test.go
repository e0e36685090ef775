package nicepay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/snaptest"
)

// NICEPAY's public test merchant key and iMid.
const (
	testKey   = "33F49GnCMS1mFYlGXisbUDzVf2ATWCl9k3R++d5hDd3Frmuos/XLx8XhXpe+LDYAbpGKZYSwtlyyLOtS/8aD7A=="
	testIMID  = "IONPAYTEST"
	testTXID  = "IONPAYTEST02201603091207051498"
	testOrder = "OrdNo20160525000-52104"
)

// fixedNow is 12:07:05 on 9 March 2016 in Jakarta.
var fixedNow = time.Date(2016, 3, 9, 5, 7, 5, 0, time.UTC)

// newSim starts a simulated NICEPAY with NICEPAY's public test key, on the
// tests' clock, holding the paid transaction testTXID of IDR 1000 (order
// testOrder).
func newSim(t *testing.T, opts ...snaptest.Option) *snaptest.Server {
	t.Helper()
	srv := snaptest.NewServer(snaptest.NICEPAY, append([]snaptest.Option{
		snaptest.WithMerchantKey(testKey), snaptest.WithIMID(testIMID), snaptest.WithClock(func() time.Time { return fixedNow }),
	}, opts...)...)
	t.Cleanup(srv.Close)
	srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: testOrder, ReferenceNo: testTXID, Amount: money.IDR(1000)})
	return srv
}

// sent returns the bodies of the cancels srv received, in order.
func sent(srv *snaptest.Server) [][]byte {
	var out [][]byte
	for _, r := range srv.RequestsTo(CancelPath) {
		out = append(out, r.Body)
	}
	return out
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
			srv := newSim(t)
			srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "ORD-2", ReferenceNo: "IONPAYTEST05202603091207051498", Amount: money.IDR(150000)})
			// A clock in another zone: the timeStamp must still be Jakarta time.
			c := testClient(t, srv.URL, snap.WithClock(func() time.Time { return fixedNow.In(time.FixedZone("EST", -5*3600)) }))
			_, err := c.Cancel(context.Background(), tt.req)
			require.NoError(t, err, "the simulator verifies merchantToken and timeStamp")
			require.Len(t, sent(srv), 1)
			assert.Equal(t, string(testkit.Fixture(t, tt.golden)), string(sent(srv)[0]))
		})
	}
}

func TestCancelSuccess(t *testing.T) {
	srv := newSim(t)
	resp, err := testClient(t, srv.URL).Cancel(context.Background(), fullRequest())
	require.NoError(t, err)
	assert.Equal(t, snap.Success, snap.OutcomeOf(err))
	require.NotNil(t, resp.Raw)
	assert.Equal(t, 200, resp.Raw.HTTPStatus)
	assert.Equal(t, snap.Success, resp.Outcome())
	assert.Equal(t, "0000", resp.Raw.RawCode)
	assert.Equal(t, 1, resp.Raw.Attempts)
	assert.Equal(t, testTXID, resp.TXID)
	assert.Equal(t, testOrder, resp.ReferenceNo)
	assert.Equal(t, "SUCCESS", resp.ResultMsg)
	assert.True(t, resp.Amt.Equal(money.IDR(1000)), resp.Amt)
	at, err := resp.TransactionTime().Time()
	require.NoError(t, err)
	assert.True(t, at.Equal(fixedNow), at)

	tx, _ := srv.Transaction(testOrder)
	assert.Equal(t, debit.StatusCanceled, tx.Status, "the provider cancelled it")
	// NICEPAY v2 is not SNAP: a JSON POST with none of SNAP's headers.
	got := srv.RequestsTo(CancelPath)[0]
	assert.Equal(t, http.MethodPost, got.Method)
	assert.Equal(t, "/nicepay/direct/v2/cancel", got.Path)
	assert.Equal(t, "application/json", got.Header.Get("Content-Type"))
	for _, h := range []string{"X-SIGNATURE", "X-TIMESTAMP", "X-PARTNER-ID", "X-EXTERNAL-ID", "CHANNEL-ID", "Authorization", "X-CLIENT-KEY"} {
		assert.Empty(t, got.Header.Values(h), "no %s header", h)
	}
}

// The lenient reader on NICEPAY's recorded success answer: every field,
// canceltXid (which the simulator does not send) included.
func TestCancelResponseDecodesRecordedAnswer(t *testing.T) {
	var r CancelResponse
	require.NoError(t, json.Unmarshal(testkit.Fixture(t, "cancel_success.json"), &r))
	assert.True(t, r.Amt.Equal(money.IDR(1000)), r.Amt)
	r.Amt = money.Money{}
	assert.Equal(t, CancelResponse{
		TXID:        testTXID,
		ReferenceNo: testOrder,
		ResultCd:    "0000",
		ResultMsg:   "SUCCESS",
		TransDt:     "20160303",
		TransTm:     "135959",
		Description: "Payment of OrdNo20160525000-52104",
		CancelTXID:  "IONPAYTEST05201603031359591234",
	}, r)
	assert.Equal(t, snap.Timestamp("20160303135959"), r.TransactionTime())
	at, err := r.TransactionTime().Time()
	require.NoError(t, err)
	assert.True(t, at.Equal(time.Date(2016, 3, 3, 6, 59, 59, 0, time.UTC)), at)
	_, offset := at.Zone()
	assert.Equal(t, 7*3600, offset)
}

// Recorded answers the simulator cannot give (its answers are always well
// formed), replayed end to end by testkit's replay server: the outcome, the
// error's fields and the answer kept byte for byte in Raw.
func TestCancelRecordedAnswers(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		fixture  string
		outcome  snap.Outcome
		rawCode  string
		message  string
		attempts int
	}{
		{"0000 with unknown fields kept", 200, "cancel_success.json", snap.Success, "0000", "SUCCESS", 1},
		{"0000 read leniently", 200, "cancel_success_lenient.json", snap.Success, "0000", "", 1},
		{"documented refusal is Failed", 200, "cancel_failed.json", snap.Failed, "9314", "Can not cancel your request transaction number.", 1},
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
			body := testkit.Fixture(t, tt.fixture)
			replay := testkit.NewReplay(t, testkit.Always(tt.status, string(body)))
			resp, err := testClient(t, replay.URL+"/nicepay").Cancel(context.Background(), fullRequest())
			require.NotNil(t, resp, "an answer arrived: the response carries it")
			require.NotNil(t, resp.Raw)
			assert.Equal(t, body, resp.Raw.Body, "raw answer kept")
			assert.Equal(t, tt.outcome, resp.Outcome())
			assert.Equal(t, tt.outcome, snap.OutcomeOf(err))
			assert.Equal(t, tt.rawCode, resp.Raw.RawCode)
			assert.Equal(t, tt.message, resp.Raw.Message)
			assert.Equal(t, tt.status, resp.Raw.HTTPStatus)
			assert.Equal(t, tt.attempts, resp.Raw.Attempts)
			assert.Equal(t, tt.attempts, replay.Calls())
			if tt.outcome == snap.Success {
				require.NoError(t, err)
				assert.Equal(t, testTXID, resp.TXID)
				return
			}
			var e *snap.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.outcome, e.Outcome)
			assert.Equal(t, tt.rawCode, e.RawCode)
			assert.Equal(t, tt.message, e.Message)
			assert.Equal(t, body, e.Body)
			assert.Equal(t, tt.attempts, e.Attempts)
			if tt.outcome == snap.Pending {
				assert.NotEmpty(t, e.Reason)
			}
			assert.NotContains(t, err.Error(), testKey)
		})
	}
}

// Faults of the simulator: what is retried, what resends, what is Pending.
func TestCancelFaults(t *testing.T) {
	drop := snaptest.Fault{Attempts: []int{1}, Kind: snaptest.DropConnection}
	tests := []struct {
		name    string
		cancel  CancelType
		faults  []snaptest.Fault
		outcome snap.Outcome
		calls   int
	}{
		{"a try-again code is retried with the same bytes", CancelFull,
			[]snaptest.Fault{{Times: 1, Kind: snaptest.Code("1004")}}, snap.Success, 2},
		// The first attempt's result is unknown: a refusal of the second says
		// nothing about whether the first cancelled the transaction.
		{"a refusal after an unknown attempt is Pending", CancelFull,
			[]snaptest.Fault{drop, {Attempts: []int{2}, Kind: snaptest.Code("9314")}}, snap.Pending, 2},
		{"a dropped connection is Pending after every attempt", CancelFull,
			[]snaptest.Fault{{Kind: snaptest.DropConnection}}, snap.Pending, 3},
		{"a partial cancel is not resent after a dropped connection", CancelPartial,
			[]snaptest.Fault{drop}, snap.Pending, 1},
		{"a partial cancel is not resent after a try-again code", CancelPartial,
			[]snaptest.Fault{{Kind: snaptest.Code("1004")}}, snap.Pending, 1},
		{"a stop-recurring is resent", CancelStopRecurring,
			[]snaptest.Fault{drop}, snap.Success, 2},
		{"HTTP 429 is retried", CancelFull,
			[]snaptest.Fault{{Times: 1, Kind: snaptest.TooManyRequests}}, snap.Success, 2},
		{"a gateway's HTML 502 is retried", CancelFull,
			[]snaptest.Fault{{Times: 1, Kind: snaptest.HTMLBadGateway}}, snap.Success, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newSim(t)
			for _, f := range tt.faults {
				srv.Fail(CancelPath, f)
			}
			req := fullRequest()
			req.CancelType = tt.cancel
			resp, err := testClient(t, srv.URL).Cancel(context.Background(), req)
			assert.Equal(t, tt.outcome, snap.OutcomeOf(err), err)
			require.NotNil(t, resp)
			assert.Equal(t, tt.calls, resp.Raw.Attempts)
			bodies := sent(srv)
			require.Len(t, bodies, tt.calls)
			for _, b := range bodies[1:] {
				assert.Equal(t, bodies[0], b, "a retry resends the same bytes")
			}
		})
	}
}

func TestCancelResultOutcomesOverride(t *testing.T) {
	tests := []struct {
		code  string
		want  snap.Outcome
		calls int
	}{
		{"9314", snap.Pending, 1}, // a refusal made Pending
		{"1004", snap.Failed, 1},  // a try-again code made Failed: no longer retried
		{"9304", snap.Pending, 1}, // untouched default
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			srv := newSim(t)
			srv.Fail(CancelPath, snaptest.Fault{Kind: snaptest.Code(tt.code)})
			overrides := map[string]snap.Outcome{"9314": snap.Pending, "1004": snap.Failed}
			c, err := NewClient(Config{BaseURL: srv.URL, IMID: testIMID, MerchantKey: testKey, ResultOutcomes: overrides},
				snap.WithRetry(fastRetry))
			require.NoError(t, err)
			overrides["9314"], overrides["1004"] = snap.Failed, snap.Pending // the client holds a copy
			_, err = c.Cancel(context.Background(), fullRequest())
			assert.Equal(t, tt.want, snap.OutcomeOf(err))
			assert.Len(t, sent(srv), tt.calls)
		})
	}
}

func TestCancelNeverLogsSecrets(t *testing.T) {
	var logs bytes.Buffer
	for _, fault := range []snaptest.FaultKind{nil, snaptest.Code("9314"), snaptest.HTMLBadGateway} {
		srv := newSim(t)
		srv.Fail(CancelPath, snaptest.Fault{Kind: fault})
		c := testClient(t, srv.URL, snap.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
		_, err := c.Cancel(context.Background(), fullRequest())
		if err != nil {
			assert.NotContains(t, err.Error(), testKey)
		}
		var body map[string]string
		require.NoError(t, json.Unmarshal(sent(srv)[0], &body))
		require.NotEmpty(t, body["merchantToken"])
		assert.NotContains(t, logs.String(), body["merchantToken"])
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
			srv := newSim(t)
			c := testClient(t, srv.URL)
			req := fullRequest()
			tt.edit(req)
			resp, err := c.Cancel(context.Background(), req)
			assert.Nil(t, resp)
			var v *snap.ValidationError
			require.True(t, errors.As(err, &v), "%v", err)
			assert.Equal(t, tt.field, v.Field)
			assert.Contains(t, v.Reason, tt.reason)
			assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
			assert.Empty(t, srv.Requests(), "nothing is sent")
			assert.Equal(t, err, req.Validate(), "Validate reports what Cancel refuses")
		})
	}

	t.Run("nil request", func(t *testing.T) {
		c := testClient(t, "http://127.0.0.1:1/nicepay")
		_, err := c.Cancel(context.Background(), nil)
		assert.True(t, snap.IsValidation(err))
		assert.Equal(t, err, (*CancelRequest)(nil).Validate())
	})

	t.Run("valid", func(t *testing.T) {
		req := fullRequest()
		require.NoError(t, req.Validate(), "an empty timeStamp passes: Cancel fills it in")
		assert.Empty(t, req.TimeStamp, "the caller's request is not modified")
		req.TimeStamp = "20221212101259"
		require.NoError(t, req.Validate())
	})
}

func TestCancelAcceptsRealisticValues(t *testing.T) {
	at := time.Date(2022, 12, 12, 10, 12, 59, 0, snap.Jakarta())
	srv := newSim(t, snaptest.WithClock(func() time.Time { return at }))
	txid := strings.Repeat("9", 30)
	srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "ORD-big", ReferenceNo: txid, Amount: money.IDR(1_000_000_000_000)})
	req := &CancelRequest{
		TimeStamp:      "20221212101259", // NICEPAY's documentation vector has second 78, which is no time
		TXID:           txid,
		PayMethod:      "01",
		CancelType:     CancelPartial,
		CancelMsg:      strings.Repeat("m", 255),
		Amt:            money.IDR(999_999_999_999),
		CancelServerIP: "255.255.255.255",
		CancelUserID:   "ops.team-01@shop",
		CancelUserIP:   "10.0.0.1",
		CancelUserInfo: "Order OrdNo20160525000-52104: customer asked (size L/XL)",
		CancelRetryCnt: "99",
		Worker:         "batch-7.b",
	}
	_, err := testClient(t, srv.URL).Cancel(context.Background(), req)
	require.NoError(t, err)
	var body map[string]string
	require.NoError(t, json.Unmarshal(sent(srv)[0], &body))
	assert.Equal(t, "999999999999", body["amt"])
	assert.Equal(t, "20221212101259", body["timeStamp"])
	assert.Equal(t, "2", body["cancelType"])
}

// cancelMsg is 255 characters, not bytes: 255 "é" (510 bytes) are sent.
func TestCancelMsgCountsCharacters(t *testing.T) {
	srv := newSim(t)
	req := fullRequest()
	req.CancelMsg = strings.Repeat("é", 255)
	_, err := testClient(t, srv.URL).Cancel(context.Background(), req)
	assert.False(t, snap.IsValidation(err), err)
	var body map[string]string
	require.NoError(t, json.Unmarshal(sent(srv)[0], &body))
	assert.Equal(t, req.CancelMsg, body["cancelMsg"])
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

// Whenever the cancel went out, the response is there with Raw, whatever
// the outcome; only a request refused before sending has none.
func TestCancelResponseWheneverSent(t *testing.T) {
	cancelOf := func(amt money.Money) *CancelRequest {
		return &CancelRequest{TXID: testTXID, PayMethod: PayMethodEWallet, CancelType: CancelFull, Amt: amt}
	}
	t.Run("documented refusal is Failed with the answer", func(t *testing.T) {
		srv := newSim(t)
		resp, err := testClient(t, srv.URL).Cancel(context.Background(), cancelOf(money.IDR(500))) // a full cancel of half
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
		srv := newSim(t)
		srv.Fail(CancelPath, snaptest.Fault{Kind: snaptest.Delay(time.Second)})
		c := testClient(t, srv.URL, snap.WithTimeout(50*time.Millisecond), snap.WithRetry(snap.NoRetry()))
		resp, err := c.Cancel(context.Background(), cancelOf(money.IDR(1000)))
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
		srv := newSim(t)
		resp, err := testClient(t, srv.URL).Cancel(context.Background(), cancelOf(money.Money{}))
		assert.True(t, snap.IsValidation(err), err)
		assert.Nil(t, resp)
		assert.Empty(t, srv.Requests())
	})
}
