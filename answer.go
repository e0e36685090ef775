package snap

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/snapbi/snap/internal/jsonscan"
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

	answer jsonscan.Object // the answer as read, for the proof to reuse
}

// Interpreter reads an answer's HTTP status and body into a Verdict. It
// decides what the code means; the proof of a success (Request.Proof) is
// checked by the client afterwards, the same way for every provider.
type Interpreter func(httpStatus int, body []byte) Verdict

// gatewayStatus reports HTTP statuses whose bodies come from proxies and
// gateways rather than from the provider's application.
func gatewayStatus(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusBadGateway ||
		status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}

// Unexpected builds the Pending verdict of an answer that cannot be read,
// with the default Pending action.
func Unexpected(httpStatus int, rawCode, reason string) Verdict {
	return unexpected(nil, httpStatus, rawCode, reason)
}

// unexpected is Unexpected with the action of the provider's table.
func unexpected(table responsecode.Table, httpStatus int, rawCode, reason string) Verdict {
	return Verdict{
		Outcome:   Pending,
		RawCode:   rawCode,
		Action:    table.PendingRule(responsecode.Unexpected).Action,
		Reason:    "unexpected answer: " + reason,
		Retryable: gatewayStatus(httpStatus),
	}
}

// InterpretSNAP reads a SNAP answer to a call of the given service (0: any)
// with the generic rules of SPEC §6, then the table's rules where it has the
// code. Every unexpected answer is Pending: an empty body, anything but one
// well-formed JSON object, a duplicated key (two responseCodes: which one
// would count?), a missing or malformed responseCode, a code whose HTTP part
// disagrees with the HTTP status, a code of another service, an undefined
// code, and, for a closed table, any code outside it.
func InterpretSNAP(service int, table responsecode.Table) Interpreter {
	return func(status int, body []byte) Verdict {
		return interpretSNAP(service, table, status, body)
	}
}

func interpretSNAP(service int, table responsecode.Table, status int, body []byte) Verdict {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return unexpected(table, status, "", fmt.Sprintf("empty body with HTTP %d", status))
	}
	obj, err := jsonscan.Parse(trimmed)
	if err != nil {
		return unexpected(table, status, "", fmt.Sprintf("body is not a well-formed JSON object (HTTP %d, %d bytes): %v", status, len(body), err))
	}
	rawMsg, _ := obj.Get("responseMessage")
	msg, _ := jsonscan.String(rawMsg) // a non-string message is left empty; Body keeps it
	raw, reason := responseCode(obj)
	if reason != "" {
		v := unexpected(table, status, raw, reason)
		v.Message = msg
		return v
	}
	v := readCode(service, table, status, raw)
	v.Message, v.answer = msg, obj
	return v
}

// readCode classifies a responseCode read from a well-formed answer.
func readCode(service int, table responsecode.Table, status int, raw string) Verdict {
	code, err := responsecode.Parse(raw)
	var reason string
	switch {
	case err != nil:
		reason = "malformed responseCode: " + err.Error()
	case code.HTTPStatus() != status:
		reason = fmt.Sprintf("HTTP status %d disagrees with responseCode %s", status, raw)
	case service != 0 && code.Service() != service:
		reason = fmt.Sprintf("responseCode %s is of service %02d (%s), not of the service called, %02d (%s)",
			raw, code.Service(), responsecode.ServiceName(code.Service()), service, responsecode.ServiceName(service))
	}
	if reason != "" {
		v := unexpected(table, status, raw, reason)
		v.Code = code
		return v
	}
	rule, listed := table.Classify(code)
	v := Verdict{
		Outcome:   rule.Outcome,
		Code:      code,
		RawCode:   raw,
		Action:    rule.Action,
		Retryable: responsecode.Retryable(code),
	}
	switch {
	case listed:
	case table.Closed():
		v.Reason = "unexpected answer: response code " + raw + " is not in the provider's table"
	case !code.Defined():
		v.Reason = "unexpected answer: undefined response code " + raw
	}
	return v
}

// responseCode returns the answer's responseCode as a string, or the reason
// it has none that can be read (then raw keeps what was there).
func responseCode(obj jsonscan.Object) (raw, reason string) {
	v, ok := obj.Get("responseCode")
	if !ok || jsonscan.Empty(v) {
		return "", "no responseCode"
	}
	s, ok := jsonscan.String(v)
	if !ok {
		return string(v), "responseCode is not a string"
	}
	return s, ""
}

// retryAfter reads a Retry-After header, given in seconds or as an HTTP
// date; 0 when absent, malformed or in the past.
func retryAfter(h http.Header, now time.Time) time.Duration {
	s := h.Get("Retry-After")
	if s == "" {
		return 0
	}
	if n, err := strconv.Atoi(s); err == nil {
		if n < 0 {
			return 0
		}
		return time.Duration(n) * time.Second
	}
	t, err := http.ParseTime(s)
	if err != nil || !t.After(now) {
		return 0
	}
	return t.Sub(now)
}
