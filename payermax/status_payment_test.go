package payermax_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/payermax"
	"github.com/snapbi/snap/responsecode"
	"github.com/snapbi/snap/snaptest"
)

func TestStatus(t *testing.T) {
	srv, c := onSim(t)
	req := &payermax.StatusRequest{MerchantID: testPartnerID, OriginalPartnerReferenceNo: pageRef}
	resp, err := c.Status(context.Background(), req)
	require.NoError(t, err)
	requireVerified(t, srv)
	got := srv.RequestsTo(payermax.StatusPath)[0]
	assert.Equal(t, "/v1.0/debit/status", got.Path)
	assert.Equal(t, `{"merchantId":"P05010114269706","originalPartnerReferenceNo":"20240302141539079100054","serviceCode":"54","additionalInfo":{"version":"1.4","keyVersion":"1"}}`, string(got.Body))
	assert.Zero(t, req.ServiceCode, "the caller's request is not modified")
	assert.Equal(t, "2005500", resp.ResponseCode)
	assert.Equal(t, "54", resp.ServiceCode)
	assert.Equal(t, pageReference, resp.OriginalReferenceNo)
	assert.Equal(t, debit.StatusSuccess, resp.Status())
}

// statusOf asks after the page's payment and gets answer.
func statusOf(t *testing.T, answer string) *payermax.StatusResponse {
	t.Helper()
	_, c := onReplay(t, testkit.Always(200, answer))
	resp, err := c.Status(context.Background(), &payermax.StatusRequest{MerchantID: testPartnerID, OriginalPartnerReferenceNo: pageRef})
	require.NoError(t, err)
	return resp
}

func TestStatusGenericSample(t *testing.T) {
	// The generic status sample, every field, about the payment asked after.
	sample := strings.NewReplacer(`"serviceCode":"17"`, `"serviceCode":"54"`, `"2020102900000000000001"`, `"`+pageRef+`"`).Replace(string(testkit.Fixture(t, "generic_status_response.json")))
	resp := statusOf(t, sample)
	assert.Equal(t, "2005500", resp.ResponseCode)
	assert.Equal(t, debit.StatusSuccess, resp.Status())
	assert.Equal(t, "201039000200", resp.ApprovalCode)
	assert.Equal(t, "54", resp.ServiceCode)
	assert.Equal(t, "success", resp.TransactionStatusDesc)
	assert.Equal(t, "2005500", resp.OriginalResponseCode)
	assert.Equal(t, "883737GHY8839", resp.SessionID)
	assert.Equal(t, "3763773", resp.RequestID)
	require.Len(t, resp.RefundHistory, 2)
	r0 := resp.RefundHistory[0]
	assert.Equal(t, "96194816941239812", r0.RefundNo)
	assert.Equal(t, "239850918204981205970", r0.PartnerReferenceNo, "the sample's spelling of partnerRefundNo is kept")
	assert.Equal(t, money.MustNew("12345678.00", "IDR"), r0.RefundAmount)
	assert.Equal(t, debit.RefundSuccess, r0.RefundStatus)
	assert.Equal(t, "Customer Complain", r0.Reason)
	assert.Equal(t, "112345678.00", resp.TransAmount.ValueString())
	assert.Equal(t, "112345678.00", resp.FeeAmount.ValueString())
	paid, err := resp.PaidTime.Time()
	require.NoError(t, err)
	assert.Equal(t, "2020-12-21T07:56:11Z", paid.UTC().Format("2006-01-02T15:04:05Z07:00"))
	assert.JSONEq(t, `"12345679237"`, string(resp.AdditionalInfo.Extra["deviceId"]))
}

func TestStatusAmountAsNumber(t *testing.T) {
	resp := statusOf(t, string(testkit.Fixture(t, "status_response_amount_number.json")))
	assert.Equal(t, money.MustNew("100000.00", "IDR"), resp.TransAmount)
	assert.Equal(t, "2500.50", resp.FeeAmount.ValueString())
	assert.Equal(t, debit.StatusPending, resp.Status())
	assert.False(t, resp.Status().IsFinal())
}

func TestStatusFallsBackToAdditionalInfo(t *testing.T) {
	resp := statusOf(t, `{"responseCode":"2005500","responseMessage":"Successful","additionalInfo":{"latestTransactionStatus":6}}`)
	assert.Equal(t, debit.StatusFailed, resp.Status())
}

