package dana

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
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
	// MerchantID is DANA's merchant id.
	MerchantID string `json:"merchantId"`
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

// ParseFinishNotify decodes a verified finish-notification body. Only call
// it on bytes that passed snap.VerifyNotification.
func ParseFinishNotify(body []byte) (*FinishNotify, error) {
	var n FinishNotify
	if err := json.Unmarshal(body, &n); err != nil {
		return nil, fmt.Errorf("dana: finish notify: %w", err)
	}
	n.Raw = body
	return &n, nil
}

// NotifyHandler returns the http.Handler for DANA's finish notification.
// It verifies X-SIGNATURE with pub — DANA's public key, which the merchant
// must always pass: the SDK holds none and never picks one by itself —
// over the raw body and the path DANA posted to, checks X-TIMESTAMP within
// the tolerance (snap.WithTolerance), decodes the body and calls handle.
//
// It answers as DANA expects: 200 {"responseCode":"2005600",
// "responseMessage":"Successful"} when handle returns nil; 500 5005601 when
// handle fails or the verified body cannot be decoded, so that DANA sends
// it again; 401 4015600 when the signature or timestamp is refused (handle
// is not called). A nil pub or handle refuses every notification with 500.
func NotifyHandler(pub *rsa.PublicKey, handle func(ctx context.Context, n *FinishNotify) error, opts ...snap.NotificationOption) http.Handler {
	return snap.NotificationHandler(pub, responsecode.ServiceDebitNotify, func(ctx context.Context, r *http.Request, body []byte) error {
		if handle == nil {
			return errors.New("dana: NotifyHandler: nil handle func")
		}
		n, err := ParseFinishNotify(body)
		if err != nil {
			return err
		}
		n.ExternalID = r.Header.Get("X-EXTERNAL-ID")
		return handle(ctx, n)
	}, opts...)
}
