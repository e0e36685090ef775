package debit

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/snapbi/snap"
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
	Amount *money.Money `json:"amount,omitempty"`
	// LatestTransactionStatus is where the payment stands (mandatory).
	LatestTransactionStatus TransactionStatus `json:"latestTransactionStatus"`
	// TransactionStatusDesc describes it.
	TransactionStatusDesc string `json:"transactionStatusDesc,omitempty"`
	// CreatedTime of the payment, ISO 8601 (see ParseTime).
	CreatedTime string `json:"createdTime,omitempty"`
	// FinishedTime of the payment, ISO 8601.
	FinishedTime string `json:"finishedTime,omitempty"`
	// ExternalStoreID (the table's externalStoreID; either spelling is read).
	ExternalStoreID string `json:"externalStoreId,omitempty"`
	// AdditionalInfo as received.
	AdditionalInfo json.RawMessage `json:"additionalInfo,omitempty"`

	// ExternalID is the notification's X-EXTERNAL-ID header.
	ExternalID string `json:"-"`
	// Raw is the verified body as received.
	Raw []byte `json:"-"`
}

// Validate checks a notification against the page's table: the mandatory
// originalReferenceNo and a known latestTransactionStatus, and the lengths.
// NotifyHandler does not call it (a provider's notification is read
// leniently); simulators and strict handlers may.
func (n *Notify) Validate() error {
	if n == nil {
		return &snap.ValidationError{Field: "notify", Reason: "is nil"}
	}
	var v validate.Checker
	v.MaxLen("originalPartnerReferenceNo", n.OriginalPartnerReferenceNo, 64)
	v.RequiredMaxLen("originalReferenceNo", n.OriginalReferenceNo, 64)
	v.MaxLen("originalExternalId", n.OriginalExternalID, 32)
	v.MaxLen("merchantId", n.MerchantID, 64)
	v.MaxLen("subMerchantId", n.SubMerchantID, 32)
	v.OptionalMoney("amount", n.Amount)
	v.Required("latestTransactionStatus", string(n.LatestTransactionStatus))
	if s := n.LatestTransactionStatus; s != "" && !s.Known() {
		v.Fail("latestTransactionStatus", "must be one of 00..09 (got %d characters)", len(s))
	}
	v.MaxLen("transactionStatusDesc", n.TransactionStatusDesc, 50)
	checkTime(&v, "createdTime", n.CreatedTime)
	checkTime(&v, "finishedTime", n.FinishedTime)
	v.MaxLen("externalStoreId", n.ExternalStoreID, 64)
	checkObject(&v, "additionalInfo", n.AdditionalInfo)
	return v.Err()
}

// DefaultReplayWindow is how long NotifyHandler's default store remembers
// a handled X-EXTERNAL-ID (the id is unique per day).
const DefaultReplayWindow = 24 * time.Hour

// NotifyHandler serves the direct-debit notify endpoint. It verifies the
// notification with the provider's public key over the raw bytes received
// (snap.VerifyNotification: signature, timestamp tolerance), decodes it
// and calls handle, then answers the SNAP ack: 200 2005600 when handle
// returns nil, 500 5005601 when it fails or the body is not a JSON object
// (so the provider sends it again), 401 4015600 for a bad signature or a
// stale timestamp.
//
// A notification whose X-EXTERNAL-ID was handled before is acknowledged
// without calling handle again. The default store is in memory, per handler
// (snap.NewMemoryReplayStore, DefaultReplayWindow); pass snap.WithReplayStore
// to share one between instances. An id is recorded only once handle
// succeeded, so a notification whose handling failed is handled when it comes
// again. Deliveries are at least once either way: handle must be idempotent
// (key it on OriginalPartnerReferenceNo).
func NotifyHandler(pub *rsa.PublicKey, handle func(ctx context.Context, n *Notify) error, opts ...snap.NotificationOption) http.Handler {
	all := append([]snap.NotificationOption{snap.WithReplayStore(snap.NewMemoryReplayStore(DefaultReplayWindow))}, opts...)
	return snap.NotificationHandler(pub, responsecode.ServiceDebitNotify, func(ctx context.Context, r *http.Request, body []byte) error {
		if handle == nil {
			return errors.New("debit: NotifyHandler: nil handle")
		}
		n := new(Notify)
		if err := decodeLenient(body, n); err != nil {
			return err
		}
		n.ExternalID, n.Raw = r.Header.Get("X-EXTERNAL-ID"), body
		return handle(ctx, n)
	}, all...)
}
