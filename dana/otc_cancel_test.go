package dana

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/snaptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seedRequest is the request sample of DANA's OTC cancel page.
func seedRequest() *OTCCancelRequest {
	return &OTCCancelRequest{
		OriginalPartnerReferenceNo: "14054Q0727520211128121824995",
		OriginalReferenceNo:        "2021112810121482030100166514528830697",
		OriginalExternalID:         "30443786930722726463280097920912",
		CustomerNumber:             "081234567890",
		Reason:                     "Abnormal system result",
		AdditionalInfo:             OTCCancelAdditionalInfo{Amount: money.MustNew("50000.00", "IDR")},
	}
}

// seedCashout puts the cashout of DANA's samples on srv: the request
// sample's references and amount, the response sample's transactionDate.
func seedCashout(srv *snaptest.Server) {
	srv.AddTransaction(snaptest.Transaction{
		PartnerReferenceNo: "14054Q0727520211128121824995", ReferenceNo: "2021112810121482030100166514528830697",
		ExternalID: "30443786930722726463280097920912", CustomerNumber: "081234567890", Amount: money.IDR(50000),
		CreatedAt: time.Date(2021, 12, 3, 10, 20, 12, 0, snap.Jakarta()),
	})
}

// otcServer is a DANA simulator holding DANA's sample cashout, and a client for it.
func otcServer(t *testing.T, opts ...snap.Option) (*snaptest.Server, *Client) {
	t.Helper()
	srv := newServer(t)
	seedCashout(srv)
	return srv, newTestClient(t, srv.URL, opts...)
}

func TestCancelOTCGoldenRequestAndHeaders(t *testing.T) {
	srv, c := otcServer(t)

	res, err := c.CancelOTC(context.Background(), seedRequest(), snap.ExternalID("41807553358950093184162180797837"))
	require.NoError(t, err)

	reqs := srv.RequestsTo(OTCCancelPath)
	require.Len(t, reqs, 1)
	r := reqs[0]
	// The seed's request sample, minified, byte for byte.
	assert.Equal(t, testkit.Compact(t, testkit.Fixture(t, "otc_cancel_request.json")), string(r.Body))
	assert.Equal(t, "2004600", r.ResponseCode, "snaptest verified X-SIGNATURE with the partner public key: %s", r.Reason)
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/v1.0/emoney/otc-cancel.htm", r.Path)
	h := r.Header
	assert.Equal(t, "application/json", h.Get("Content-Type"))
	assert.Equal(t, "2021-12-03T10:37:11+07:00", h.Get("X-TIMESTAMP"))
	assert.Equal(t, seedPartnerID, h.Get("X-PARTNER-ID"))
	assert.Equal(t, "41807553358950093184162180797837", h.Get("X-EXTERNAL-ID"))
	assert.Equal(t, "95221", h.Get("CHANNEL-ID"))
	assert.Equal(t, "www.hostname.com", h.Get("ORIGIN"))
	assert.Empty(t, h.Values("Authorization"), "DANA's asymmetric signature goes without a B2B token")
	assert.Empty(t, h.Values("Authorization-Customer"))

	// The simulator answers what DANA's response sample says, field for field.
	require.NotNil(t, res.Raw)
	assert.JSONEq(t, string(testkit.Fixture(t, "otc_cancel_response.json")), string(res.Raw.Body))
	assert.Equal(t, "2004600", res.ResponseCode)
	assert.Equal(t, "Successful", res.ResponseMessage)
	assert.Equal(t, "2021112810121482030100166514528830697", res.OriginalReferenceNo)
	assert.Equal(t, "14054Q0727520211128121824995", res.OriginalPartnerReferenceNo)
	assert.Equal(t, "30443786930722726463280097920912", res.OriginalExternalID)
	assert.Equal(t, snap.Timestamp("2021-12-03T10:37:12+07:00"), res.CancelTime)
	assert.Equal(t, snap.Timestamp("2021-12-03T10:20:12+07:00"), res.TransactionDate)
	assert.NotNil(t, res.AdditionalInfo)
	assert.Empty(t, res.AdditionalInfo)
	cancelled, err := res.CancelTime.Time()
	require.NoError(t, err)
	assert.True(t, cancelled.Equal(time.Date(2021, 12, 3, 3, 37, 12, 0, time.UTC)), cancelled)
	txDate, err := res.TransactionDate.Time()
	require.NoError(t, err)
	assert.True(t, txDate.Equal(time.Date(2021, 12, 3, 3, 20, 12, 0, time.UTC)), txDate)
	assert.Equal(t, 1, res.Raw.Attempts)
	assert.Equal(t, snap.Success, res.Outcome())
	assert.Equal(t, OTCCancelSuccessAction, res.Raw.Action)
	tx, _ := srv.Transaction("14054Q0727520211128121824995")
	assert.Equal(t, debit.StatusCanceled, tx.Status)
}

