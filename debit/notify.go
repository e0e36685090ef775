package debit

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"net/http"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/notifydecode"
	"github.com/snapbi/snap/internal/validate"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// Notify is a direct-debit payment notification (service 56), posted by
// the provider to the merchant. The JSON tags let a simulator send one too.
type Notify struct {
	// OriginalPartnerReferenceNo is the merchant's id of the payment.
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo,omitempty"`
	// OriginalReferenceNo is the provider's id of the payment (mandatory).
	OriginalReferenceNo string `json:"originalReferenceNo"`
	// OriginalExternalID is the X-EXTERNAL-ID of the payment.
	OriginalExternalID string `json:"originalExternalId,omitempty"`
	// MerchantID of the payment.
	MerchantID string `json:"merchantId,omitempty"`
	// SubMerchantID of the payment.
	SubMerchantID string `json:"subMerchantId,omitempty"`
	// Amount of the payment.
	Amount money.Money `json:"amount,omitzero"`
	// LatestTransactionStatus is where the payment stands (mandatory).
	LatestTransactionStatus TransactionStatus `json:"latestTransactionStatus"`
	// TransactionStatusDesc describes it.
	TransactionStatusDesc string `json:"transactionStatusDesc,omitempty"`
	// CreatedTime of the payment, ISO 8601 (its Time method reads it).
	CreatedTime snap.Timestamp `json:"createdTime,omitzero"`
	// FinishedTime of the payment, ISO 8601.
	FinishedTime snap.Timestamp `json:"finishedTime,omitzero"`
	// ExternalStoreID (the table's externalStoreID; either spelling is read).
	ExternalStoreID string `json:"externalStoreId,omitempty"`
	// AdditionalInfo as received.
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitempty"`

	// ExternalID is the notification's X-EXTERNAL-ID header.
	ExternalID string `json:"-"`
	// Raw is the verified body as received.
	Raw []byte `json:"-"`
	// DecodeErrors lists the optional fields that were sent but could not
	// be decoded; each is left at its zero value (Amount nil). The
	// notification is authentic and the rest decoded: returning an error
	// would only make the provider resend the same bytes, so decide with
	// what parsed, or acknowledge and ask Status.
	DecodeErrors []*snap.FieldError `json:"-"`
}

// ParseNotify verifies a notification with the provider's public key and
// decodes it the way NotifyHandler does, for a merchant who does not use
// net/http's handler. It does not deduplicate; NotifyHandler does. Errors
// wrap snap.ErrNotificationSignature and the core's other notification
// errors, or are a *snap.FieldError for a missing mandatory field.
func ParseNotify(r *http.Request, pub *rsa.PublicKey, opts ...snap.NotificationOption) (*Notify, error) {
	return snap.ParseNotification(r, pub, decodeNotify, opts...)
}

// Validate checks a notification against the page's table: the mandatory
// originalReferenceNo and a known latestTransactionStatus, and the lengths.
// NotifyHandler checks only the mandatory fields (a provider's notification
// is read leniently); simulators and strict handlers may call it.
func (n *Notify) Validate() error {
	if n == nil {
		return &snap.ValidationError{Field: "notify", Reason: "is nil"}
	}
	var v validate.Checker
	v.MaxLen("originalPartnerReferenceNo", n.OriginalPartnerReferenceNo, 64)
	v.RequiredMaxLen("originalReferenceNo", n.OriginalReferenceNo, 64)
	v.MaxLen("originalExternalId", n.OriginalExternalID, 32)
	v.OptionalMoney("amount", n.Amount)
	v.Required("latestTransactionStatus", string(n.LatestTransactionStatus))
	if s := n.LatestTransactionStatus; s != "" && !s.Known() {
		v.Fail("latestTransactionStatus", "must be one of 00..09 (got %d characters)", len(s))
	}
	v.MaxLen("transactionStatusDesc", n.TransactionStatusDesc, 50)
	checkTime(&v, "createdTime", n.CreatedTime)
	checkTime(&v, "finishedTime", n.FinishedTime)
	merchantFields{n.MerchantID, n.SubMerchantID, n.ExternalStoreID, n.AdditionalInfo}.check(&v)
	return v.Err()
}

// notifyMandatory are the fields the notify table marks M.
var notifyMandatory = []string{"originalReferenceNo", "latestTransactionStatus"}

// decodeNotify decodes a verified notify body (see NotifyHandler).
func decodeNotify(r *http.Request, body []byte) (*Notify, error) {
	n := new(Notify)
	bad, err := notifydecode.Decode(body, n, notifyMandatory...)
	if err != nil {
		return nil, err
	}
	n.DecodeErrors, n.ExternalID, n.Raw = bad, r.Header.Get("X-EXTERNAL-ID"), body
	return n, nil
}

// NotifyHandler serves the direct-debit notify endpoint: the core's
// notification pipeline (snap.NewNotificationHandler) for service 56. It
// verifies the notification with the provider's public key over the raw
// bytes received, checks X-TIMESTAMP within the tolerance, decodes the
// body, claims it and calls handle once per notification. The answers:
//
//   - 200 2005600 when handle returns nil, and to any later copy of a
//     notification already handled (handle is not called again);
//   - 500 5005601 when handle fails or panics (the claim is released, so
//     the provider's resend is handled) and to a copy that arrives while the
//     first is still being handled (the provider sends it again);
//   - 400 4005600 for an authentic body that is not a JSON object, 400
//     4005602 "Invalid Mandatory Field originalReferenceNo" when a mandatory
//     field (originalReferenceNo, latestTransactionStatus) is missing or
//     malformed — content the provider would resend unchanged is never
//     answered 5xx;
//   - 401 4015600 for a bad signature or a timestamp outside the tolerance,
//     405 4055600 for anything but POST.
//
// Any other malformed field (amount "10000.001", currency "idr", a bad
// time) is not refused: handle gets the notification with that field left
// zero and reported in Notify.DecodeErrors, and everything that did parse.
// Copies are recognised by their signature, not by X-EXTERNAL-ID, in a
// per-handler in-memory store by default (snap.WithClaimStore to share
// one). Handle must still be idempotent (key it on
// OriginalPartnerReferenceNo): a provider's retry is signed anew. A nil pub
// or handle panics here.
func NotifyHandler(pub *rsa.PublicKey, handle func(ctx context.Context, n *Notify) error, opts ...snap.NotificationOption) http.Handler {
	if handle == nil {
		panic("debit: NotifyHandler: nil handle func")
	}
	return snap.NewNotificationHandler(pub, responsecode.ServiceDebitNotify, decodeNotify, handle, opts...)
}
