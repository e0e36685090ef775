package snap

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/snapbi/snap/internal/jsonscan"
	"github.com/snapbi/snap/money"
)

// Proof is what a success answer of one operation must show beyond its
// code before the client calls it a Success (SPEC §6): the fields the
// provider's page marks mandatory in the success answer, the references it
// echoes from the request, and the state fields that must agree with the
// operation. Provider packages declare it as data, from their page's
// response table; the client checks it the same way for every provider. A
// success code whose answer fails the proof is Pending, with Error.Reason
// naming the rule and the field, and the raw answer kept.
//
// Field names are dotted paths into the JSON ("additionalInfo.amount"),
// matched the way the decoders match keys (case-insensitively).
type Proof struct {
	// Mandatory fields must be present, not null and not "".
	Mandatory []string
	// Echoed fields, when both the request and the answer carry them, must
	// be equal: strings and numbers by their text, amounts
	// ({"value","currency"}) by value and currency.
	Echoed []string
	// States are state fields that must agree with the operation.
	States []State
}

// State restricts one state field of a success answer: when present, its
// value must be one that confirms the operation (a cancel's answer reporting
// the transaction paid does not confirm the cancel).
type State struct {
	// Field is the dotted path of the state field.
	Field string
	// Confirms lists the values that confirm the operation.
	Confirms []string
}

// check returns "" when the answer ans proves the success of the request
// req (nil when the request is not a JSON object), or the reason it does not.
func (p *Proof) check(req, ans jsonscan.Object) string {
	for _, f := range p.Mandatory {
		if v, _ := ans.Lookup(f); jsonscan.Empty(v) {
			return "mandatory field " + f + " is missing"
		}
	}
	if req != nil {
		for _, f := range p.Echoed {
			if reason := echoed(f, req, ans); reason != "" {
				return reason
			}
		}
	}
	for _, s := range p.States {
		v, ok := ans.Lookup(s.Field)
		if !ok {
			continue // absent: Mandatory says whether it must be there
		}
		got, _ := jsonscan.Scalar(v)
		if !slices.Contains(s.Confirms, got) {
			return fmt.Sprintf("%s is %s, which does not confirm the operation (want %s)",
				s.Field, v, strings.Join(s.Confirms, " or "))
		}
	}
	return ""
}

// echoed compares field f of the request and the answer.
func echoed(f string, req, ans jsonscan.Object) string {
	want, ok := req.Lookup(f)
	if !ok || jsonscan.Empty(want) {
		return ""
	}
	got, ok := ans.Lookup(f)
	if !ok || jsonscan.Empty(got) {
		return ""
	}
	if !sameValue(want, got) {
		return fmt.Sprintf("%s echoed as %s, but the request sent %s", f, truncate(got), truncate(want))
	}
	return ""
}

// sameValue compares two raw JSON values: scalars by text, amounts by value
// and currency, anything else byte for byte.
func sameValue(a, b []byte) bool {
	if bytes.Equal(a, b) {
		return true // the usual echo: the same bytes
	}
	if sa, ok := jsonscan.Scalar(a); ok {
		sb, ok := jsonscan.Scalar(b)
		return ok && sa == sb
	}
	var ma, mb money.Money // amounts: money's own reader (value as a string or a number)
	if json.Unmarshal(a, &ma) == nil && !ma.IsZero() && json.Unmarshal(b, &mb) == nil && !mb.IsZero() {
		return ma.Equal(mb)
	}
	return false // not the same bytes, and not amounts that are equal
}

func truncate(raw []byte) string {
	const max = 80
	if len(raw) > max {
		return string(raw[:max]) + "..."
	}
	return string(raw)
}
