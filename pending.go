package snap

import (
	"encoding/json"
	"maps"
	"slices"
	"time"

	"github.com/snapbi/snap/internal/jsonscan"
	"github.com/snapbi/snap/money"
)

// referenceKeys are the request fields that name a transaction, a refund or
// a void: what a later status query or resend needs, and nothing secret (no
// token, OTP, card token or merchant token is among them).
var referenceKeys = []string{
	"partnerReferenceNo", "originalPartnerReferenceNo", "originalReferenceNo", "originalExternalId",
	"referenceNo", "partnerRefundNo", "partnerVoidNo", "voidNo", "tXid", "serviceCode",
	"merchantId", "subMerchantId", "externalStoreId", "customerNumber", "reason", "transactionDate",
	"iMid", "payMethod", "cancelType",
}

// amountKeys are the request fields that carry an amount in SNAP's
// {"value","currency"} form, dotted when nested.
var amountKeys = []string{"amount", "refundAmount", "voidAmount", "additionalInfo.amount"}

// requestReferences reads the business references and amounts of a request
// body. A body that is not a JSON object yields none.
func requestReferences(body []byte) (map[string]string, map[string]money.Money) {
	obj, err := jsonscan.Parse(body)
	if err != nil {
		return nil, nil
	}
	var refs map[string]string
	for _, k := range referenceKeys {
		raw, ok := obj.Get(k)
		if !ok {
			continue
		}
		if v, ok := jsonscan.Scalar(raw); ok && v != "" {
			if refs == nil {
				refs = map[string]string{}
			}
			refs[k] = v
		}
	}
	var amounts map[string]money.Money
	for _, k := range amountKeys {
		raw, ok := obj.Lookup(k)
		if !ok || jsonscan.Empty(raw) {
			continue
		}
		var m money.Money
		if json.Unmarshal(raw, &m) == nil {
			if amounts == nil {
				amounts = map[string]money.Money{}
			}
			amounts[k] = m
		}
	}
	if raw, ok := obj.Get("amt"); ok { // NICEPAY v2: a whole-rupiah string
		if v, ok := jsonscan.Scalar(raw); ok {
			if m, err := money.New(v, "IDR"); err == nil {
				if amounts == nil {
					amounts = map[string]money.Money{}
				}
				amounts["amt"] = m
			}
		}
	}
	return refs, amounts
}

// PendingRecord is what it takes to settle a Pending call later, in
// another process if need be: which operation, which business references,
// which X-EXTERNAL-IDs were tried. It holds no secret: no token,
// signature, key or customer token, and only the reference and amount
// fields of the request body. It is plain data, safe to store as JSON.
type PendingRecord struct {
	// Op names the operation, e.g. "POST /v1.0/debit/cancel".
	Op string `json:"op"`
	// ServiceCode and Path are the request's.
	ServiceCode int    `json:"serviceCode"`
	Path        string `json:"path"`
	// References are the request body's business references
	// (partnerReferenceNo, originalPartnerReferenceNo, partnerRefundNo,
	// partnerVoidNo, voidNo, tXid, merchantId, customerNumber, reason …).
	References map[string]string `json:"references,omitempty"`
	// Amounts are the request body's amounts by JSON key ("amount",
	// "refundAmount", "voidAmount", "additionalInfo.amount", NICEPAY "amt").
	Amounts map[string]money.Money `json:"amounts,omitempty"`
	// ExternalIDs are every X-EXTERNAL-ID tried, in order.
	ExternalIDs []string `json:"externalIds,omitempty"`
	// Attempts is how many requests were sent.
	Attempts int `json:"attempts"`
	// FirstAttempt is when the call started.
	FirstAttempt time.Time `json:"firstAttempt"`
	// Reason and Action are the Error's: why it is Pending, and the
	// provider's action.
	Reason string `json:"reason,omitempty"`
	Action string `json:"action,omitempty"`
}

// PendingRecord returns what it takes to settle e later, and false when e
// is not Pending (a Failed or Successful call needs no settling) or nothing
// was sent. Copies are returned: changing them leaves e as it is.
func (e *Error) PendingRecord() (PendingRecord, bool) {
	if e == nil || e.Outcome != Pending || e.Path == "" {
		return PendingRecord{}, false
	}
	return PendingRecord{
		Op: e.Op, ServiceCode: e.ServiceCode, Path: e.Path,
		References: maps.Clone(e.References), Amounts: maps.Clone(e.Amounts),
		ExternalIDs: slices.Clone(e.ExternalIDs), Attempts: e.Attempts, FirstAttempt: e.Started,
		Reason: e.Reason, Action: e.Action,
	}, true
}
