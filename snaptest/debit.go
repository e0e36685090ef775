package snaptest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/money"
)

// Request and answer shapes of SNAP direct debit (seed snap-direct-debit),
// DANA OTC cancel and PayerMax debit cancel, kept private: snaptest reads
// what a client sends rather than sharing the provider packages' structs.

type paymentRequest struct {
	PartnerReferenceNo string          `json:"partnerReferenceNo"`
	BankCardToken      string          `json:"bankCardToken"`
	ChargeToken        string          `json:"chargeToken"`
	OTP                string          `json:"otp"`
	OTPTrxCode         string          `json:"otpTrxCode"`
	MerchantID         string          `json:"merchantId"`
	TerminalID         string          `json:"terminalId"`
	JourneyID          string          `json:"journeyId"`
	SubMerchantID      string          `json:"subMerchantId"`
	Amount             *wireAmount     `json:"amount"`
	URLParam           json.RawMessage `json:"urlParam"`
	ExternalStoreID    string          `json:"externalStoreId"`
	ValidUpTo          string          `json:"validUpTo"`
	PointOfInitiation  string          `json:"pointOfInitiation"`
	FeeType            string          `json:"feeType"`
	DisabledPayMethods string          `json:"disabledPayMethods"`
	PayOptionDetails   json.RawMessage `json:"payOptionDetails"`
	AdditionalInfo     json.RawMessage `json:"additionalInfo"`
}

type paymentAnswer struct {
	snapResult
	ReferenceNo        string         `json:"referenceNo"`
	PartnerReferenceNo string         `json:"partnerReferenceNo"`
	ApprovalCode       string         `json:"approvalCode,omitempty"`
	AdditionalInfo     map[string]any `json:"additionalInfo"`
}

type statusRequest struct {
	OriginalPartnerReferenceNo string          `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string          `json:"originalReferenceNo"`
	OriginalExternalID         string          `json:"originalExternalId"`
	ServiceCode                string          `json:"serviceCode"`
	TransactionDate            string          `json:"transactionDate"`
	Amount                     *wireAmount     `json:"amount"`
	MerchantID                 string          `json:"merchantId"`
	SubMerchantID              string          `json:"subMerchantId"`
	ExternalStoreID            string          `json:"externalStoreId"`
	AdditionalInfo             json.RawMessage `json:"additionalInfo"`
}

type refundEntry struct {
	RefundNo        string             `json:"refundNo"`
	PartnerRefundNo string             `json:"partnerRefundNo"`
	RefundAmount    money.Money        `json:"refundAmount"`
	RefundStatus    debit.RefundStatus `json:"refundStatus"`
	RefundDate      string             `json:"refundDate"`
	Reason          string             `json:"reason,omitempty"`
}

type statusAnswer struct {
	snapResult
	OriginalPartnerReferenceNo string                  `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string                  `json:"originalReferenceNo"`
	OriginalExternalID         string                  `json:"originalExternalId,omitempty"`
	ServiceCode                string                  `json:"serviceCode"`
	LatestTransactionStatus    debit.TransactionStatus `json:"latestTransactionStatus"`
	TransactionStatusDesc      string                  `json:"transactionStatusDesc"`
	RefundHistory              []refundEntry           `json:"refundHistory,omitempty"`
	TransAmount                *money.Money            `json:"transAmount,omitempty"`
	Amount                     *money.Money            `json:"amount,omitempty"` // DANA's
	PaidTime                   string                  `json:"paidTime,omitempty"`
	AdditionalInfo             map[string]any          `json:"additionalInfo"`
}

type cancelRequest struct {
	OriginalPartnerReferenceNo string          `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string          `json:"originalReferenceNo"`
	ApprovalCode               string          `json:"approvalCode"`
	OriginalExternalID         string          `json:"originalExternalId"`
	MerchantID                 string          `json:"merchantId"`
	SubMerchantID              string          `json:"subMerchantId"`
	Reason                     string          `json:"reason"`
	ExternalStoreID            string          `json:"externalStoreId"`
	Amount                     *wireAmount     `json:"amount"`
	AdditionalInfo             json.RawMessage `json:"additionalInfo"`
}

// payermaxInfo is PayerMax's mandatory additionalInfo.
type payermaxInfo struct {
	Version    string `json:"version"`
	KeyVersion string `json:"keyVersion"`
}

type cancelAnswer struct {
	snapResult
	OriginalPartnerReferenceNo string         `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string         `json:"originalReferenceNo,omitempty"`
	OriginalExternalID         string         `json:"originalExternalId,omitempty"`
	CancelTime                 string         `json:"cancelTime,omitempty"`
	TransactionDate            string         `json:"transactionDate,omitempty"`
	AdditionalInfo             map[string]any `json:"additionalInfo"`
}

