package snaptest

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/money"
)

// Paydia's auth void (67) and void-query (68), seed paydia-void-query.

type voidRequest struct {
	OriginalPartnerReferenceNo string          `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string          `json:"originalReferenceNo"`
	PartnerVoidNo              string          `json:"partnerVoidNo"`
	MerchantID                 string          `json:"merchantId"`
	SubMerchantID              string          `json:"subMerchantId"`
	ExternalStoreID            string          `json:"externalStoreId"`
	VoidAmount                 *wireAmount     `json:"voidAmount"`
	Reason                     string          `json:"reason"`
	AdditionalInfo             json.RawMessage `json:"additionalInfo"`
}

type voidAnswer struct {
	snapResult
	OriginalPartnerReferenceNo string         `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string         `json:"originalReferenceNo"`
	VoidNo                     string         `json:"voidNo"`
	PartnerVoidNo              string         `json:"partnerVoidNo"`
	VoidAmount                 money.Money    `json:"voidAmount"`
	VoidTime                   string         `json:"voidTime"`
	AdditionalInfo             map[string]any `json:"additionalInfo"`
}

type voidQueryRequest struct {
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string `json:"originalReferenceNo"`
	MerchantID                 string `json:"merchantId"`
	VoidNo                     string `json:"voidNo"`
	PartnerVoidNo              string `json:"partnerVoidNo"`
}

type voidQueryAnswer struct {
	snapResult
	OriginalReferenceNo        string      `json:"originalReferenceNo"`
	OriginalPartnerReferenceNo string      `json:"originalPartnerReferenceNo"`
	VoidNo                     string      `json:"voidNo"`
	VoidAmount                 money.Money `json:"voidAmount"`
	VoidTime                   string      `json:"voidTime"`
	LatestVoidStatus           string      `json:"latestVoidStatus"`
	PartnerVoidNo              string      `json:"partnerVoidNo"`
}

func invalidMerchant(service int) reply {
	return snapFail(http.StatusNotFound, service, 8, "Invalid Merchant", "merchantId is not the configured merchant")
}

func (s *Server) serveVoid(_ authCtx, body []byte, service int, now time.Time) reply {
	var req voidRequest
	if rep, ok := decodeBody(body, &req, service); !ok {
		return rep
	}
	var c checker
	c.required("originalPartnerReferenceNo", req.OriginalPartnerReferenceNo, 64)
	c.required("originalReferenceNo", req.OriginalReferenceNo, 64)
	c.required("partnerVoidNo", req.PartnerVoidNo, 64)
	c.required("merchantId", req.MerchantID, 64)
	c.optional("subMerchantId", req.SubMerchantID, 32)
	c.optional("externalStoreId", req.ExternalStoreID, 64)
	amount, _ := c.amount("voidAmount", req.VoidAmount, true, false)
	c.optional("reason", req.Reason, 256)
	if rep, ok := c.result(service); !ok {
		return rep
	}
	if s.spec.checkMerchantID && req.MerchantID != s.merchantID {
		return invalidMerchant(service)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	tx := s.txs[req.OriginalPartnerReferenceNo]
	if tx == nil || tx.ReferenceNo != req.OriginalReferenceNo {
		return notFound(service, "originalPartnerReferenceNo "+req.OriginalPartnerReferenceNo+" with originalReferenceNo "+req.OriginalReferenceNo)
	}
	answer := func(v Void) reply {
		ans := voidAnswer{
			snapResult:                 s.result(http.StatusOK, service),
			OriginalPartnerReferenceNo: tx.PartnerReferenceNo,
			OriginalReferenceNo:        tx.ReferenceNo,
			VoidNo:                     v.VoidNo,
			PartnerVoidNo:              v.PartnerVoidNo,
			VoidAmount:                 v.Amount,
			VoidTime:                   s.stamp(v.Time),
			AdditionalInfo:             map[string]any{},
		}
		return s.ok(ans, ans.ResponseCode)
	}
	for _, v := range tx.Voids {
		if v.PartnerVoidNo == req.PartnerVoidNo {
			if !v.Amount.Equal(amount) {
				return inconsistent(service, "partnerVoidNo "+v.PartnerVoidNo+" voided "+v.Amount.String()+", now "+amount.String())
			}
			return answer(v) // the same void asked again
		}
	}
	if tx.Status != debit.StatusSuccess {
		return snapFail(http.StatusNotFound, service, 0, "Invalid Transaction Status",
			"a transaction in status "+string(tx.Status)+" ("+tx.Status.String()+") cannot be voided")
	}
	left := tx.remaining()
	if cmp, err := amount.Cmp(left); err != nil || cmp > 0 || amount.Value.IsZero() {
		return snapFail(http.StatusNotFound, service, 13, "Invalid Amount", "voidAmount "+amount.String()+" is not within the voidable "+left.String())
	}
	v := Void{VoidNo: randomHex(32), PartnerVoidNo: req.PartnerVoidNo, Amount: amount, Status: VoidSuccess, Reason: req.Reason, Time: now}
	tx.Voids = append(tx.Voids, v)
	if tx.remaining().Value.IsZero() {
		s.setStatus(tx, debit.StatusCanceled, now)
	}
	return answer(v)
}

func (s *Server) serveVoidQuery(_ authCtx, body []byte, service int, _ time.Time) reply {
	var req voidQueryRequest
	if rep, ok := decodeBody(body, &req, service); !ok {
		return rep
	}
	var c checker
	c.required("originalPartnerReferenceNo", req.OriginalPartnerReferenceNo, 64)
	c.required("originalReferenceNo", req.OriginalReferenceNo, 64)
	c.required("merchantId", req.MerchantID, 64)
	c.required("voidNo", req.VoidNo, 64)
	c.required("partnerVoidNo", req.PartnerVoidNo, 64)
	if rep, ok := c.result(service); !ok {
		return rep
	}
	if s.spec.checkMerchantID && req.MerchantID != s.merchantID {
		return invalidMerchant(service)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	tx := s.txs[req.OriginalPartnerReferenceNo]
	if tx == nil || tx.ReferenceNo != req.OriginalReferenceNo {
		return notFound(service, "originalPartnerReferenceNo "+req.OriginalPartnerReferenceNo+" with originalReferenceNo "+req.OriginalReferenceNo)
	}
	for _, v := range tx.Voids {
		if v.VoidNo == req.VoidNo && v.PartnerVoidNo == req.PartnerVoidNo {
			ans := voidQueryAnswer{
				snapResult:                 s.result(http.StatusOK, service),
				OriginalReferenceNo:        tx.ReferenceNo,
				OriginalPartnerReferenceNo: tx.PartnerReferenceNo,
				VoidNo:                     v.VoidNo,
				VoidAmount:                 v.Amount,
				VoidTime:                   s.stamp(v.Time),
				LatestVoidStatus:           v.Status,
				PartnerVoidNo:              v.PartnerVoidNo,
			}
			return s.ok(ans, ans.ResponseCode)
		}
	}
	return notFound(service, "voidNo "+req.VoidNo+" / partnerVoidNo "+req.PartnerVoidNo)
}
