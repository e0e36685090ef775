package dana

import (
	"context"
	"crypto/rsa"
	"fmt"
	"net/http"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/notifydecode"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// FinishNotify is DANA's finish notification: the final state of a payment,
// posted to the merchant's URL.
type FinishNotify struct {
	// Amount is the transaction amount.
	Amount money.Money `json:"amount"`
	// OriginalReferenceNo is DANA's id of the transaction.
	OriginalReferenceNo string `json:"originalReferenceNo"`
	// OriginalPartnerReferenceNo is the merchant's id of the transaction.
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	// OriginalExternalID is the X-EXTERNAL-ID of the merchant's original
	// request (optional in DANA's FinishNotifyRequest; max 36).
	OriginalExternalID string `json:"originalExternalId,omitempty"`
	// MerchantID is DANA's merchant id.
	MerchantID string `json:"merchantId"`
	// SubMerchantID is the sub-merchant's id, for merchants with
	// sub-merchants (optional in DANA's FinishNotifyRequest).
	SubMerchantID string `json:"subMerchantId,omitempty"`
	// LatestTransactionStatus is "00" Success, "05" Canceled, "06" Failed…
	LatestTransactionStatus debit.TransactionStatus `json:"latestTransactionStatus"`
	// TransactionStatusDesc describes the status, e.g. "SUCCESS".
	TransactionStatusDesc string `json:"transactionStatusDesc"`
	// CreatedTime is when the transaction was created, as DANA sent it:
	// epoch milliseconds ("1757998647000") in some notifications, SNAP
	// timestamps in others; its Time method reads both.
	CreatedTime snap.Timestamp `json:"createdTime,omitzero"`
	// FinishedTime is when the transaction finished, in the same forms.
	FinishedTime snap.Timestamp `json:"finishedTime,omitzero"`
	// ExternalStoreID is the merchant's store id, sent with QRIS payments.
	ExternalStoreID string `json:"externalStoreID,omitempty"`
	// AdditionalInfo is kept as DANA sent it (payment, shop and promo data).
	AdditionalInfo map[string]any `json:"additionalInfo,omitempty"`
	// ExternalID is the notification's X-EXTERNAL-ID header, when DANA sent one.
	ExternalID string `json:"-"`
	// Raw is the verified body exactly as received, with every field DANA
	// sent, named or not.
	Raw []byte `json:"-"`
	// DecodeErrors lists the fields that were sent but could not be decoded
	// (amount "10000.001", currency "idr"), each left at its zero value; the
	// rest decoded. The notification is authentic: returning an error would
	// only make DANA resend the same bytes, so decide with what parsed, or
	// acknowledge and ask the payment's status.
	DecodeErrors []*snap.FieldError `json:"-"`
}

// finishMandatory are the fields a finish notification cannot do without.
var finishMandatory = []string{"originalReferenceNo", "latestTransactionStatus"}

// ParseFinishNotify verifies a finish notification with pub, DANA's public
// key, and decodes it the way NotifyHandler does (the same decode), for a
// merchant whose framework is not net/http's handler. It does not
// deduplicate; NotifyHandler does. Errors wrap snap.ErrNotificationSignature
// and the core's other notification errors; a body that is not a JSON
// object wraps snap.ErrNotificationParse; a missing or malformed
// originalReferenceNo or latestTransactionStatus is a *snap.FieldError. Any
// other malformed field is left zero and listed in DecodeErrors.
func ParseFinishNotify(r *http.Request, pub *rsa.PublicKey, opts ...snap.NotificationOption) (*FinishNotify, error) {
	return snap.ParseNotification(r, pub, decodeFinishNotify, opts...)
}

// decodeFinishNotify decodes a verified finish-notification body: the one
// decode of NotifyHandler and ParseFinishNotify.
func decodeFinishNotify(r *http.Request, body []byte) (*FinishNotify, error) {
	n := new(FinishNotify)
	bad, err := notifydecode.Decode(body, n, finishMandatory...)
	if err != nil {
		return nil, fmt.Errorf("dana: finish notify: %w", err)
	}
	n.DecodeErrors, n.ExternalID, n.Raw = bad, r.Header.Get("X-EXTERNAL-ID"), body
	return n, nil
}

// NotifyHandler returns the http.Handler for DANA's finish notification:
// the core's notification pipeline (snap.NewNotificationHandler) for service
// 56. It verifies X-SIGNATURE with pub — DANA's public key, which the
// merchant must always pass: the SDK holds none and never picks one by
// itself — over the raw body and the path DANA posted to (snap.WithSignedPath
// behind a proxy), checks X-TIMESTAMP within the tolerance
// (snap.WithTolerance), decodes the body as ParseFinishNotify does, claims it and
// calls handle once per notification.
//
// It answers as DANA expects: 200 {"responseCode":"2005600",
// "responseMessage":"Successful"} when handle returns nil and to any later
// copy of a handled notification; 500 5005601 when handle fails or panics
// (the claim is released and DANA's resend, for up to 7 days, is handled)
// or while a copy is still being handled; 400 4005600 for an authentic body
// that is not a JSON object and 400 4005602 for a missing mandatory field,
// which DANA would resend unchanged forever; 401 4015600 when the signature
// or timestamp is refused; 405 4055600 for anything but POST. A malformed
// optional field (amount, a time) reaches handle in DecodeErrors. A nil pub
// or handle panics here.
func NotifyHandler(pub *rsa.PublicKey, handle func(ctx context.Context, n *FinishNotify) error, opts ...snap.NotificationOption) http.Handler {
	if handle == nil {
		panic("dana: NotifyHandler: nil handle func")
	}
	return snap.NewNotificationHandler(pub, responsecode.ServiceDebitNotify, decodeFinishNotify, handle, opts...)
}
