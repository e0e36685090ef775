package snaptest

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/money"
)

// NICEPAY v2 cancel (seed nicepay-v2-cancel), not SNAP: no signed headers,
// merchantToken in the body, HTTP 200 with resultCd "0000" on success and
// another resultCd on failure.

// NICEPAY v2 result codes the simulator answers (from NICEPAY's v2 error
// code list).
const (
	NICEPAYSuccess       = "0000"
	NICEPAYInvalidField  = "9001" // a field is missing or malformed, timeStamp included
	NICEPAYInvalidAmount = "9008" // amt is not an integer amount
	NICEPAYInvalidToken  = "9010" // merchantToken does not verify
	NICEPAYInvalidMID    = "9011" // iMid is not the configured merchant
	NICEPAYUnknownTXID   = "8004" // tXid is not a known transaction
	NICEPAYNotAllowed    = "9502" // the cancel is not allowed (status or amount)
)

type nicepayCancelRequest struct {
	TimeStamp      string `json:"timeStamp"`
	TXID           string `json:"tXid"`
	IMID           string `json:"iMid"`
	PayMethod      string `json:"payMethod"`
	CancelType     string `json:"cancelType"`
	CancelMsg      string `json:"cancelMsg"`
	MerchantToken  string `json:"merchantToken"`
	Amt            string `json:"amt"`
	CancelServerIP string `json:"cancelServerIp"`
	CancelUserID   string `json:"cancelUserId"`
	CancelUserIP   string `json:"cancelUserIp"`
	CancelUserInfo string `json:"cancelUserInfo"`
	CancelRetryCnt string `json:"cancelRetryCnt"`
	Worker         string `json:"worker"`
}

type nicepayResult struct {
	ResultCd  string `json:"resultCd"`
	ResultMsg string `json:"resultMsg"`
}

type nicepayCancelAnswer struct {
	nicepayResult
	TXID        string `json:"tXid"`
	ReferenceNo string `json:"referenceNo"`
	TransDt     string `json:"transDt"`
	TransTm     string `json:"transTm"`
	Description string `json:"description"`
	Amt         string `json:"amt"`
}

func nicepayFail(code, msg string) reply {
	return reply{status: http.StatusOK, body: nicepayResult{code, msg}, code: code, message: msg, reason: msg}
}

