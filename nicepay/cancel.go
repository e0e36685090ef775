package nicepay

import (
	"bytes"
	"context"
	"encoding/json"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/jsonscan"
	"github.com/snapbi/snap/internal/validate"
	"github.com/snapbi/snap/money"
)

// CancelPath is the v2 cancel endpoint under the base URL (the full URL
// path is /nicepay/direct/v2/cancel).
const CancelPath = "/direct/v2/cancel"

// CancelType is cancelType: what the cancellation does. NICEPAY's JSON
// carries it as a numeric string ("1"), like every field typed N.
type CancelType string

// The cancelType values of the cancel page.
const (
	// CancelFull cancels the whole transaction.
	CancelFull CancelType = "1"
	// CancelPartial cancels amt of the transaction. It is not idempotent
	// (sent twice it may cancel twice), so it is never retried.
	CancelPartial CancelType = "2"
	// CancelStopRecurring removes the subscription (stops a DANA recurring
	// payment).
	CancelStopRecurring CancelType = "3"
)

// PayMethod is payMethod, a two-digit code.
type PayMethod string

// The payMethod codes NICEPAY documents. The DANA recurring cancel page
// lists only 05 E-Wallet; NICEPAY's code table, which the same v2 cancel
// serves, adds the others. Any other code is refused before sending.
const (
	// PayMethodCreditCard is "01", credit card.
	PayMethodCreditCard PayMethod = "01"
	// PayMethodVirtualAccount is "02", virtual account.
	PayMethodVirtualAccount PayMethod = "02"
	// PayMethodConvenienceStore is "03", convenience store.
	PayMethodConvenienceStore PayMethod = "03"
	// PayMethodClickPay is "04", ClickPay.
	PayMethodClickPay PayMethod = "04"
	// PayMethodEWallet is "05", e-wallet: the payMethod of the DANA
	// recurring cancel page.
	PayMethodEWallet PayMethod = "05"
	// PayMethodPayloan is "06", payloan.
	PayMethodPayloan PayMethod = "06"
)

var payMethods = []string{
	string(PayMethodCreditCard), string(PayMethodVirtualAccount), string(PayMethodConvenienceStore),
	string(PayMethodClickPay), string(PayMethodEWallet), string(PayMethodPayloan),
}

// Sizes of the cancel page's fields (characters; digits for N fields).
const (
	timeStampLen      = 14
	maxTXIDLen        = 30
	payMethodLen      = 2
	maxCancelMsgLen   = 255
	maxAmtDigits      = 12
	maxIPLen          = 15
	maxCancelUserID   = 30
	maxCancelUserInfo = 100
	maxRetryCntDigits = 2
	maxWorkerLen      = 10
)

// CancelRequest is a v2 cancel (POST /direct/v2/cancel). iMid comes from
// Config.IMID and merchantToken is computed by Cancel: neither is taken
// from the caller. Sizes are checked before anything is sent.
type CancelRequest struct {
	// TimeStamp is the request time, yyyyMMddHHmmss (14 digits, Jakarta
	// time; see NewTimestamp). Empty: the client's clock, formatted in
	// Jakarta time.
	TimeStamp snap.Timestamp
	// TXID is tXid, the NICEPAY transaction id to cancel (required, ≤30).
	TXID string
	// PayMethod is payMethod (required, 2 digits): PayMethodEWallet.
	PayMethod PayMethod
	// CancelType is cancelType (required): CancelFull, CancelPartial or
	// CancelStopRecurring.
	CancelType CancelType
	// CancelMsg is cancelMsg, the cancellation message (≤255).
	CancelMsg string
	// Amt is amt (required): the amount in whole rupiah, sent as an integer
	// string ("10000"). Fractions, other currencies and more than 12 digits
	// are refused.
	Amt money.Money
	// CancelServerIP is cancelServerIp (≤15).
	CancelServerIP string
	// CancelUserID is cancelUserId (≤30).
	CancelUserID string
	// CancelUserIP is cancelUserIp (≤15).
	CancelUserIP string
	// CancelUserInfo is cancelUserInfo (≤100).
	CancelUserInfo string
	// CancelRetryCnt is cancelRetryCnt, a retry count (≤2 digits).
	CancelRetryCnt string
	// Worker is worker (≤10).
	Worker string
}

// cancelBody is the wire form, in the page's field order. Every field is a
// JSON string, as in NICEPAY's samples ("cancelType":"1","amt":"10000").
type cancelBody struct {
	TimeStamp      snap.Timestamp `json:"timeStamp"`
	TXID           string         `json:"tXid"`
	IMID           string         `json:"iMid"`
	PayMethod      string         `json:"payMethod"`
	CancelType     string         `json:"cancelType"`
	CancelMsg      string         `json:"cancelMsg,omitempty"`
	MerchantToken  string         `json:"merchantToken"`
	Amt            string         `json:"amt"`
	CancelServerIP string         `json:"cancelServerIp,omitempty"`
	CancelUserID   string         `json:"cancelUserId,omitempty"`
	CancelUserIP   string         `json:"cancelUserIp,omitempty"`
	CancelUserInfo string         `json:"cancelUserInfo,omitempty"`
	CancelRetryCnt string         `json:"cancelRetryCnt,omitempty"`
	Worker         string         `json:"worker,omitempty"`
}