type otcCancelRequest struct {
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string `json:"originalReferenceNo"`
	OriginalExternalID         string `json:"originalExternalId"`
	CustomerNumber             string `json:"customerNumber"`
	Reason                     string `json:"reason"`
	AdditionalInfo             *struct {
		Amount *wireAmount `json:"amount"`
	} `json:"additionalInfo"`
}

type refundRequest struct {
	MerchantID                 string          `json:"merchantId"`
	SubMerchantID              string          `json:"subMerchantId"`
	OriginalPartnerReferenceNo string          `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string          `json:"originalReferenceNo"`
	OriginalExternalID         string          `json:"originalExternalId"`
	OriginalCaptureNo          string          `json:"-"` // read for DANA only, below
	PartnerRefundNo            string          `json:"partnerRefundNo"`
	RefundAmount               *wireAmount     `json:"refundAmount"`
	ExternalStoreID            string          `json:"externalStoreId"`
	Reason                     string          `json:"reason"`
	AdditionalInfo             json.RawMessage `json:"additionalInfo"`
}

type refundAnswer struct {
	snapResult
	OriginalPartnerReferenceNo string         `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string         `json:"originalReferenceNo"`
	OriginalExternalID         string         `json:"originalExternalId,omitempty"`
	RefundNo                   string         `json:"refundNo"`
	PartnerRefundNo            string         `json:"partnerRefundNo"`
	RefundAmount               money.Money    `json:"refundAmount"`
	RefundTime                 string         `json:"refundTime"`
	AdditionalInfo             map[string]any `json:"additionalInfo"`
}

// danaMerchantID: DANA's payment-gateway models (CancelOrderRequest,
// QueryPaymentRequest, RefundOrderRequest) require merchantId.
func (s *Server) danaMerchantID(c *checker, merchantID string) {
	if s.profile == DANA && strings.TrimSpace(merchantID) == "" {
		c.fail("merchantId", true, "merchantId is missing (DANA requires it)")
	}
}

// ok builds a success reply of service.
func (s *Server) ok(body any, code string) reply {
	return reply{status: http.StatusOK, body: body, code: code, message: s.spec.successMessage}
}

func (s *Server) result(status, service int) snapResult {
	msg := s.spec.successMessage
	if status == http.StatusAccepted {
		msg = "Request In Progress"
	}
	return snapResult{fmt.Sprintf("%03d%02d00", status, service), msg}
}

// originalTx finds the transaction a cancel, refund or OTC cancel names: an
// unknown partnerReferenceNo is 404xx01, a referenceNo of another transaction
// 404xx18. The caller holds s.mu.
func (s *Server) originalTx(service int, partnerRef, ref string) (*txState, reply, bool) {
	tx := s.txs[partnerRef]
	if tx == nil {
		return nil, notFound(service, "originalPartnerReferenceNo "+partnerRef), false
	}
	if ref != "" && ref != tx.ReferenceNo {
		return nil, inconsistent(service, "originalReferenceNo does not belong to originalPartnerReferenceNo "+tx.PartnerReferenceNo), false
	}
	return tx, reply{}, true
}

func notFound(service int, what string) reply {
	return snapFail(http.StatusNotFound, service, 1, "Transaction Not Found", what+" is not a known transaction")
}

func inconsistent(service int, reason string) reply {
	return snapFail(http.StatusNotFound, service, 18, "Inconsistent Request", reason)
}

func (s *Server) stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t, s.spec.layout)
}

// decodePayment reads a payment; PayerMax's body may also carry urlParams,
// its spelling of urlParam.
func decodePayment(s *Server, body []byte, req *paymentRequest, service int) (reply, bool) {
	if s.profile == PayerMax {
		return decodeBody(body, req, service, "urlParams")
	}
	return decodeBody(body, req, service)
}

