package snaptest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/jsonbytes"
	"github.com/snapbi/snap/money"
)

// Notification is a signed notification as a provider sends it: the exact
// bytes and headers, so that it can be sent again unchanged — the resend
// of a provider whose ack was lost, or copies racing each other. Capture
// one with Server.NewNotification or Server.LastNotification, or build one
// from a notification recorded elsewhere.
type Notification struct {
	// URL is the merchant's endpoint it is posted to.
	URL string
	// Header holds X-TIMESTAMP, X-SIGNATURE, X-EXTERNAL-ID and the others.
	Header http.Header
	// Body is the signed body.
	Body []byte
}

// Send POSTs the notification: the same bytes and the same headers every
// time. The caller closes the answer's body. Redirects are not followed.
func (n *Notification) Send(ctx context.Context) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.URL, bytes.NewReader(n.Body))
	if err != nil {
		return nil, fmt.Errorf("snaptest: notification request: %w", err)
	}
	req.Header = n.Header.Clone()
	return noRedirects.Do(req)
}

// SendConcurrently sends copies of the notification at once, as a provider
// retrying in parallel (or a replay attack) would, and returns every
// answer in no particular order, its body read and closed (resp.Body
// still reads it). The error joins the copies that got no answer.
func (n *Notification) SendConcurrently(ctx context.Context, copies int) ([]*http.Response, error) {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		resps []*http.Response
		errs  []error
		start = make(chan struct{})
	)
	for range copies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start // release them together
			resp, err := n.Send(ctx)
			if err == nil {
				var b []byte
				b, err = io.ReadAll(resp.Body)
				resp.Body.Close()
				resp.Body = io.NopCloser(bytes.NewReader(b))
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			resps = append(resps, resp)
		}()
	}
	close(start)
	wg.Wait()
	return resps, errors.Join(errs...)
}

var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// NewNotification signs a notification for merchantURL as the provider
// would, without sending it: body (a []byte or json.RawMessage is sent as it
// is; anything else is marshalled without HTML escaping) signed with
// ProviderKey, SHA256withRSA over POST:<merchantURL's path>:bodyHash:
// X-TIMESTAMP, with X-TIMESTAMP (the profile's layout, the server's clock),
// X-SIGNATURE, X-PARTNER-ID, X-EXTERNAL-ID and CHANNEL-ID headers.
func (s *Server) NewNotification(merchantURL string, body any) (*Notification, error) {
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
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-TIMESTAMP", ts)
	h.Set("X-SIGNATURE", sig)
	h.Set("X-PARTNER-ID", s.partnerID)
	h.Set("X-EXTERNAL-ID", randomDigits(32))
	h.Set("CHANNEL-ID", s.channelID)
	return &Notification{URL: merchantURL, Header: h, Body: raw}, nil
}

// Notify signs a notification (NewNotification) and POSTs it to
// merchantURL. It returns the merchant's answer; the caller closes its
// body. LastNotification returns what was sent, to send it again.
func (s *Server) Notify(ctx context.Context, merchantURL string, body any) (*http.Response, error) {
	n, err := s.NewNotification(merchantURL, body)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.lastNotification = n
	s.mu.Unlock()
	return n.Send(ctx)
}

// LastNotification returns the last notification Notify or
// NotifyTransaction sent (a copy), or nil.
func (s *Server) LastNotification() *Notification {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastNotification == nil {
		return nil
	}
	n := *s.lastNotification
	n.Header = n.Header.Clone()
	n.Body = append([]byte(nil), n.Body...)
	return &n
}

