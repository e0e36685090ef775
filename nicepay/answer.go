package nicepay

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/responsecode"
)

// ResultSuccess is the resultCd of a successful NICEPAY v2 answer.
const ResultSuccess = "0000"

// resultRule is what a non-success resultCd means for the money.
type resultRule struct {
	outcome   snap.Outcome
	retryable bool   // the core may resend an idempotent request at once
	why       string // shown in Error.Reason for a Pending code
}

// defaultResultRule classifies a non-"0000" resultCd. NICEPAY's error-code
// table (Common and Cancel sections) names a few codes whose result is not
// known to the merchant: communication failures between NICEPAY and the
// bank or e-wallet, "server is busy", and bookkeeping errors raised after
// the cancellation may already have reached the bank. Those are Pending;
// every other code is a definitive failure, as SPEC §7 says.
func defaultResultRule(code string) resultRule {
	switch code {
	case "1001", "1002", "1003", "1004", "9507": // connection, socket, server, timeout, HTTP timeout
		return resultRule{outcome: snap.Pending, retryable: true, why: "NICEPAY reports a connection or timeout error"}
	case "9002", "9302", "9303": // server is busy, try again
		return resultRule{outcome: snap.Pending, retryable: true, why: "NICEPAY reports it is busy"}
	case "9308", "9309": // database or bank connection error
		return resultRule{outcome: snap.Pending, retryable: true, why: "NICEPAY reports a database or bank connection error"}
	case "9304", "9305", "9306", "9310": // history or ledger update/registration error
		return resultRule{outcome: snap.Pending, why: "NICEPAY reports a bookkeeping error; the cancellation may have reached the bank"}
	case "9315": // cancel ledger duplicate registration: an earlier cancel exists
		return resultRule{outcome: snap.Pending, why: "NICEPAY already holds a cancellation of this transaction"}
	}
	return resultRule{outcome: snap.Failed}
}

// rule applies the client's overrides over the defaults.
func (c *Client) rule(code string) resultRule {
	if o, ok := c.outcomes[code]; ok {
		r := defaultResultRule(code)
		if r.outcome != o {
			r = resultRule{outcome: o, why: "configured in Config.ResultOutcomes"}
		}
		return r
	}
	return defaultResultRule(code)
}

// answer holds the two fields every NICEPAY v2 answer carries, kept raw so
// that a field of an unexpected JSON type does not hide the other.
type answer struct {
	ResultCd  json.RawMessage `json:"resultCd"`
	ResultMsg json.RawMessage `json:"resultMsg"`
}

// interpret is the snap.Interpreter of NICEPAY v2 answers:
//   - resultCd "0000" with a 2xx status: Success;
//   - another resultCd with a 2xx status: Failed, or Pending for the codes
//     of defaultResultRule and Config.ResultOutcomes;
//   - an empty, HTML or non-JSON body, a missing, empty or non-string
//     resultCd, or any non-2xx status: Pending (snap.Unexpected), the raw
//     answer kept by the core.
func (c *Client) interpret(status int, body []byte, _ bool) snap.Verdict {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return snap.Unexpected(status, "", fmt.Sprintf("empty body with HTTP %d", status))
	}
	var a answer
	if trimmed[0] != '{' || json.Unmarshal(trimmed, &a) != nil {
		return snap.Unexpected(status, "", fmt.Sprintf("body is not a JSON object (HTTP %d, %d bytes)", status, len(body)))
	}
	msg, _ := jsonString(a.ResultMsg)
	code, isString := jsonString(a.ResultCd)
	var v snap.Verdict
	switch {
	case len(a.ResultCd) == 0 || string(a.ResultCd) == "null":
		v = snap.Unexpected(status, "", "no resultCd")
	case !isString:
		v = snap.Unexpected(status, string(a.ResultCd), "resultCd is not a string")
	case code == "":
		v = snap.Unexpected(status, "", "empty resultCd")
	case status < 200 || status > 299:
		v = snap.Unexpected(status, code, fmt.Sprintf("HTTP status %d with resultCd %s", status, code))
	case code == ResultSuccess:
		v = snap.Verdict{Outcome: snap.Success, RawCode: code, Action: responsecode.Action(snap.Success)}
	default:
		r := c.rule(code)
		v = snap.Verdict{Outcome: r.outcome, RawCode: code, Action: responsecode.Action(r.outcome), Retryable: r.retryable}
		if r.outcome == snap.Pending {
			v.Reason = "resultCd " + code + ": " + r.why
		}
	}
	v.Message = msg
	return v
}

// jsonString decodes a JSON string; ok is false for anything else.
func jsonString(raw json.RawMessage) (s string, ok bool) {
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}
