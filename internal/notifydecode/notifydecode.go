// Package notifydecode decodes the verified body of a notification field by
// field, so that one malformed field neither hides the others nor makes an
// authentic notification unhandleable.
package notifydecode

import (
	"bytes"
	"encoding/json"
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
	for _, name := range mandatory {
		for _, fe := range bad {
			if fe.Field == name {
				fe.Mandatory = true
				return nil, fe
			}
		}
		if f, ok := field(out, name); ok && f.IsZero() {
			return nil, &snap.FieldError{Field: name, Mandatory: true, Err: snap.ErrFieldMissing}
		}
	}
	return bad, nil
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