// debitNotify is the direct-debit notify body (service 56).
type debitNotify struct {
	OriginalPartnerReferenceNo string                  `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string                  `json:"originalReferenceNo"`
	OriginalExternalID         string                  `json:"originalExternalId,omitempty"`
	MerchantID                 string                  `json:"merchantId,omitempty"`
	Amount                     money.Money             `json:"amount"`
	LatestTransactionStatus    debit.TransactionStatus `json:"latestTransactionStatus"`
	TransactionStatusDesc      string                  `json:"transactionStatusDesc"`
	CreatedTime                string                  `json:"createdTime,omitempty"`
	FinishedTime               string                  `json:"finishedTime,omitempty"`
	AdditionalInfo             map[string]any          `json:"additionalInfo"`
}

// danaAmount is a money object in the key order DANA's notifications use
// ({"currency":"IDR","value":"100000.00"}).
type danaAmount struct {
	Currency string `json:"currency"`
	Value    string `json:"value"`
}

func danaAmountOf(m money.Money) danaAmount {
	return danaAmount{Currency: m.Currency, Value: m.Value.StringFixed(2)}
}

// danaFinishNotify is DANA's finish notification in the field forms of
// DANA's own notifications (testvectors/dana-finish-notify.json): DANA's key
// order, amount as {"currency","value"}, times as epoch milliseconds in a
// string, transactionStatusDesc in capitals, and additionalInfo carrying
// paidTime and paymentInfo.payOptionInfos with an extendInfo that is a JSON
// document in a string.
type danaFinishNotify struct {
	Amount                     danaAmount              `json:"amount"`
	OriginalReferenceNo        string                  `json:"originalReferenceNo"`
	MerchantID                 string                  `json:"merchantId,omitempty"`
	LatestTransactionStatus    debit.TransactionStatus `json:"latestTransactionStatus"`
	AdditionalInfo             map[string]any          `json:"additionalInfo"`
	OriginalPartnerReferenceNo string                  `json:"originalPartnerReferenceNo"`
	CreatedTime                string                  `json:"createdTime"`
	FinishedTime               string                  `json:"finishedTime,omitempty"`
	TransactionStatusDesc      string                  `json:"transactionStatusDesc"`
}

// danaNotifyOf builds the DANA notification of tx. The caller holds s.mu.
func (s *Server) danaNotifyOf(tx *txState, finished time.Time) danaFinishNotify {
	ms := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return strconv.FormatInt(t.UnixMilli(), 10)
	}
	info := map[string]any{
		"paymentInfo": map[string]any{
			"payOptionInfos": []any{map[string]any{
				"transAmount": danaAmountOf(tx.Amount), "payAmount": danaAmountOf(tx.Amount),
				"payMethod": "BALANCE",
			}},
			"extendInfo": `{"externalPromoInfos":[]}`,
		},
	}
	if !tx.PaidAt.IsZero() {
		info["paidTime"] = ms(tx.PaidAt)
	}
	return danaFinishNotify{
		Amount:                     danaAmountOf(tx.Amount),
		OriginalReferenceNo:        tx.ReferenceNo,
		MerchantID:                 tx.MerchantID,
		LatestTransactionStatus:    tx.Status,
		AdditionalInfo:             info,
		OriginalPartnerReferenceNo: tx.PartnerReferenceNo,
		CreatedTime:                ms(tx.CreatedAt),
		FinishedTime:               ms(finished),
		TransactionStatusDesc:      strings.ToUpper(tx.Status.String()),
	}
}

// ErrUnknownTransaction is returned by NotifyTransaction for a reference the
// server does not know.
var ErrUnknownTransaction = errors.New("snaptest: unknown transaction")

// NotifyTransaction sends the direct-debit notify (service 56) of a known
// transaction to merchantURL, with its current status, signed as Notify
// signs. The DANA profile sends it in the forms of DANA's real finish
// notifications (DANA's key order, epoch-millisecond times, paymentInfo in
// additionalInfo); the others the direct-debit page's.
func (s *Server) NotifyTransaction(ctx context.Context, merchantURL, partnerReferenceNo string) (*http.Response, error) {
	s.mu.Lock()
	tx, ok := s.txs[partnerReferenceNo]
	var n any
	if ok {
		finished := tx.PaidAt
		if !tx.CanceledAt.IsZero() {
			finished = tx.CanceledAt
		}
		if s.profile == DANA {
			n = s.danaNotifyOf(tx, finished)
		} else {
			n = debitNotify{
				OriginalPartnerReferenceNo: tx.PartnerReferenceNo,
				OriginalReferenceNo:        tx.ReferenceNo,
				OriginalExternalID:         tx.ExternalID,
				MerchantID:                 tx.MerchantID,
				Amount:                     tx.Amount,
				LatestTransactionStatus:    tx.Status,
				TransactionStatusDesc:      tx.Status.String(),
				CreatedTime:                s.stamp(tx.CreatedAt),
				FinishedTime:               s.stamp(finished),
				AdditionalInfo:             map[string]any{},
			}
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
