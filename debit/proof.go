package debit

import (
	"github.com/snapbi/snap"
	"github.com/snapbi/snap/responsecode"
)

// DefaultProof returns what a success answer of the given service (54, 55,
// 57 or 58) must show on the direct-debit page (snap-direct-debit.txt,
// the response tables): the fields marked M, and those marked C whose
// condition is the success itself ("must be filled upon successful
// transaction", "must be filled if cancelled transaction success"); the
// references it echoes from the request; and, for a cancel, that any
// transaction state it reports is 05 Canceled. A status answer reports a
// state rather than asserting one: StatusResponse.LatestTransactionStatus
// tells it (Known and IsFinal say what it is worth). nil for other services. A
// fresh value on each call, so callers may change theirs.
func DefaultProof(service int) *snap.Proof {
	switch service {
	case responsecode.ServiceDebitPayment:
		return &snap.Proof{
			Mandatory: []string{"responseMessage", "referenceNo"},
			Echoed:    []string{"partnerReferenceNo"},
		}
	case responsecode.ServiceDebitStatus:
		return &snap.Proof{
			Mandatory: []string{"responseMessage", "serviceCode", "latestTransactionStatus"},
			Echoed:    []string{"originalPartnerReferenceNo", "originalReferenceNo", "originalExternalId", "serviceCode"},
		}
	case responsecode.ServiceDebitCancel:
		return &snap.Proof{
			Mandatory: []string{"responseMessage", "cancelTime"},
			Echoed:    []string{"originalPartnerReferenceNo", "originalReferenceNo", "originalExternalId"},
			States:    CancelStates(),
		}
	case responsecode.ServiceDebitRefund:
		return &snap.Proof{
			Mandatory: []string{"responseMessage", "refundNo", "partnerRefundNo", "refundTime"},
			Echoed:    []string{"originalPartnerReferenceNo", "originalReferenceNo", "originalExternalId", "partnerRefundNo", "refundAmount"},
		}
	}
	return nil
}

// CancelStates are the state fields a cancel's success answer may carry
// (top level, or in additionalInfo as PayerMax does): when present they must
// say 05 Canceled. A cancel whose answer reports the transaction paid (00)
// or in process (03) is not a confirmed cancel: the customer may have been
// charged.
func CancelStates() []snap.State {
	canceled := []string{string(StatusCanceled)}
	return []snap.State{
		{Field: "latestTransactionStatus", Confirms: canceled},
		{Field: "additionalInfo.latestTransactionStatus", Confirms: canceled},
	}
}
