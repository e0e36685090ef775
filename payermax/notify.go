package payermax

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/notifydecode"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// Notify is a direct-debit payment notice (service 56) that PayerMax
// posts to the merchant: every field of the generic notify table.
type Notify struct {
	// OriginalPartnerReferenceNo is the payment's id on the merchant's side.
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo,omitempty"`
	// OriginalReferenceNo is the payment's id on PayerMax's side.
	OriginalReferenceNo string `json:"originalReferenceNo,omitempty"`
	// OriginalExternalID is the X-EXTERNAL-ID of the payment request.
	OriginalExternalID string `json:"originalExternalId,omitempty"`
	// MerchantID identifies the merchant.
	MerchantID string `json:"merchantId,omitempty"`
	// SubMerchantID identifies the sub merchant.
	SubMerchantID string `json:"subMerchantId,omitempty"`
	// Amount is the payment's amount (a string or a number on the wire).
	Amount money.Money `json:"amount,omitzero"`
	// LatestTransactionStatus is the payment's status (never empty: a notice
	// without one is refused); act only on a final status (IsFinal).
	LatestTransactionStatus debit.TransactionStatus `json:"latestTransactionStatus,omitempty"`
	// TransactionStatusDesc describes the status.
	TransactionStatusDesc string `json:"transactionStatusDesc,omitempty"`
	// CreatedTime is when the payment was created.
	CreatedTime snap.Timestamp `json:"createdTime,omitzero"`
	// FinishedTime is when the payment finished.
	FinishedTime snap.Timestamp `json:"finishedTime,omitzero"`
	// ExternalStoreID is the store the payment belongs to (the table spells
	// it externalStoreID, the sample externalStoreId: both decode here).
	ExternalStoreID string `json:"externalStoreId,omitempty"`
	// AdditionalInfo keeps every key PayerMax adds.
	AdditionalInfo ResponseAdditionalInfo `json:"additionalInfo"`

	// ExternalID is the notice's X-EXTERNAL-ID header (unsigned: for logs,
	// never for deduplication).
	ExternalID string `json:"-"`
	// Raw is the verified body exactly as received.
	Raw json.RawMessage `json:"-"`
	// DecodeErrors lists the optional fields that were sent but could not
	// be decoded, each left at its zero value; the rest decoded. Returning
	// an error would only make PayerMax resend the same bytes: decide with
	// what parsed, or acknowledge and ask Status.
	DecodeErrors []*snap.FieldError `json:"-"`
}

// notifyMandatory are the fields the generic notify table marks M.
var notifyMandatory = []string{"originalReferenceNo", "latestTransactionStatus"}

// SignOnlyNotify makes NotifyHandler and ParseNotify accept the form
// of PayerMax's Debit-Notice page instead of the SNAP one: a sign header
// carrying base64(SHA256withRSA(raw body)), with no X-SIGNATURE and no
// X-TIMESTAMP. That form signs no time, so there is no tolerance window: a
// replayed notice is stopped by the dedupe window alone
// (snap.WithDedupeWindow, 7 days by default).
func SignOnlyNotify() snap.NotificationOption { return snap.WithBodySignature(SignHeader) }

// decodeNotify parses a verified notice body; the field names are read
// case-insensitively, as encoding/json does.
func decodeNotify(r *http.Request, body []byte) (*Notify, error) {
	var n Notify
	bad, err := notifydecode.Decode(body, &n, notifyMandatory...)
	if err != nil {
		return nil, fmt.Errorf("payermax: debit notice: %w", err)
	}
	n.DecodeErrors, n.ExternalID = bad, r.Header.Get("X-EXTERNAL-ID")
	n.Raw = append(json.RawMessage(nil), body...)
	return &n, nil
}

// ParseNotify verifies a notice with PayerMax's public key in the
// configured form (SNAP unless SignOnlyNotify is given) and parses the
// verified bytes. It does not deduplicate; NotifyHandler does. Errors wrap
// snap.ErrNotificationSignature and the core's other notification errors.
func ParseNotify(r *http.Request, pub *rsa.PublicKey, opts ...snap.NotificationOption) (*Notify, error) {
	return snap.ParseNotification(r, pub, decodeNotify, opts...)
}

// NotifyHandler returns the merchant's endpoint for PayerMax's debit
// notices: the core's notification pipeline (snap.NewNotificationHandler)
// for service 56. It accepts exactly one signature form, chosen by
// configuration and never by what a request carries: by default the SNAP
// form of PayerMax's SNAP guide (X-SIGNATURE over
// METHOD:path:bodyHash:X-TIMESTAMP, X-TIMESTAMP within the tolerance); with
// SignOnlyNotify, the sign-only form of the Debit-Notice page. A notice in
// the other form is refused 401 4015600. Both forms are deduplicated by
// their signature.
//
// handle gets each verified notice once; the answer is 2005600 when it
// returns nil (and to later copies), 5005601 when it fails or panics, or
// while a copy is being handled, so that PayerMax sends it again; 4005600
// for a body that is not a JSON object, 4005602 for a missing
// originalReferenceNo or latestTransactionStatus; 4015600 for a bad
// signature or timestamp; 4055600 for anything but POST. Another malformed
// field reaches handle in DecodeErrors. A nil pub or handle panics here.
func NotifyHandler(pub *rsa.PublicKey, handle func(ctx context.Context, n *Notify) error, opts ...snap.NotificationOption) http.Handler {
	if handle == nil {
		panic("payermax: NotifyHandler: nil handle func")
	}
	return snap.NewNotificationHandler(pub, responsecode.ServiceDebitNotify, decodeNotify, handle, opts...)
}
