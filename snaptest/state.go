package snaptest

import (
	"fmt"
	"slices"
	"time"

	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/money"
)

// VoidSuccess is the latestVoidStatus of a completed void, as Paydia sends it.
const VoidSuccess = "SUCCESS"

// Transaction is a payment the server knows: made through the payment
// endpoint, or seeded with AddTransaction.
type Transaction struct {
	// PartnerReferenceNo is the merchant's id (partnerReferenceNo); it is
	// the key of the server's state. On NICEPAY it is the order's referenceNo.
	PartnerReferenceNo string
	// ReferenceNo is the provider's id (originalReferenceNo in later calls);
	// on NICEPAY it is the tXid. Generated when empty.
	ReferenceNo string
	// Amount is what was paid.
	Amount money.Money
	// Status is latestTransactionStatus, debit.StatusSuccess ("00") ..
	// debit.StatusNotFound ("07"); "" means debit.StatusSuccess.
	Status debit.TransactionStatus
	// CustomerNumber is the customer's account (DANA OTC cancel checks it
	// when set).
	CustomerNumber string
	// MerchantID is the merchantId the payment was made with.
	MerchantID string
	// ExternalID is the X-EXTERNAL-ID of the payment request
	// (originalExternalId in later answers).
	ExternalID string
	// CreatedAt, PaidAt and CanceledAt are when it was made, paid and
	// canceled (zero when not); CreatedAt defaults to the server's clock.
	CreatedAt, PaidAt, CanceledAt time.Time
	// Refunds are the refunds made, in order.
	Refunds []Refund
	// Voids are the voids made, in order.
	Voids []Void
}

// Refund is a refund of a transaction.
type Refund struct {
	// RefundNo is the provider's id; PartnerRefundNo the merchant's.
	RefundNo, PartnerRefundNo string
	// Amount is the refunded amount.
	Amount money.Money
	// Status is refundStatus: debit.RefundSuccess, RefundPending or
	// RefundFailed.
	Status debit.RefundStatus
	// Reason is the merchant's reason.
	Reason string
	// Time is when it was made.
	Time time.Time
}

// Void is a void of an auth payment (Paydia).
type Void struct {
	// VoidNo is the provider's id; PartnerVoidNo the merchant's.
	VoidNo, PartnerVoidNo string
	// Amount is the voided amount.
	Amount money.Money
	// Status is latestVoidStatus: "SUCCESS" (VoidSuccess) when empty,
	// "INIT", "FAILED", or the two-digit form.
	Status string
	// Reason is the merchant's reason.
	Reason string
	// Time is when it was made.
	Time time.Time
}

// txState is a transaction and where it stands in the payment flow.
type txState struct {
	Transaction
	step int // index in Server.flow while the flow drives the status
}

func (t Transaction) clone() Transaction {
	t.Refunds = slices.Clone(t.Refunds)
	t.Voids = slices.Clone(t.Voids)
	return t
}

// remaining is the amount not yet refunded or voided.
func (t *Transaction) remaining() money.Money {
	left := t.Amount
	for _, r := range t.Refunds {
		if r.Status == "" || r.Status == debit.RefundSuccess {
			if l, err := left.Sub(r.Amount); err == nil {
				left = l
			}
		}
	}
	for _, v := range t.Voids {
		if l, err := left.Sub(v.Amount); err == nil {
			left = l
		}
	}
	return left
}

// AddTransaction seeds the server's state with t (replacing any transaction
// with the same PartnerReferenceNo) and returns it as stored, with the
// defaults filled in: a generated ReferenceNo, Status "00", CreatedAt now.
func (s *Server) AddTransaction(t Transaction) Transaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if t.ReferenceNo == "" {
		t.ReferenceNo = s.newReferenceNo(now)
	}
	if t.Status == "" {
		t.Status = debit.StatusSuccess
	}
	if t.CreatedAt.IsZero() {
		t.CreatedAt = now
	}
	if t.PaidAt.IsZero() && t.Status == debit.StatusSuccess {
		t.PaidAt = t.CreatedAt
	}
	for i := range t.Voids {
		if t.Voids[i].VoidNo == "" {
			t.Voids[i].VoidNo = randomHex(32)
		}
		if t.Voids[i].Status == "" {
			t.Voids[i].Status = VoidSuccess
		}
	}
	for i := range t.Refunds {
		if t.Refunds[i].RefundNo == "" {
			t.Refunds[i].RefundNo = s.newReferenceNo(now)
		}
		if t.Refunds[i].Status == "" {
			t.Refunds[i].Status = debit.RefundSuccess
		}
	}
	t = t.clone()
	s.txs[t.PartnerReferenceNo] = &txState{Transaction: t, step: -1}
	return t.clone()
}

// Transaction returns the state of the transaction with the given
// partnerReferenceNo.
func (s *Server) Transaction(partnerReferenceNo string) (Transaction, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	tx, ok := s.txs[partnerReferenceNo]
	if !ok {
		return Transaction{}, false
	}
	return tx.clone(), true
}

// SetStatus changes a transaction's latestTransactionStatus, as the
// provider's back office would (a payment finishing, failing or expiring).
// It reports whether the transaction exists.
func (s *Server) SetStatus(partnerReferenceNo string, status debit.TransactionStatus) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	tx, ok := s.txs[partnerReferenceNo]
	if !ok {
		return false
	}
	s.setStatus(tx, status, s.now())
	tx.step = -1
	return true
}

// setStatus moves tx to status. The caller holds s.mu.
func (s *Server) setStatus(tx *txState, status debit.TransactionStatus, now time.Time) {
	tx.Status = status
	switch status {
	case debit.StatusSuccess:
		if tx.PaidAt.IsZero() {
			tx.PaidAt = now
		}
	case debit.StatusCanceled:
		tx.CanceledAt = now
	}
}

// advance moves a transaction one step along the payment flow (a status
// query). The caller holds s.mu.
func (s *Server) advance(tx *txState, now time.Time) {
	if tx.step < 0 || tx.step >= len(s.flow)-1 || tx.Status != s.flow[tx.step] {
		return
	}
	tx.step++
	s.setStatus(tx, s.flow[tx.step], now)
}

// newReferenceNo makes a provider id like the seed's "2020102977770000000009"
// (a 30-character tXid on NICEPAY).
// The caller holds s.mu.
func (s *Server) newReferenceNo(now time.Time) string {
	s.refCounter++
	if s.profile == NICEPAY { // tXid: iMid, payMethod, channel, yyMMddHHmmss, sequence
		return s.imid + "0505" + now.In(jakarta).Format("060102150405") + fmt.Sprintf("%04d", s.refCounter%10000)
	}
	return now.In(jakarta).Format("20060102") + fmt.Sprintf("%014d", s.refCounter)
}

// findTx looks a transaction up by partnerReferenceNo, or by referenceNo
// when that is all there is. The caller holds s.mu.
func (s *Server) findTx(partnerRef, ref string, externalID ...string) *txState {
	if partnerRef != "" {
		return s.txs[partnerRef]
	}
	ext := ""
	if len(externalID) > 0 {
		ext = externalID[0]
	}
	if ref == "" && ext == "" {
		return nil
	}
	for _, tx := range s.txs {
		if (ref != "" && tx.ReferenceNo == ref) || (ref == "" && tx.ExternalID == ext) {
			return tx
		}
	}
	return nil
}
