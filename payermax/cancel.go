package payermax

import (
	"context"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/validate"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// CancelRequest is the body of POST /v1.0/debit/cancel (service 57):
// every field of PayerMax's table, in the order of its example.
type CancelRequest struct {
	// OriginalPartnerReferenceNo is the payment's id on the merchant's side
	// (required, max 64).
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	// OriginalReferenceNo is the payment's id on PayerMax's side (max 64).
	OriginalReferenceNo string `json:"originalReferenceNo,omitempty"`
	// ApprovalCode is not in PayerMax's field table but is in its example
	// (and in the generic SNAP cancel table, max 20); sent only when set.
	ApprovalCode string `json:"approvalCode,omitempty"`
	// OriginalExternalID is the X-EXTERNAL-ID of the payment request (max 36).
	OriginalExternalID string `json:"originalExternalId,omitempty"`
	// MerchantID identifies the merchant (max 32).
	MerchantID string `json:"merchantId,omitempty"`
	// SubMerchantID identifies the sub merchant (max 32).
	SubMerchantID string `json:"subMerchantId,omitempty"`
	// Reason is the cancellation reason (max 256).
	Reason string `json:"reason,omitempty"`
	// ExternalStoreID is the store the payment belongs to (max 64).
	ExternalStoreID string `json:"externalStoreId,omitempty"`
	// Amount is the amount to cancel, optional; sent as {"value":"100000.00","currency":"IDR"}.
	Amount money.Money `json:"amount,omitzero"`
	// AdditionalInfo is required by PayerMax; its version and keyVersion
	// default to "1.4" and "1".
	AdditionalInfo AdditionalInfo `json:"additionalInfo"`
}

// Validate checks a copy of r with its defaults filled in (additionalInfo's
// version and keyVersion), exactly what Cancel checks before sending, and
// returns the first rule broken as a *snap.ValidationError.
func (r *CancelRequest) Validate() error {
	_, err := filled(r)
	return err
}

func (r *CancelRequest) fill() { r.AdditionalInfo = r.AdditionalInfo.withDefaults() }

func (r *CancelRequest) check() error {
	var c validate.Checker
	c.RequiredMaxLen("originalPartnerReferenceNo", r.OriginalPartnerReferenceNo, 64)
	c.MaxLen("originalReferenceNo", r.OriginalReferenceNo, 64)
	c.MaxLen("approvalCode", r.ApprovalCode, 20)
	c.MaxLen("originalExternalId", r.OriginalExternalID, 36)
	c.MaxLen("merchantId", r.MerchantID, 32)
	c.MaxLen("subMerchantId", r.SubMerchantID, 32)
	c.MaxLen("reason", r.Reason, 256)
	c.MaxLen("externalStoreId", r.ExternalStoreID, 64)
	c.OptionalPositiveMoney("amount", r.Amount) // a cancel of 0.00 cancels nothing
	r.AdditionalInfo.check(&c)
	return c.Err()
}

// CancelProof is what PayerMax's 2005700 must show, from the cancel page's
// response table: originalPartnerReferenceNo and
// additionalInfo.latestTransactionStatus (both Required) present, the
// references echoing the request's, and the status 05 Cancelled — "the
// order has been closed". A cancel answered with 00 (paid) or 03 (in
// process, "payment is success") is not a confirmed cancel: the customer
// may have been charged. The page's own sample answers 2005700 with 00; it
// reads as Pending here. A fresh value on each call.
func CancelProof() *snap.Proof {
	return &snap.Proof{
		Mandatory: []string{"responseMessage", "originalPartnerReferenceNo", "additionalInfo.latestTransactionStatus"},
		Echoed:    []string{"originalPartnerReferenceNo", "originalReferenceNo", "originalExternalId"},
		States:    debit.CancelStates(),
	}
}

// CancelResponse is PayerMax's answer to a debit cancel.
type CancelResponse struct {
	// Result holds Raw, the answer whole, and Outcome.
	snap.Result
	// ResponseCode is "2005700" on success.
	ResponseCode string `json:"responseCode"`
	// ResponseMessage describes ResponseCode.
	ResponseMessage string `json:"responseMessage"`
	// OriginalPartnerReferenceNo echoes the merchant's payment id.
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	// CancelTime is when the cancel happened.
	CancelTime snap.Timestamp `json:"cancelTime,omitzero"`
	// OriginalReferenceNo is the payment's id on PayerMax's side.
	OriginalReferenceNo string `json:"originalReferenceNo,omitempty"`
	// OriginalExternalID is the X-EXTERNAL-ID of the payment request.
	OriginalExternalID string `json:"originalExternalId,omitempty"`
	// TransactionDate is the payment's date.
	TransactionDate snap.Timestamp `json:"transactionDate,omitzero"`
	// AdditionalInfo carries latestTransactionStatus, the transaction's
	// status after the cancel, and any other key PayerMax adds.
	AdditionalInfo ResponseAdditionalInfo `json:"additionalInfo"`
}

// Status returns additionalInfo.latestTransactionStatus. Read it rather than
// assume "05" Canceled: PayerMax's own sample answers a successful cancel
// with "00".
func (r *CancelResponse) Status() debit.TransactionStatus {
	return r.AdditionalInfo.LatestTransactionStatus
}

// Cancel cancels a direct-debit payment (POST /v1.0/debit/cancel, service
// 57); the request is validated before anything is sent. A cancel is
// idempotent by its originalPartnerReferenceNo, so it is retried on
// timeouts, 429, 5005701, 5005702 and 504, at most 3 attempts by default.
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome.
//
// Any other error is a *snap.Error: read snap.OutcomeOf(err). Failed means
// the cancel did not happen; Pending means it may or may not have happened
// (ask Status). A 2005700 counts only when its answer passes CancelProof
// and decodes whole; otherwise the error is Pending.
func (c *Client) Cancel(ctx context.Context, req *CancelRequest, opts ...snap.CallOption) (*CancelResponse, error) {
	return send[CancelResponse](ctx, c, operation{CancelPath, responsecode.ServiceDebitCancel, true, CancelProof()}, req, opts)
}
