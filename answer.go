package snap

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/snapbi/snap/responsecode"
)

// Verdict is how one answer is read: its code and what it means for the money.
type Verdict struct {
	// Outcome for the money.
	Outcome Outcome
	// Code is the parsed responseCode; zero when absent or malformed.
	Code responsecode.Code
	// RawCode is the code as received (responseCode, or a provider's own).
	RawCode string
	// Message is the provider's message.
	Message string
	// Action is the merchant action for this outcome.
	Action string
	// Reason explains an unexpected answer; "" for a well-formed one.
	Reason string
	// Retryable: the answer means "not processed, try again" or "unknown".
	Retryable bool
}

// Interpreter reads an answer. retry says whether this answer came to a
// retried attempt (a 409 there means an earlier attempt may have gone through).
type Interpreter func(httpStatus int, body []byte, retry bool) Verdict

// gatewayStatus reports HTTP statuses whose bodies come from proxies and
// gateways rather than from the provider's application.
func gatewayStatus(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusBadGateway ||
		status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}

// Unexpected builds the Pending verdict of an answer that cannot be read.
func Unexpected(httpStatus int, rawCode, reason string) Verdict {
	return Verdict{
		Outcome:   Pending,
		RawCode:   rawCode,
		Action:    responsecode.Action(Pending),
		Reason:    "unexpected answer: " + reason,
		Retryable: gatewayStatus(httpStatus),
	}
}

// snapAnswer holds the two fields every SNAP answer carries.
type snapAnswer struct {
	ResponseCode    json.RawMessage `json:"responseCode"`
	ResponseMessage json.RawMessage `json:"responseMessage"`
}

// InterpretSNAP reads a SNAP answer with the generic rules of SPEC §6, then
// table's rules where it has the code. Every unexpected answer — empty or
// non-JSON body, missing or malformed responseCode, a code whose HTTP part
// disagrees with the HTTP status, an undefined code — is Pending.
func InterpretSNAP(table responsecode.Table) Interpreter {
	return func(status int, body []byte, retry bool) Verdict {
		return interpretSNAP(table, status, body, retry)
	}
}

func interpretSNAP(table responsecode.Table, status int, body []byte, retry bool) Verdict {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return Unexpected(status, "", fmt.Sprintf("empty body with HTTP %d", status))
	}
	var a snapAnswer
	if trimmed[0] != '{' || json.Unmarshal(trimmed, &a) != nil {
		return Unexpected(status, "", fmt.Sprintf("body is not a JSON object (HTTP %d, %d bytes)", status, len(body)))
	}
	var msg string
	_ = json.Unmarshal(a.ResponseMessage, &msg) // a non-string message is left empty; Body keeps it
	if len(a.ResponseCode) == 0 || string(a.ResponseCode) == "null" {
		v := Unexpected(status, "", "no responseCode")
		v.Message = msg
		return v
	}
	var raw string
	if err := json.Unmarshal(a.ResponseCode, &raw); err != nil {
		raw = string(a.ResponseCode) // a number or another JSON type: kept for the record
		v := Unexpected(status, raw, "responseCode is not a string")
		v.Message = msg
		return v
	}
	code, err := responsecode.Parse(raw)
	if err != nil {
		v := Unexpected(status, raw, "malformed responseCode: "+err.Error())
		v.Message = msg
		return v
	}
	if code.HTTPStatus() != status {
		v := Unexpected(status, raw, fmt.Sprintf("HTTP status %d disagrees with responseCode %s", status, raw))
		v.Code, v.Message = code, msg
		return v
	}
	rule, _ := table.Classify(code, retry)
	v := Verdict{
		Outcome:   rule.Outcome,
		Code:      code,
		RawCode:   raw,
		Message:   msg,
		Action:    rule.Action,
		Retryable: responsecode.Retryable(code),
	}
	if v.Outcome == Pending && !code.Defined() {
		if _, inTable := table.Lookup(code); !inTable {
			v.Reason = "unexpected answer: undefined response code " + raw
		}
	}
	return v
}

// retryAfter reads a Retry-After header given in seconds.
func retryAfter(h http.Header) time.Duration {
	s := h.Get("Retry-After")
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}