// Validate checks r exactly as Cancel does before sending, and returns the
// first rule broken as a *snap.ValidationError. An empty TimeStamp passes:
// Cancel fills it in from the client's clock.
func (r *CancelRequest) Validate() error {
	_, _, err := r.check(time.Now)
	return err
}

// body checks req and builds the wire body, merchantToken included.
func (c *Client) body(req *CancelRequest) (*cancelBody, error) {
	ts, amt, err := req.check(c.core.Now)
	if err != nil {
		return nil, err
	}
	return &cancelBody{
		TimeStamp:      ts,
		TXID:           req.TXID,
		IMID:           c.iMid,
		PayMethod:      string(req.PayMethod),
		CancelType:     string(req.CancelType),
		CancelMsg:      req.CancelMsg,
		MerchantToken:  MerchantToken(string(ts), c.iMid, req.TXID, amt, c.merchantKey.Reveal()),
		Amt:            amt,
		CancelServerIP: req.CancelServerIP,
		CancelUserID:   req.CancelUserID,
		CancelUserIP:   req.CancelUserIP,
		CancelUserInfo: req.CancelUserInfo,
		CancelRetryCnt: req.CancelRetryCnt,
		Worker:         req.Worker,
	}, nil
}

// check validates r, its timeStamp taken from now when empty, and returns
// the timeStamp and the amt to send.
func (r *CancelRequest) check(now func() time.Time) (ts snap.Timestamp, amt string, err error) {
	if r == nil {
		return "", "", validate.NilRequest()
	}
	var v validate.Checker
	ts = r.TimeStamp
	if ts == "" {
		ts = NewTimestamp(now())
	}
	v.ExactLen("timeStamp", string(ts), timeStampLen)
	v.Digits("timeStamp", string(ts))
	v.Time("timeStamp", string(ts), snap.CompactTimestampLayout) // 14 digits are not yet a time
	v.RequiredMaxLen("tXid", r.TXID, maxTXIDLen)
	v.Alphanumeric("tXid", r.TXID) // the page types tXid AN
	v.Required("payMethod", string(r.PayMethod))
	v.ExactLen("payMethod", string(r.PayMethod), payMethodLen)
	v.Digits("payMethod", string(r.PayMethod))
	v.OneOf("payMethod", string(r.PayMethod), payMethods...)
	v.Required("cancelType", string(r.CancelType))
	v.OneOf("cancelType", string(r.CancelType), string(CancelFull), string(CancelPartial), string(CancelStopRecurring))
	v.MaxLen("cancelMsg", r.CancelMsg, maxCancelMsgLen)
	amt = checkAmt(&v, r.Amt)
	v.MaxLen("cancelServerIp", r.CancelServerIP, maxIPLen)
	v.MaxLen("cancelUserId", r.CancelUserID, maxCancelUserID)
	v.MaxLen("cancelUserIp", r.CancelUserIP, maxIPLen)
	v.MaxLen("cancelUserInfo", r.CancelUserInfo, maxCancelUserInfo)
	v.MaxLen("cancelRetryCnt", r.CancelRetryCnt, maxRetryCntDigits)
	v.Digits("cancelRetryCnt", r.CancelRetryCnt)
	v.MaxLen("worker", r.Worker, maxWorkerLen)
	return ts, amt, v.Err()
}

// checkAmt returns m as NICEPAY's integer amount string, or records why it
// cannot be one.
func checkAmt(v *validate.Checker, m money.Money) string {
	if m.IsZero() {
		v.Fail("amt", "is required")
		return ""
	}
	if m.Currency != "IDR" {
		v.Fail("amt", "must be in IDR (got %q)", m.Currency)
		return ""
	}
	if err := m.Validate(); err != nil {
		v.Fail("amt", "%v", err)
		return ""
	}
	s, err := m.IntegerString()
	if err != nil {
		v.Fail("amt", "must be a whole rupiah amount: %v", err)
		return ""
	}
	if !m.Value.IsPositive() {
		v.Fail("amt", "must be greater than zero")
		return ""
	}
	if len(s) > maxAmtDigits {
		v.Fail("amt", "must be at most %d digits (got %d)", maxAmtDigits, len(s))
		return ""
	}
	return s
}