// timeMaxLen is the longest time field a request may carry: the generic
// table's 25 (an ISO 8601 time to the second), or the provider's own
// X-TIMESTAMP layout where it is longer (PayerMax's milliseconds, 29).
func (s *Server) timeMaxLen() int { return max(25, len(s.spec.layout)) }

func (req *paymentRequest) check(s *Server, c *checker) (money.Money, bool) {
	c.required("partnerReferenceNo", req.PartnerReferenceNo, 64)
	if s.profile == Generic {
		c.required("chargeToken", req.ChargeToken, 40)
	} else {
		c.optional("chargeToken", req.ChargeToken, 40)
	}
	c.optional("otp", req.OTP, 8)
	c.optional("otpTrxCode", req.OTPTrxCode, 2)
	c.optional("merchantId", req.MerchantID, 64)
	c.optional("terminalId", req.TerminalID, 64)
	c.optional("journeyId", req.JourneyID, 64)
	c.optional("subMerchantId", req.SubMerchantID, 32)
	// "amount | Object | O": optional on the generic page (a payment of no
	// amount has nothing to refund); DANA and PayerMax require it.
	amount, has := c.amount("amount", req.Amount, s.profile != Generic, s.profile == PayerMax)
	c.optional("externalStoreId", req.ExternalStoreID, 64)
	c.optional("validUpTo", req.ValidUpTo, s.timeMaxLen())
	c.optional("pointOfInitiation", req.PointOfInitiation, 20)
	c.optional("feeType", req.FeeType, 25)
	c.optional("disabledPayMethods", req.DisabledPayMethods, 64)
	return amount, has
}

func (s *Server) servePayment(o opCtx, req *paymentRequest) reply {
	if tx, exists := s.txs[req.PartnerReferenceNo]; exists {
		if !tx.Amount.Equal(o.amount) {
			return inconsistent(o.service, "partnerReferenceNo "+req.PartnerReferenceNo+" was paid with "+tx.Amount.String()+", now "+o.amount.String())
		}
		return snapFail(http.StatusConflict, o.service, 1, "Duplicate partnerReferenceNo", "partnerReferenceNo "+req.PartnerReferenceNo+" was already processed")
	}
	tx := &txState{Transaction: Transaction{
		PartnerReferenceNo: req.PartnerReferenceNo,
		ReferenceNo:        s.newReferenceNo(o.now),
		Amount:             o.amount,
		MerchantID:         req.MerchantID,
		ExternalID:         o.externalID,
		CreatedAt:          o.now,
	}}
	s.setStatus(tx, s.flow[0], o.now)
	s.txs[tx.PartnerReferenceNo] = tx
	status := http.StatusOK
	if tx.Status != debit.StatusSuccess {
		status = http.StatusAccepted
	}
	head := s.result(status, o.service)
	return reply{status: status, code: head.ResponseCode, message: head.ResponseMessage, body: paymentAnswer{
		snapResult:         head,
		ReferenceNo:        tx.ReferenceNo,
		PartnerReferenceNo: tx.PartnerReferenceNo,
		ApprovalCode:       tx.ReferenceNo[len(tx.ReferenceNo)-6:],
		AdditionalInfo:     map[string]any{},
	}}
}

func (req *statusRequest) check(s *Server, c *checker) (money.Money, bool) {
	// The table marks all three ids optional: any one names the payment.
	if req.OriginalPartnerReferenceNo == "" && req.OriginalReferenceNo == "" && req.OriginalExternalID == "" {
		c.fail("originalPartnerReferenceNo", true, "none of originalPartnerReferenceNo, originalReferenceNo, originalExternalId is given")
	}
	c.optional("originalPartnerReferenceNo", req.OriginalPartnerReferenceNo, 64)
	c.optional("originalReferenceNo", req.OriginalReferenceNo, 64)
	c.optional("originalExternalId", req.OriginalExternalID, 36)
	s.danaMerchantID(c, req.MerchantID)
	c.required("serviceCode", req.ServiceCode, 2)
	c.digits("serviceCode", req.ServiceCode)
	c.optional("transactionDate", req.TransactionDate, s.timeMaxLen())
	amount, has := c.amount("amount", req.Amount, false, s.profile == PayerMax)
	c.optional("merchantId", req.MerchantID, 64)
	c.optional("subMerchantId", req.SubMerchantID, 32)
	c.optional("externalStoreId", req.ExternalStoreID, 64)
	return amount, has
}

