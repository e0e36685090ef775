package payermax_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/payermax"
	"github.com/snapbi/snap/snaptest"
)

// seedCancelRequest is the request example of PayerMax's Debit-Cancel page
// as a struct: its empty strings are optional fields left unset.
func seedCancelRequest() *payermax.CancelRequest {
	amount := money.MustNew("100000.00", "IDR")
	return &payermax.CancelRequest{
		OriginalPartnerReferenceNo: pageRef,
		MerchantID:                 testPartnerID,
		Reason:                     "Network timeout",
		Amount:                     amount,
		AdditionalInfo:             payermax.AdditionalInfo{Version: "1.4"},
	}
}

func TestCancelGoldenBytesAndBothSignatures(t *testing.T) {
	// The seed's example, decoded from the page's own JSON, must give the
	// same bytes as the struct literal. The golden differs from the example
	// only where the struct says so: empty optional fields are left out and
	// the mandatory keyVersion is added with its default "1".
	var fromSeed payermax.CancelRequest
	require.NoError(t, json.Unmarshal(testkit.Fixture(t, "seed_cancel_request.json"), &fromSeed))
	golden := bytes.TrimSuffix(testkit.Fixture(t, "cancel_request.golden.json"), []byte("\n"))

	for name, req := range map[string]*payermax.CancelRequest{"literal": seedCancelRequest(), "decoded seed": &fromSeed} {
		t.Run(name, func(t *testing.T) {
			srv, c := onSim(t)
			resp, err := c.Cancel(context.Background(), req, snap.ExternalID(pageExternalID))
			require.NoError(t, err)
			requireVerified(t, srv)

			reqs := srv.RequestsTo(payermax.CancelPath)
			require.Len(t, reqs, 1)
			got := reqs[0]
			assert.Equal(t, "/v1.0/debit/cancel", got.Path)
			assert.Equal(t, string(golden), string(got.Body))
			h := got.Header
			assert.Equal(t, wantTimestamp, h.Get("X-TIMESTAMP"))
			assert.Len(t, h.Get("X-TIMESTAMP"), 29)
			assert.Equal(t, testPartnerID, h.Get("X-PARTNER-ID"))
			assert.Equal(t, testChannelID, h.Get("CHANNEL-ID"))
			assert.Equal(t, "www.shop.test", h.Get("ORIGIN"))
			assert.Equal(t, pageExternalID, h.Get("X-EXTERNAL-ID"))
			assert.Equal(t, "application/json", h.Get("Content-Type"))
			assert.NotEmpty(t, h.Get("sign"), "the sign header is on by default")
			assert.Len(t, h.Get("X-SIGNATURE"), 88, "base64 of a 64-byte HMAC-SHA512")
			assert.Len(t, srv.RequestsTo(payermax.TokenPath), 1)

			// The simulator's answer about the page's payment confirms the
			// cancel (05), at the simulator's clock.
			assert.Equal(t, "2005700", resp.ResponseCode)
			assert.Equal(t, pageRef, resp.OriginalPartnerReferenceNo)
			assert.Equal(t, pageReference, resp.OriginalReferenceNo)
			assert.Equal(t, pageExternalID, resp.OriginalExternalID)
			assert.Equal(t, debit.StatusCanceled, resp.Status())
			assert.Equal(t, snap.Timestamp(wantTimestamp), resp.CancelTime)
			require.NotNil(t, resp.Raw)
			assert.Equal(t, snap.Success, resp.Raw.Outcome)
		})
	}
}

// pageCancelAnswer is the page's response example about the page's request
// (the sample names another reference), reporting status.
func pageCancelAnswer(t testing.TB, status string) []byte {
	t.Helper()
	seed := bytes.Replace(testkit.Fixture(t, "seed_cancel_response.json"), []byte("2020102900000000000001"), []byte(pageRef), 1)
	return bytes.Replace(seed, []byte(`"latestTransactionStatus": "00"`), []byte(`"latestTransactionStatus": "`+status+`"`), 1)
}

