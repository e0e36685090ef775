package debit

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// edited returns, for an edit of sample's request, the call that sends it;
// a nil edit sends a nil request.
func edited[R any](sample func() *R, call func(*Client, *R) error) func(edit func(*R)) func(*Client) error {
	return func(edit func(*R)) func(*Client) error {
		return func(c *Client) error {
			if edit == nil {
				return call(c, nil)
			}
			r := sample()
			edit(r)
			return call(c, r)
		}
	}
}

func TestValidation(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	badMoney := money.Money{Value: decimal.RequireFromString("10.001"), Currency: "IDR"}
	// Each case edits an operation's sample request (nil edit: no request).
	pay := edited(samplePayment, func(c *Client, r *PaymentRequest) error { _, err := c.Payment(bg, r); return err })
	status := edited(sampleStatus, func(c *Client, r *StatusRequest) error { _, err := c.Status(bg, r); return err })
	cancel := edited(sampleCancel, func(c *Client, r *CancelRequest) error { _, err := c.Cancel(bg, r); return err })
	refund := edited(sampleRefund, func(c *Client, r *RefundRequest) error { _, err := c.Refund(bg, r); return err })
	cases := []struct {
		name   string
		call   func(c *Client) error
		field  string
		reason string
	}{
		{"payment nil", pay(nil), "request", "is nil"},
		// The fields every body shares keep the page's limits everywhere.
		{"payment merchantId too long", pay(func(r *PaymentRequest) { r.MerchantID = long(65) }), "merchantId", "at most 64"},
		{"payment externalStoreId too long", pay(func(r *PaymentRequest) { r.ExternalStoreID = long(65) }), "externalStoreId", "at most 64"},
		{"status merchantId too long", status(func(r *StatusRequest) { r.MerchantID = long(65) }), "merchantId", "at most 64"},
		{"status additionalInfo not an object", status(func(r *StatusRequest) { r.AdditionalInfo = json.RawMessage(`"x"`) }), "additionalInfo", "JSON object"},
		{"cancel subMerchantId too long", cancel(func(r *CancelRequest) { r.SubMerchantID = long(33) }), "subMerchantId", "at most 32"},
		{"cancel originalExternalId too long", cancel(func(r *CancelRequest) { r.OriginalExternalID = long(33) }), "originalExternalId", "at most 32"},
		{"refund originalReferenceNo too long", refund(func(r *RefundRequest) { r.OriginalReferenceNo = long(65) }), "originalReferenceNo", "at most 64"},
		{"refund externalStoreId too long (shared)", refund(func(r *RefundRequest) { r.ExternalStoreID = long(65) }), "externalStoreId", "at most 64"},
		{"refund additionalInfo not an object", refund(func(r *RefundRequest) { r.AdditionalInfo = json.RawMessage(`[]`) }), "additionalInfo", "JSON object"},
		{"payment partnerReferenceNo missing", pay(func(r *PaymentRequest) { r.PartnerReferenceNo = "" }), "partnerReferenceNo", "is required"},
		{"payment partnerReferenceNo too long", pay(func(r *PaymentRequest) { r.PartnerReferenceNo = long(65) }), "partnerReferenceNo", "at most 64 characters (got 65)"},
		{"payment chargeToken missing", pay(func(r *PaymentRequest) { r.ChargeToken = "" }), "chargeToken", "is required"},
		{"payment chargeToken too long", pay(func(r *PaymentRequest) { r.ChargeToken = long(41) }), "chargeToken", "at most 40"},
		{"payment otp too long", pay(func(r *PaymentRequest) { r.OTP = "123456789" }), "otp", "at most 8"},
		{"payment otpTrxCode too long", pay(func(r *PaymentRequest) { r.OTPTrxCode = "123" }), "otpTrxCode", "at most 2"},
		{"payment subMerchantId too long", pay(func(r *PaymentRequest) { r.SubMerchantID = long(33) }), "subMerchantId", "at most 32"},
		{"payment amount three decimals", pay(func(r *PaymentRequest) { r.Amount = badMoney }), "amount", "more than 2 decimal places"},
		{"payment amount without currency", pay(func(r *PaymentRequest) { r.Amount = money.Money{Value: decimal.NewFromInt(1)} }), "amount", "currency"},
		{"payment urlParam type", pay(func(r *PaymentRequest) { r.URLParam[1].Type = "RETURN" }), "urlParam[1].type", "must be one of"},
		{"payment urlParam isDeeplink", pay(func(r *PaymentRequest) { r.URLParam[0].IsDeeplink = "yes" }), "urlParam[0].isDeeplink", `["Y" "N"]`},
		{"payment urlParam url missing", pay(func(r *PaymentRequest) { r.URLParam[0].URL = "" }), "urlParam[0].url", "is required"},
		{"payment urlParam url too long", pay(func(r *PaymentRequest) { r.URLParam[0].URL = long(513) }), "urlParam[0].url", "at most 512"},
		{"payment validUpTo not a time", pay(func(r *PaymentRequest) { r.ValidUpTo = "tomorrow" }), "validUpTo", "ISO 8601"},
		{"payment validUpTo not ISO 8601", pay(func(r *PaymentRequest) { r.ValidUpTo = "23-12-2020" }), "validUpTo", "ISO 8601"},
		{"payment pointOfInitiation too long", pay(func(r *PaymentRequest) { r.PointOfInitiation = long(21) }), "pointOfInitiation", "at most 20"},
		{"payment payMethod missing", pay(func(r *PaymentRequest) { r.PayOptionDetails[1].PayMethod = "" }), "payOptionDetails[1].payMethod", "is required"},
		{"payment feeAmount negative", pay(func(r *PaymentRequest) {
			r.PayOptionDetails[0].FeeAmount = money.Money{Value: decimal.NewFromInt(-1), Currency: "IDR"}
		}), "payOptionDetails[0].feeAmount", "negative"},
		{"payment additionalInfo not an object", pay(func(r *PaymentRequest) { r.AdditionalInfo = json.RawMessage(`[1,2]`) }), "additionalInfo", "JSON object"},
		{"payment additionalInfo broken", pay(func(r *PaymentRequest) { r.PayOptionDetails[0].AdditionalInfo = json.RawMessage(`{"a":`) }), "payOptionDetails[0].additionalInfo", "JSON object"},
		{"status nil", status(nil), "request", "is nil"},
		{"status no identifier", func(c *Client) error {
			_, err := c.Status(bg, &StatusRequest{ServiceCode: responsecode.ServiceDebitPayment})
			return err
		}, "originalPartnerReferenceNo", "is required when"},
		{"status serviceCode missing", status(func(r *StatusRequest) { r.ServiceCode = 0 }), "serviceCode", "is required"},
		{"status serviceCode one digit", status(func(r *StatusRequest) { r.ServiceCode = 5 }), "serviceCode", "(got 5)"},
		{"status serviceCode three digits", status(func(r *StatusRequest) { r.ServiceCode = 100 }), "serviceCode", "(got 100)"},
		{"status originalExternalId too long", status(func(r *StatusRequest) { r.OriginalExternalID = long(33) }), "originalExternalId", "at most 32"},
		{"status transactionDate too long", status(func(r *StatusRequest) { r.TransactionDate = "2020-12-21T14:56:11.123456+07:00" }), "transactionDate", "at most 25"},
		{"cancel nil", cancel(nil), "request", "is nil"},
		{"cancel originalPartnerReferenceNo missing", cancel(func(r *CancelRequest) { r.OriginalPartnerReferenceNo = "" }), "originalPartnerReferenceNo", "is required"},
		{"cancel approvalCode too long", cancel(func(r *CancelRequest) { r.ApprovalCode = long(21) }), "approvalCode", "at most 20"},
		{"cancel reason too long", cancel(func(r *CancelRequest) { r.Reason = long(257) }), "reason", "at most 256"},
		{"cancel amount bad currency", cancel(func(r *CancelRequest) { r.Amount = money.Money{Value: decimal.NewFromInt(1), Currency: "idr"} }), "amount", "currency"},
		// A cancel of "value":"0.00" names no money to cancel.
		{"cancel amount zero", cancel(func(r *CancelRequest) { r.Amount = money.IDR(0) }), "amount", "greater than zero"},
		// "originalPartnerReferenceNo | String | M | 64": whitespace is not a reference.
		{"cancel originalPartnerReferenceNo whitespace", cancel(func(r *CancelRequest) { r.OriginalPartnerReferenceNo = " \t " }), "originalPartnerReferenceNo", "whitespace only"},
		{"refund nil", refund(nil), "request", "is nil"},
		{"refund partnerRefundNo missing", refund(func(r *RefundRequest) { r.PartnerRefundNo = "" }), "partnerRefundNo", "is required"},
		{"refund originalPartnerReferenceNo too long", refund(func(r *RefundRequest) { r.OriginalPartnerReferenceNo = long(65) }), "originalPartnerReferenceNo", "at most 64"},
		{"refund refundAmount three decimals", refund(func(r *RefundRequest) { r.RefundAmount = badMoney }), "refundAmount", "decimal places"},
		// A refund of 0.00 refunds nothing (404xx13 Invalid Amount at the provider).
		{"refund refundAmount zero", refund(func(r *RefundRequest) { r.RefundAmount = money.IDR(0) }), "refundAmount", "greater than zero"},
		{"refund externalStoreId too long", refund(func(r *RefundRequest) { r.ExternalStoreID = long(65) }), "externalStoreId", "at most 64"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, c := replayClient(t, testkit.Always(200, "{}"))
			err := tc.call(c)
			var ve *snap.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			assert.Contains(t, ve.Reason, tc.reason)
			assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
			assert.Empty(t, f.Requests(), "nothing is sent")
		})
	}
}