func (s *Server) serveStatus(o opCtx, req *statusRequest) reply {
	tx := s.findTx(req.OriginalPartnerReferenceNo, req.OriginalReferenceNo, req.OriginalExternalID)
	if tx == nil || (req.OriginalReferenceNo != "" && tx.ReferenceNo != req.OriginalReferenceNo) ||
		(req.OriginalExternalID != "" && tx.ExternalID != req.OriginalExternalID) {
		return notFound(o.service, "originalPartnerReferenceNo "+req.OriginalPartnerReferenceNo+" / originalReferenceNo "+req.OriginalReferenceNo+
			" / originalExternalId "+req.OriginalExternalID)
	}
	if rep, ok := o.sameAmount(tx); !ok {
		return rep
	}
	s.advance(tx, o.now)
	ans := statusAnswer{
		snapResult:                 s.result(http.StatusOK, o.service),
		OriginalPartnerReferenceNo: tx.PartnerReferenceNo,
		OriginalReferenceNo:        tx.ReferenceNo,
		OriginalExternalID:         tx.ExternalID,
		ServiceCode:                req.ServiceCode,
		LatestTransactionStatus:    tx.Status,
		TransactionStatusDesc:      tx.Status.String(),
		TransAmount:                answerAmount(tx.Amount),
		PaidTime:                   s.stamp(tx.PaidAt),
		AdditionalInfo:             map[string]any{},
	}
	if s.profile == DANA {
		// DANA's QueryPaymentResponse: amount beside transAmount, and no
		// refundHistory (its schema and UAT fixtures have none).
		ans.Amount = answerAmount(tx.Amount)
		return s.ok(ans, ans.ResponseCode)
	}
	for _, r := range tx.Refunds {
		ans.RefundHistory = append(ans.RefundHistory, refundEntry{
			RefundNo: r.RefundNo, PartnerRefundNo: r.PartnerRefundNo, RefundAmount: r.Amount,
			RefundStatus: r.Status, RefundDate: s.stamp(r.Time), Reason: r.Reason,
		})
	}
	return s.ok(ans, ans.ResponseCode)
}

// cancelTx cancels tx and answers: a transaction not yet refunded or voided,
// in status 00..03, becomes 05 Canceled; one already canceled is answered
// again. The caller holds s.mu.
func (s *Server) cancelTx(tx *txState, o opCtx) reply {
	switch tx.Status {
	case debit.StatusCanceled:
	case debit.StatusSuccess, debit.StatusInitiated, debit.StatusPaying, debit.StatusPending:
		if len(tx.Refunds) > 0 || len(tx.Voids) > 0 {
			return snapFail(http.StatusNotFound, o.service, 0, "Invalid Transaction Status", "the transaction has refunds or voids")
		}
		s.setStatus(tx, debit.StatusCanceled, o.now)
		tx.step = -1
	default:
		return snapFail(http.StatusNotFound, o.service, 0, "Invalid Transaction Status",
			"a transaction in status "+string(tx.Status)+" ("+tx.Status.String()+") cannot be canceled")
	}
	info := map[string]any{}
	if s.profile == PayerMax { // PayerMax reports the status the cancel left
		info["latestTransactionStatus"] = tx.Status
	}
	ans := cancelAnswer{
		snapResult:                 s.result(http.StatusOK, o.service),
		OriginalPartnerReferenceNo: tx.PartnerReferenceNo,
		OriginalReferenceNo:        tx.ReferenceNo,
		OriginalExternalID:         tx.ExternalID,
		CancelTime:                 s.stamp(tx.CanceledAt),
		TransactionDate:            s.stamp(tx.CreatedAt),
		AdditionalInfo:             info,
	}
	return s.ok(ans, ans.ResponseCode)
}

func (req *cancelRequest) check(s *Server, c *checker) (money.Money, bool) {
	c.required("originalPartnerReferenceNo", req.OriginalPartnerReferenceNo, 64)
	c.optional("originalReferenceNo", req.OriginalReferenceNo, 64)
	c.optional("approvalCode", req.ApprovalCode, 20)
	c.optional("originalExternalId", req.OriginalExternalID, 36)
	s.danaMerchantID(c, req.MerchantID)
	c.optional("merchantId", req.MerchantID, 64)
	c.optional("subMerchantId", req.SubMerchantID, 32)
	c.optional("reason", req.Reason, 256)
	c.optional("externalStoreId", req.ExternalStoreID, 64)
	amount, has := c.amount("amount", req.Amount, false, s.profile == PayerMax)
	if s.profile == PayerMax {
		s.checkPayerMaxInfo(c, req.AdditionalInfo)
	}
	return amount, has
}

