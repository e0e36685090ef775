package snaptest

import (
	"encoding/json"
	"net/http"

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

// authTx finds the transaction a void or a void query names, both of its
// ids matching, once merchantId is the configured merchant where the
// profile checks it. The caller holds s.mu.
func (s *Server) authTx(service int, merchantID, partnerRef, ref string) (*txState, reply, bool) {
	if s.spec.checkMerchantID && merchantID != s.merchantID {
		return nil, snapFail(http.StatusNotFound, service, 8, "Invalid Merchant", "merchantId is not the configured merchant"), false
	}
	tx := s.txs[partnerRef]
	if tx == nil || tx.ReferenceNo != ref {
		return nil, notFound(service, "originalPartnerReferenceNo "+partnerRef+" with originalReferenceNo "+ref), false
	}
	return tx, reply{}, true
}

func (req *voidRequest) check(_ *Server, c *checker) (money.Money, bool) {
	c.required("originalPartnerReferenceNo", req.OriginalPartnerReferenceNo, 64)
	c.required("originalReferenceNo", req.OriginalReferenceNo, 64)
	c.required("partnerVoidNo", req.PartnerVoidNo, 64)
	c.required("merchantId", req.MerchantID, 64)
	c.optional("subMerchantId", req.SubMerchantID, 32)
	c.optional("externalStoreId", req.ExternalStoreID, 64)
	amount, has := c.amount("voidAmount", req.VoidAmount, true, false)
	c.optional("reason", req.Reason, 256)
	return amount, has
}

func (s *Server) serveVoid(o opCtx, req *voidRequest) reply {
	tx, rep, ok := s.authTx(o.service, req.MerchantID, req.OriginalPartnerReferenceNo, req.OriginalReferenceNo)
	if !ok {
		return rep
	}
	v, rep, ok := giveBack(s, tx, &tx.Voids, voiding, Void{PartnerVoidNo: req.PartnerVoidNo, Reason: req.Reason}, o)
	if !ok {
		return rep
	}
	ans := voidAnswer{
		snapResult:                 s.result(http.StatusOK, o.service),
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

func (req *voidQueryRequest) check(_ *Server, c *checker) (money.Money, bool) {
	c.required("originalPartnerReferenceNo", req.OriginalPartnerReferenceNo, 64)
	c.required("originalReferenceNo", req.OriginalReferenceNo, 64)
	c.required("merchantId", req.MerchantID, 64)
	c.required("voidNo", req.VoidNo, 64)
	c.required("partnerVoidNo", req.PartnerVoidNo, 64)
	return money.Money{}, false
}

func (s *Server) serveVoidQuery(o opCtx, req *voidQueryRequest) reply {
	tx, rep, ok := s.authTx(o.service, req.MerchantID, req.OriginalPartnerReferenceNo, req.OriginalReferenceNo)
	if !ok {
		return rep
	}
	for _, v := range tx.Voids {
		if v.VoidNo == req.VoidNo && v.PartnerVoidNo == req.PartnerVoidNo {
			ans := voidQueryAnswer{
				snapResult:                 s.result(http.StatusOK, o.service),
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
	return notFound(o.service, "voidNo "+req.VoidNo+" / partnerVoidNo "+req.PartnerVoidNo)
}
