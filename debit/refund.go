package debit

import (
	"context"
	"encoding/json"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/validate"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// RefundRequest is the body of a direct-debit refund (service 58).
type RefundRequest struct {
	// MerchantID (max 64; mandatory under Rules.MerchantIDRequired).
	MerchantID string `json:"merchantId,omitempty"`
	// SubMerchantID (max 32).
	SubMerchantID string `json:"subMerchantId,omitempty"`
	// OriginalPartnerReferenceNo is the merchant's id of the payment
	// (mandatory, max 64).
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	// OriginalReferenceNo is the provider's id of the payment (max 64).
	OriginalReferenceNo string `json:"originalReferenceNo,omitempty"`
	// OriginalExternalID is the X-EXTERNAL-ID of the payment (max 32 on the
	// generic page; Rules.OriginalExternalIDMax).
	OriginalExternalID string `json:"originalExternalId,omitempty"`
	// OriginalCaptureNo names the capture to refund of an auth-capture
	// payment (max 64). It is DANA's field (its RefundOrderRequest), not
	// on the generic page: leave it empty elsewhere, where a strict
	// provider refuses keys it does not know.
	OriginalCaptureNo string `json:"originalCaptureNo,omitempty"`
	// PartnerRefundNo is the merchant's refund id (mandatory, max 64); it
	// keeps a retried refund the same refund.
	PartnerRefundNo string `json:"partnerRefundNo"`
	// RefundAmount is the amount to refund (mandatory under
	// Rules.RefundAmountRequired).
	RefundAmount money.Money `json:"refundAmount,omitzero"`
	// ExternalStoreID (max 64; the table's externalStoreID, sent as the
	// sample spells it).
	ExternalStoreID string `json:"externalStoreId,omitempty"`
	// Reason of the refund (max 256).
	Reason string `json:"reason,omitempty"`
	// AdditionalInfo is sent as given (the page's sample sends null).
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitempty"`
}

// Validate checks the request against the page's table (DefaultRules).
func (r *RefundRequest) Validate() error { return r.ValidateRules(DefaultRules()) }

// ValidateRules checks the request against the page's table with a
// provider's rules. Refund calls it, with the client's, before sending.
func (r *RefundRequest) ValidateRules(rules Rules) error {
	if r == nil {
		return validate.NilRequest()
	}
	o := original{partnerReferenceNo: r.OriginalPartnerReferenceNo, referenceNo: r.OriginalReferenceNo, externalID: r.OriginalExternalID}
	return rules.checkOriginal(o, merchantFields{r.MerchantID, r.SubMerchantID, r.ExternalStoreID, r.AdditionalInfo}, func(v *validate.Checker) {
		v.MaxLen("originalCaptureNo", r.OriginalCaptureNo, 64)
		v.RequiredMaxLen("partnerRefundNo", r.PartnerRefundNo, 64)
		if rules.RefundAmountRequired {
			v.RequiredPositiveMoney("refundAmount", r.RefundAmount)
		}
		v.OptionalPositiveMoney("refundAmount", r.RefundAmount) // a refund of 0.00 refunds nothing
		v.MaxLen("reason", r.Reason, 256)
	})
}

// RefundResponse is the answer to a refund.
type RefundResponse struct {
	// Result is the code, the message and Raw, the answer whole.
	Result
	// OriginalPartnerReferenceNo is the merchant's id of the payment.
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	// OriginalReferenceNo is the provider's id of the payment.
	OriginalReferenceNo string `json:"originalReferenceNo"`
	// OriginalExternalID is the X-EXTERNAL-ID of the payment.
	OriginalExternalID string `json:"originalExternalId"`
	// PartnerTrxID is the partner transaction id (max 32).
	PartnerTrxID string `json:"partnerTrxId"`
	// RefundNo is the provider's refund id (also read from the sample's
	// " refundNo" key with a leading space).
	RefundNo string `json:"refundNo"`
	// PartnerRefundNo is the merchant's refund id.
	PartnerRefundNo string `json:"partnerRefundNo"`
	// RefundAmount is the refunded amount.
	RefundAmount money.Money `json:"refundAmount,omitzero"`
	// RefundTime, ISO 8601 (its Time method reads it).
	RefundTime snap.Timestamp `json:"refundTime,omitzero"`
	// AdditionalInfo as received (null in the page's sample).
	AdditionalInfo json.RawMessage `json:"additionalInfo"`
}

// Refund refunds a payment wholly or in part (POST /v1.0/debit/refund,
// service 58; WithPaths moves it); the request is validated before anything
// is sent. It is idempotent (PartnerRefundNo stays the same), so the
// snap.Client's policy (snap.DefaultRetryPolicy unless snap.WithRetry)
// retries it on timeouts and on answers that mean "try again".
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome.
//
// Otherwise the error is a *snap.Error; read snap.OutcomeOf(err). Failed
// means the refund did not happen; Pending means it may or may not have
// happened: settle it with Reconcile and RefundSettled, or with
// ResendRefund where the status answer has no refundHistory.
func (c *Client) Refund(ctx context.Context, req *RefundRequest, opts ...snap.CallOption) (*RefundResponse, error) {
	return send[RefundResponse](ctx, c, operation{
		service: responsecode.ServiceDebitRefund, path: c.paths.Refund, idempotent: true,
	}, req, req.ValidateRules, opts)
}