// A request signed with another key is refused by the simulator's own
// verifier: DANA's 4014600, Failed, "retry with proper parameter".
func TestCancelOTCWrongKeyIsRefused(t *testing.T) {
	srv := newServer(t)
	seedCashout(srv)
	c, err := NewClient(Config{BaseURL: srv.URL, PartnerID: seedPartnerID, ChannelID: "95221", PrivateKey: snap.NewPrivateKey(testkit.ProviderKey(t))},
		snap.WithRetry(fastRetry), snap.WithClock(func() time.Time { return seedNow }))
	require.NoError(t, err)
	res, err := c.CancelOTC(context.Background(), seedRequest())
	var e *snap.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "4014600", e.RawCode)
	assert.Equal(t, snap.Failed, e.Outcome)
	assert.Equal(t, OTCCancelFixRequestAction, e.Action)
	reqs := srv.RequestsTo(OTCCancelPath)
	require.Len(t, reqs, 1)
	assert.Contains(t, reqs[0].Reason, "X-SIGNATURE does not verify")
	// The refusal is returned with the answer.
	require.NotNil(t, res)
	require.NotNil(t, res.Raw)
	assert.Equal(t, "4014600", res.ResponseCode)
	assert.Equal(t, snap.Failed, res.Outcome())
}

func TestOTCCancelRequestJSON(t *testing.T) {
	seed := []byte(testkit.Compact(t, testkit.Fixture(t, "otc_cancel_request.json")))

	var decoded OTCCancelRequest
	require.NoError(t, json.Unmarshal(seed, &decoded))
	assert.Equal(t, *seedRequest(), decoded)
	again, err := json.Marshal(&decoded)
	require.NoError(t, err)
	assert.Equal(t, string(seed), string(again))

	req := seedRequest()
	req.OriginalReferenceNo, req.OriginalExternalID = "", ""
	req.Reason = "A&B <timeout>"
	req.AdditionalInfo.Extra = map[string]any{"zeta": 1, "alpha": "x&y", "nested": map[string]any{"k": true}}
	srv, c := otcServer(t)
	_, err = c.CancelOTC(context.Background(), req)
	require.NoError(t, err)
	sent := srv.RequestsTo(OTCCancelPath)[0].Body
	assert.Equal(t, `{"originalPartnerReferenceNo":"14054Q0727520211128121824995","customerNumber":"081234567890",`+
		`"reason":"A&B <timeout>","additionalInfo":{"amount":{"currency":"IDR","value":"50000.00"},`+
		`"alpha":"x&y","nested":{"k":true},"zeta":1}}`, string(sent))

	var back OTCCancelRequest
	require.NoError(t, json.Unmarshal(sent, &back))
	assert.Equal(t, map[string]any{"zeta": float64(1), "alpha": "x&y", "nested": map[string]any{"k": true}}, back.AdditionalInfo.Extra)
	assert.Error(t, json.Unmarshal([]byte(`{"additionalInfo":{"amount":{"value":"1.001","currency":"IDR"}}}`), &back))
	assert.Error(t, json.Unmarshal([]byte(`{"additionalInfo":[]}`), &back))
}