func TestStatusValidation(t *testing.T) {
	tests := []struct {
		name  string
		req   payermax.StatusRequest
		field string
	}{
		{"merchant missing", payermax.StatusRequest{OriginalPartnerReferenceNo: "r"}, "merchantId"},
		{"merchant 33", payermax.StatusRequest{MerchantID: strings.Repeat("m", 33), OriginalPartnerReferenceNo: "r"}, "merchantId"},
		{"reference missing", payermax.StatusRequest{MerchantID: "m"}, "originalPartnerReferenceNo"},
		{"service code 3 digits", payermax.StatusRequest{MerchantID: "m", OriginalPartnerReferenceNo: "r", ServiceCode: 540}, "serviceCode"},
		{"service code one digit", payermax.StatusRequest{MerchantID: "m", OriginalPartnerReferenceNo: "r", ServiceCode: 5}, "serviceCode"},
		{"transaction date 30", payermax.StatusRequest{MerchantID: "m", OriginalPartnerReferenceNo: "r", TransactionDate: snap.Timestamp(strings.Repeat("1", 30))}, "transactionDate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { requireRefused(t, (*payermax.Client).Status, &tt.req, tt.field) })
	}
}

func paymentRequest() *payermax.PaymentRequest {
	amount := money.MustNew("100000.00", "IDR")
	return &payermax.PaymentRequest{
		MerchantID:         testPartnerID,
		PartnerReferenceNo: "20240302141539079100054",
		Amount:             amount,
		ValidUpTo:          payermax.NewTimestamp(fixedNow.Add(30 * 60e9)),
		URLParams:          []payermax.URLParam{{URL: "https://shop.test/notify?a=1&b=2", Type: payermax.URLTypePayNotify, IsDeeplink: "N"}},
	}
}

func TestPayment(t *testing.T) {
	r, c := onReplay(t, testkit.Always(200, `{"responseCode":"2005400","responseMessage":"Successful","referenceNo":"2024030214153907910005","partnerReferenceNo":"20240302141539079100054","webRedirectUrl":"https://pay.test/u?x=1&y=2","additionalInfo":{"channel":"OVO"}}`))
	resp, err := c.Payment(context.Background(), paymentRequest())
	require.NoError(t, err)
	got := r.Requests()[0]
	assert.Equal(t, "/v1.0/debit/payment", got.Path)
	assert.Equal(t, `{"merchantId":"P05010114269706","partnerReferenceNo":"20240302141539079100054","amount":{"value":"100000.00","currency":"IDR"},"validUpTo":"2024-03-02T14:45:39.079+07:00","urlParams":[{"url":"https://shop.test/notify?a=1&b=2","type":"PAY_NOTIFY","isDeeplink":"N"}],"additionalInfo":{"version":"1.4","keyVersion":"1"}}`, string(got.Body))
	assert.Equal(t, "2024030214153907910005", resp.ReferenceNo)
	assert.Equal(t, "https://pay.test/u?x=1&y=2", resp.WebRedirectURL)
}

// A pay option's additionalInfo is sent as given: key order and number kept.
func TestPaymentPayOptionAdditionalInfo(t *testing.T) {
	req := paymentRequest()
	req.URLParams = nil
	req.PayOptionDetails = []payermax.PayOptionDetail{{PayMethod: "CREDIT_CARD", PayOption: "CREDIT_CARD_VISA", AdditionalInfo: []byte(`{"z":1,"a":12345678901234567890}`)}}
	r, c := onReplay(t, testkit.Always(200, `{"responseCode":"2005400","responseMessage":"Successful","referenceNo":"2024030214153907910005","partnerReferenceNo":"20240302141539079100054"}`))
	_, err := c.Payment(context.Background(), req)
	require.NoError(t, err)
	assert.Contains(t, string(r.Requests()[0].Body), `"payOptionDetails":[{"payMethod":"CREDIT_CARD","payOption":"CREDIT_CARD_VISA","additionalInfo":{"z":1,"a":12345678901234567890}}]`)
}

func TestPaymentIsNeverRetried(t *testing.T) {
	tests := []struct {
		name string
		sim  snaptest.FaultKind // the simulator's fault, armed on every attempt
		odd  testkit.Answer     // an answer the simulator never writes, replayed instead
		want snap.Outcome
	}{
		{"internal server error", snaptest.Code("5005401"), nil, snap.Pending},
		{"issuer timeout", snaptest.Code("5045400"), nil, snap.Pending},
		// The generic sample's own "20054000" has 8 digits: unreadable, so Pending, never Failed.
		{"generic sample with malformed code", nil, testkit.Always(200, string(testkit.Fixture(t, "generic_payment_response.json"))), snap.Pending},
		{"insufficient funds", snaptest.Code("4035414"), nil, snap.Failed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, sent := answering(t, payermax.PaymentPath, tt.sim, tt.odd)
			_, err := c.Payment(context.Background(), paymentRequest())
			assert.Equal(t, tt.want, snap.OutcomeOf(err))
			assert.Len(t, sent(), 1, "a payment is sent once")
		})
	}
}

