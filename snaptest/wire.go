package snaptest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/snapbi/snap/money"
)

// decodeBody reads a JSON object into v strictly, as a provider whose
// parser binds exact names does: a body that is not JSON is 400xx00 Bad
// Request; a top-level key that is not one of v's JSON names, spelled
// exactly (encoding/json would match "OriginalPartnerReferenceNo" to
// originalPartnerReferenceNo, and ignore "originalpartnerReferenceNo"), or a
// key sent twice, is 400xx01 naming it, and so is a field of the wrong JSON
// type. extra names keys the profile accepts beyond v's, unread.
func decodeBody(body []byte, v any, service int, extra ...string) (reply, bool) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed) {
		return snapFail(http.StatusBadRequest, service, 0, "Bad Request", "body is not a JSON object"), false
	}
	if key, twice, ok := unknownKey(trimmed, v, extra); !ok {
		reason := fmt.Sprintf("%q is not a field of this request (names are case-sensitive)", key)
		if twice {
			reason = fmt.Sprintf("%q appears more than once", key)
		}
		return invalidField(service, key, reason), false
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		var ke *keyError
		if errors.As(err, &ke) {
			return invalidField(service, ke.field, ke.reason), false
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return invalidField(service, te.Field, fmt.Sprintf("%s is a JSON %s, want %s", te.Field, te.Value, te.Type)), false
		}
		return snapFail(http.StatusBadRequest, service, 0, "Bad Request", "body cannot be parsed: "+err.Error()), false
	}
	return reply{}, true
}

// unknownKey returns the first top-level key of the JSON object body that
// is neither a JSON name of v's struct type nor in extra, or one that
// appears twice. body must be valid JSON.
func unknownKey(body []byte, v any, extra []string) (key string, twice, ok bool) {
	known := map[string]bool{}
	jsonNames(reflect.TypeOf(v), known)
	for _, e := range extra {
		known[e] = true
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if _, err := dec.Token(); err != nil { // {
		return "", false, true
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", false, true
		}
		k, _ := tok.(string)
		if !known[k] {
			return k, false, false
		}
		if seen[k] {
			return k, true, false
		}
		seen[k] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return "", false, true
		}
	}
	return "", false, true
}

// jsonNames adds the JSON names of struct type t (through pointers and
// untagged embedded structs) to names.
func jsonNames(t reflect.Type, names map[string]bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		switch {
		case name == "-":
		case f.Anonymous && name == "":
			jsonNames(f.Type, names)
		case !f.IsExported():
		case name == "":
			names[f.Name] = true
		default:
			names[name] = true
		}
	}
}

// jsonNamesOf lists the JSON names of v's struct type.
func jsonNamesOf(v any) []string {
	names := map[string]bool{}
	jsonNames(reflect.TypeOf(v), names)
	out := make([]string, 0, len(names))
	for n := range names {
		out = append(out, n)
	}
	return out
}

// keyError is a nested object's key that is not one of its names.
type keyError struct{ field, reason string }

func (e *keyError) Error() string { return e.reason }

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

// required: v must be present — whitespace only is missing, as a
// provider trimming its input reads it — and at most max characters.
func (c *checker) required(field, v string, max int) {
	if strings.TrimSpace(v) == "" {
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
// checked before it is read, and its keys are exactly value and currency
// (the cancel table's "Value"/"Currency" are not its sample's keys).
type wireAmount struct {
	Value    json.RawMessage `json:"value"`
	Currency string          `json:"currency"`
}

// UnmarshalJSON reads the amount strictly: another key is a keyError.
func (a *wireAmount) UnmarshalJSON(data []byte) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return err
	}
	for k := range fields {
		if k != "value" && k != "currency" {
			return &keyError{field: k, reason: fmt.Sprintf("%q is not a field of an amount (value, currency)", k)}
		}
	}
	type plain wireAmount
	return json.Unmarshal(data, (*plain)(a))
}

// answerAmount is a money object as the server sends it.
func answerAmount(m money.Money) *money.Money { return &m }
