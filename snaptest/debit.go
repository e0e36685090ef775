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

func (s *Server) servePayment(a authCtx, body []byte, service int, now time.Time) reply {
	var req paymentRequest
	var extra []string
	if s.profile == PayerMax {
		extra = []string{"urlParams"} // PayerMax's spelling of urlParam
	}
	if rep, ok := decodeBody(body, &req, service, extra...); !ok {
		return rep
	}
	var c checker
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
	amount, _ := c.amount("amount", req.Amount, s.profile != Generic, s.profile == PayerMax)
	c.optional("externalStoreId", req.ExternalStoreID, 64)
	c.optional("validUpTo", req.ValidUpTo, 25)
	c.optional("pointOfInitiation", req.PointOfInitiation, 20)
	c.optional("feeType", req.FeeType, 25)
	c.optional("disabledPayMethods", req.DisabledPayMethods, 64)
	if rep, ok := c.result(service); !ok {
		return rep
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if tx, exists := s.txs[req.PartnerReferenceNo]; exists {
		if !tx.Amount.Equal(amount) {
			return inconsistent(service, "partnerReferenceNo "+req.PartnerReferenceNo+" was paid with "+tx.Amount.String()+", now "+amount.String())
		}
		return snapFail(http.StatusConflict, service, 1, "Duplicate partnerReferenceNo", "partnerReferenceNo "+req.PartnerReferenceNo+" was already processed")
	}
	tx := &txState{Transaction: Transaction{
		PartnerReferenceNo: req.PartnerReferenceNo,
		ReferenceNo:        s.newReferenceNo(now),
		Amount:             amount,
		MerchantID:         req.MerchantID,
		ExternalID:         a.externalID,
		CreatedAt:          now,
	}}
	s.setStatus(tx, s.flow[0], now)
	s.txs[tx.PartnerReferenceNo] = tx
	status := http.StatusOK
	if tx.Status != debit.StatusSuccess {
		status = http.StatusAccepted
	}
	head := s.result(status, service)
	return reply{status: status, code: head.ResponseCode, message: head.ResponseMessage, body: paymentAnswer{
		snapResult:         head,
		ReferenceNo:        tx.ReferenceNo,
		PartnerReferenceNo: tx.PartnerReferenceNo,
		ApprovalCode:       tx.ReferenceNo[len(tx.ReferenceNo)-6:],
		AdditionalInfo:     map[string]any{},
	}}
}

func (s *Server) serveStatus(_ authCtx, body []byte, service int, now time.Time) reply {
	var req statusRequest
	if rep, ok := decodeBody(body, &req, service); !ok {
		return rep
	}
	var c checker
	// The table marks all three ids optional: any one names the payment.
	if req.OriginalPartnerReferenceNo == "" && req.OriginalReferenceNo == "" && req.OriginalExternalID == "" {
		c.fail("originalPartnerReferenceNo", true, "none of originalPartnerReferenceNo, originalReferenceNo, originalExternalId is given")
	}
	c.optional("originalPartnerReferenceNo", req.OriginalPartnerReferenceNo, 64)
	c.optional("originalReferenceNo", req.OriginalReferenceNo, 64)
	c.optional("originalExternalId", req.OriginalExternalID, 36)
	s.danaMerchantID(&c, req.MerchantID)
	c.required("serviceCode", req.ServiceCode, 2)
	c.digits("serviceCode", req.ServiceCode)
	c.optional("transactionDate", req.TransactionDate, 25)
	amount, hasAmount := c.amount("amount", req.Amount, false, s.profile == PayerMax)
	c.optional("merchantId", req.MerchantID, 64)
	c.optional("subMerchantId", req.SubMerchantID, 32)
	c.optional("externalStoreId", req.ExternalStoreID, 64)
	if rep, ok := c.result(service); !ok {
		return rep
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	tx := s.findTx(req.OriginalPartnerReferenceNo, req.OriginalReferenceNo, req.OriginalExternalID)
	if tx == nil || (req.OriginalReferenceNo != "" && tx.ReferenceNo != req.OriginalReferenceNo) ||
		(req.OriginalExternalID != "" && tx.ExternalID != req.OriginalExternalID) {
		return notFound(service, "originalPartnerReferenceNo "+req.OriginalPartnerReferenceNo+" / originalReferenceNo "+req.OriginalReferenceNo+
			" / originalExternalId "+req.OriginalExternalID)
	}
	if hasAmount && !tx.Amount.Equal(amount) {
		return inconsistent(service, "amount "+amount.String()+" differs from the payment's "+tx.Amount.String())
	}
	s.advance(tx, now)
	ans := statusAnswer{
		snapResult:                 s.result(http.StatusOK, service),
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

// cancelTx cancels tx: a transaction not yet refunded or voided, in status
// 00..03, becomes 05 Canceled; one already canceled is answered again. The
// caller holds s.mu.
func (s *Server) cancelTx(tx *txState, service int, now time.Time) (reply, bool) {
	switch tx.Status {
	case debit.StatusCanceled:
		return reply{}, true
	case debit.StatusSuccess, debit.StatusInitiated, debit.StatusPaying, debit.StatusPending:
		if len(tx.Refunds) > 0 || len(tx.Voids) > 0 {
			return snapFail(http.StatusNotFound, service, 0, "Invalid Transaction Status", "the transaction has refunds or voids"), false
		}
		s.setStatus(tx, debit.StatusCanceled, now)
		tx.step = -1
		return reply{}, true
	}
	return snapFail(http.StatusNotFound, service, 0, "Invalid Transaction Status",
		"a transaction in status "+string(tx.Status)+" ("+tx.Status.String()+") cannot be canceled"), false
}

func (s *Server) serveCancel(_ authCtx, body []byte, service int, now time.Time) reply {
	var req cancelRequest
	if rep, ok := decodeBody(body, &req, service); !ok {
		return rep
	}
	var c checker
	c.required("originalPartnerReferenceNo", req.OriginalPartnerReferenceNo, 64)
	c.optional("originalReferenceNo", req.OriginalReferenceNo, 64)
	c.optional("approvalCode", req.ApprovalCode, 20)
	c.optional("originalExternalId", req.OriginalExternalID, 36)
	s.danaMerchantID(&c, req.MerchantID)
	c.optional("merchantId", req.MerchantID, 64)
	c.optional("subMerchantId", req.SubMerchantID, 32)
	c.optional("reason", req.Reason, 256)
	c.optional("externalStoreId", req.ExternalStoreID, 64)
	amount, hasAmount := c.amount("amount", req.Amount, false, s.profile == PayerMax)
	if s.profile == PayerMax {
		s.checkPayerMaxInfo(&c, req.AdditionalInfo)
	}
	if rep, ok := c.result(service); !ok {
		return rep
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	tx, rep, ok := s.originalTx(service, req.OriginalPartnerReferenceNo, req.OriginalReferenceNo)
	if !ok {
		return rep
	}
	if hasAmount && !tx.Amount.Equal(amount) {
		return inconsistent(service, "amount "+amount.String()+" differs from the payment's "+tx.Amount.String())
	}
	if rep, ok := s.cancelTx(tx, service, now); !ok {
		return rep
	}
	info := map[string]any{}
	if s.profile == PayerMax {
		info["latestTransactionStatus"] = tx.Status
	}
	ans := cancelAnswer{
		snapResult:                 s.result(http.StatusOK, service),
		OriginalPartnerReferenceNo: tx.PartnerReferenceNo,
		OriginalReferenceNo:        tx.ReferenceNo,
		OriginalExternalID:         tx.ExternalID,
		CancelTime:                 s.stamp(tx.CanceledAt),
		TransactionDate:            s.stamp(tx.CreatedAt),
		AdditionalInfo:             info,
	}
	return s.ok(ans, ans.ResponseCode)
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

func (s *Server) serveOTCCancel(_ authCtx, body []byte, service int, now time.Time) reply {
	var req otcCancelRequest
	if rep, ok := decodeBody(body, &req, service); !ok {
		return rep
	}
	var c checker
	c.required("originalPartnerReferenceNo", req.OriginalPartnerReferenceNo, 64)
	c.optional("originalReferenceNo", req.OriginalReferenceNo, 64)
	c.optional("originalExternalId", req.OriginalExternalID, 36)
	c.required("customerNumber", req.CustomerNumber, 32)
	c.required("reason", req.Reason, 512)
	var amount money.Money
	if req.AdditionalInfo == nil {
		c.fail("additionalInfo.amount", true, "additionalInfo.amount is missing")
	} else {
		amount, _ = c.amount("additionalInfo.amount", req.AdditionalInfo.Amount, true, false)
	}
	if rep, ok := c.result(service); !ok {
		return rep
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	tx, rep, ok := s.originalTx(service, req.OriginalPartnerReferenceNo, req.OriginalReferenceNo)
	if !ok {
		return rep
	}
	switch {
	case tx.CustomerNumber != "" && req.CustomerNumber != tx.CustomerNumber:
		return inconsistent(service, "customerNumber differs from the transaction's")
	case !tx.Amount.Equal(amount):
		return inconsistent(service, "additionalInfo.amount "+amount.String()+" differs from the transaction's "+tx.Amount.String())
	}
	if rep, ok := s.cancelTx(tx, service, now); !ok {
		return rep
	}
	ans := cancelAnswer{
		snapResult:                 s.result(http.StatusOK, service),
		OriginalPartnerReferenceNo: tx.PartnerReferenceNo,
		OriginalReferenceNo:        tx.ReferenceNo,
		OriginalExternalID:         tx.ExternalID,
		CancelTime:                 s.stamp(tx.CanceledAt),
		TransactionDate:            s.stamp(tx.CreatedAt),
		AdditionalInfo:             map[string]any{},
	}
	return s.ok(ans, ans.ResponseCode)
}

func (s *Server) serveRefund(_ authCtx, body []byte, service int, now time.Time) reply {
	var req refundRequest
	var extra []string
	if s.profile == DANA {
		extra = []string{"originalCaptureNo"} // DANA's, for auth-capture payments
	}
	if rep, ok := decodeBody(body, &req, service, extra...); !ok {
		return rep
	}
	if s.profile == DANA {
		var capture struct {
			OriginalCaptureNo string `json:"originalCaptureNo"`
		}
		if rep, ok := decodeBody(body, &capture, service, jsonNamesOf(&req)...); !ok {
			return rep
		}
		req.OriginalCaptureNo = capture.OriginalCaptureNo
	}
	var c checker
	s.danaMerchantID(&c, req.MerchantID)
	c.optional("merchantId", req.MerchantID, 64)
	c.optional("subMerchantId", req.SubMerchantID, 32)
	c.required("originalPartnerReferenceNo", req.OriginalPartnerReferenceNo, 64)
	c.optional("originalReferenceNo", req.OriginalReferenceNo, 64)
	c.optional("originalExternalId", req.OriginalExternalID, 36)
	c.optional("originalCaptureNo", req.OriginalCaptureNo, 64)
	c.required("partnerRefundNo", req.PartnerRefundNo, 64)
	// DANA's RefundOrderRequest requires refundAmount; the generic page does not.
	amount, hasAmount := c.amount("refundAmount", req.RefundAmount, s.profile == DANA, false)
	c.optional("externalStoreId", req.ExternalStoreID, 64)
	c.optional("reason", req.Reason, 256)
	if rep, ok := c.result(service); !ok {
		return rep
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	tx, rep, ok := s.originalTx(service, req.OriginalPartnerReferenceNo, req.OriginalReferenceNo)
	if !ok {
		return rep
	}
	answer := func(r Refund) reply {
		ans := refundAnswer{
			snapResult:                 s.result(http.StatusOK, service),
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
	for _, r := range tx.Refunds {
		if r.PartnerRefundNo == req.PartnerRefundNo {
			if hasAmount && !r.Amount.Equal(amount) {
				return inconsistent(service, "partnerRefundNo "+r.PartnerRefundNo+" refunded "+r.Amount.String()+", now "+amount.String())
			}
			return answer(r) // the same refund asked again
		}
	}
	if tx.Status != debit.StatusSuccess {
		return snapFail(http.StatusNotFound, service, 0, "Invalid Transaction Status",
			"a transaction in status "+string(tx.Status)+" ("+tx.Status.String()+") cannot be refunded")
	}
	left := tx.remaining()
	if !hasAmount {
		amount = left
	}
	if cmp, err := amount.Cmp(left); err != nil || cmp > 0 || amount.Value.IsZero() {
		return snapFail(http.StatusNotFound, service, 13, "Invalid Amount", "refundAmount "+amount.String()+" is not within the refundable "+left.String())
	}
	r := Refund{RefundNo: s.newReferenceNo(now), PartnerRefundNo: req.PartnerRefundNo, Amount: amount, Status: debit.RefundSuccess, Reason: req.Reason, Time: now}
	tx.Refunds = append(tx.Refunds, r)
	if tx.remaining().Value.IsZero() {
		s.setStatus(tx, debit.StatusRefunded, now)
	}
	return answer(r)
}
