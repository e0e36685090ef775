package payermax

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// DebitNotice is a direct-debit payment notice (service 56) that PayerMax
// posts to the merchant: every field of the generic notify table.
type DebitNotice struct {
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
	Amount *money.Money `json:"amount,omitempty"`
	// LatestTransactionStatus is the payment's status. It may be empty or
	// unknown in a malformed notice: act only on a final status (IsFinal).
	LatestTransactionStatus debit.TransactionStatus `json:"latestTransactionStatus,omitempty"`
	// TransactionStatusDesc describes the status.
	TransactionStatusDesc string `json:"transactionStatusDesc,omitempty"`
	// CreatedTime is when the payment was created.
	CreatedTime Timestamp `json:"createdTime,omitempty"`
	// FinishedTime is when the payment finished.
	FinishedTime Timestamp `json:"finishedTime,omitempty"`
	// ExternalStoreID is the store the payment belongs to (the table spells
	// it externalStoreID, the sample externalStoreId: both decode here).
	ExternalStoreID string `json:"externalStoreId,omitempty"`
	// AdditionalInfo keeps every key PayerMax adds.
	AdditionalInfo ResponseAdditionalInfo `json:"additionalInfo"`

	// ExternalID is the notice's X-EXTERNAL-ID header, for deduplication.
	ExternalID string `json:"-"`
	// Raw is the verified body exactly as received.
	Raw json.RawMessage `json:"-"`
}

// errNoticeBody is wrapped by decode failures of a verified notice.
var errNoticeBody = errors.New("payermax: debit notice body is not a notice object")

// decodeNotice parses a verified notice body; the field names are read
// case-insensitively, as encoding/json does.
func decodeNotice(body []byte) (*DebitNotice, error) {
	if !bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
		return nil, fmt.Errorf("%w (%d bytes)", errNoticeBody, len(body))
	}
	var n DebitNotice
	if err := json.Unmarshal(body, &n); err != nil {
		return nil, fmt.Errorf("%w: %v", errNoticeBody, err)
	}
	n.Raw = append(json.RawMessage(nil), body...)
	return &n, nil
}

// verifyNotice checks a notice and returns its verified raw body. A notice
// carrying X-SIGNATURE is a SNAP notice: snap.VerifyNotification checks it
// (signature over METHOD:path:bodyHash:X-TIMESTAMP, tolerance, replay store).
// PayerMax's Debit-Notice page lists no SNAP header but only sign: a notice
// with sign and no X-SIGNATURE is checked as base64(SHA256withRSA(raw body))
// with PayerMax's key. It carries no timestamp, so only the SNAP form gets
// the tolerance and replay checks; handle duplicates either way.
func verifyNotice(r *http.Request, pub *rsa.PublicKey, opts []snap.NotificationOption) ([]byte, error) {
	sign := r.Header.Get(SignHeader)
	if r.Header.Get("X-SIGNATURE") != "" || sign == "" {
		return snap.VerifyNotification(r, pub, opts...)
	}
	if pub == nil {
		return nil, errors.New("payermax: no PayerMax public key to verify the notice with")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, snap.MaxNotificationBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", snap.ErrNotificationBody, err)
	}
	if len(body) > snap.MaxNotificationBytes {
		return nil, fmt.Errorf("%w: larger than %d bytes", snap.ErrNotificationBody, snap.MaxNotificationBytes)
	}
	if err := snap.VerifyRSA(pub, body, sign); err != nil {
		return nil, fmt.Errorf("%w: sign header: %v", snap.ErrNotificationSignature, err)
	}
	return body, nil
}

// ParseDebitNotice verifies a notice with PayerMax's public key (see
// NoticeHandler for the two signature forms accepted) and parses the
// verified bytes. Errors wrap snap.ErrNotificationSignature and the core's
// other notification errors.
func ParseDebitNotice(r *http.Request, pub *rsa.PublicKey, opts ...snap.NotificationOption) (*DebitNotice, error) {
	body, err := verifyNotice(r, pub, opts)
	if err != nil {
		return nil, err
	}
	n, err := decodeNotice(body)
	if err != nil {
		return nil, err
	}
	n.ExternalID = r.Header.Get("X-EXTERNAL-ID")
	return n, nil
}

// NoticeHandler returns the merchant's endpoint for PayerMax's debit
// notices. A SNAP notice (X-SIGNATURE, X-TIMESTAMP) goes through
// snap.NotificationHandler for service 56; a notice signed only with the
// sign header, as PayerMax's Debit-Notice page shows it, is verified over
// its raw body. handle gets each verified notice; the answer is 2005600
// when it returns nil, 5005601 when it fails or a verified body cannot be
// parsed (so that PayerMax sends it again), 4015600 for a bad signature or
// timestamp, 4005600 for an unreadable body.
func NoticeHandler(pub *rsa.PublicKey, handle func(ctx context.Context, n *DebitNotice) error, opts ...snap.NotificationOption) http.Handler {
	deliver := func(ctx context.Context, r *http.Request, body []byte) error {
		n, err := decodeNotice(body)
		if err != nil {
			return err
		}
		n.ExternalID = r.Header.Get("X-EXTERNAL-ID")
		return handle(ctx, n)
	}
	snapForm := snap.NotificationHandler(pub, responsecode.ServiceDebitNotify, deliver, opts...)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-SIGNATURE") != "" || r.Header.Get(SignHeader) == "" {
			snapForm.ServeHTTP(w, r)
			return
		}
		body, err := verifyNotice(r, pub, opts)
		svc := responsecode.ServiceDebitNotify
		switch {
		case errors.Is(err, snap.ErrNotificationBody):
			snap.WriteAck(w, responsecode.New(400, svc, 0), "Bad Request")
		case errors.Is(err, snap.ErrNotificationSignature):
			snap.WriteAck(w, responsecode.New(401, svc, 0), "Unauthorized. Invalid Signature")
		case err != nil:
			snap.WriteAck(w, responsecode.New(500, svc, 1), "Internal Server Error")
		case deliver(r.Context(), r, body) != nil:
			snap.WriteAck(w, responsecode.New(500, svc, 1), "Internal Server Error")
		default:
			snap.WriteAck(w, responsecode.New(200, svc, 0), "Successful")
		}
	})
}