// TestCancelPageAnswerConfirmed: the page's response example, reporting 05
// about this request's payment, is read and kept whole.
func TestCancelPageAnswerConfirmed(t *testing.T) {
	_, c := onReplay(t, testkit.Always(200, string(pageCancelAnswer(t, "05"))))
	resp, err := c.Cancel(context.Background(), seedCancelRequest())
	require.NoError(t, err)
	assert.Equal(t, "2005700", resp.ResponseCode)
	assert.Equal(t, pageRef, resp.OriginalPartnerReferenceNo)
	assert.Equal(t, pageReference, resp.OriginalReferenceNo)
	assert.Equal(t, pageExternalID, resp.OriginalExternalID)
	assert.Equal(t, debit.StatusCanceled, resp.Status())
	at, err := resp.CancelTime.Time()
	require.NoError(t, err)
	assert.Equal(t, "2020-12-21T10:07:25Z", at.UTC().Format("2006-01-02T15:04:05Z07:00"))
	require.NotNil(t, resp.Raw)
	assert.Contains(t, string(resp.Raw.Body), `"latestTransactionStatus": "05"`)
	assert.Equal(t, snap.Success, resp.Raw.Outcome)
}

// TestCancelSeedAnswerIsPending: the page's own response example
// answers 2005700 with latestTransactionStatus 00 ("successfully in final
// state and paid") about another reference than the page's request. Read
// safely, it does not confirm the cancel: Pending, never Success.
func TestCancelSeedAnswerIsPending(t *testing.T) {
	for name, tc := range map[string]struct {
		body   []byte
		reason string
	}{
		"as published":       {testkit.Fixture(t, "seed_cancel_response.json"), "originalPartnerReferenceNo echoed as \"2020102900000000000001\""},
		"about this request": {pageCancelAnswer(t, "00"), "latestTransactionStatus is \"00\""},
		"in process (03)":    {pageCancelAnswer(t, "03"), "latestTransactionStatus is \"03\""},
		"without its status": {bytes.Replace(pageCancelAnswer(t, "00"), []byte(`"latestTransactionStatus": "00"`), []byte(`"x": "00"`), 1), "additionalInfo.latestTransactionStatus is missing"},
	} {
		t.Run(name, func(t *testing.T) {
			_, c := onReplay(t, testkit.Always(200, string(tc.body)))
			resp, err := c.Cancel(context.Background(), seedCancelRequest())
			require.NotNil(t, resp, "an answer arrived: the response is kept")
			assert.Equal(t, snap.OutcomeOf(err), resp.Outcome())
			assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
			var e *snap.Error
			require.ErrorAs(t, err, &e)
			assert.Contains(t, e.Reason, tc.reason)
			assert.Equal(t, tc.body, e.Body, "the raw answer is kept")
		})
	}
}

func TestCancelEveryFieldGolden(t *testing.T) {
	// The generic SNAP cancel sample has every field set and extra
	// additionalInfo keys: all are kept, after version and keyVersion.
	var req payermax.CancelRequest
	require.NoError(t, json.Unmarshal(testkit.Fixture(t, "generic_cancel_request.json"), &req))
	t.Run("sent", func(t *testing.T) {
		srv, c := onSim(t)
		srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "2020102900000000000001", ReferenceNo: pageReference, ExternalID: pageExternalID, Amount: money.MustNew("10000.00", "IDR")})
		resp, err := c.Cancel(context.Background(), &req)
		require.NoError(t, err)
		requireVerified(t, srv)
		golden := bytes.TrimSuffix(testkit.Fixture(t, "generic_cancel_request.golden.json"), []byte("\n"))
		assert.Equal(t, string(golden), string(srv.RequestsTo(payermax.CancelPath)[0].Body))
		assert.Equal(t, debit.StatusCanceled, resp.Status())
		assert.Equal(t, "", req.AdditionalInfo.KeyVersion, "the caller's request is not modified")
	})
	t.Run("answered with the sample", func(t *testing.T) {
		answer := bytes.Replace(testkit.Fixture(t, "generic_cancel_response.json"), []byte(`"additionalInfo":{`), []byte(`"additionalInfo":{"latestTransactionStatus":"05",`), 1)
		_, c := onReplay(t, testkit.Always(200, string(answer)))
		resp, err := c.Cancel(context.Background(), &req)
		require.NoError(t, err)
		assert.Equal(t, debit.StatusCanceled, resp.Status())
		assert.JSONEq(t, `"mobilephone"`, string(resp.AdditionalInfo.Extra["channel"]))
		assert.JSONEq(t, `"12345679237"`, string(resp.AdditionalInfo.Extra["deviceId"]))
	})
}