func TestSamplesValidate(t *testing.T) {
	assert.NoError(t, samplePayment().Validate())
	assert.NoError(t, sampleStatus().Validate())
	assert.NoError(t, sampleCancel().Validate())
	assert.NoError(t, sampleRefund().Validate())
	// Optional fields may be left out entirely.
	assert.NoError(t, (&PaymentRequest{PartnerReferenceNo: "p1", ChargeToken: "c1"}).Validate())
	assert.NoError(t, (&StatusRequest{OriginalReferenceNo: "r1", ServiceCode: responsecode.ServiceDebitPayment}).Validate())
	assert.NoError(t, (&CancelRequest{OriginalPartnerReferenceNo: "p1"}).Validate())
	assert.NoError(t, (&RefundRequest{OriginalPartnerReferenceNo: "p1", PartnerRefundNo: "r1"}).Validate())
}

func TestNotifyValidate(t *testing.T) {
	var n Notify
	require.NoError(t, json.Unmarshal(testkit.Fixture(t, "notify_request.json"), &n))
	require.NoError(t, n.Validate())
	n.LatestTransactionStatus = "42"
	var ve *snap.ValidationError
	require.ErrorAs(t, n.Validate(), &ve)
	assert.Equal(t, "latestTransactionStatus", ve.Field)
	n.LatestTransactionStatus, n.OriginalReferenceNo = StatusPending, ""
	require.ErrorAs(t, n.Validate(), &ve)
	assert.Equal(t, "originalReferenceNo", ve.Field)
	n.OriginalReferenceNo, n.SubMerchantID = "r1", strings.Repeat("x", 33)
	require.ErrorAs(t, n.Validate(), &ve)
	assert.Equal(t, "subMerchantId", ve.Field)
	assert.Error(t, (*Notify)(nil).Validate())
}

