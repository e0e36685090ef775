package debit

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/validate"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// URL types of PaymentRequest.URLParam.
const (
	// URLPayReturn marks the URL the customer is sent back to after paying.
	URLPayReturn = "PAY_RETURN"
	// URLPayNotify marks the URL the provider posts the notification to.
	URLPayNotify = "PAY_NOTIFY"
)

// PaymentRequest is the body of a direct-debit payment (service 54,
// payment-host-to-host). Field order is the page's.
type PaymentRequest struct {
	// PartnerReferenceNo is the merchant's transaction id (mandatory, max
	// 64); keep it: Status, Cancel and Refund refer to it.
	PartnerReferenceNo string `json:"partnerReferenceNo"`
	// BankCardToken is the bound card or account token (no length given).
	BankCardToken string `json:"bankCardToken,omitempty"`
	// ChargeToken is the code for OTP verification (mandatory, max 40).
	ChargeToken string `json:"chargeToken"`
	// OTP is the OTP code or passcode (max 8).
	OTP string `json:"otp,omitempty"`
	// OTPTrxCode is the purpose of the OTP (max 2).
	OTPTrxCode string `json:"otpTrxCode,omitempty"`
	// MerchantID identifies the merchant (max 64).
	MerchantID string `json:"merchantId,omitempty"`
	// TerminalID identifies the terminal (max 64).
	TerminalID string `json:"terminalId,omitempty"`
	// JourneyID (max 64).
	JourneyID string `json:"journeyId,omitempty"`
	// SubMerchantID (max 32).
	SubMerchantID string `json:"subMerchantId,omitempty"`
	// Amount is the net amount of the transaction.
	Amount money.Money `json:"amount,omitzero"`
	// URLParam holds the return and notify URLs.
	URLParam []URLParam `json:"urlParam,omitempty"`
	// ExternalStoreID names the store the payment belongs to (max 64).
	ExternalStoreID string `json:"externalStoreId,omitempty"`
	// ValidUpTo is when the payment expires, ISO 8601 (max 25; NewTimestamp makes one).
	ValidUpTo snap.Timestamp `json:"validUpTo,omitzero"`
	// PointOfInitiation says where the request came from, e.g. "Mobile App" (max 20).
	PointOfInitiation string `json:"pointOfInitiation,omitempty"`
	// FeeType says to whom the fee is charged (max 25).
	FeeType string `json:"feeType,omitempty"`
	// DisabledPayMethods lists payment methods that may not be used (max 64).
	DisabledPayMethods string `json:"disabledPayMethods,omitempty"`
	// PayOptionDetails are the payment options used for this payment.
	PayOptionDetails []PayOptionDetail `json:"payOptionDetails,omitempty"`
	// AdditionalInfo is sent as given (a JSON object; its key order kept).
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitempty"`
}

// URLParam is one URL of a payment.
type URLParam struct {
	// URL (mandatory, max 512).
	URL string `json:"url"`
	// Type is URLPayReturn or URLPayNotify (mandatory).
	Type string `json:"type"`
	// IsDeeplink is "Y" or "N" (mandatory).
	IsDeeplink string `json:"isDeeplink"`
}

// PayOptionDetail is one payment option of a payment.
type PayOptionDetail struct {
	// PayMethod, e.g. "CREDIT_CARD" (mandatory, max 64).
	PayMethod string `json:"payMethod"`
	// PayOption is the provider of the method, e.g. "CREDIT_CARD_VISA"
	// (mandatory, max 64).
	PayOption string `json:"payOption"`
	// TransAmount is paid with this option.
	TransAmount money.Money `json:"transAmount,omitzero"`
	// FeeAmount is the fee paid with this option.
	FeeAmount money.Money `json:"feeAmount,omitzero"`
	// CardToken (max 64).
	CardToken string `json:"cardToken,omitempty"`
	// MerchantToken (max 64).
	MerchantToken string `json:"merchantToken,omitempty"`
	// AdditionalInfo is sent as given.
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitempty"`
}