func (s *Server) serveNICEPAYCancel(r *http.Request, body []byte, now time.Time) reply {
	if !isJSON(r) {
		return nicepayFail(NICEPAYInvalidField, "Invalid Content-Type, use application/json")
	}
	trimmed := bytes.TrimSpace(body)
	var req nicepayCancelRequest
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed) {
		return nicepayFail(NICEPAYInvalidField, "Failed to read the request. Check your HTTP message.")
	}
	// Exact names, as for SNAP bodies: "txid" or "TXid" is not tXid.
	if key, _, ok := unknownKey(trimmed, &req, nil); !ok {
		return nicepayFail(NICEPAYInvalidField, "Undefined parameter: "+key+". Parameter names are case-sensitive.")
	}
	if json.Unmarshal(trimmed, &req) != nil {
		return nicepayFail(NICEPAYInvalidField, "Failed to read the request. Check your HTTP message.")
	}
	for _, f := range []struct{ name, v string }{
		{"timeStamp", req.TimeStamp}, {"tXid", req.TXID}, {"iMid", req.IMID}, {"payMethod", req.PayMethod},
		{"cancelType", req.CancelType}, {"merchantToken", req.MerchantToken}, {"amt", req.Amt},
	} {
		if f.v == "" {
			return nicepayFail(NICEPAYInvalidField, "Undefined: "+f.name+". Please check your request and make sure ["+f.name+"] is defined.")
		}
	}
	ts, err := time.ParseInLocation(layoutCompact, req.TimeStamp, jakarta)
	if len(req.TimeStamp) != 14 || !digitsOnly(req.TimeStamp) || err != nil {
		return nicepayFail(NICEPAYInvalidField, "Invalid timeStamp: yyyyMMddHHmmss in Jakarta time")
	}
	if d := now.Sub(ts); d > s.skew || d < -s.skew {
		return nicepayFail(NICEPAYInvalidField, "Invalid timeStamp: "+d.Round(time.Second).String()+" from the server clock")
	}
	if subtle.ConstantTimeCompare([]byte(req.IMID), []byte(s.imid)) != 1 {
		return nicepayFail(NICEPAYInvalidMID, "Invalid MID, merchant is not registered.")
	}
	want := nicepayToken(req.TimeStamp, req.IMID, req.TXID, req.Amt, s.merchantKey)
	if subtle.ConstantTimeCompare([]byte(req.MerchantToken), []byte(want)) != 1 {
		return nicepayFail(NICEPAYInvalidToken, "Invalid Merchant Token.")
	}
	if len(req.Amt) > 12 || !digitsOnly(req.Amt) {
		return nicepayFail(NICEPAYInvalidAmount, "Invalid Request Amount. Amount should only number and do not includes decimal.")
	}
	if len(req.PayMethod) != 2 || !digitsOnly(req.PayMethod) {
		return nicepayFail(NICEPAYInvalidField, "Invalid payMethod.")
	}
	if req.CancelType != "1" && req.CancelType != "2" && req.CancelType != "3" {
		return nicepayFail(NICEPAYInvalidField, "Invalid cancelType: 1 full, 2 partial, 3 stop recurring.")
	}
	if len(req.TXID) > 30 || len(req.CancelMsg) > 255 {
		return nicepayFail(NICEPAYInvalidField, "Invalid field length.")
	}
	n, _ := strconv.ParseInt(req.Amt, 10, 64)
	amt := money.IDR(n)

	s.mu.Lock()
	defer s.mu.Unlock()
	var tx *txState
	for _, t := range s.txs {
		if t.ReferenceNo == req.TXID {
			tx = t
			break
		}
	}
	if tx == nil {
		return nicepayFail(NICEPAYUnknownTXID, "The tXid error during inquiry: transaction not found.")
	}
	notAllowed := func(why string) reply { return nicepayFail(NICEPAYNotAllowed, "Transaction not allowed: "+why) }
	switch req.CancelType {
	case "3": // stop recurring: nothing moves
	case "1", "2":
		if tx.Status == debit.StatusCanceled && req.CancelType == "1" && tx.Amount.Equal(amt) {
			break // the same full cancel asked again
		}
		if tx.Status != debit.StatusSuccess {
			return notAllowed("status " + tx.Status.String())
		}
		left := tx.remaining()
		cmp, err := amt.Cmp(left)
		switch {
		case err != nil || amt.Value.IsZero():
			return notAllowed("amount " + amt.String())
		case req.CancelType == "1" && cmp != 0:
			return notAllowed("full cancel of " + amt.String() + " but " + left.String() + " is left")
		case cmp > 0:
			return notAllowed("partial cancel of " + amt.String() + " but only " + left.String() + " is left")
		}
		if cmp == 0 {
			s.setStatus(tx, debit.StatusCanceled, now)
		} else {
			tx.Refunds = append(tx.Refunds, Refund{RefundNo: s.newReferenceNo(now), Amount: amt, Status: debit.RefundSuccess, Reason: req.CancelMsg, Time: now})
		}
	}
	local := now.In(jakarta)
	ans := nicepayCancelAnswer{
		nicepayResult: nicepayResult{NICEPAYSuccess, "SUCCESS"},
		TXID:          tx.ReferenceNo,
		ReferenceNo:   tx.PartnerReferenceNo,
		TransDt:       local.Format("20060102"),
		TransTm:       local.Format("150405"),
		Description:   "Payment of " + tx.PartnerReferenceNo,
		Amt:           req.Amt,
	}
	return reply{status: http.StatusOK, body: ans, code: NICEPAYSuccess, message: "SUCCESS"}
}