func (s *Server) serveCancel(o opCtx, req *cancelRequest) reply {
	tx, rep, ok := s.originalTx(o.service, req.OriginalPartnerReferenceNo, req.OriginalReferenceNo)
	if !ok {
		return rep
	}
	if rep, ok := o.sameAmount(tx); !ok {
		return rep
	}
	return s.cancelTx(tx, o)
}

// checkPayerMaxInfo checks PayerMax's mandatory additionalInfo.version and
// additionalInfo.keyVersion.
func (s *Server) checkPayerMaxInfo(c *checker, raw json.RawMessage) {
	if len(raw) == 0 || string(raw) == "null" {
		c.fail("additionalInfo", true, "additionalInfo is missing")
		return
	}
	var info payermaxInfo
	if err := json.Unmarshal(raw, &info); err != nil {
		c.fail("additionalInfo", false, "additionalInfo is not an object of strings: %v", err)
		return
	}
	c.required("additionalInfo.version", info.Version, 8)
	c.required("additionalInfo.keyVersion", info.KeyVersion, 8)
}

func (req *otcCancelRequest) check(_ *Server, c *checker) (money.Money, bool) {
	c.required("originalPartnerReferenceNo", req.OriginalPartnerReferenceNo, 64)
	c.optional("originalReferenceNo", req.OriginalReferenceNo, 64)
	c.optional("originalExternalId", req.OriginalExternalID, 36)
	c.required("customerNumber", req.CustomerNumber, 32)
	c.required("reason", req.Reason, 512)
	if req.AdditionalInfo == nil {
		c.fail("additionalInfo.amount", true, "additionalInfo.amount is missing")
		return money.Money{}, false
	}
	return c.amount("additionalInfo.amount", req.AdditionalInfo.Amount, true, false)
}

func (s *Server) serveOTCCancel(o opCtx, req *otcCancelRequest) reply {
	tx, rep, ok := s.originalTx(o.service, req.OriginalPartnerReferenceNo, req.OriginalReferenceNo)
	if !ok {
		return rep
	}
	switch {
	case tx.CustomerNumber != "" && req.CustomerNumber != tx.CustomerNumber:
		return inconsistent(o.service, "customerNumber differs from the transaction's")
	case !tx.Amount.Equal(o.amount):
		return inconsistent(o.service, "additionalInfo.amount "+o.amount.String()+" differs from the transaction's "+tx.Amount.String())
	}
	return s.cancelTx(tx, o)
}

// decodeRefund reads a refund; DANA's may also carry originalCaptureNo,
// for auth-capture payments, read by a second strict pass.
func decodeRefund(s *Server, body []byte, req *refundRequest, service int) (reply, bool) {
	if s.profile != DANA {
		return decodeBody(body, req, service)
	}
	if rep, ok := decodeBody(body, req, service, "originalCaptureNo"); !ok {
		return rep, false
	}
	var capture struct {
		OriginalCaptureNo string `json:"originalCaptureNo"`
	}
	if rep, ok := decodeBody(body, &capture, service, jsonNamesOf(req)...); !ok {
		return rep, false
	}
	req.OriginalCaptureNo = capture.OriginalCaptureNo
	return reply{}, true
}

func (req *refundRequest) check(s *Server, c *checker) (money.Money, bool) {
	s.danaMerchantID(c, req.MerchantID)
	c.optional("merchantId", req.MerchantID, 64)
	c.optional("subMerchantId", req.SubMerchantID, 32)
	c.required("originalPartnerReferenceNo", req.OriginalPartnerReferenceNo, 64)
	c.optional("originalReferenceNo", req.OriginalReferenceNo, 64)
	c.optional("originalExternalId", req.OriginalExternalID, 36)
	c.optional("originalCaptureNo", req.OriginalCaptureNo, 64)
	c.required("partnerRefundNo", req.PartnerRefundNo, 64)
	// DANA's RefundOrderRequest requires refundAmount; the generic page does not.
	amount, has := c.amount("refundAmount", req.RefundAmount, s.profile == DANA, false)
	c.optional("externalStoreId", req.ExternalStoreID, 64)
	c.optional("reason", req.Reason, 256)
	return amount, has
}