// Validate checks the request against the page's table: mandatory fields,
// maximum lengths, URL types, amounts. Payment calls it before sending.
func (r *PaymentRequest) Validate() error {
	if r == nil {
		return validate.NilRequest()
	}
	var v validate.Checker
	v.RequiredMaxLen("partnerReferenceNo", r.PartnerReferenceNo, 64)
	v.RequiredMaxLen("chargeToken", r.ChargeToken, 40)
	v.MaxLen("otp", r.OTP, 8)
	v.MaxLen("otpTrxCode", r.OTPTrxCode, 2)
	v.MaxLen("terminalId", r.TerminalID, 64)
	v.MaxLen("journeyId", r.JourneyID, 64)
	v.OptionalMoney("amount", r.Amount)
	for i, u := range r.URLParam {
		f := fmt.Sprintf("urlParam[%d].", i)
		v.RequiredMaxLen(f+"url", u.URL, 512)
		v.Required(f+"type", u.Type)
		v.OneOf(f+"type", u.Type, URLPayReturn, URLPayNotify)
		v.Required(f+"isDeeplink", u.IsDeeplink)
		v.OneOf(f+"isDeeplink", u.IsDeeplink, "Y", "N")
	}
	checkTime(&v, "validUpTo", r.ValidUpTo)
	v.MaxLen("pointOfInitiation", r.PointOfInitiation, 20)
	v.MaxLen("feeType", r.FeeType, 25)
	v.MaxLen("disabledPayMethods", r.DisabledPayMethods, 64)
	for i, p := range r.PayOptionDetails {
		f := fmt.Sprintf("payOptionDetails[%d].", i)
		v.RequiredMaxLen(f+"payMethod", p.PayMethod, 64)
		v.RequiredMaxLen(f+"payOption", p.PayOption, 64)
		v.OptionalMoney(f+"transAmount", p.TransAmount)
		v.OptionalMoney(f+"feeAmount", p.FeeAmount)
		v.MaxLen(f+"cardToken", p.CardToken, 64)
		v.MaxLen(f+"merchantToken", p.MerchantToken, 64)
		checkObject(&v, f+"additionalInfo", p.AdditionalInfo)
	}
	merchantFields{r.MerchantID, r.SubMerchantID, r.ExternalStoreID, r.AdditionalInfo}.check(&v)
	return v.Err()
}

// PaymentResponse is the answer to a payment.
type PaymentResponse struct {
	// Result is the code, the message and Raw, the answer whole.
	Result
	// ReferenceNo is the provider's transaction id, filled on success (max 64).
	ReferenceNo string `json:"referenceNo"`
	// PartnerReferenceNo echoes the merchant's transaction id.
	PartnerReferenceNo string `json:"partnerReferenceNo"`
	// ApprovalCode (max 20).
	ApprovalCode string `json:"approvalCode"`
	// AppRedirectURL is a URL scheme to the provider's payment page in its
	// native app (max 2048).
	AppRedirectURL string `json:"appRedirectUrl"`
	// WebRedirectURL is a universal link to the provider's payment page, for
	// clients that cannot tell whether the provider's app is installed.
	WebRedirectURL string `json:"webRedirectUrl"`
	// AdditionalInfo as received.
	AdditionalInfo json.RawMessage `json:"additionalInfo"`
}

// Payment debits the customer (POST /v1.0/debit/payment-host-to-host,
// service 54; WithPaths moves it). Pass snap.CustomerToken and DeviceInfo
// where the provider asks for them; the request is validated before
// anything is sent. A payment is not idempotent: no retry policy resends it
// (a resent payment could charge twice), only a 401xx01 Invalid Token,
// refused before processing, is sent once more with a new B2B token.
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome.
//
// Otherwise the error is a *snap.Error; read snap.OutcomeOf(err). Failed
// means the payment did not happen; Pending (no answer, an unexpected one,
// a success the answer does not prove) means it may or may not have
// happened: settle it with Status or Reconcile, never by paying again.
func (c *Client) Payment(ctx context.Context, req *PaymentRequest, opts ...snap.CallOption) (*PaymentResponse, error) {
	return send[PaymentResponse](ctx, c, operation{
		service: responsecode.ServiceDebitPayment, path: c.paths.Payment,
	}, req, func(Rules) error { return req.Validate() }, opts) // the payment table's limits are the page's alone
}
