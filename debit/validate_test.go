package debit

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

func TestValidation(t *testing.T) {
	long := func(n int) string { return strings.Repeat("x", n) }
	badMoney := money.Money{Value: decimal.RequireFromString("10.001"), Currency: "IDR"}
	cases := []struct {
		name   string
		call   func(c *Client) error
		field  string
		reason string
	}{
		{"payment nil", func(c *Client) error { _, err := c.Payment(bg, nil); return err }, "request", "is nil"},
		{"payment partnerReferenceNo missing", func(c *Client) error {
			r := samplePayment()
			r.PartnerReferenceNo = ""
			_, err := c.Payment(bg, r)
			return err
		}, "partnerReferenceNo", "is required"},
		{"payment partnerReferenceNo too long", func(c *Client) error {
			r := samplePayment()
			r.PartnerReferenceNo = long(65)
			_, err := c.Payment(bg, r)
			return err
		}, "partnerReferenceNo", "at most 64 characters (got 65)"},
		{"payment chargeToken missing", func(c *Client) error {
			r := samplePayment()
			r.ChargeToken = ""
			_, err := c.Payment(bg, r)
			return err
		}, "chargeToken", "is required"},
		{"payment chargeToken too long", func(c *Client) error {
			r := samplePayment()
			r.ChargeToken = long(41)
			_, err := c.Payment(bg, r)
			return err
		}, "chargeToken", "at most 40"},
		{"payment otp too long", func(c *Client) error {
			r := samplePayment()
			r.OTP = "123456789"
			_, err := c.Payment(bg, r)
			return err
		}, "otp", "at most 8"},
		{"payment otpTrxCode too long", func(c *Client) error {
			r := samplePayment()
			r.OTPTrxCode = "123"
			_, err := c.Payment(bg, r)
			return err
		}, "otpTrxCode", "at most 2"},
		{"payment subMerchantId too long", func(c *Client) error {
			r := samplePayment()
			r.SubMerchantID = long(33)
			_, err := c.Payment(bg, r)
			return err
		}, "subMerchantId", "at most 32"},
		{"payment amount three decimals", func(c *Client) error {
			r := samplePayment()
			r.Amount = badMoney
			_, err := c.Payment(bg, r)
			return err
		}, "amount", "more than 2 decimal places"},
		{"payment amount without currency", func(c *Client) error {
			r := samplePayment()
			r.Amount = money.Money{Value: decimal.NewFromInt(1)}
			_, err := c.Payment(bg, r)
			return err
		}, "amount", "currency"},
		{"payment urlParam type", func(c *Client) error {
			r := samplePayment()
			r.URLParam[1].Type = "RETURN"
			_, err := c.Payment(bg, r)
			return err
		}, "urlParam[1].type", "must be one of"},
		{"payment urlParam isDeeplink", func(c *Client) error {
			r := samplePayment()
			r.URLParam[0].IsDeeplink = "yes"
			_, err := c.Payment(bg, r)
			return err
		}, "urlParam[0].isDeeplink", `["Y" "N"]`},
		{"payment urlParam url missing", func(c *Client) error {
			r := samplePayment()
			r.URLParam[0].URL = ""
			_, err := c.Payment(bg, r)
			return err
		}, "urlParam[0].url", "is required"},
		{"payment urlParam url too long", func(c *Client) error {
			r := samplePayment()
			r.URLParam[0].URL = long(513)
			_, err := c.Payment(bg, r)
			return err
		}, "urlParam[0].url", "at most 512"},
		{"payment validUpTo not a time", func(c *Client) error {
			r := samplePayment()
			r.ValidUpTo = "tomorrow"
			_, err := c.Payment(bg, r)
			return err
		}, "validUpTo", "ISO 8601"},
		{"payment validUpTo not ISO 8601", func(c *Client) error {
			r := samplePayment()
			r.ValidUpTo = "23-12-2020"
			_, err := c.Payment(bg, r)
			return err
		}, "validUpTo", "ISO 8601"},
		{"payment pointOfInitiation too long", func(c *Client) error {
			r := samplePayment()
			r.PointOfInitiation = long(21)
			_, err := c.Payment(bg, r)
			return err
		}, "pointOfInitiation", "at most 20"},
		{"payment payMethod missing", func(c *Client) error {
			r := samplePayment()
			r.PayOptionDetails[1].PayMethod = ""
			_, err := c.Payment(bg, r)
			return err
		}, "payOptionDetails[1].payMethod", "is required"},
		{"payment feeAmount negative", func(c *Client) error {
			r := samplePayment()
			r.PayOptionDetails[0].FeeAmount = money.Money{Value: decimal.NewFromInt(-1), Currency: "IDR"}
			_, err := c.Payment(bg, r)
			return err
		}, "payOptionDetails[0].feeAmount", "negative"},
		{"payment additionalInfo not an object", func(c *Client) error {
			r := samplePayment()
			r.AdditionalInfo = json.RawMessage(`[1,2]`)
			_, err := c.Payment(bg, r)
			return err
		}, "additionalInfo", "JSON object"},
		{"payment additionalInfo broken", func(c *Client) error {
			r := samplePayment()
			r.PayOptionDetails[0].AdditionalInfo = json.RawMessage(`{"a":`)
			_, err := c.Payment(bg, r)
			return err
		}, "payOptionDetails[0].additionalInfo", "JSON object"},
		{"status nil", func(c *Client) error { _, err := c.Status(bg, nil); return err }, "request", "is nil"},
		{"status no identifier", func(c *Client) error {
			_, err := c.Status(bg, &StatusRequest{ServiceCode: responsecode.ServiceDebitPayment})
			return err
		}, "originalPartnerReferenceNo", "is required when"},
		{"status serviceCode missing", func(c *Client) error {
			r := sampleStatus()
			r.ServiceCode = 0
			_, err := c.Status(bg, r)
			return err
		}, "serviceCode", "is required"},
		{"status serviceCode one digit", func(c *Client) error {
			r := sampleStatus()
			r.ServiceCode = 5
			_, err := c.Status(bg, r)
			return err
		}, "serviceCode", "(got 5)"},
		{"status serviceCode three digits", func(c *Client) error {
			r := sampleStatus()
			r.ServiceCode = 100
			_, err := c.Status(bg, r)
			return err
		}, "serviceCode", "(got 100)"},
		{"status originalExternalId too long", func(c *Client) error {
			r := sampleStatus()
			r.OriginalExternalID = long(33)
			_, err := c.Status(bg, r)
			return err
		}, "originalExternalId", "at most 32"},
		{"status transactionDate too long", func(c *Client) error {
			r := sampleStatus()
			r.TransactionDate = "2020-12-21T14:56:11.123456+07:00"
			_, err := c.Status(bg, r)
			return err
		}, "transactionDate", "at most 25"},
		{"cancel nil", func(c *Client) error { _, err := c.Cancel(bg, nil); return err }, "request", "is nil"},
		{"cancel originalPartnerReferenceNo missing", func(c *Client) error {
			r := sampleCancel()
			r.OriginalPartnerReferenceNo = ""
			_, err := c.Cancel(bg, r)
			return err
		}, "originalPartnerReferenceNo", "is required"},
		{"cancel approvalCode too long", func(c *Client) error {
			r := sampleCancel()
			r.ApprovalCode = long(21)
			_, err := c.Cancel(bg, r)
			return err
		}, "approvalCode", "at most 20"},
		{"cancel reason too long", func(c *Client) error {
			r := sampleCancel()
			r.Reason = long(257)
			_, err := c.Cancel(bg, r)
			return err
		}, "reason", "at most 256"},
		{"cancel amount bad currency", func(c *Client) error {
			r := sampleCancel()
			r.Amount = money.Money{Value: decimal.NewFromInt(1), Currency: "idr"}
			_, err := c.Cancel(bg, r)
			return err
		}, "amount", "currency"},
		// A cancel of "value":"0.00" names no money to cancel.
		{"cancel amount zero", func(c *Client) error {
			r := sampleCancel()
			r.Amount = money.IDR(0)
			_, err := c.Cancel(bg, r)
			return err
		}, "amount", "greater than zero"},
		// "originalPartnerReferenceNo | String | M | 64": whitespace is not a reference.
		{"cancel originalPartnerReferenceNo whitespace", func(c *Client) error {
			r := sampleCancel()
			r.OriginalPartnerReferenceNo = " \t "
			_, err := c.Cancel(bg, r)
			return err
		}, "originalPartnerReferenceNo", "whitespace only"},
		{"refund nil", func(c *Client) error { _, err := c.Refund(bg, nil); return err }, "request", "is nil"},
		{"refund partnerRefundNo missing", func(c *Client) error {
			r := sampleRefund()
			r.PartnerRefundNo = ""
			_, err := c.Refund(bg, r)
			return err
		}, "partnerRefundNo", "is required"},
		{"refund originalPartnerReferenceNo too long", func(c *Client) error {
			r := sampleRefund()
			r.OriginalPartnerReferenceNo = long(65)
			_, err := c.Refund(bg, r)
			return err
		}, "originalPartnerReferenceNo", "at most 64"},
		{"refund refundAmount three decimals", func(c *Client) error {
			r := sampleRefund()
			r.RefundAmount = badMoney
			_, err := c.Refund(bg, r)
			return err
		}, "refundAmount", "decimal places"},
		// A refund of 0.00 refunds nothing (404xx13 Invalid Amount at the provider).
		{"refund refundAmount zero", func(c *Client) error {
			r := sampleRefund()
			r.RefundAmount = money.IDR(0)
			_, err := c.Refund(bg, r)
			return err
		}, "refundAmount", "greater than zero"},
		{"refund externalStoreId too long", func(c *Client) error {
			r := sampleRefund()
			r.ExternalStoreID = long(65)
			_, err := c.Refund(bg, r)
			return err
		}, "externalStoreId", "at most 64"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newReplay(t, answerWith(200, "{}"))
			err := tc.call(newTestClient(t, f))
			var ve *snap.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			assert.Contains(t, ve.Reason, tc.reason)
			assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
			assert.Empty(t, f.requests(), "nothing is sent")
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
	require.NoError(t, json.Unmarshal(fixture(t, "notify_request.json"), &n))
	require.NoError(t, n.Validate())
	n.LatestTransactionStatus = "42"
	var ve *snap.ValidationError
	require.ErrorAs(t, n.Validate(), &ve)
	assert.Equal(t, "latestTransactionStatus", ve.Field)
	n.LatestTransactionStatus, n.OriginalReferenceNo = StatusPending, ""
	require.ErrorAs(t, n.Validate(), &ve)
	assert.Equal(t, "originalReferenceNo", ve.Field)
	assert.Error(t, (*Notify)(nil).Validate())
}

func TestWithRules(t *testing.T) {
	core := newTestClient(t, newReplay(t, answerWith(200, `{}`))).core
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
	f := newReplay(t, answerWith(200, "{}"))
	core := newTestClient(t, f).core

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