func TestCancelOTCValidation(t *testing.T) {
	long := func(n int) string { return strings.Repeat("9", n) }
	tests := []struct {
		name   string
		edit   func(r *OTCCancelRequest)
		field  string
		reason string
	}{
		{"originalPartnerReferenceNo missing", func(r *OTCCancelRequest) { r.OriginalPartnerReferenceNo = "" }, "originalPartnerReferenceNo", "is required"},
		{"originalPartnerReferenceNo too long", func(r *OTCCancelRequest) { r.OriginalPartnerReferenceNo = long(65) }, "originalPartnerReferenceNo", "at most 64 characters (got 65)"},
		{"originalReferenceNo too long", func(r *OTCCancelRequest) { r.OriginalReferenceNo = long(65) }, "originalReferenceNo", "at most 64"},
		{"originalExternalId too long", func(r *OTCCancelRequest) { r.OriginalExternalID = long(37) }, "originalExternalId", "at most 36 characters (got 37)"},
		{"customerNumber missing", func(r *OTCCancelRequest) { r.CustomerNumber = "" }, "customerNumber", "is required"},
		{"customerNumber too long", func(r *OTCCancelRequest) { r.CustomerNumber = long(33) }, "customerNumber", "at most 32 characters (got 33)"},
		{"reason missing", func(r *OTCCancelRequest) { r.Reason = "" }, "reason", "is required"},
		{"reason too long", func(r *OTCCancelRequest) { r.Reason = strings.Repeat("é", 513) }, "reason", "at most 512 characters (got 513)"},
		{"amount missing", func(r *OTCCancelRequest) { r.AdditionalInfo.Amount = money.Money{} }, "additionalInfo.amount", "is required"},
		{"amount bad currency", func(r *OTCCancelRequest) { r.AdditionalInfo.Amount.Currency = "idr" }, "additionalInfo.amount", "currency"},
		{"amount negative", func(r *OTCCancelRequest) { r.AdditionalInfo.Amount = money.IDR(-1) }, "additionalInfo.amount", "negative"},
		// "reason | string | 1 - 512 characters | Required": spaces are no reason.
		{"reason whitespace only", func(r *OTCCancelRequest) { r.Reason = "   " }, "reason", "whitespace only"},
		// additionalInfo.amount is the cashout to reverse: 0.00 reverses nothing.
		{"amount zero", func(r *OTCCancelRequest) { r.AdditionalInfo.Amount = money.IDR(0) }, "additionalInfo.amount", "greater than zero"},
		{"amount in Extra", func(r *OTCCancelRequest) { r.AdditionalInfo.Extra = map[string]any{"amount": "1"} }, "additionalInfo.amount", "not in Extra"},
	}
	srv := newServer(t)
	c := newTestClient(t, srv.URL)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := seedRequest()
			tt.edit(req)
			res, err := c.CancelOTC(context.Background(), req)
			assert.Nil(t, res, "nothing was sent")
			var v *snap.ValidationError
			require.ErrorAs(t, err, &v)
			assert.Equal(t, tt.field, v.Field)
			assert.Contains(t, v.Reason, tt.reason)
			assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
		})
	}
	res, err := c.CancelOTC(context.Background(), nil)
	assert.Nil(t, res)
	assert.True(t, snap.IsValidation(err))
	// Lengths at the limit pass.
	srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: long(64), Amount: money.IDR(50000)})
	req := seedRequest()
	req.OriginalPartnerReferenceNo, req.OriginalReferenceNo, req.OriginalExternalID = long(64), "", ""
	req.CustomerNumber, req.Reason = long(32), strings.Repeat("é", 512)
	_, err = c.CancelOTC(context.Background(), req)
	require.NoError(t, err)
	assert.Len(t, srv.Requests(), 1, "only the valid request was sent")
}