func TestPaymentValidation(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*payermax.PaymentRequest)
		field string
	}{
		{"merchant missing", func(r *payermax.PaymentRequest) { r.MerchantID = "" }, "merchantId"},
		{"reference missing", func(r *payermax.PaymentRequest) { r.PartnerReferenceNo = "" }, "partnerReferenceNo"},
		{"amount missing", func(r *payermax.PaymentRequest) { r.Amount = money.Money{} }, "amount"},
		{"url 513", func(r *payermax.PaymentRequest) { r.URLParams[0].URL = strings.Repeat("u", 513) }, "urlParams[0].url"},
		{"deeplink flag", func(r *payermax.PaymentRequest) { r.URLParams[0].IsDeeplink = "yes" }, "urlParams[0].isDeeplink"},
		{"url type missing", func(r *payermax.PaymentRequest) { r.URLParams[0].Type = "" }, "urlParams[0].type"},
		{"otp 9", func(r *payermax.PaymentRequest) { r.OTP = "123456789" }, "otp"},
		{"charge token 41", func(r *payermax.PaymentRequest) { r.ChargeToken = strings.Repeat("c", 41) }, "chargeToken"},
		{"pay option without method", func(r *payermax.PaymentRequest) {
			r.PayOptionDetails = []payermax.PayOptionDetail{{PayOption: "CREDIT_CARD_VISA"}}
		}, "payOptionDetails[0].payMethod"},
		{"pay option additionalInfo not an object", func(r *payermax.PaymentRequest) {
			r.PayOptionDetails = []payermax.PayOptionDetail{{PayMethod: "CREDIT_CARD", PayOption: "CREDIT_CARD_VISA", AdditionalInfo: []byte(`["x"]`)}}
		}, "payOptionDetails[0].additionalInfo"},
		{"point of initiation 21", func(r *payermax.PaymentRequest) { r.PointOfInitiation = strings.Repeat("p", 21) }, "pointOfInitiation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := paymentRequest()
			tt.edit(req)
			requireRefused(t, (*payermax.Client).Payment, req, tt.field)
		})
	}
}

// Validate checks the copy the call sends: the defaults PayerMax's tables
// give are filled in first, and the caller's request is left as it was.
func TestValidateChecksTheFilledCopy(t *testing.T) {
	status := &payermax.StatusRequest{MerchantID: testPartnerID, OriginalPartnerReferenceNo: pageRef}
	require.NoError(t, status.Validate(), "serviceCode 0 is sent as 54")
	assert.Zero(t, status.ServiceCode)
	cancel := seedCancelRequest()
	cancel.AdditionalInfo = payermax.AdditionalInfo{}
	require.NoError(t, cancel.Validate(), "version and keyVersion are filled in")
	assert.Empty(t, cancel.AdditionalInfo.Version)
	require.NoError(t, paymentRequest().Validate())

	payment := paymentRequest()
	payment.Amount = money.Money{}
	var ve *snap.ValidationError
	require.ErrorAs(t, payment.Validate(), &ve)
	assert.Equal(t, "amount", ve.Field)
}

func TestStatusRefund(t *testing.T) {
	sample := strings.NewReplacer(`"serviceCode":"17"`, `"serviceCode":"54"`, `"2020102900000000000001"`, `"`+pageRef+`"`).Replace(string(testkit.Fixture(t, "generic_status_response.json")))
	resp := statusOf(t, sample)
	got, ok := resp.Refund("239850918204981205970")
	require.True(t, ok, "found by partnerReferenceNo, the sample's spelling")
	assert.Equal(t, "96194816941239812", got.RefundNo)
	assert.Equal(t, debit.RefundSuccess, got.RefundStatus)
	_, ok = resp.Refund("no-such-refund")
	assert.False(t, ok)
	_, ok = resp.Refund("")
	assert.False(t, ok)
	_, ok = (*payermax.StatusResponse)(nil).Refund("239850918204981205970")
	assert.False(t, ok)
}

// A 2005400 proves a payment only as PaymentProof says: without
// referenceNo it is Pending.
func TestPaymentProof(t *testing.T) {
	assert.Equal(t, debit.DefaultProof(responsecode.ServiceDebitPayment), payermax.PaymentProof())
	_, c := onReplay(t, testkit.Always(200, `{"responseCode":"2005400","responseMessage":"Successful","partnerReferenceNo":"20240302141539079100054"}`))
	resp, err := c.Payment(context.Background(), paymentRequest())
	assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
	require.NotNil(t, resp)
	assert.Contains(t, err.Error(), "referenceNo")
}

// Every response embeds snap.Result first, as in every other package.
func TestResultIsTheFirstField(t *testing.T) {
	for _, typ := range []reflect.Type{
		reflect.TypeFor[payermax.CancelResponse](), reflect.TypeFor[payermax.StatusResponse](), reflect.TypeFor[payermax.PaymentResponse](),
	} {
		f := typ.Field(0)
		assert.True(t, f.Anonymous && f.Type == reflect.TypeFor[snap.Result](), "%s starts with %s", typ, f.Name)
	}
}
