package snaptest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/snapbi/snap/internal/jsonbytes"
	"github.com/snapbi/snap/money"
)

// Notify POSTs a notification to merchantURL as the provider would: body
// (a []byte or json.RawMessage is sent as it is; anything else is marshalled
// without HTML escaping) signed with ProviderKey, SHA256withRSA over
// POST:<merchantURL's path>:bodyHash:X-TIMESTAMP, with X-TIMESTAMP,
// X-SIGNATURE, X-PARTNER-ID, X-EXTERNAL-ID and CHANNEL-ID headers. It returns
// the merchant's answer; the caller closes its body.
func (s *Server) Notify(ctx context.Context, merchantURL string, body any) (*http.Response, error) {
	var raw []byte
	switch b := body.(type) {
	case []byte:
		raw = b
	case json.RawMessage:
		raw = b
	default:
		var err error
		if raw, err = jsonbytes.Marshal(body); err != nil {
			return nil, fmt.Errorf("snaptest: notification body: %w", err)
		}
	}
	u, err := url.Parse(merchantURL)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("snaptest: merchant URL %q is not absolute", merchantURL)
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	ts := formatTime(s.now(), s.spec.layout)
	sig, err := signSHA256withRSA(s.ProviderKey(), []byte(http.MethodPost+":"+path+":"+bodyHash(raw)+":"+ts))
	if err != nil {
		return nil, fmt.Errorf("snaptest: signing the notification: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, merchantURL, bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("snaptest: notification request: %w", err)
	}
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("X-TIMESTAMP", ts)
	h.Set("X-SIGNATURE", sig)
	h.Set("X-PARTNER-ID", s.partnerID)
	h.Set("X-EXTERNAL-ID", randomDigits(32))
	h.Set("CHANNEL-ID", s.channelID)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return client.Do(req)
}

// debitNotify is the direct-debit notify body (service 56).
type debitNotify struct {
	OriginalPartnerReferenceNo string         `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string         `json:"originalReferenceNo"`
	OriginalExternalID         string         `json:"originalExternalId,omitempty"`
	MerchantID                 string         `json:"merchantId,omitempty"`
	Amount                     money.Money    `json:"amount"`
	LatestTransactionStatus    string         `json:"latestTransactionStatus"`
	TransactionStatusDesc      string         `json:"transactionStatusDesc"`
	CreatedTime                string         `json:"createdTime,omitempty"`
	FinishedTime               string         `json:"finishedTime,omitempty"`
	AdditionalInfo             map[string]any `json:"additionalInfo"`
}

// ErrUnknownTransaction is returned by NotifyTransaction for a reference the
// server does not know.
var ErrUnknownTransaction = errors.New("snaptest: unknown transaction")

// NotifyTransaction sends the direct-debit notify (service 56) of a known
// transaction to merchantURL, with its current status, signed as Notify
// signs.
func (s *Server) NotifyTransaction(ctx context.Context, merchantURL, partnerReferenceNo string) (*http.Response, error) {
	s.mu.Lock()
	tx, ok := s.txs[partnerReferenceNo]
	var n debitNotify
	if ok {
		finished := tx.PaidAt
		if !tx.CanceledAt.IsZero() {
			finished = tx.CanceledAt
		}
		n = debitNotify{
			OriginalPartnerReferenceNo: tx.PartnerReferenceNo,
			OriginalReferenceNo:        tx.ReferenceNo,
			OriginalExternalID:         tx.ExternalID,
			MerchantID:                 tx.MerchantID,
			Amount:                     tx.Amount,
			LatestTransactionStatus:    tx.Status,
			TransactionStatusDesc:      statusDesc(tx.Status),
			CreatedTime:                s.stamp(tx.CreatedAt),
			FinishedTime:               s.stamp(finished),
			AdditionalInfo:             map[string]any{},
		}
	}
	s.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("%w: partnerReferenceNo %q", ErrUnknownTransaction, partnerReferenceNo)
	}
	return s.Notify(ctx, merchantURL, n)
}

// randomDigits returns n random decimal digits, the first not 0.
func randomDigits(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = '0' + b[i]%10
	}
	if b[0] == '0' {
		b[0] = '1'
	}
	return string(b)
}