// TestCancelOTCResponseTable runs every row of DANA's OTC cancel response
// table: the code at its HTTP status must give DANA's outcome and action,
// and the answer is returned with the error.
func TestCancelOTCResponseTable(t *testing.T) {
	// DANA's table gives one action to a group of codes: each group once.
	type codeMsg struct{ code, message string }
	groups := []struct {
		outcome  snap.Outcome
		action   string
		attempts int // 4294600 and 5004601 are retried up to 3 attempts
		codes    []codeMsg
	}{
		{snap.Success, "Mark Cancel Payment process as Success (reversal successful) & hold the money", 1,
			[]codeMsg{{"2004600", "Successful"}}},
		{snap.Failed, "Mark Cancel Payment process as Failed. Retry request with proper parameter", 1,
			[]codeMsg{{"4004600", "Bad Request"}, {"4004601", "Invalid Field Format"}, {"4004602", "Invalid Mandatory Field"},
				{"4014600", "Unauthorized. Signature"}, {"4014601", "Invalid Token (B2B)"}}},
		{snap.Failed, "Mark Cancel Payment process as Failed and hold the money", 1,
			[]codeMsg{{"4044600", "Invalid Transaction Status"}, {"4044601", "Transaction Not Found"},
				{"4044618", "Inconsistent Request"}, {"5004600", "General Error"}}},
		{snap.Pending, "Mark Cancel Payment process as Pending. Hold the money and retry request periodically", 3,
			[]codeMsg{{"4294600", "Too Many Requests"}, {"5004601", "Internal Server Error"}}},
	}
	n := 0
	for _, g := range groups {
		n += len(g.codes)
	}
	require.Len(t, OTCCancelOutcomes(), n+2, "every code row of the table is tested (and the timeout and unexpected rows elsewhere)")
	for _, g := range groups {
		for _, row := range g.codes {
			t.Run(row.code+" "+row.message, func(t *testing.T) {
				srv, c := otcServer(t)
				if g.outcome != snap.Success { // the success is the simulator's own answer
					srv.Fail(OTCCancelPath, snaptest.Fault{Kind: snaptest.Code(row.code)})
				}
				res, err := c.CancelOTC(context.Background(), seedRequest())
				reqs := srv.RequestsTo(OTCCancelPath)
				assert.Len(t, reqs, g.attempts)
				require.NotNil(t, res, "something was sent")
				require.NotNil(t, res.Raw)
				assert.Equal(t, row.code, res.ResponseCode)
				assert.Equal(t, g.outcome, res.Outcome())
				assert.Equal(t, g.action, res.Raw.Action)
				assert.Equal(t, g.attempts, res.Raw.Attempts)
				if g.outcome == snap.Success {
					require.NoError(t, err)
					assert.Equal(t, "14054Q0727520211128121824995", res.OriginalPartnerReferenceNo)
					return
				}
				status, perr := strconv.Atoi(row.code[:3]) // the HTTP status is the code's first three digits
				require.NoError(t, perr)
				var e *snap.Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, g.outcome, e.Outcome)
				assert.Equal(t, g.action, e.Action)
				assert.Equal(t, row.code, e.RawCode)
				assert.Equal(t, reqs[0].ResponseMessage, e.Message)
				assert.Equal(t, status, e.HTTPStatus)
				assert.Equal(t, g.attempts, e.Attempts)
				assert.Contains(t, string(e.Body), row.code)
			})
		}
	}
}