// Cancel cancels a transaction, or stops a recurring payment (POST
// /direct/v2/cancel under the base URL); the request is validated before
// anything is sent. A full cancel and a stop-recurring are idempotent (same
// tXid), so they are retried on transport errors and timeouts, HTTP 429,
// 502, 503 and 504, and the resultCds that ask to try again (1001–1004,
// 9507, 9002, 9302, 9303, 9308, 9309), at most 3 attempts by default; each
// retry resends the same bytes (same timeStamp and merchantToken). A
// partial cancel is sent once: twice could cancel twice.
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome (and whatever fields the answer had).
//
// Any other error is a *snap.Error: read snap.OutcomeOf(err). Failed means
// the cancel did not happen: a refusal NICEPAY documents (Refusals) or
// Config.ResultOutcomes makes Failed; RawCode is resultCd, Message is
// resultMsg, Body the raw answer. Pending means it may or may not have
// happened: no answer, a timeout, an unreadable or unproven answer
// (CancelProof), any other resultCd.
func (c *Client) Cancel(ctx context.Context, req *CancelRequest, opts ...snap.CallOption) (*CancelResponse, error) {
	body, err := c.body(req)
	if err != nil {
		return nil, err
	}
	return snap.Call[CancelResponse](ctx, c.core, &snap.Request{
		Path:       CancelPath,
		Body:       body,
		Idempotent: req.CancelType != CancelPartial,
		Interpret:  c.interpret,
		Proof:      CancelProof(),
	}, decodeCancel, opts...)
}

// CancelResponse is the answer to a cancel. Every field is kept as NICEPAY
// sent it (numeric fields are strings, as in NICEPAY's JSON) and Raw.Body
// holds the whole answer, unknown fields included.
type CancelResponse struct {
	// Result gives Raw, the answer as received (body, header, HTTP status,
	// attempts, duration), and Outcome. Cancel sets it; decoding with
	// UnmarshalJSON alone leaves Raw nil.
	snap.Result
	// TXID is tXid, the transaction id.
	TXID string `json:"tXid"`
	// ReferenceNo is referenceNo, the merchant's order number.
	ReferenceNo string `json:"referenceNo"`
	// ResultCd is resultCd: "0000" on success.
	ResultCd string `json:"resultCd"`
	// ResultMsg is resultMsg ("SUCCESS").
	ResultMsg string `json:"resultMsg"`
	// TransDt is transDt, the transaction date yyyyMMdd (Jakarta time).
	TransDt string `json:"transDt"`
	// TransTm is transTm, the transaction time HHmmss (Jakarta time).
	TransTm string `json:"transTm"`
	// Description is description.
	Description string `json:"description"`
	// Amt is amt, whole rupiah sent as an integer string ("1000"); zero
	// when absent or not an amount (Raw.Body keeps it as sent).
	Amt money.Money `json:"amt,omitzero"`
	// CancelTXID is canceltXid, the cancellation's own transaction id. The
	// DANA recurring page does not list it; NICEPAY's general v2 cancel page
	// does.
	CancelTXID string `json:"canceltXid,omitempty"`
}

// UnmarshalJSON reads an answer as Cancel does, leniently: a field sent as a
// JSON number instead of a string is kept as its digits, and a field of
// another type (or null) is left empty rather than failing the whole
// answer. It keeps r.Result.
func (r *CancelResponse) UnmarshalJSON(data []byte) error { return decodeCancel(data, r) }

// decodeCancel is nicepay's lenient reader, for Cancel and UnmarshalJSON
// alike: a field sent as a JSON number instead of a string is kept as its
// digits, and a field of another type (or null) is left empty rather than
// failing the whole answer. It keeps r.Result.
func decodeCancel(data []byte, r *CancelResponse) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return err
	}
	*r = CancelResponse{Result: r.Result}
	for key, dst := range map[string]*string{
		"tXid": &r.TXID, "referenceNo": &r.ReferenceNo, "resultCd": &r.ResultCd, "resultMsg": &r.ResultMsg,
		"transDt": &r.TransDt, "transTm": &r.TransTm, "description": &r.Description,
		"canceltXid": &r.CancelTXID,
	} {
		*dst = scalarString(fields[key])
	}
	if amt := scalarString(fields["amt"]); amt != "" {
		r.Amt, _ = money.New(amt, "IDR") // unreadable: left zero, as for any other field
	}
	return nil
}

// scalarString returns a JSON string's value or a JSON number's text; ""
// for anything else.
func scalarString(raw json.RawMessage) string {
	s, _ := jsonscan.Scalar(bytes.TrimSpace(raw))
	return s
}

// TransactionTime is transDt and transTm joined into one timestamp
// (yyyyMMddHHmmss, Jakarta time) for its Time method; empty unless they are
// 8 and 6 characters long.
func (r *CancelResponse) TransactionTime() snap.Timestamp {
	if len(r.TransDt) != 8 || len(r.TransTm) != 6 {
		return ""
	}
	return snap.Timestamp(r.TransDt + r.TransTm)
}

// NewTimestamp formats t as a request timeStamp: yyyyMMddHHmmss in Jakarta
// time (snap.CompactTimestampLayout), whatever the zone of t.
func NewTimestamp(t time.Time) snap.Timestamp {
	return snap.NewTimestamp(t, snap.CompactTimestampLayout)
}