func TestWithRules(t *testing.T) {
	core := newTestClient(t, "https://p.example").core // nothing is sent
	for _, n := range []int{0, -1, 65} {
		_, err := Wrap(core, WithRules(Rules{OriginalExternalIDMax: n}))
		assert.ErrorContains(t, err, "OriginalExternalIDMax", n)
	}
	c, err := Wrap(core, WithRules(Rules{OriginalExternalIDMax: 36, MerchantIDRequired: true}))
	require.NoError(t, err)
	assert.Equal(t, 36, c.Rules().OriginalExternalIDMax)
	assert.Equal(t, DefaultRules(), Rules{OriginalExternalIDMax: 32}, "the page: originalExternalId | O | 32")
	// The generic page caps originalExternalId at 32; a provider's rules may not.
	r := sampleStatus()
	r.OriginalExternalID = strings.Repeat("1", 33)
	assert.Error(t, r.Validate())
	assert.NoError(t, r.ValidateRules(Rules{OriginalExternalIDMax: 36}))
	r.MerchantID = ""
	assert.ErrorContains(t, r.ValidateRules(Rules{OriginalExternalIDMax: 36, MerchantIDRequired: true}), "merchantId")
}

func TestNewClientAndOptions(t *testing.T) {
	_, err := Wrap(nil)
	assert.Error(t, err)
	core := newTestClient(t, "https://p.example").core // nothing is sent

	c, err := Wrap(core, WithPaths(Paths{Cancel: "/v1.0/debit/cancel.htm"}), nil)
	require.NoError(t, err)
	want := DefaultPaths()
	want.Cancel = "/v1.0/debit/cancel.htm"
	assert.Equal(t, want, c.Paths())

	_, err = Wrap(core, WithPaths(Paths{Status: "v1.0/debit/status"}))
	assert.ErrorContains(t, err, "Status path")
	_, err = Wrap(core, WithPaths(Paths{Refund: "/v1.0/debit/refund?x=1"}))
	assert.Error(t, err)
	_, err = Wrap(core, WithOutcomes(56, nil))
	assert.ErrorContains(t, err, "service 56")
	_, err = Wrap(core, WithProof(56, nil))
	assert.ErrorContains(t, err, "service 56")
}