// TestCancelOTCTotalTimeout: DANA never answers. The client makes the 3
// attempts of its default policy, each bounded by the per-attempt timeout,
// then reports Pending with DANA's total-timeout action, and still returns
// the response with Raw.
func TestCancelOTCTotalTimeout(t *testing.T) {
	srv := newServer(t)
	seedCashout(srv)
	srv.Fail(OTCCancelPath, snaptest.Fault{Kind: snaptest.Delay(5 * time.Second)})
	// No snap.WithRetry: the DANA client's own default must make 3 attempts.
	c, err := NewClient(Config{BaseURL: srv.URL, PartnerID: seedPartnerID, ChannelID: "95221", PrivateKey: snap.NewPrivateKey(testkit.PartnerKey(t))},
		snap.WithTimeout(100*time.Millisecond), snap.WithClock(func() time.Time { return seedNow }))
	require.NoError(t, err)

	res, err := c.CancelOTC(context.Background(), seedRequest())
	var e *snap.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, snap.Pending, e.Outcome)
	assert.Equal(t, "Do a retry maximum 3 attempts, if still fails mark Cancel Payment process as Pending and hold the money", e.Action)
	assert.Equal(t, 3, e.Attempts)
	assert.True(t, e.IsTimeout(), "%v", err)
	assert.Equal(t, 0, e.HTTPStatus)
	require.Len(t, e.ExternalIDs, 3)
	assert.NotEqual(t, e.ExternalIDs[0], e.ExternalIDs[1], "each attempt has its own X-EXTERNAL-ID")

	require.NotNil(t, res, "requests were sent: the response says what is known")
	require.NotNil(t, res.Raw)
	assert.Equal(t, snap.Pending, res.Outcome())
	assert.Equal(t, OTCCancelTimeoutAction, res.Raw.Action)
	assert.Equal(t, 3, res.Raw.Attempts)
	assert.Empty(t, res.ResponseCode, "no answer to read")

	// An attempt may time out before it reaches the server (a slow dial), so
	// the server may count fewer; it must never count more.
	reqs := srv.RequestsTo(OTCCancelPath)
	assert.LessOrEqual(t, len(reqs), 3)
	for _, r := range reqs {
		assert.Equal(t, string(reqs[0].Body), string(r.Body), "the business request is the same on every attempt")
	}
}

// TestCancelOTCTimeoutThenAnswer: an answer to a retry ends the call. The
// lost attempt was processed: the retry is answered as the same cancel.
func TestCancelOTCTimeoutThenAnswer(t *testing.T) {
	srv, c := otcServer(t, snap.WithTimeout(200*time.Millisecond))
	srv.Fail(OTCCancelPath, snaptest.Fault{Attempts: []int{1}, Kind: snaptest.Delay(5 * time.Second)})
	res, err := c.CancelOTC(context.Background(), seedRequest())
	require.NoError(t, err)
	assert.GreaterOrEqual(t, res.Raw.Attempts, 2)
	assert.Equal(t, "2004600", res.ResponseCode)
}

