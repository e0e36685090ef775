package debit

import (
	"context"
	"encoding/json"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/validate"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// CancelRequest is the body of a direct-debit cancel (service 57).
type CancelRequest struct {
	// OriginalPartnerReferenceNo is the merchant's id of the payment
	// (mandatory, max 64). The page's table spells the key
	// originalpartnerReferenceNo; its sample, sent here, originalPartnerReferenceNo.
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	// OriginalReferenceNo is the provider's id of the payment (max 64).
	OriginalReferenceNo string `json:"originalReferenceNo,omitempty"`
	// ApprovalCode of the payment (max 20).
	ApprovalCode string `json:"approvalCode,omitempty"`
	// OriginalExternalID is the X-EXTERNAL-ID of the payment (max 32 on the
	// generic page; Rules.OriginalExternalIDMax).
	OriginalExternalID string `json:"originalExternalId,omitempty"`
	// MerchantID (max 64; mandatory under Rules.MerchantIDRequired).
	MerchantID string `json:"merchantId,omitempty"`
	// SubMerchantID (max 32).
	SubMerchantID string `json:"subMerchantId,omitempty"`
	// Reason of the cancellation (max 256).
	Reason string `json:"reason,omitempty"`
	// ExternalStoreID (max 64; the table's externalStoreID, sent as the
	// sample spells it).
	ExternalStoreID string `json:"externalStoreId,omitempty"`
	// Amount of the payment.
	Amount money.Money `json:"amount,omitzero"`
	// AdditionalInfo is sent as given.
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitempty"`
}

// Validate checks the request against the page's table (DefaultRules).
func (r *CancelRequest) Validate() error { return r.ValidateRules(DefaultRules()) }

// ValidateRules checks the request against the page's table with a
// provider's rules. Cancel calls it, with the client's, before sending.
func (r *CancelRequest) ValidateRules(rules Rules) error {
	if r == nil {
		return validate.NilRequest()
	}
	o := original{partnerReferenceNo: r.OriginalPartnerReferenceNo, referenceNo: r.OriginalReferenceNo, externalID: r.OriginalExternalID}
	return rules.checkOriginal(o, merchantFields{r.MerchantID, r.SubMerchantID, r.ExternalStoreID, r.AdditionalInfo}, func(v *validate.Checker) {
		v.MaxLen("approvalCode", r.ApprovalCode, 20)
		v.MaxLen("reason", r.Reason, 256)
		v.OptionalPositiveMoney("amount", r.Amount) // a cancel of 0.00 cancels nothing
	})
}

// CancelResponse is the answer to a cancel.
type CancelResponse struct {
	// Result is the code, the message and Raw, the answer whole.
	Result
	// OriginalPartnerReferenceNo is the merchant's id of the payment (read
	// under either spelling of the key).
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	// OriginalReferenceNo is the provider's id of the payment.
	OriginalReferenceNo string `json:"originalReferenceNo"`
	// OriginalExternalID is the X-EXTERNAL-ID of the payment.
	OriginalExternalID string `json:"originalExternalId"`
	// CancelTime, ISO 8601, filled when the cancel succeeded (its Time method reads it).
	CancelTime snap.Timestamp `json:"cancelTime,omitzero"`
	// TransactionDate: the table says yyyyMMddHHmmss, the sample ISO 8601
	// (Timestamp.Time reads both).
	TransactionDate snap.Timestamp `json:"transactionDate,omitzero"`
	// AdditionalInfo as received.
	AdditionalInfo json.RawMessage `json:"additionalInfo"`
}

// Cancel cancels a payment (POST /v1.0/debit/cancel, service 57; WithPaths
// moves it); the request is validated before anything is sent. It is
// idempotent (the payment's references stay the same), so the
// snap.Client's policy (snap.DefaultRetryPolicy unless snap.WithRetry)
// retries it on timeouts and on answers that mean "try again".
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome.
//
// Otherwise the error is a *snap.Error; read snap.OutcomeOf(err). Failed
// means the cancel did not happen; Pending means it may or may not have
// happened: never treat it as Failed, settle it with Status or Reconcile.
func (c *Client) Cancel(ctx context.Context, req *CancelRequest, opts ...snap.CallOption) (*CancelResponse, error) {
	return send[CancelResponse](ctx, c, operation{
		service: responsecode.ServiceDebitCancel, path: c.paths.Cancel, idempotent: true,
	}, req, req.ValidateRules, opts)
}
