package nicepay

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/jsonscan"
	"github.com/snapbi/snap/responsecode"
)

// ResultSuccess is the resultCd of a successful NICEPAY v2 answer.
const ResultSuccess = "0000"

// Refusals are the resultCd values NICEPAY's published v2 error table
// (docs.nicepay.co.id, "Error Code", the Common and Cancel sections, and the
// merchant-token and MID rows every v2 call can meet) documents as a
// request refused: the cancellation did not happen. Every other code —
// undocumented, malformed, or documented as a connection, busy, database,
// ledger or duplicate-registration error — leaves the result unknown and is
// Pending. It is a fresh copy, for inspection: Cancel always reads
// NICEPAY's table, and Config.ResultOutcomes is what changes an outcome.
func Refusals() map[string]string {
	return map[string]string{
		"9010": "Invalid Merchant Token",
		"9011": "Invalid MID, Merchant is not registered",
		"9501": "Invalid transaction number",
		"9502": "Transaction not allowed",
		"9503": "It has been stopped or terminated in its stores",
		"9504": "No offus information",
		"9505": "No bank information",
		"9506": "No Merchant Paymethod information",
		"8063": "The MID error during the full cancel",
		"8064": "The tXID error during the full cancel",
		"8065": "The MID error during the partial cancel",
		"8066": "The tXID error during the partial cancel",
		"8067": "The amount error during the partial cancel",
		"9301": "Invalid Cancel Type",
		"9312": "No cancellation amount or cancellation amount includes the letter",
		"9313": "Partial cancellation is only possible mandiri",
		"9314": "Can not cancel your request transaction number",
		"9317": "Bank Mandiri is available once a partial canceled",
		"9318": "Virtual account can not request to cancel",
		"9319": "The amount you entered is larger than the amount you want to cancel",
		"9320": "Can not cancel the entire data already partially canceled",
		"9321": "Please fill in the requested amount greater than zero",
		"9326": "It can not be canceled after purchase",
		"9327": "It can not be partial cancelation before purchase",
		"9328": "The information can not be canceled (Void Risk Check)",
		"9329": "The information can not be partial cancelation (Void Risk Check)",
		"9330": "Virtual account deposit has been completed can not be canceled",
		"9331": "The merchant can not be canceled",
		"9332": "The merchant can not be partial cancellation",
		"9333": "The merchant can not be cancellation (Debt cancellation prevent restrictions)",
		"9334": "Cancellation period exceeds (limit 90 days)",
	}
}

// tryAgain are the Pending codes whose text asks to try again (connection,
// socket, server, timeout errors; "server is busy"; database and bank
// connection errors): an idempotent cancel is resent for them.
var tryAgain = map[string]bool{
	"1001": true, "1002": true, "1003": true, "1004": true, "9507": true,
	"9002": true, "9302": true, "9303": true, "9308": true, "9309": true,
}

// CancelProof is what a "0000" answer to a cancel must show: the seed's
// response table fills tXid and amt "When Success", and they must be the
// request's — the transaction and the amount cancelled.
func CancelProof() *snap.Proof {
	return &snap.Proof{Mandatory: []string{"tXid", "amt"}, Echoed: []string{"tXid", "amt"}}
}

// interpret reads a NICEPAY v2 answer: "0000" on HTTP 200 is a success
// (still to be proven by CancelProof), a documented refusal on HTTP 200 is
// Failed, and everything else is Pending — an undocumented or malformed
// code, a duplicated resultCd, another HTTP status, a body that is not one
// JSON object.
func (c *Client) interpret(status int, body []byte) snap.Verdict {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return snap.Unexpected(status, "", fmt.Sprintf("empty body with HTTP %d", status))
	}
	obj, err := jsonscan.Parse(trimmed)
	if err != nil {
		return snap.Unexpected(status, "", fmt.Sprintf("body is not a well-formed JSON object (HTTP %d, %d bytes): %v", status, len(body), err))
	}
	rawMsg, _ := obj.Get("resultMsg")
	msg, _ := jsonscan.String(rawMsg)
	rawCode, _ := obj.Get("resultCd")
	code, isString := jsonscan.String(rawCode)
	var v snap.Verdict
	switch {
	case jsonscan.Empty(rawCode):
		v = snap.Unexpected(status, "", "no resultCd")
	case !isString:
		v = snap.Unexpected(status, string(rawCode), "resultCd is not a string")
	case status != http.StatusOK:
		v = snap.Unexpected(status, code, fmt.Sprintf("HTTP status %d with resultCd %s (NICEPAY answers 200)", status, code))
	case code == ResultSuccess:
		v = snap.Verdict{Outcome: snap.Success, RawCode: code, Action: responsecode.Action(snap.Success)}
	default:
		v = c.classify(code)
	}
	v.Message = msg
	return v
}

// classify reads a resultCd other than "0000" on HTTP 200.
func (c *Client) classify(code string) snap.Verdict {
	o, reason := snap.Pending, "resultCd "+code+" is not one NICEPAY documents as a refusal; the result is unknown"
	if _, refused := c.refusals[code]; refused {
		o, reason = snap.Failed, ""
	}
	if override, ok := c.outcomes[code]; ok && override != o {
		o, reason = override, ""
		if o == snap.Pending {
			reason = "resultCd " + code + ": Pending as configured in Config.ResultOutcomes"
		}
	}
	return snap.Verdict{
		Outcome: o, RawCode: code, Action: responsecode.Action(o), Reason: reason,
		Retryable: o == snap.Pending && tryAgain[code],
	}
}