func TestCancelKeepsHTMLCharactersAndSignsThem(t *testing.T) {
	srv, c := onSim(t)
	req := seedCancelRequest()
	req.Reason = "A&B <timeout>"
	req.AdditionalInfo.Extra = map[string]any{"note": "x>y & z"}
	_, err := c.Cancel(context.Background(), req)
	require.NoError(t, err)
	requireVerified(t, srv) // both signatures were made over these exact bytes
	body := string(srv.RequestsTo(payermax.CancelPath)[0].Body)
	assert.Contains(t, body, `"reason":"A&B <timeout>"`)
	assert.Contains(t, body, `"additionalInfo":{"version":"1.4","keyVersion":"1","note":"x>y & z"}`)
}

// TestDisableSignHeader runs on the generic SNAP simulator, which wants no
// sign header (PayerMax's refuses a request without one) and still checks
// the token and X-SIGNATURE.
func TestDisableSignHeader(t *testing.T) {
	srv := startSim(t, snaptest.Generic, snaptest.WithCustomerTokenRequired(false))
	c := newClient(t, srv.URL, func(cfg *payermax.Config) { cfg.DisableSignHeader = true })
	_, err := c.Cancel(context.Background(), seedCancelRequest())
	assert.Equal(t, snap.Pending, snap.OutcomeOf(err), "the generic answer has no additionalInfo.latestTransactionStatus")
	requireVerified(t, srv)
	got := srv.RequestsTo(payermax.CancelPath)
	require.Len(t, got, 1)
	assert.Equal(t, "2005700", got[0].ResponseCode)
	_, present := got[0].Header[http.CanonicalHeaderKey("sign")]
	assert.False(t, present, "sign must not be sent at all")
	assert.NotEmpty(t, got[0].Header.Get("X-SIGNATURE"))
}

func TestCancelOutcomes(t *testing.T) {
	tests := []struct {
		name string
		ref  string             // the cancel's reference; "" is the page's payment
		sim  snaptest.FaultKind // the simulator's fault, armed on every attempt
		odd  testkit.Answer     // an answer the simulator never writes, replayed instead
		want snap.Outcome
		// status, code and body are the answer expected (when not Success)
		status       int
		code, body   string
		wantAttempts int
	}{
		{"success", "", nil, nil, snap.Success, 200, "2005700", "", 1},
		{"transaction not found is final", "2020102900000000000001", nil, nil, snap.Failed, 404, "4045701", `{"responseCode":"4045701","responseMessage":"Transaction Not Found"}`, 1},
		{"not allowed at this time is final", "", snaptest.Code("4055701"), nil, snap.Failed, 405, "4055701", `{"responseCode":"4055701","responseMessage":"Requested Opearation Is Not Allowed"}`, 1},
		{"internal server error is retried then pending", "", snaptest.Code("5005701"), nil, snap.Pending, 500, "5005701", `{"responseCode":"5005701","responseMessage":"Internal Server Error"}`, 3},
		{"issuer timeout is retried then pending", "", snaptest.Code("5045700"), nil, snap.Pending, 504, "5045700", `{"responseCode":"5045700","responseMessage":"Timeout"}`, 3},
		{"in progress is pending", "", snaptest.Code("2025700"), nil, snap.Pending, 202, "2025700", `{"responseCode":"2025700","responseMessage":"Request In Progress"}`, 1},
		{"html gateway page is pending", "", nil, testkit.Always(502, `<html><body>Bad Gateway</body></html>`), snap.Pending, 502, "", `<html><body>Bad Gateway</body></html>`, 3},
		{"empty body is pending", "", snaptest.EmptyBody, nil, snap.Pending, 200, "", ``, 1},
		{"undefined code is pending", "", nil, testkit.Always(403, `{"responseCode":"4035799","responseMessage":"?"}`), snap.Pending, 403, "4035799", `{"responseCode":"4035799","responseMessage":"?"}`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, sent := answering(t, payermax.CancelPath, tt.sim, tt.odd)
			req := seedCancelRequest()
			if tt.ref != "" {
				req.OriginalPartnerReferenceNo = tt.ref
			}
			resp, err := c.Cancel(context.Background(), req)
			assert.Equal(t, tt.want, snap.OutcomeOf(err))
			ids := sent()
			assert.Len(t, ids, tt.wantAttempts)
			if tt.want == snap.Success {
				require.NoError(t, err)
				assert.Equal(t, debit.StatusCanceled, resp.Status())
				return
			}
			require.NotNil(t, resp, "an answer arrived: the response is kept")
			assert.Equal(t, snap.OutcomeOf(err), resp.Outcome())
			var se *snap.Error
			require.True(t, errors.As(err, &se), "got %T", err)
			assert.Equal(t, tt.code, se.RawCode)
			assert.Equal(t, tt.status, se.HTTPStatus)
			assert.Equal(t, tt.body, string(se.Body), "the raw answer is kept")
			assert.Equal(t, ids, se.ExternalIDs)
			seen := map[string]bool{}
			for _, id := range ids {
				seen[id] = true
			}
			assert.Len(t, seen, tt.wantAttempts, "each attempt gets a fresh X-EXTERNAL-ID")
		})
	}
}

