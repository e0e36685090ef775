package debit

import (
	"context"
	"encoding/json"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/validate"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// StatusRequest is the body of a direct-debit status inquiry (service 55).
// The table marks every identifier optional; Validate asks for at least one.
type StatusRequest struct {
	// OriginalPartnerReferenceNo is the merchant's id of the transaction (max 64).
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo,omitempty"`
	// OriginalReferenceNo is the provider's id of the transaction (max 64).
	OriginalReferenceNo string `json:"originalReferenceNo,omitempty"`
	// OriginalExternalID is the X-EXTERNAL-ID of the original request (max
	// 32 on the generic page; Rules.OriginalExternalIDMax).
	OriginalExternalID string `json:"originalExternalId,omitempty"`
	// ServiceCode is the service of the original request, two digits
	// (mandatory): responsecode.ServiceDebitPayment for a payment. It is
	// sent as a JSON string, "54".
	ServiceCode int `json:"serviceCode,string"`
	// TransactionDate, ISO 8601 (max 25; NewTimestamp makes one).
	TransactionDate snap.Timestamp `json:"transactionDate,omitzero"`
	// Amount of the transaction.
	Amount money.Money `json:"amount,omitzero"`
	// MerchantID (max 64; mandatory under Rules.MerchantIDRequired).
	MerchantID string `json:"merchantId,omitempty"`
	// SubMerchantID (max 32).
	SubMerchantID string `json:"subMerchantId,omitempty"`
	// ExternalStoreID (max 64).
	ExternalStoreID string `json:"externalStoreId,omitempty"`
	// AdditionalInfo is sent as given.
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitempty"`
}

// Validate checks the request against the page's table (DefaultRules).
func (r *StatusRequest) Validate() error { return r.ValidateRules(DefaultRules()) }

// ValidateRules checks the request against the page's table with a
// provider's rules. Status calls it, with the client's, before sending.
func (r *StatusRequest) ValidateRules(rules Rules) error {
	if r == nil {
		return validate.NilRequest()
	}
	o := original{
		partnerReferenceNo: r.OriginalPartnerReferenceNo, referenceNo: r.OriginalReferenceNo, externalID: r.OriginalExternalID,
		anyReference: true, // the table marks every identifier optional
	}
	return rules.checkOriginal(o, merchantFields{r.MerchantID, r.SubMerchantID, r.ExternalStoreID, r.AdditionalInfo}, func(v *validate.Checker) {
		if r.ServiceCode < 10 || r.ServiceCode > 99 {
			v.Fail("serviceCode", "is required: the two-digit service of the original request, e.g. responsecode.ServiceDebitPayment (got %d)", r.ServiceCode)
		}
		checkTime(v, "transactionDate", r.TransactionDate)
		v.OptionalMoney("amount", r.Amount)
	})
}

// StatusResponse is the answer to a status inquiry.
type StatusResponse struct {
	// Result is the code, the message and Raw, the answer whole.
	Result
	// OriginalReferenceNo is the provider's transaction id.
	OriginalReferenceNo string `json:"originalReferenceNo"`
	// OriginalPartnerReferenceNo is the merchant's transaction id.
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	// ApprovalCode (max 20).
	ApprovalCode string `json:"approvalCode"`
	// OriginalExternalID is the X-EXTERNAL-ID of the original request.
	OriginalExternalID string `json:"originalExternalId"`
	// ServiceCode of the original request, as received (a string, like
	// ResponseCode, so that a malformed one is kept rather than refused).
	ServiceCode string `json:"serviceCode"`
	// LatestTransactionStatus is where the transaction stands; see IsFinal.
	LatestTransactionStatus TransactionStatus `json:"latestTransactionStatus"`
	// TransactionStatusDesc describes it.
	TransactionStatusDesc string `json:"transactionStatusDesc"`
	// OriginalResponseCode is the code the original request was answered with.
	OriginalResponseCode string `json:"originalResponseCode"`
	// OriginalResponseMessage is its message.
	OriginalResponseMessage string `json:"originalResponseMessage"`
	// SessionID is the transaction invoice id.
	SessionID string `json:"sessionId"`
	// RequestID is the transaction request id.
	RequestID string `json:"requestID"`
	// RefundHistory lists the refunds of the transaction.
	RefundHistory []RefundHistory `json:"refundHistory"`
	// TransAmount is the amount paid.
	TransAmount money.Money `json:"transAmount,omitzero"`
	// FeeAmount is the fee.
	FeeAmount money.Money `json:"feeAmount,omitzero"`
	// PaidTime, ISO 8601 (its Time method reads it).
	PaidTime snap.Timestamp `json:"paidTime,omitzero"`
	// AdditionalInfo as received.
	AdditionalInfo json.RawMessage `json:"additionalInfo"`
}

// Status returns LatestTransactionStatus, where the transaction stands
// (dana.StatusResponse and payermax.StatusResponse read theirs the same
// way); "" on a nil response.
func (r *StatusResponse) Status() TransactionStatus {
	if r == nil {
		return ""
	}
	return r.LatestTransactionStatus
}

// RefundHistory is one refund in a status answer.
type RefundHistory struct {
	// RefundNo is the provider's refund id.
	RefundNo string `json:"refundNo"`
	// PartnerRefundNo is the merchant's refund id (RefundRequest.PartnerRefundNo).
	PartnerRefundNo string `json:"partnerRefundNo"`
	// PartnerReferenceNo is what the page's sample sends in place of
	// partnerRefundNo; kept when a provider does the same.
	PartnerReferenceNo string `json:"partnerReferenceNo,omitempty"`
	// RefundAmount is the refunded amount.
	RefundAmount money.Money `json:"refundAmount,omitzero"`
	// RefundStatus is Success, Pending or Failed.
	RefundStatus RefundStatus `json:"refundStatus"`
	// RefundDate, ISO 8601 or dd-MM-yyyy [HH:mm:ss] (its Time method reads it).
	RefundDate snap.Timestamp `json:"refundDate,omitzero"`
	// Reason of the refund.
	Reason string `json:"reason"`
}

// Refund finds the refund with the merchant's refund id partnerRefundNo
// (matched against partnerRefundNo, or partnerReferenceNo as the page's
// sample has it).
func (r *StatusResponse) Refund(partnerRefundNo string) (RefundHistory, bool) {
	if r == nil || partnerRefundNo == "" {
		return RefundHistory{}, false
	}
	for _, h := range r.RefundHistory {
		if h.PartnerRefundNo == partnerRefundNo || (h.PartnerRefundNo == "" && h.PartnerReferenceNo == partnerRefundNo) {
			return h, true
		}
	}
	return RefundHistory{}, false
}

// Status asks where a transaction stands (POST /v1.0/debit/status,
// service 55; WithPaths moves it); the request is validated before anything
// is sent. It is idempotent, so the snap.Client's policy
// (snap.DefaultRetryPolicy unless snap.WithRetry) retries it on timeouts
// and on answers that mean "try again".
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome.
//
// Otherwise the error is a *snap.Error; read snap.OutcomeOf(err). The
// outcome is the inquiry's, not the transaction's: only a successful
// answer's Status() is where the transaction stands. Pending means no
// status was learned: ask again (Reconcile does).
func (c *Client) Status(ctx context.Context, req *StatusRequest, opts ...snap.CallOption) (*StatusResponse, error) {
	return send[StatusResponse](ctx, c, operation{
		service: responsecode.ServiceDebitStatus, path: c.paths.Status, idempotent: true,
	}, req, req.ValidateRules, opts)
}
