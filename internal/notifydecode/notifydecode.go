// Package notifydecode decodes the verified body of a notification, or a
// provider's answer, field by field, so that one malformed field neither
// hides the others nor makes an authentic notification unhandleable.
package notifydecode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/snapbi/snap"
)

// Decode decodes body into out, a pointer to a struct. A field that does
// not decode is left at its zero value and reported; the others decode as
// encoding/json would (names matched case-insensitively, surrounding spaces
// in a key ignored).
//
// The error is non-nil, and the notification is to be refused, when body is
// not a JSON object (it wraps snap.ErrNotificationParse) or when one of the
// mandatory fields (JSON names) is missing, empty or malformed (a
// *snap.FieldError with Mandatory set). Otherwise the malformed optional
// fields are returned, in key order.
func Decode(body []byte, out any, mandatory ...string) ([]*snap.FieldError, error) {
	t := bytes.TrimSpace(body)
	if len(t) == 0 || t[0] != '{' {
		return nil, fmt.Errorf("%w: not a JSON object (%d bytes)", snap.ErrNotificationParse, len(body))
	}
	if !bytes.Contains(t, []byte(`" `)) && !bytes.Contains(t, []byte(` ":`)) {
		// No key can carry a stray space: one plain decode, the common
		// case, without the map below (on a failure out is zeroed: no
		// half-made field is kept, and the field-by-field decoding starts
		// afresh).
		if json.Unmarshal(t, out) == nil {
			if err := checkMandatory(out, nil, mandatory); err != nil {
				return nil, err
			}
			return nil, nil
		}
		reflect.ValueOf(out).Elem().SetZero()
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(t, &fields); err != nil {
		return nil, fmt.Errorf("%w: %w", snap.ErrNotificationParse, err)
	}
	whole := t
	for k, v := range fields {
		if tk := strings.TrimSpace(k); tk != k {
			if _, dup := fields[tk]; !dup {
				delete(fields, k)
				fields[tk] = v
			}
			whole = nil
		}
	}
	if whole == nil {
		var err error
		if whole, err = json.Marshal(fields); err != nil {
			return nil, fmt.Errorf("%w: %w", snap.ErrNotificationParse, err)
		}
	}
	var bad []*snap.FieldError
	decoded := fresh(out)
	if json.Unmarshal(whole, decoded) == nil {
		reflect.ValueOf(out).Elem().Set(reflect.ValueOf(decoded).Elem())
	} else {
		keys := make([]string, 0, len(fields))
		for k := range fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			one, _ := json.Marshal(map[string]json.RawMessage{k: fields[k]})
			if err := json.Unmarshal(one, fresh(out)); err != nil {
				bad = append(bad, &snap.FieldError{Field: jsonName(out, k), Err: err})
				continue
			}
			_ = json.Unmarshal(one, out)
		}
	}
	if err := checkMandatory(out, bad, mandatory); err != nil {
		return nil, err
	}
	return bad, nil
}

// checkMandatory returns the error for the first mandatory field (a JSON
// name) that is malformed (in bad) or missing, empty or zero in out.
func checkMandatory(out any, bad []*snap.FieldError, mandatory []string) error {
	for _, name := range mandatory {
		for _, fe := range bad {
			if fe.Field == name {
				fe.Mandatory = true
				return fe
			}
		}
		if f, ok := field(out, name); ok && f.IsZero() {
			return &snap.FieldError{Field: name, Mandatory: true, Err: snap.ErrFieldMissing}
		}
	}
	return nil
}

// Answer decodes a provider's answer into out as Decode does, for
// snap.Call: an answer that is not a JSON object, or the first field that
// does not decode, is the error (a success must decode whole), the other
// fields being decoded all the same.
func Answer(body []byte, out any) error {
	bad, err := Decode(body, out)
	switch {
	case err != nil:
		return errors.New("the answer is not a JSON object")
	case len(bad) > 0:
		return fmt.Errorf("field %s: %w", bad[0].Field, bad[0].Err)
	}
	return nil
}

func fresh(out any) any { return reflect.New(reflect.TypeOf(out).Elem()).Interface() }

// tagName is the JSON name of a struct field, "" for one not in JSON.
func tagName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	if tag == "-" || !f.IsExported() {
		return ""
	}
	if name, _, _ := strings.Cut(tag, ","); name != "" {
		return name
	}
	return f.Name
}

// jsonName returns the struct's spelling of key (encoding/json matches
// names case-insensitively), or key itself.
func jsonName(out any, key string) string {
	t := reflect.TypeOf(out).Elem()
	for i := 0; i < t.NumField(); i++ {
		if n := tagName(t.Field(i)); n != "" && strings.EqualFold(n, key) {
			return n
		}
	}
	return key
}

// field returns the struct field whose JSON name is name.
func field(out any, name string) (reflect.Value, bool) {
	v := reflect.ValueOf(out).Elem()
	for i := 0; i < v.NumField(); i++ {
		if tagName(v.Type().Field(i)) == name {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}