func (s *Server) serveRefund(o opCtx, req *refundRequest) reply {
	tx, rep, ok := s.originalTx(o.service, req.OriginalPartnerReferenceNo, req.OriginalReferenceNo)
	if !ok {
		return rep
	}
	r, rep, ok := giveBack(s, tx, &tx.Refunds, refunding, Refund{PartnerRefundNo: req.PartnerRefundNo, Reason: req.Reason}, o)
	if !ok {
		return rep
	}
	ans := refundAnswer{
		snapResult:                 s.result(http.StatusOK, o.service),
		OriginalPartnerReferenceNo: tx.PartnerReferenceNo,
		OriginalReferenceNo:        tx.ReferenceNo,
		OriginalExternalID:         tx.ExternalID,
		RefundNo:                   r.RefundNo,
		PartnerRefundNo:            r.PartnerRefundNo,
		RefundAmount:               r.Amount,
		RefundTime:                 s.stamp(r.Time),
		AdditionalInfo:             map[string]any{},
	}
	return s.ok(ans, ans.ResponseCode)
}

// reversal is a refund or a void: part of a paid transaction given back.
type reversal[T any] interface {
	partnerNo() string
	given() money.Money
	// made completes the one asked for, as it is made of amount now.
	made(s *Server, amount money.Money, now time.Time) T
}

func (r Refund) partnerNo() string  { return r.PartnerRefundNo }
func (r Refund) given() money.Money { return r.Amount }
func (r Refund) made(s *Server, amount money.Money, now time.Time) Refund {
	r.RefundNo, r.Amount, r.Status, r.Time = s.newReferenceNo(now), amount, debit.RefundSuccess, now
	return r
}

func (v Void) partnerNo() string  { return v.PartnerVoidNo }
func (v Void) given() money.Money { return v.Amount }
func (v Void) made(_ *Server, amount money.Money, now time.Time) Void {
	v.VoidNo, v.Amount, v.Status, v.Time = randomHex(32), amount, VoidSuccess, now
	return v
}

// reversalKind names a kind of reversal in refusals, and says where it
// leaves a transaction with nothing remaining.
type reversalKind struct {
	verb, partnerField, amountField string
	final                           debit.TransactionStatus
}

var (
	refunding = reversalKind{"refund", "partnerRefundNo", "refundAmount", debit.StatusRefunded}
	voiding   = reversalKind{"void", "partnerVoidNo", "voidAmount", debit.StatusCanceled}
)

// giveBack serves the reversal asked of tx, kept in *list: one with the
// same partner number is that one asked again (inconsistent when the
// request has another amount); otherwise tx must be Success and the amount
// (without one, all that remains) within what remains, and once nothing
// remains tx moves to k.final. The caller holds s.mu.
func giveBack[T reversal[T]](s *Server, tx *txState, list *[]T, k reversalKind, asked T, o opCtx) (T, reply, bool) {
	for _, r := range *list {
		if r.partnerNo() == asked.partnerNo() {
			if o.hasAmount && !r.given().Equal(o.amount) {
				return r, inconsistent(o.service, k.partnerField+" "+r.partnerNo()+" "+k.verb+"ed "+r.given().String()+", now "+o.amount.String()), false
			}
			return r, reply{}, true // the same one asked again
		}
	}
	if tx.Status != debit.StatusSuccess {
		return asked, snapFail(http.StatusNotFound, o.service, 0, "Invalid Transaction Status",
			"a transaction in status "+string(tx.Status)+" ("+tx.Status.String()+") cannot be "+k.verb+"ed"), false
	}
	left := tx.remaining()
	amount := o.amount
	if !o.hasAmount {
		amount = left
	}
	if cmp, err := amount.Cmp(left); err != nil || cmp > 0 || amount.Value.IsZero() {
		return asked, snapFail(http.StatusNotFound, o.service, 13, "Invalid Amount", k.amountField+" "+amount.String()+" is not within the "+k.verb+"able "+left.String()), false
	}
	r := asked.made(s, amount, o.now)
	*list = append(*list, r)
	if tx.remaining().Value.IsZero() {
		s.setStatus(tx, k.final, o.now)
	}
	return r, reply{}, true
}