func TestCancelValidation(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name  string
		edit  func(*payermax.CancelRequest)
		field string
	}{
		{"reference missing", func(r *payermax.CancelRequest) { r.OriginalPartnerReferenceNo = "" }, "originalPartnerReferenceNo"},
		{"reference 65", func(r *payermax.CancelRequest) { r.OriginalPartnerReferenceNo = long(65) }, "originalPartnerReferenceNo"},
		{"original reference 65", func(r *payermax.CancelRequest) { r.OriginalReferenceNo = long(65) }, "originalReferenceNo"},
		{"approval code 21", func(r *payermax.CancelRequest) { r.ApprovalCode = long(21) }, "approvalCode"},
		{"external id 37", func(r *payermax.CancelRequest) { r.OriginalExternalID = long(37) }, "originalExternalId"},
		{"merchant 33", func(r *payermax.CancelRequest) { r.MerchantID = long(33) }, "merchantId"},
		{"sub merchant 33", func(r *payermax.CancelRequest) { r.SubMerchantID = long(33) }, "subMerchantId"},
		{"reason 257", func(r *payermax.CancelRequest) { r.Reason = long(257) }, "reason"},
		{"store 65", func(r *payermax.CancelRequest) { r.ExternalStoreID = long(65) }, "externalStoreId"},
		{"amount with 3 decimals", func(r *payermax.CancelRequest) {
			r.Amount = money.Money{Value: decimal.RequireFromString("1.005"), Currency: "IDR"}
		}, "amount"},
		{"amount without currency", func(r *payermax.CancelRequest) { r.Amount = money.Money{Value: decimal.NewFromInt(1)} }, "amount"},
		{"amount zero", func(r *payermax.CancelRequest) { r.Amount = money.IDR(0) }, "amount"},
		{"originalPartnerReferenceNo spaces", func(r *payermax.CancelRequest) { r.OriginalPartnerReferenceNo = "  " }, "originalPartnerReferenceNo"},
		{"version 9", func(r *payermax.CancelRequest) { r.AdditionalInfo.Version = long(9) }, "additionalInfo.version"},
		{"keyVersion 9", func(r *payermax.CancelRequest) { r.AdditionalInfo.KeyVersion = long(9) }, "additionalInfo.keyVersion"},
		{"version repeated in Extra", func(r *payermax.CancelRequest) {
			r.AdditionalInfo.Extra = map[string]any{"version": "2"}
		}, "additionalInfo.version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := seedCancelRequest()
			tt.edit(req)
			requireRefused(t, (*payermax.Client).Cancel, req, tt.field)
		})
	}
	t.Run("limits are inclusive", func(t *testing.T) {
		req := seedCancelRequest()
		req.Reason, req.MerchantID, req.OriginalExternalID = long(256), long(32), long(36)
		req.AdditionalInfo = payermax.AdditionalInfo{Version: long(8), KeyVersion: long(8)}
		srv, c := onSim(t)
		srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: pageRef, ExternalID: req.OriginalExternalID, Amount: req.Amount})
		_, err := c.Cancel(context.Background(), req)
		require.NoError(t, err)
	})
}

