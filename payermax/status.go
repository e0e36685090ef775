package payermax

import (
	"context"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/validate"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// StatusRequest is the body of POST /v1.0/debit/status (service 55):
// the fields PayerMax's Debit-Status page marks required (merchantId,
// originalPartnerReferenceNo, serviceCode) and the rest of the generic SNAP
// status table, plus PayerMax's mandatory additionalInfo.
type StatusRequest struct {
	// MerchantID identifies the merchant (required, max 32).
	MerchantID string `json:"merchantId"`
	// OriginalPartnerReferenceNo is the payment's id on the merchant's side
	// (required, max 64).
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	// ServiceCode is the service of the original request, sent as two
	// digits in a JSON string; 0 sends responsecode.ServiceDebitPayment, "54".
	ServiceCode int `json:"serviceCode,string"`
	// OriginalReferenceNo is the payment's id on PayerMax's side (max 64).
	OriginalReferenceNo string `json:"originalReferenceNo,omitempty"`
	// OriginalExternalID is the X-EXTERNAL-ID of the payment request (max 36).
	OriginalExternalID string `json:"originalExternalId,omitempty"`
	// TransactionDate is the payment's date (see NewTimestamp).
	TransactionDate snap.Timestamp `json:"transactionDate,omitzero"`
	// Amount is the payment's amount, optional.
	Amount money.Money `json:"amount,omitzero"`
	// SubMerchantID identifies the sub merchant (max 32).
	SubMerchantID string `json:"subMerchantId,omitempty"`
	// ExternalStoreID is the store the payment belongs to (max 64).
	ExternalStoreID string `json:"externalStoreId,omitempty"`
	// AdditionalInfo carries version and keyVersion (defaults "1.4" and "1").
	AdditionalInfo AdditionalInfo `json:"additionalInfo"`
}

// Validate checks a copy of r with its defaults filled in (serviceCode 54,
// additionalInfo's version and keyVersion), exactly what Status checks
// before sending, and returns the first rule broken as a
// *snap.ValidationError.
func (r *StatusRequest) Validate() error {
	_, err := filled(r)
	return err
}

func (r *StatusRequest) fill() {
	if r.ServiceCode == 0 {
		r.ServiceCode = responsecode.ServiceDebitPayment
	}
	r.AdditionalInfo = r.AdditionalInfo.withDefaults()
}

func (r *StatusRequest) check() error {
	var c validate.Checker
	c.RequiredMaxLen("merchantId", r.MerchantID, 32)
	c.RequiredMaxLen("originalPartnerReferenceNo", r.OriginalPartnerReferenceNo, 64)
	if r.ServiceCode < 10 || r.ServiceCode > 99 {
		c.Fail("serviceCode", "must be a two-digit service code such as responsecode.ServiceDebitPayment (got %d)", r.ServiceCode)
	}
	c.MaxLen("originalReferenceNo", r.OriginalReferenceNo, 64)
	c.MaxLen("originalExternalId", r.OriginalExternalID, 36)
	c.MaxLen("transactionDate", string(r.TransactionDate), MaxTimestampLen)
	c.OptionalMoney("amount", r.Amount)
	c.MaxLen("subMerchantId", r.SubMerchantID, 32)
	c.MaxLen("externalStoreId", r.ExternalStoreID, 64)
	r.AdditionalInfo.check(&c)
	return c.Err()
}

// StatusProof is what a PayerMax status answer must show: the references it
// echoes equal the request's. PayerMax may report the status at the top
// level or in additionalInfo (Status reads either), so neither place is
// mandatory here; an answer with no status at all reads as "" from Status,
// which is not final. A fresh value on each call.
func StatusProof() *snap.Proof {
	return &snap.Proof{
		Mandatory: []string{"responseMessage"},
		Echoed:    []string{"originalPartnerReferenceNo", "originalReferenceNo", "originalExternalId", "serviceCode"},
	}
}

// StatusResponse is the answer to a status inquiry: every field of the
// generic table.
type StatusResponse struct {
	// Result holds Raw, the answer whole, and Outcome.
	snap.Result
	// ResponseCode is "2005500" when the inquiry itself succeeded; the
	// payment's status is LatestTransactionStatus.
	ResponseCode string `json:"responseCode"`
	// ResponseMessage describes ResponseCode.
	ResponseMessage string `json:"responseMessage"`
	// OriginalReferenceNo is the payment's id on PayerMax's side.
	OriginalReferenceNo string `json:"originalReferenceNo,omitempty"`
	// OriginalPartnerReferenceNo is the payment's id on the merchant's side.
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo,omitempty"`
	// ApprovalCode is the payment's approval code.
	ApprovalCode string `json:"approvalCode,omitempty"`
	// OriginalExternalID is the X-EXTERNAL-ID of the payment request.
	OriginalExternalID string `json:"originalExternalId,omitempty"`
	// ServiceCode is the service code of the original request.
	ServiceCode string `json:"serviceCode,omitempty"`
	// LatestTransactionStatus is the payment's status (see Status).
	LatestTransactionStatus debit.TransactionStatus `json:"latestTransactionStatus,omitempty"`
	// TransactionStatusDesc describes the status.
	TransactionStatusDesc string `json:"transactionStatusDesc,omitempty"`
	// OriginalResponseCode is the response code the payment got.
	OriginalResponseCode string `json:"originalResponseCode,omitempty"`
	// OriginalResponseMessage is the response message the payment got.
	OriginalResponseMessage string `json:"originalResponseMessage,omitempty"`
	// SessionID is the transaction invoice id.
	SessionID string `json:"sessionId,omitempty"`
	// RequestID is the transaction request id.
	RequestID string `json:"requestID,omitempty"`
	// RefundHistory lists the payment's refunds.
	RefundHistory []RefundHistory `json:"refundHistory,omitempty"`
	// TransAmount is the amount paid with the payment method.
	TransAmount money.Money `json:"transAmount,omitzero"`
	// FeeAmount is the fee paid with the payment method.
	FeeAmount money.Money `json:"feeAmount,omitzero"`
	// PaidTime is when the payment was paid.
	PaidTime snap.Timestamp `json:"paidTime,omitzero"`
	// AdditionalInfo keeps every key PayerMax adds.
	AdditionalInfo ResponseAdditionalInfo `json:"additionalInfo"`
}

// Status returns latestTransactionStatus, or additionalInfo's when PayerMax
// puts it there as on its cancel answer.
func (r *StatusResponse) Status() debit.TransactionStatus {
	if r.LatestTransactionStatus != "" {
		return r.LatestTransactionStatus
	}
	return r.AdditionalInfo.LatestTransactionStatus
}

// RefundHistory is one refund of a payment in a status answer: the generic
// SNAP shape, shared with package debit. It keeps partnerReferenceNo, the
// generic sample's spelling of partnerRefundNo, so neither is lost, and
// reads refundDate in ISO 8601 or dd-MM-yyyy HH:mm:ss.
type RefundHistory = debit.RefundHistory

// Refund finds the refund with the merchant's refund id partnerRefundNo in
// RefundHistory (matched against partnerRefundNo, or partnerReferenceNo as
// the generic sample has it), as debit.StatusResponse.Refund does.
func (r *StatusResponse) Refund(partnerRefundNo string) (RefundHistory, bool) {
	if r == nil {
		return RefundHistory{}, false
	}
	return (&debit.StatusResponse{RefundHistory: r.RefundHistory}).Refund(partnerRefundNo)
}

// Status asks for a payment's status (POST /v1.0/debit/status, service
// 55); the request is validated before anything is sent. The inquiry is
// idempotent, so it is retried on timeouts, 429, 5005501, 5005502 and 504,
// at most 3 attempts by default.
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome.
//
// Any other error is a *snap.Error about the inquiry, not the payment: read
// snap.OutcomeOf(err); Pending means the inquiry's answer is unknown, so
// ask again. A nil error means the inquiry succeeded (its answer passed
// StatusProof and decoded whole): the payment's own state is resp.Status().
func (c *Client) Status(ctx context.Context, req *StatusRequest, opts ...snap.CallOption) (*StatusResponse, error) {
	return send[StatusResponse](ctx, c, operation{StatusPath, responsecode.ServiceDebitStatus, true, StatusProof()}, req, opts)
}
