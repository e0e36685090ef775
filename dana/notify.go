package dana

import (
	"context"
	"crypto/rsa"
	"fmt"
	"net/http"
	"strconv"
	"time"

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
	// timestamps in others. Parse it with ParseTime.
	CreatedTime string `json:"createdTime"`
	// FinishedTime is when the transaction finished, in the same forms.
	FinishedTime string `json:"finishedTime"`
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

// ParseTime parses a time as DANA sends it: epoch milliseconds as a string
// of digits ("1757998647000", used by finish notifications), or a SNAP
// timestamp ("2025-10-10T16:15:37+07:00"). Fourteen digits are read as
// yyyyMMddHHmmss in Jakarta time, never as milliseconds of the year 2500.
// Times are returned in Jakarta time.
func ParseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("dana: time is empty")
	}
	if allDigits(s) && len(s) != len(snap.CompactTimestampLayout) {
		if len(s) > 15 { // 15 digits of milliseconds already reach the year 33658
			return time.Time{}, fmt.Errorf("dana: time %q is out of range", s)
		}
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("dana: time %q: %w", s, err)
		}
		return time.UnixMilli(ms).In(snap.Jakarta()), nil
	}
	t, err := snap.ParseTimestamp(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("dana: %w", err)
	}
	return t.In(snap.Jakarta()), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ParsedCreatedTime parses CreatedTime with ParseTime.
func (n *FinishNotify) ParsedCreatedTime() (time.Time, error) { return ParseTime(n.CreatedTime) }

// ParsedFinishedTime parses FinishedTime with ParseTime.
func (n *FinishNotify) ParsedFinishedTime() (time.Time, error) { return ParseTime(n.FinishedTime) }

// finishMandatory are the fields a finish notification cannot do without.
var finishMandatory = []string{"originalReferenceNo", "latestTransactionStatus"}

// ParseFinishNotify decodes a verified finish-notification body. Only call
// it on bytes that passed snap.VerifyNotification. It fails when the body is
// not a JSON object (the error wraps snap.ErrNotificationParse) or when
// originalReferenceNo or latestTransactionStatus is missing or malformed (a
// *snap.FieldError); any other malformed field is left zero and listed in
// DecodeErrors.
func ParseFinishNotify(body []byte) (*FinishNotify, error) {
	var n FinishNotify
	bad, err := notifydecode.Decode(body, &n, finishMandatory...)
	if err != nil {
		return nil, fmt.Errorf("dana: finish notify: %w", err)
	}
	n.DecodeErrors, n.Raw = bad, body
	return &n, nil
}

// NotifyHandler returns the http.Handler for DANA's finish notification:
// the core's notification pipeline (snap.NewNotificationHandler) for service
// 56. It verifies X-SIGNATURE with pub — DANA's public key, which the
// merchant must always pass: the SDK holds none and never picks one by
// itself — over the raw body and the path DANA posted to (snap.WithSignedPath
// behind a proxy), checks X-TIMESTAMP within the tolerance
// (snap.WithTolerance), decodes the body (ParseFinishNotify), claims it and
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
	return snap.NewNotificationHandler(pub, responsecode.ServiceDebitNotify, func(r *http.Request, body []byte) (*FinishNotify, error) {
		n, err := ParseFinishNotify(body)
		if err != nil {
			return nil, err
		}
		n.ExternalID = r.Header.Get("X-EXTERNAL-ID")
		return n, nil
	}, handle, opts...)
}