func TestAmountAsNumberDecodes(t *testing.T) {
	// PayerMax's table types amount.value as a number.
	var req payermax.CancelRequest
	require.NoError(t, json.Unmarshal([]byte(`{"originalPartnerReferenceNo":"r","amount":{"value":100000.00,"currency":"IDR"},"additionalInfo":{"version":"1.4","keyVersion":"1","big":12345678901234567890}}`), &req))
	require.NotNil(t, req.Amount)
	assert.Equal(t, "100000.00", req.Amount.ValueString())
	assert.Equal(t, json.Number("12345678901234567890"), req.AdditionalInfo.Extra["big"], "numbers in Extra are not rounded")

	srv, c := onSim(t)
	srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "r", Amount: req.Amount})
	_, err := c.Cancel(context.Background(), &req)
	require.NoError(t, err)
	assert.Equal(t, `{"originalPartnerReferenceNo":"r","amount":{"value":"100000.00","currency":"IDR"},"additionalInfo":{"version":"1.4","keyVersion":"1","big":12345678901234567890}}`,
		string(srv.RequestsTo(payermax.CancelPath)[0].Body), "sent back as a string")

	var bad payermax.CancelRequest
	assert.Error(t, json.Unmarshal([]byte(`{"amount":{"value":1.005,"currency":"IDR"}}`), &bad), "a third decimal is never rounded away")
}

func TestSecretsNeverLogged(t *testing.T) {
	var logs bytes.Buffer
	srv := startSim(t, snaptest.PayerMax)
	srv.Fail(payermax.CancelPath, snaptest.Fault{Kind: snaptest.Code("5005701")})
	c := newClient(t, srv.URL, nil, snap.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	_, err := c.Cancel(context.Background(), seedCancelRequest())
	require.Error(t, err)
	h := srv.RequestsTo(payermax.CancelPath)[0].Header
	token, ok := strings.CutPrefix(h.Get("Authorization"), "Bearer ")
	require.True(t, ok)
	for _, secret := range []string{testSecret, token, h.Get("X-SIGNATURE"), h.Get("sign")} {
		require.NotEmpty(t, secret)
		assert.NotContains(t, logs.String(), secret)
		assert.NotContains(t, err.Error(), secret)
	}
	assert.NotEmpty(t, logs.String())
}

func TestNewClientConfig(t *testing.T) {
	key := testkit.PartnerKey(t)
	ok := payermax.Config{BaseURL: "https://payermax.test", PartnerID: "p", ChannelID: "95221", ClientSecret: testSecret, PrivateKey: snap.NewPrivateKey(key)}
	tests := []struct {
		name string
		edit func(*payermax.Config)
		want string
	}{
		{"no base URL", func(c *payermax.Config) { c.BaseURL = "" }, "BaseURL"},
		{"no private key", func(c *payermax.Config) { c.PrivateKey = snap.PrivateKey{} }, "PrivateKey"},
		{"no secret", func(c *payermax.Config) { c.ClientSecret = "" }, "ClientSecret"},
		{"no partner", func(c *payermax.Config) { c.PartnerID = "" }, "PartnerID"},
		{"channel too long", func(c *payermax.Config) { c.ChannelID = "123456" }, "ChannelID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := ok
			tt.edit(&cfg)
			_, err := payermax.NewClient(cfg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), testSecret)
		})
	}
	c, err := payermax.NewClient(ok)
	require.NoError(t, err)
	core := c.Core().Config()
	assert.Equal(t, snap.Symmetric, core.Signature)
	assert.Equal(t, "/v1.0/access-token/b2b", core.TokenPath)
	assert.Equal(t, snap.TimestampLayoutMillis, core.TimestampLayout)
	assert.Equal(t, "sign", core.BodySignatureHeader)
}
