package payermax_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/payermax"
)

// seedCancelRequest is the request example of PayerMax's Debit-Cancel page
// as a struct: its empty strings are optional fields left unset.
func seedCancelRequest() *payermax.CancelRequest {
	amount := money.MustNew("100000.00", "IDR")
	return &payermax.CancelRequest{
		OriginalPartnerReferenceNo: "20240302141539079100054",
		MerchantID:                 "P05010114269706",
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
	require.NoError(t, json.Unmarshal(readFixture(t, "seed_cancel_request.json"), &fromSeed))
	golden := bytes.TrimSuffix(readFixture(t, "cancel_request.golden.json"), []byte("\n"))

	for name, req := range map[string]*payermax.CancelRequest{"literal": seedCancelRequest(), "decoded seed": &fromSeed} {
		t.Run(name, func(t *testing.T) {
			f := newFakePayerMax(t)
			c := newClient(t, f, nil)
			resp, err := c.Cancel(context.Background(), req, snap.ExternalID("30443786930722726463280097920912"))
			require.NoError(t, err)
			f.requireClean()

			reqs := f.recorded()
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
			assert.Equal(t, "30443786930722726463280097920912", h.Get("X-EXTERNAL-ID"))
			assert.Equal(t, "application/json", h.Get("Content-Type"))
			assert.NotEmpty(t, h.Get("sign"), "the sign header is on by default")
			assert.Len(t, h.Get("X-SIGNATURE"), 88, "base64 of a 64-byte HMAC-SHA512")
			assert.Equal(t, int32(1), f.tokenCalls.Load())

			// The answer is the page's response example about this request's
			// transaction, confirming the cancel (05), kept whole.
			assert.Equal(t, "2005700", resp.ResponseCode)
			assert.Equal(t, "20240302141539079100054", resp.OriginalPartnerReferenceNo)
			assert.Equal(t, "2020102977770000000009", resp.OriginalReferenceNo)
			assert.Equal(t, "30443786930722726463280097920912", resp.OriginalExternalID)
			assert.Equal(t, debit.StatusCanceled, resp.Status())
			at, err := resp.CancelTime.Time()
			require.NoError(t, err)
			assert.Equal(t, "2020-12-21T10:07:25Z", at.UTC().Format("2006-01-02T15:04:05Z07:00"))
			require.NotNil(t, resp.Raw)
			assert.Contains(t, string(resp.Raw.Body), `"latestTransactionStatus": "05"`)
			assert.Equal(t, snap.Success, resp.Raw.Outcome)
		})
	}
}

// TestCancelSeedAnswerIsPending: the page's own response example
// answers 2005700 with latestTransactionStatus 00 ("successfully in final
// state and paid") about another reference than the page's request. Read
// safely, it does not confirm the cancel: Pending, never Success.
func TestCancelSeedAnswerIsPending(t *testing.T) {
	seed := readFixture(t, "seed_cancel_response.json")
	for name, tc := range map[string]struct {
		body   []byte
		reason string
	}{
		"as published":       {seed, "originalPartnerReferenceNo echoed as \"2020102900000000000001\""},
		"about this request": {bytes.Replace(seed, []byte("2020102900000000000001"), []byte("20240302141539079100054"), 1), "latestTransactionStatus is \"00\""},
		"in process (03)":    {bytes.Replace(bytes.Replace(seed, []byte("2020102900000000000001"), []byte("20240302141539079100054"), 1), []byte(`"00"`), []byte(`"03"`), 1), "latestTransactionStatus is \"03\""},
		"without its status": {bytes.Replace(bytes.Replace(seed, []byte("2020102900000000000001"), []byte("20240302141539079100054"), 1), []byte(`"latestTransactionStatus": "00"`), []byte(`"x": "00"`), 1), "additionalInfo.latestTransactionStatus is missing"},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFakePayerMax(t)
			f.answer = func(_ int, w http.ResponseWriter) { _, _ = w.Write(tc.body) }
			resp, err := newClient(t, f, nil).Cancel(context.Background(), seedCancelRequest())
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
	require.NoError(t, json.Unmarshal(readFixture(t, "generic_cancel_request.json"), &req))
	f := newFakePayerMax(t)
	f.body = bytes.Replace(readFixture(t, "generic_cancel_response.json"), []byte(`"additionalInfo":{`), []byte(`"additionalInfo":{"latestTransactionStatus":"05",`), 1)
	c := newClient(t, f, nil)
	resp, err := c.Cancel(context.Background(), &req)
	require.NoError(t, err)
	f.requireClean()
	golden := bytes.TrimSuffix(readFixture(t, "generic_cancel_request.golden.json"), []byte("\n"))
	assert.Equal(t, string(golden), string(f.recorded()[0].Body))

	assert.Equal(t, debit.StatusCanceled, resp.Status())
	assert.JSONEq(t, `"mobilephone"`, string(resp.AdditionalInfo.Extra["channel"]))
	assert.JSONEq(t, `"12345679237"`, string(resp.AdditionalInfo.Extra["deviceId"]))
	assert.Equal(t, "", req.AdditionalInfo.KeyVersion, "the caller's request is not modified")
}

func TestCancelKeepsHTMLCharactersAndSignsThem(t *testing.T) {
	f := newFakePayerMax(t)
	c := newClient(t, f, nil)
	req := seedCancelRequest()
	req.Reason = "A&B <timeout>"
	req.AdditionalInfo.Extra = map[string]any{"note": "x>y & z"}
	_, err := c.Cancel(context.Background(), req)
	require.NoError(t, err)
	f.requireClean() // both signatures were made over these exact bytes
	body := string(f.recorded()[0].Body)
	assert.Contains(t, body, `"reason":"A&B <timeout>"`)
	assert.Contains(t, body, `"additionalInfo":{"version":"1.4","keyVersion":"1","note":"x>y & z"}`)
}

func TestDisableSignHeader(t *testing.T) {
	f := newFakePayerMax(t)
	c := newClient(t, f, func(cfg *payermax.Config) { cfg.DisableSignHeader = true })
	_, err := c.Cancel(context.Background(), seedCancelRequest())
	require.NoError(t, err)
	f.requireClean()
	h := f.recorded()[0].Header
	_, present := h[http.CanonicalHeaderKey("sign")]
	assert.False(t, present, "sign must not be sent at all")
	assert.NotEmpty(t, h.Get("X-SIGNATURE"))
}

func TestCancelOutcomes(t *testing.T) {
	tests := []struct {
		name         string
		status       int
		body         string
		want         snap.Outcome
		wantCode     string
		wantAttempts int
	}{
		{"success", 200, `{"responseCode":"2005700","responseMessage":"Successful","originalPartnerReferenceNo":"20240302141539079100054","additionalInfo":{"latestTransactionStatus":"05"}}`, snap.Success, "2005700", 1},
		{"transaction not found is final", 404, `{"responseCode":"4045701","responseMessage":"Transaction Not Found"}`, snap.Failed, "4045701", 1},
		{"not allowed at this time is final", 405, `{"responseCode":"4055701","responseMessage":"Requested Operation Is Not Allowed"}`, snap.Failed, "4055701", 1},
		{"internal server error is retried then pending", 500, `{"responseCode":"5005701","responseMessage":"Internal Server Error"}`, snap.Pending, "5005701", 3},
		{"issuer timeout is retried then pending", 504, `{"responseCode":"5045700","responseMessage":"Timeout"}`, snap.Pending, "5045700", 3},
		{"in progress is pending", 202, `{"responseCode":"2025700","responseMessage":"Request In Progress"}`, snap.Pending, "2025700", 1},
		{"html gateway page is pending", 502, `<html><body>Bad Gateway</body></html>`, snap.Pending, "", 3},
		{"empty body is pending", 200, ``, snap.Pending, "", 1},
		{"undefined code is pending", 403, `{"responseCode":"4035799","responseMessage":"?"}`, snap.Pending, "4035799", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakePayerMax(t)
			f.answer = func(_ int, w http.ResponseWriter) {
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			}
			c := newClient(t, f, nil)
			resp, err := c.Cancel(context.Background(), seedCancelRequest())
			assert.Equal(t, tt.want, snap.OutcomeOf(err))
			assert.Equal(t, tt.wantAttempts, int(f.calls.Load()))
			f.requireClean()
			if tt.want == snap.Success {
				require.NoError(t, err)
				assert.Equal(t, debit.StatusCanceled, resp.Status())
				return
			}
			require.NotNil(t, resp, "an answer arrived: the response is kept")
			assert.Equal(t, snap.OutcomeOf(err), resp.Outcome())
			var se *snap.Error
			require.True(t, errors.As(err, &se), "got %T", err)
			assert.Equal(t, tt.wantCode, se.RawCode)
			assert.Equal(t, tt.status, se.HTTPStatus)
			assert.Equal(t, tt.body, string(se.Body), "the raw answer is kept")
			assert.Len(t, se.ExternalIDs, tt.wantAttempts)
			seen := map[string]bool{}
			for _, r := range f.recorded() {
				seen[r.Header.Get("X-EXTERNAL-ID")] = true
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
			f := newFakePayerMax(t)
			c := newClient(t, f, nil)
			req := seedCancelRequest()
			tt.edit(req)
			_, err := c.Cancel(context.Background(), req)
			var ve *snap.ValidationError
			require.True(t, errors.As(err, &ve), "got %v", err)
			assert.Equal(t, tt.field, ve.Field)
			assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
			assert.Zero(t, f.calls.Load()+f.tokenCalls.Load(), "nothing may be sent")
		})
	}
	t.Run("nil request", func(t *testing.T) {
		f := newFakePayerMax(t)
		_, err := newClient(t, f, nil).Cancel(context.Background(), nil)
		assert.True(t, snap.IsValidation(err))
	})
	t.Run("limits are inclusive", func(t *testing.T) {
		f := newFakePayerMax(t)
		req := seedCancelRequest()
		req.Reason, req.MerchantID, req.OriginalExternalID = long(256), long(32), long(36)
		req.AdditionalInfo = payermax.AdditionalInfo{Version: long(8), KeyVersion: long(8)}
		_, err := newClient(t, f, nil).Cancel(context.Background(), req)
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

	f := newFakePayerMax(t)
	_, err := newClient(t, f, nil).Cancel(context.Background(), &req)
	require.NoError(t, err)
	assert.Equal(t, `{"originalPartnerReferenceNo":"r","amount":{"value":"100000.00","currency":"IDR"},"additionalInfo":{"version":"1.4","keyVersion":"1","big":12345678901234567890}}`,
		string(f.recorded()[0].Body), "sent back as a string")

	var bad payermax.CancelRequest
	assert.Error(t, json.Unmarshal([]byte(`{"amount":{"value":1.005,"currency":"IDR"}}`), &bad), "a third decimal is never rounded away")
}

func TestSecretsNeverLogged(t *testing.T) {
	var logs bytes.Buffer
	f := newFakePayerMax(t)
	f.answer = func(_ int, w http.ResponseWriter) {
		w.WriteHeader(500)
		io.WriteString(w, `{"responseCode":"5005701","responseMessage":"Internal Server Error"}`)
	}
	c := newClient(t, f, nil, snap.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	_, err := c.Cancel(context.Background(), seedCancelRequest())
	require.Error(t, err)
	h := f.recorded()[0].Header
	for _, secret := range []string{testSecret, testToken, h.Get("X-SIGNATURE"), h.Get("sign")} {
		assert.NotContains(t, logs.String(), secret)
		assert.NotContains(t, err.Error(), secret)
	}
	assert.NotEmpty(t, logs.String())
}

func TestNewClientConfig(t *testing.T) {
	key := partnerKey(t)
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
