package snaptest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"unicode/utf8"

	"github.com/snapbi/snap/money"
)

// decodeBody reads a JSON object into v: a body that is not JSON is 400xx00
// Bad Request; a field of the wrong JSON type is 400xx01 naming it.
func decodeBody(body []byte, v any, service int) (reply, bool) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return snapFail(http.StatusBadRequest, service, 0, "Bad Request", "body is not a JSON object"), false
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return invalidField(service, te.Field, fmt.Sprintf("%s is a JSON %s, want %s", te.Field, te.Value, te.Type)), false
		}
		return snapFail(http.StatusBadRequest, service, 0, "Bad Request", "body cannot be parsed: "+err.Error()), false
	}
	return reply{}, true
}

// fieldProblem is the first body field found at fault.
type fieldProblem struct {
	field   string
	missing bool // 400xx02; otherwise malformed, 400xx01
	reason  string
}

// checker collects the first field at fault, in the order of the
// provider's table.
type checker struct{ p *fieldProblem }

func (c *checker) fail(field string, missing bool, format string, args ...any) {
	if c.p == nil {
		c.p = &fieldProblem{field: field, missing: missing, reason: fmt.Sprintf(format, args...)}
	}
}

// required: v must be present and at most max characters.
func (c *checker) required(field, v string, max int) {
	if v == "" {
		c.fail(field, true, "%s is missing", field)
		return
	}
	c.optional(field, v, max)
}

// optional: v, when present, must be at most max characters.
func (c *checker) optional(field, v string, max int) {
	if n := utf8.RuneCountInString(v); n > max {
		c.fail(field, false, "%s has %d characters, at most %d", field, n, max)
	}
}

// digits: v, when present, must be ASCII digits only.
func (c *checker) digits(field, v string) {
	if v != "" && !digitsOnly(v) {
		c.fail(field, false, "%s must contain digits only", field)
	}
}

// amount checks a money object and returns it. allowNumber accepts a JSON
// number as the value (PayerMax types it "number").
func (c *checker) amount(field string, a *wireAmount, required, allowNumber bool) (money.Money, bool) {
	if a == nil {
		if required {
			c.fail(field, true, "%s is missing", field)
		}
		return money.Money{}, false
	}
	v := bytes.TrimSpace(a.Value)
	var value string
	switch {
	case len(v) == 0 || string(v) == "null":
		c.fail(field+".value", true, "%s.value is missing", field)
		return money.Money{}, false
	case v[0] == '"':
		_ = json.Unmarshal(v, &value)
	case allowNumber:
		value = string(v)
		if !numberValue.MatchString(value) {
			c.fail(field+".value", false, "%s.value %s is not a plain amount", field, value)
			return money.Money{}, false
		}
	default:
		c.fail(field+".value", false, "%s.value is a JSON number, want a string like \"10000.00\"", field)
		return money.Money{}, false
	}
	if !allowNumber && !snapValue.MatchString(value) {
		c.fail(field+".value", false, "%s.value %q is not ISO 4217 16,2 with two decimals (\"10000.00\")", field, value)
		return money.Money{}, false
	}
	if a.Currency == "" {
		c.fail(field+".currency", true, "%s.currency is missing", field)
		return money.Money{}, false
	}
	m, err := money.New(value, a.Currency)
	if err != nil {
		c.fail(field, false, "%s: %v", field, err)
		return money.Money{}, false
	}
	return m, true
}

// result turns the first problem into a refusal.
func (c *checker) result(service int) (reply, bool) {
	if c.p == nil {
		return reply{}, true
	}
	if c.p.missing {
		return missingField(service, c.p.field, c.p.reason), false
	}
	return invalidField(service, c.p.field, c.p.reason), false
}

var (
	// snapValue is SNAP's amount string: up to 16 integer digits, two decimals.
	snapValue = regexp.MustCompile(`^(0|[1-9][0-9]{0,15})\.[0-9]{2}$`)
	// numberValue is an amount given as a JSON number or a string, decimals optional.
	numberValue = regexp.MustCompile(`^(0|[1-9][0-9]{0,15})(\.[0-9]{1,2})?$`)
)

// wireAmount is a money object as received; the value's JSON type is
// checked before it is read.
type wireAmount struct {
	Value    json.RawMessage `json:"value"`
	Currency string          `json:"currency"`
}

// answerAmount is a money object as the server sends it.
func answerAmount(m money.Money) *money.Money { return &m }
