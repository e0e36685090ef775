// Package validate checks request fields before anything is sent. A Checker
// keeps the first failure as a *snap.ValidationError naming the field, the
// rule and the value's length — never the value itself, which may be personal.
package validate

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
)

// Checker collects the first rule broken. The zero value is ready to use.
type Checker struct {
	err *snap.ValidationError
}

// Fail records a failure unless one is already recorded.
func (c *Checker) Fail(field, format string, args ...any) {
	if c.err == nil {
		c.err = &snap.ValidationError{Field: field, Reason: fmt.Sprintf(format, args...)}
	}
}

// NilRequest is the error for a nil request: nothing can be sent.
func NilRequest() error { return &snap.ValidationError{Field: "request", Reason: "is nil"} }

// Err returns the first failure, or nil.
func (c *Checker) Err() error {
	if c.err == nil {
		return nil
	}
	return c.err
}

// Required: v must not be empty or whitespace only. A provider reads
// "   " as no value ("Invalid Mandatory Field"), so a reason of spaces is as
// missing as an empty one.
func (c *Checker) Required(field, v string) {
	switch {
	case v == "":
		c.Fail(field, "is required")
	case strings.TrimSpace(v) == "":
		c.Fail(field, "is required (got %d characters of whitespace only)", utf8.RuneCountInString(v))
	}
}

// MaxLen: v must be at most n characters.
func (c *Checker) MaxLen(field, v string, n int) {
	if l := utf8.RuneCountInString(v); l > n {
		c.Fail(field, "must be at most %d characters (got %d)", n, l)
	}
}

// RequiredMaxLen: v is required and at most n characters.
func (c *Checker) RequiredMaxLen(field, v string, n int) {
	c.Required(field, v)
	c.MaxLen(field, v, n)
}

// ExactLen: v, when given, must be exactly n characters.
func (c *Checker) ExactLen(field, v string, n int) {
	if l := utf8.RuneCountInString(v); v != "" && l != n {
		c.Fail(field, "must be exactly %d characters (got %d)", n, l)
	}
}

// Digits: v, when given, must be ASCII digits only.
func (c *Checker) Digits(field, v string) {
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			c.Fail(field, "must contain digits only (got %d characters with a non-digit at position %d)", utf8.RuneCountInString(v), i+1)
			return
		}
	}
}

// Alphanumeric: v, when given, must be ASCII letters and digits only.
func (c *Checker) Alphanumeric(field, v string) {
	for i := 0; i < len(v); i++ {
		b := v[i]
		if !('0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z') {
			c.Fail(field, "must contain letters and digits only (non-alphanumeric at position %d)", i+1)
			return
		}
	}
}

// OneOf: v, when given, must be one of allowed.
func (c *Checker) OneOf(field, v string, allowed ...string) {
	if v == "" {
		return
	}
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	c.Fail(field, "must be one of %q (got %d characters)", allowed, utf8.RuneCountInString(v))
}

// Money: m must be a valid amount (see money.Money.Validate).
func (c *Checker) Money(field string, m money.Money) {
	if err := m.Validate(); err != nil {
		c.Fail(field, "%v", err)
	}
}

// PositiveMoney: m must be a valid amount greater than zero — for the
// operations that move money (refund, void, cancel of an amount), where
// 0.00 would move nothing and providers answer 404xx13 Invalid Amount.
func (c *Checker) PositiveMoney(field string, m money.Money) {
	if err := m.Validate(); err != nil {
		c.Fail(field, "%v", err)
		return
	}
	if !m.Value.IsPositive() {
		c.Fail(field, "must be greater than zero (got %s)", m.Value.StringFixed(2))
	}
}

// OptionalPositiveMoney: m, when set (not the zero Money), must be valid
// and greater than zero.
func (c *Checker) OptionalPositiveMoney(field string, m money.Money) {
	c.optionalMoney(field, m, c.PositiveMoney)
}

// RequiredPositiveMoney: m must be set, valid and greater than zero.
func (c *Checker) RequiredPositiveMoney(field string, m money.Money) {
	c.requiredMoney(field, m, c.PositiveMoney)
}

// Time: v, when given, must be a real time in layout (Digits checks only
// the characters; "20179999999999" has 14 digits and is no time).
func (c *Checker) Time(field, v, layout string) {
	if v == "" {
		return
	}
	if t, err := time.Parse(layout, v); err != nil || t.Format(layout) != v {
		c.Fail(field, "must be a real time in the layout %s (got %d characters)", layout, utf8.RuneCountInString(v))
	}
}

// OptionalMoney: m, when set (not the zero Money), must be valid.
func (c *Checker) OptionalMoney(field string, m money.Money) {
	c.optionalMoney(field, m, c.Money)
}

// RequiredMoney: m must be set and valid.
func (c *Checker) RequiredMoney(field string, m money.Money) {
	c.requiredMoney(field, m, c.Money)
}

// optionalMoney runs check on m unless m is unset (the zero Money): the one
// meaning of "optional" for every money rule.
func (c *Checker) optionalMoney(field string, m money.Money, check func(string, money.Money)) {
	if !m.IsZero() {
		check(field, m)
	}
}

// requiredMoney refuses an unset m, else runs check on it.
func (c *Checker) requiredMoney(field string, m money.Money, check func(string, money.Money)) {
	if m.IsZero() {
		c.Fail(field, "is required")
		return
	}
	check(field, m)
}
