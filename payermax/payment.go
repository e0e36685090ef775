package payermax

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/validate"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// URL types of URLParam.Type.
const (
	// URLTypePayReturn is where the customer returns after paying.
	URLTypePayReturn = debit.URLPayReturn
	// URLTypePayNotify is where the payment notice is posted.
	URLTypePayNotify = debit.URLPayNotify
)

// PaymentRequest is the body of POST /v1.0/debit/payment (service 54):
// the fields PayerMax's Debit-Payment page lists first (merchantId,
// partnerReferenceNo and amount required; externalStoreId, validUpTo,
// urlParams) and the rest of the generic SNAP payment table, plus PayerMax's
// mandatory additionalInfo.
type PaymentRequest struct {
	// MerchantID identifies the merchant (required, max 64).
	MerchantID string `json:"merchantId"`
	// PartnerReferenceNo is the payment's id on the merchant's side
	// (required, max 64): the key to ask Status with.
	PartnerReferenceNo string `json:"partnerReferenceNo"`
	// Amount is the payment's amount (required).
	Amount money.Money `json:"amount,omitzero"`
	// ExternalStoreID is the store the payment belongs to (max 64).
	ExternalStoreID string `json:"externalStoreId,omitempty"`
	// ValidUpTo is when the payment expires by itself (see NewTimestamp).
	ValidUpTo snap.Timestamp `json:"validUpTo,omitzero"`
	// URLParams lists return and notify URLs. PayerMax spells the key
	// urlParams; the generic SNAP table says urlParam.
	URLParams []URLParam `json:"urlParams,omitempty"`
	// BankCardToken is the customer's bank card token.
	BankCardToken string `json:"bankCardToken,omitempty"`
	// ChargeToken is the code for OTP verification (max 40). The generic
	// table marks it mandatory; PayerMax's page does not list it among its
	// required fields, so it is sent only when set.
	ChargeToken string `json:"chargeToken,omitempty"`
	// OTP is the OTP code or passcode (max 8).
	OTP string `json:"otp,omitempty"`
	// OTPTrxCode is the purpose of the OTP (max 2).
	OTPTrxCode string `json:"otpTrxCode,omitempty"`
	// TerminalID identifies the terminal (max 64).
	TerminalID string `json:"terminalId,omitempty"`
	// JourneyID identifies the journey (max 64).
	JourneyID string `json:"journeyId,omitempty"`
	// SubMerchantID identifies the sub merchant (max 32).
	SubMerchantID string `json:"subMerchantId,omitempty"`
	// PointOfInitiation says where the customer started (max 20).
	PointOfInitiation string `json:"pointOfInitiation,omitempty"`
	// FeeType says who bears the fee (max 25).
	FeeType string `json:"feeType,omitempty"`
	// DisabledPayMethods names payment methods not to offer (max 64).
	DisabledPayMethods string `json:"disabledPayMethods,omitempty"`
	// PayOptionDetails lists the payment options to use.
	PayOptionDetails []PayOptionDetail `json:"payOptionDetails,omitempty"`
	// AdditionalInfo carries version and keyVersion (defaults "1.4" and "1").
	AdditionalInfo AdditionalInfo `json:"additionalInfo"`
}

// URLParam is one URL of a payment request: the generic SNAP shape, shared
// with package debit. PayerMax checks Type by length (max 32) only.
type URLParam = debit.URLParam

// PayOptionDetail is one payment option of a payment request: the generic
// SNAP shape, shared with package debit. Its AdditionalInfo is a
// json.RawMessage sent as given (key order and numbers kept); it must be a
// JSON object or null.
type PayOptionDetail = debit.PayOptionDetail

// Validate checks a copy of r with its defaults filled in (additionalInfo's
// version and keyVersion), exactly what Payment checks before sending, and
// returns the first rule broken as a *snap.ValidationError.
func (r *PaymentRequest) Validate() error {
	_, err := filled(r)
	return err
}

func (r *PaymentRequest) fill() { r.AdditionalInfo = r.AdditionalInfo.withDefaults() }

