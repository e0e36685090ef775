package paydia

import (
	"context"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/validate"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// VoidPath is the void path under the base URL (URL path
// /snap/v1.0/auth/void, service 67).
const VoidPath = "/v1.0/auth/void"

// VoidRequest gives an auth payment's money back to the customer (all of it
// or part of it, per VoidAmount).
type VoidRequest struct {
	// OriginalPartnerReferenceNo is the payment's id in the partner's system
	// (required, max 64).
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	// OriginalReferenceNo is Paydia's id of the payment (required, max 64).
	OriginalReferenceNo string `json:"originalReferenceNo"`
	// PartnerVoidNo is the void's id in the partner's system (required, max
	// 64). Resending the same PartnerVoidNo is what makes a retry safe.
	PartnerVoidNo string `json:"partnerVoidNo"`
	// MerchantID identifies the merchant at Paydia (required, max 64).
	MerchantID string `json:"merchantId"`
	// SubMerchantID is the sub-merchant, when there is one (max 32).
	SubMerchantID string `json:"subMerchantId,omitempty"`
	// ExternalStoreID is the store, when there is one (max 64).
	ExternalStoreID string `json:"externalStoreId,omitempty"`
	// VoidAmount is the amount to void (required: an explicit amount never
	// voids more than the merchant meant).
	VoidAmount money.Money `json:"voidAmount"`
	// Reason says why the payment is voided (max 256).
	Reason string `json:"reason,omitempty"`
	// AdditionalInfo carries extra keys, sent in key order.
	AdditionalInfo map[string]any `json:"additionalInfo,omitempty"`
}

// Validate checks the mandatory fields and lengths (ASPI's auth-void table)
// and returns the first rule broken as a *snap.ValidationError.
func (r *VoidRequest) Validate() error {
	if r == nil {
		return validate.NilRequest()
	}
	c := checkRefs(r.OriginalPartnerReferenceNo, r.OriginalReferenceNo, r.MerchantID, r.PartnerVoidNo)
	c.MaxLen("subMerchantId", r.SubMerchantID, 32)
	c.MaxLen("externalStoreId", r.ExternalStoreID, 64)
	if r.VoidAmount.IsZero() {
		c.Fail("voidAmount", "is required")
	}
	c.PositiveMoney("voidAmount", r.VoidAmount) // a void of 0.00 gives nothing back
	c.MaxLen("reason", r.Reason, 256)
	return c.Err()
}

// VoidProof is what a void's success answer must show. Paydia publishes no
// void page, so it asks only what any answer to this request must carry:
// the references it echoes (the payment's, the partner's void number) and
// the amount voided equal the request's. A fresh value on each call.
func VoidProof() *snap.Proof {
	return &snap.Proof{
		Mandatory: []string{"responseMessage"},
		Echoed:    []string{"originalPartnerReferenceNo", "originalReferenceNo", "partnerVoidNo", "voidAmount"},
	}
}

// VoidResponse is Paydia's answer to a void. Its embedded snap.Result
// carries Raw, the answer as received (status, headers, the whole body, the
// X-EXTERNAL-IDs tried, the number of attempts), and Outcome.
type VoidResponse struct {
	snap.Result
	// ResponseCode is "2006700" on success.
	ResponseCode string `json:"responseCode"`
	// ResponseMessage is Paydia's message.
	ResponseMessage string `json:"responseMessage"`
	// OriginalPartnerReferenceNo is the payment's id in the partner's system.
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	// OriginalReferenceNo is Paydia's id of the payment.
	OriginalReferenceNo string `json:"originalReferenceNo"`
	// PartnerVoidNo is the void's id in the partner's system.
	PartnerVoidNo string `json:"partnerVoidNo"`
	// VoidNo is Paydia's id of the void; keep it for VoidQuery.
	VoidNo string `json:"voidNo"`
	// VoidAmount is the amount voided.
	VoidAmount money.Money `json:"voidAmount"`
	// VoidTime is when the void happened, as sent; VoidTime.Time() reads it.
	// Optional: VoidProof does not ask for it.
	VoidTime snap.Timestamp `json:"voidTime,omitzero"`
	// AdditionalInfo is kept as sent.
	AdditionalInfo map[string]any `json:"additionalInfo,omitempty"`
}

// Void voids an auth payment (POST /snap/v1.0/auth/void, service 67). It
// needs snap.CustomerToken; the request is validated before anything is
// sent. A void is idempotent by its PartnerVoidNo, so it is retried on
// timeouts, 429, 5006701, 5006702 and 504, at most 3 attempts by default.
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome (a refusal's fields are read as far as they
// go).
//
// On any code but 2006700 the error is a *snap.Error: read
// snap.OutcomeOf(err), which follows the generic SNAP rules (Paydia
// publishes no void table). Failed means the void did not happen; Pending
// means it may or may not have happened: hold the money and call VoidQuery
// later. A 2006700 counts only when its answer passes VoidProof and decodes
// whole; otherwise the error is Pending, naming what is wrong, with the raw
// answer in Error.Body.
func (c *Client) Void(ctx context.Context, req *VoidRequest, opts ...snap.CallOption) (*VoidResponse, error) {
	return send[VoidResponse](ctx, c, operation{path: VoidPath, service: responsecode.ServiceAuthVoid, proof: VoidProof()}, req, opts)
}