// TestCancelOTCUnexpectedAnswers: whatever DANA's table does not foresee is
// Pending, with the raw answer kept — never Failed, never a crash. These
// bodies are DANA's mistakes, which the simulator does not make: replay
// serves them byte for byte.
func TestCancelOTCUnexpectedAnswers(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		reason string
	}{
		{"empty body", 200, "", "empty body"},
		{"HTML gateway page", 502, "<html><body>Bad Gateway</body></html>", "not a well-formed JSON object"},
		{"HTML error page on 200", 200, "<html>oops</html>", "not a well-formed JSON object"},
		{"no responseCode", 200, `{"responseMessage":"Successful"}`, "no responseCode"},
		{"numeric responseCode", 200, `{"responseCode":2004600}`, "not a string"},
		{"malformed responseCode", 400, `{"responseCode":"400460"}`, "malformed"},
		{"undefined code", 400, `{"responseCode":"4004699","responseMessage":"?"}`, "not in the provider's table"},
		{"a code outside DANA's table", 403, `{"responseCode":"4034605","responseMessage":"Do Not Honor"}`, "not in the provider's table"},
		{"another service's code", 404, `{"responseCode":"4045701","responseMessage":"Transaction Not Found"}`, "service 57"},
		{"another service's success", 200, `{"responseCode":"2005700","responseMessage":"Successful"}`, "service 57"},
		{"two responseCodes", 200, `{"responseCode":"2004600","responseMessage":"Successful","responseCode":"4044601"}`, "duplicate key"},
		{"success without originalPartnerReferenceNo", 200, `{"responseCode":"2004600","responseMessage":"Successful","originalReferenceNo":"2021112810121482030100166514528830697","cancelTime":"2021-12-03T10:37:12+07:00"}`, "mandatory field originalPartnerReferenceNo is missing"},
		{"success without cancelTime", 200, `{"responseCode":"2004600","responseMessage":"Successful","originalPartnerReferenceNo":"14054Q0727520211128121824995","originalReferenceNo":"2021112810121482030100166514528830697"}`, "mandatory field cancelTime is missing"},
		{"success about another cashout", 200, `{"responseCode":"2004600","responseMessage":"Successful","originalPartnerReferenceNo":"OTHER","originalReferenceNo":"2021112810121482030100166514528830697","cancelTime":"2021-12-03T10:37:12+07:00"}`, "originalPartnerReferenceNo echoed as \"OTHER\""},
		{"code disagrees with HTTP status", 200, `{"responseCode":"4044601","responseMessage":"Transaction Not Found"}`, "disagrees"},
		{"success code on HTTP 500", 500, `{"responseCode":"2004600","responseMessage":"Successful"}`, "disagrees"},
		{"truncated JSON", 200, `{"responseCode":"2004600"`, "not a well-formed JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url := testkit.NewReplay(t, testkit.Always(tt.status, tt.body)).URL
			res, err := newTestClient(t, url).CancelOTC(context.Background(), seedRequest())
			var e *snap.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, snap.Pending, e.Outcome)
			assert.Contains(t, e.Reason, tt.reason)
			assert.Equal(t, OTCCancelPendingAction, e.Action, "DANA's Pending action; an answer came, so not the timeout's")
			assert.Equal(t, tt.body, string(e.Body), "the raw answer is kept")
			assert.Equal(t, tt.status, e.HTTPStatus)
			require.NotNil(t, res)
			assert.Equal(t, tt.body, string(res.Raw.Body))
			assert.Equal(t, snap.Pending, res.Outcome())
		})
	}
}

// A refusal whose other fields do not all decode still gives what does.
func TestCancelOTCRefusalDecodedAsFarAsItGoes(t *testing.T) {
	url := testkit.NewReplay(t, testkit.Always(http.StatusNotFound, `{"responseCode":"4044601","responseMessage":"Transaction Not Found",`+
		`"originalPartnerReferenceNo":"14054Q0727520211128121824995","cancelTime":1638502632000,"additionalInfo":"x"}`)).URL
	res, err := newTestClient(t, url).CancelOTC(context.Background(), seedRequest())
	assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
	require.NotNil(t, res)
	assert.Equal(t, "4044601", res.ResponseCode)
	assert.Equal(t, "14054Q0727520211128121824995", res.OriginalPartnerReferenceNo)
	assert.Empty(t, res.CancelTime, "a number is no timestamp: left empty")
	assert.Nil(t, res.AdditionalInfo)
}

func TestCancelOTCContextCanceled(t *testing.T) {
	srv, c := otcServer(t)
	srv.Fail(OTCCancelPath, snaptest.Fault{Kind: snaptest.Delay(5 * time.Second)})
	ctx, cancel := context.WithCancel(context.Background())
	stop := time.AfterFunc(50*time.Millisecond, cancel)
	defer stop.Stop()
	res, err := c.CancelOTC(ctx, seedRequest())
	assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
	require.NotNil(t, res)
	assert.Equal(t, snap.Pending, res.Outcome())
}

func TestOTCCancelOutcomesIsACopy(t *testing.T) {
	a := OTCCancelOutcomes()
	delete(a, "2004600")
	assert.Contains(t, OTCCancelOutcomes(), "2004600")
}