// TestValidationOrder: of several faults the first is reported, in the
// order the tables give: the references to the payment, then the
// operation's own fields, then the merchant's fields.
func TestValidationOrder(t *testing.T) {
	long := strings.Repeat("x", 300)
	strict := Rules{OriginalExternalIDMax: 32, MerchantIDRequired: true}
	for _, tc := range []struct {
		name  string
		err   error
		field string
	}{
		{"cancel: reference before reason", (&CancelRequest{Reason: long, SubMerchantID: long}).Validate(), "originalPartnerReferenceNo"},
		{"cancel: reason before subMerchantId", (&CancelRequest{OriginalPartnerReferenceNo: "p1", Reason: long, SubMerchantID: long}).Validate(), "reason"},
		{"cancel: merchantId required before approvalCode", (&CancelRequest{OriginalPartnerReferenceNo: "p1", ApprovalCode: long}).ValidateRules(strict), "merchantId"},
		{"refund: originalExternalId before partnerRefundNo", (&RefundRequest{OriginalPartnerReferenceNo: "p1", OriginalExternalID: long}).Validate(), "originalExternalId"},
		{"refund: partnerRefundNo before externalStoreId", (&RefundRequest{OriginalPartnerReferenceNo: "p1", ExternalStoreID: long}).Validate(), "partnerRefundNo"},
		{"status: no reference before merchantId", (&StatusRequest{ServiceCode: 54}).ValidateRules(strict), "originalPartnerReferenceNo"},
		{"status: merchantId required before serviceCode", (&StatusRequest{OriginalReferenceNo: "r1"}).ValidateRules(strict), "merchantId"},
		{"status: serviceCode before additionalInfo", (&StatusRequest{OriginalReferenceNo: "r1", AdditionalInfo: json.RawMessage(`1`)}).Validate(), "serviceCode"},
	} {
		var ve *snap.ValidationError
		require.ErrorAs(t, tc.err, &ve, tc.name)
		assert.Equal(t, tc.field, ve.Field, tc.name)
	}
}