func (r *PaymentRequest) check() error {
	var c validate.Checker
	c.RequiredMaxLen("merchantId", r.MerchantID, 64)
	c.RequiredMaxLen("partnerReferenceNo", r.PartnerReferenceNo, 64)
	c.RequiredMoney("amount", r.Amount)
	c.MaxLen("externalStoreId", r.ExternalStoreID, 64)
	c.MaxLen("validUpTo", string(r.ValidUpTo), MaxTimestampLen)
	for i, u := range r.URLParams {
		p := "urlParams[" + strconv.Itoa(i) + "]."
		c.RequiredMaxLen(p+"url", u.URL, 512)
		c.RequiredMaxLen(p+"type", u.Type, 32)
		c.Required(p+"isDeeplink", u.IsDeeplink)
		c.OneOf(p+"isDeeplink", u.IsDeeplink, "Y", "N")
	}
	c.MaxLen("chargeToken", r.ChargeToken, 40)
	c.MaxLen("otp", r.OTP, 8)
	c.MaxLen("otpTrxCode", r.OTPTrxCode, 2)
	c.MaxLen("terminalId", r.TerminalID, 64)
	c.MaxLen("journeyId", r.JourneyID, 64)
	c.MaxLen("subMerchantId", r.SubMerchantID, 32)
	c.MaxLen("pointOfInitiation", r.PointOfInitiation, 20)
	c.MaxLen("feeType", r.FeeType, 25)
	c.MaxLen("disabledPayMethods", r.DisabledPayMethods, 64)
	for i, o := range r.PayOptionDetails {
		p := "payOptionDetails[" + strconv.Itoa(i) + "]."
		c.RequiredMaxLen(p+"payMethod", o.PayMethod, 64)
		c.RequiredMaxLen(p+"payOption", o.PayOption, 64)
		c.OptionalMoney(p+"transAmount", o.TransAmount)
		c.OptionalMoney(p+"feeAmount", o.FeeAmount)
		c.MaxLen(p+"cardToken", o.CardToken, 64)
		c.MaxLen(p+"merchantToken", o.MerchantToken, 64)
		if len(o.AdditionalInfo) > 0 && json.Unmarshal(o.AdditionalInfo, new(map[string]json.RawMessage)) != nil {
			c.Fail(p+"additionalInfo", "must be a JSON object or null (got %d bytes)", len(o.AdditionalInfo))
		}
	}
	r.AdditionalInfo.check(&c)
	return c.Err()
}

// PaymentResponse is the answer to a payment request.
type PaymentResponse struct {
	// Result holds Raw, the answer whole, and Outcome.
	snap.Result
	// ResponseCode is "2005400" on success.
	ResponseCode string `json:"responseCode"`
	// ResponseMessage describes ResponseCode.
	ResponseMessage string `json:"responseMessage"`
	// ReferenceNo is the payment's id on PayerMax's side.
	ReferenceNo string `json:"referenceNo,omitempty"`
	// PartnerReferenceNo echoes the merchant's payment id.
	PartnerReferenceNo string `json:"partnerReferenceNo,omitempty"`
	// ApprovalCode is the payment's approval code.
	ApprovalCode string `json:"approvalCode,omitempty"`
	// AppRedirectURL opens the payment page in the provider's app.
	AppRedirectURL string `json:"appRedirectUrl,omitempty"`
	// WebRedirectURL is the universal link to the payment page.
	WebRedirectURL string `json:"webRedirectUrl,omitempty"`
	// AdditionalInfo keeps every key PayerMax adds.
	AdditionalInfo ResponseAdditionalInfo `json:"additionalInfo"`
}

// PaymentProof is what PayerMax's 2005400 must show: the generic SNAP
// payment's proof (debit.DefaultProof of service 54), as PayerMax's page
// adds no rule of its own. A fresh value on each call.
func PaymentProof() *snap.Proof { return debit.DefaultProof(responsecode.ServiceDebitPayment) }

// Payment requests a direct-debit payment (POST /v1.0/debit/payment,
// service 54); the request is validated before anything is sent. A payment
// is not idempotent and is never retried by the default policy: it is sent
// once, since resending could charge twice.
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome.
//
// Any other error is a *snap.Error: read snap.OutcomeOf(err). Failed means
// no payment was made; Pending (a timeout, 5005401 …) means it may or may
// not have been made: ask Status with the same PartnerReferenceNo before
// paying again. A 2005400 counts only when its answer passes PaymentProof
// and decodes whole; otherwise the error is Pending.
func (c *Client) Payment(ctx context.Context, req *PaymentRequest, opts ...snap.CallOption) (*PaymentResponse, error) {
	return send[PaymentResponse](ctx, c, operation{PaymentPath, responsecode.ServiceDebitPayment, false, PaymentProof()}, req, opts)
}
