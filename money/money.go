package money

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// MaxIntegerDigits is the largest number of digits before the decimal point
// that a valid Money may have (SNAP's value field is ISO 4217 16.2).
const MaxIntegerDigits = 16

// MaxDecimalPlaces is the largest number of digits after the decimal point
// that a valid Money may have.
const MaxDecimalPlaces = 2

// The rules a Money must satisfy. Every error of this package wraps exactly
// one of them, inside an *Error.
var (
	// ErrSyntax reports a value that is not a plain decimal number: empty,
	// garbage, NaN, an infinity, an exponent form like "1e5", a leading "+"
	// or ".", a trailing ".".
	ErrSyntax = errors.New("value is not a plain decimal number")
	// ErrNegative reports a negative value, or a subtraction whose result
	// would be negative.
	ErrNegative = errors.New("value is negative")
	// ErrDecimals reports a value with more than two decimal places.
	ErrDecimals = errors.New("value has more than 2 decimal places")
	// ErrDigits reports a value with more than 16 integer digits.
	ErrDigits = errors.New("value has more than 16 integer digits")
	// ErrCurrency reports a currency that is not exactly three upper-case
	// ASCII letters.
	ErrCurrency = errors.New("currency is not 3 upper-case ASCII letters")
	// ErrCurrencyMismatch reports arithmetic or a comparison between two
	// different currencies.
	ErrCurrencyMismatch = errors.New("currencies differ")
	// ErrFraction reports an amount with a non-zero fractional part where a
	// whole amount is needed (see [Money.IntegerString]).
	ErrFraction = errors.New("value has a non-zero fractional part")
	// ErrJSON reports JSON that is not a money object: not an object, a
	// missing value, a value or currency of the wrong JSON type.
	ErrJSON = errors.New("malformed money JSON")
)

// Error is the error type of this package. Err is one of the sentinel
// errors (ErrSyntax, ErrNegative, ...) and Detail shows the offending input;
// amounts are not secrets, so the detail includes them.
type Error struct {
	// Err is the rule that was broken: one of the package's sentinel errors.
	Err error
	// Detail is the offending input, already quoted, or "" when there is none.
	Detail string
}

// Error returns e.g. `money: value has more than 2 decimal places ("10.123")`.
func (e *Error) Error() string {
	if e.Detail == "" {
		return "money: " + e.Err.Error()
	}
	return "money: " + e.Err.Error() + " (" + e.Detail + ")"
}

// Unwrap returns the broken rule, so errors.Is(err, money.ErrDecimals) works.
func (e *Error) Unwrap() error { return e.Err }

// maxDetail bounds the length of the input shown in an error message.
const maxDetail = 40

func newError(rule error, input string) *Error {
	if len(input) > maxDetail {
		input = input[:maxDetail] + "..."
	}
	return &Error{Err: rule, Detail: strconv.Quote(input)}
}

// Money is an amount in a currency. The zero Money is not valid (it has no
// currency); build one with [New], [IDR] or [MustNew], or check a literal
// with [Money.Validate].
type Money struct {
	// Value is the amount: non-negative, at most 2 decimal places and at most
	// 16 integer digits.
	Value decimal.Decimal
	// Currency is the ISO 4217 code: exactly three upper-case ASCII letters.
	Currency string
}

// plain is the syntax of a value accepted from a string or a JSON number:
// digits with an optional fraction. Signs and exponents are not plain.
var plain = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// parseValue parses a plain decimal value, enforcing every value rule on
// the text itself, so that nothing is rounded.
func parseValue(s string) (decimal.Decimal, error) {
	if strings.HasPrefix(s, "-") && plain.MatchString(s[1:]) {
		return decimal.Decimal{}, newError(ErrNegative, s)
	}
	if !plain.MatchString(s) {
		return decimal.Decimal{}, newError(ErrSyntax, s)
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if len(frac) > MaxDecimalPlaces {
		return decimal.Decimal{}, newError(ErrDecimals, s)
	}
	if len(strings.TrimLeft(intPart, "0")) > MaxIntegerDigits {
		return decimal.Decimal{}, newError(ErrDigits, s)
	}
	d, err := decimal.NewFromString(s)
	if err != nil { // unreachable after the checks above; kept as a guard
		return decimal.Decimal{}, newError(ErrSyntax, s)
	}
	return d, nil
}

// New parses value, which must match ^\d+(\.\d{1,2})?$ ("10000", "10000.5",
// "10000.00"), and checks currency. It never rounds: "10.123" is an error.
func New(value, currency string) (Money, error) {
	d, err := parseValue(value)
	if err != nil {
		return Money{}, err
	}
	m := Money{Value: d, Currency: currency}
	if err := m.Validate(); err != nil {
		return Money{}, err
	}
	return m, nil
}

// MustNew is like [New] but panics if value or currency is invalid. It is
// meant for tests, examples and constants; use [New] for input.
func MustNew(value, currency string) Money {
	m, err := New(value, currency)
	if err != nil {
		panic(err)
	}
	return m
}

// IDR returns an amount of whole rupiah. It never panics: a negative amount
// or one with more than 16 digits gives a Money that fails [Money.Validate]
// (and so cannot be marshalled).
func IDR(units int64) Money {
	return Money{Value: decimal.NewFromInt(units), Currency: "IDR"}
}

// Validate reports the first rule m breaks, as an *Error, or nil: the value
// must not be negative, must have at most 2 decimal places and at most 16
// integer digits, and the currency must be exactly three upper-case ASCII
// letters.
func (m Money) Validate() error {
	if err := validateCurrency(m.Currency); err != nil {
		return err
	}
	return validateValue(m.Value)
}

func validateCurrency(c string) error {
	if len(c) != 3 {
		return newError(ErrCurrency, c)
	}
	for i := 0; i < len(c); i++ {
		if c[i] < 'A' || c[i] > 'Z' {
			return newError(ErrCurrency, c)
		}
	}
	return nil
}

var maxExclusive = decimal.New(1, MaxIntegerDigits) // 10^16

func validateValue(v decimal.Decimal) error {
	if v.Sign() < 0 {
		return newError(ErrNegative, v.String())
	}
	if !v.Equal(v.Truncate(MaxDecimalPlaces)) {
		return newError(ErrDecimals, v.String())
	}
	if v.Cmp(maxExclusive) >= 0 {
		return newError(ErrDigits, v.String())
	}
	return nil
}

// ValueString returns the value with exactly two decimals, "10000.00", as
// SNAP sends it. It is exact for a valid Money.
func (m Money) ValueString() string {
	return m.Value.StringFixed(MaxDecimalPlaces)
}

// String returns the currency and the value, "IDR 10000.00", for logs and
// messages.
func (m Money) String() string {
	return m.Currency + " " + m.ValueString()
}

// IsZero reports whether m is the zero Money: no currency and a zero value.
// It makes `json:",omitzero"` leave out an unset amount. A valid amount of
// nothing, IDR 0.00, is not the zero Money; test it with m.Value.IsZero().
func (m Money) IsZero() bool {
	return m.Currency == "" && m.Value.IsZero()
}

// IntegerString returns the value without decimals, "10000", as NICEPAY's
// integer amount fields want it. It fails if m is invalid or the value has a
// non-zero fractional part ("10000.50"): the amount is never truncated.
func (m Money) IntegerString() (string, error) {
	if err := m.Validate(); err != nil {
		return "", err
	}
	if !m.Value.Equal(m.Value.Truncate(0)) {
		return "", newError(ErrFraction, m.ValueString())
	}
	return m.Value.Truncate(0).String(), nil
}

func (m Money) sameCurrency(o Money) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if err := o.Validate(); err != nil {
		return err
	}
	if m.Currency != o.Currency {
		return &Error{Err: ErrCurrencyMismatch, Detail: strconv.Quote(m.Currency) + " vs " + strconv.Quote(o.Currency)}
	}
	return nil
}

// Add returns m + o. It fails if either is invalid, the currencies differ,
// or the sum has more than 16 integer digits.
func (m Money) Add(o Money) (Money, error) { return m.combine(o, decimal.Decimal.Add) }

// Sub returns m - o. It fails if either is invalid, the currencies differ,
// or the result would be negative.
func (m Money) Sub(o Money) (Money, error) { return m.combine(o, decimal.Decimal.Sub) }

// combine is op(m, o) in their currency, held to every rule of an amount:
// the arithmetic of Add and Sub.
func (m Money) combine(o Money, op func(decimal.Decimal, decimal.Decimal) decimal.Decimal) (Money, error) {
	if err := m.sameCurrency(o); err != nil {
		return Money{}, err
	}
	r := Money{Value: op(m.Value, o.Value), Currency: m.Currency}
	if err := r.Validate(); err != nil {
		return Money{}, err
	}
	return r, nil
}

// Cmp compares two amounts of the same currency: -1 if m < o, 0 if equal,
// +1 if m > o. It fails if either is invalid or the currencies differ.
func (m Money) Cmp(o Money) (int, error) {
	if err := m.sameCurrency(o); err != nil {
		return 0, err
	}
	return m.Value.Cmp(o.Value), nil
}

// Equal reports whether m and o have the same currency and numerically equal
// values ("10000" equals "10000.00").
func (m Money) Equal(o Money) bool {
	return m.Currency == o.Currency && m.Value.Equal(o.Value)
}

// MarshalJSON writes {"value":"10000.00","currency":"IDR"}: value first,
// always a string with exactly two decimals. It fails for an invalid Money,
// including the zero Money. The output contains no character that an
// encoder escapes, so it is the same with or without SetEscapeHTML(false).
func (m Money) MarshalJSON() ([]byte, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	b := make([]byte, 0, 48)
	b = append(b, `{"value":"`...)
	b = append(b, m.ValueString()...)
	b = append(b, `","currency":"`...)
	b = append(b, m.Currency...)
	b = append(b, `"}`...)
	return b, nil
}

// UnmarshalJSON reads a money object. The value may be a JSON string
// ("10000.00", "10000", "10000.5") or a JSON number (10000, 10000.5);
// anything else, an exponent, a sign or a third decimal place is an error,
// as is an invalid currency. Unknown keys are ignored. JSON null leaves m
// unchanged, as encoding/json does for other types. On error m is unchanged.
func (m *Money) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if string(data) == "null" {
		return nil
	}
	if len(data) == 0 || data[0] != '{' {
		return newError(ErrJSON, "not an object: "+string(data))
	}
	var raw struct {
		Value    json.RawMessage `json:"value"`
		Currency json.RawMessage `json:"currency"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return &Error{Err: ErrJSON, Detail: err.Error()}
	}
	var value string
	switch v := bytes.TrimSpace(raw.Value); {
	case len(v) == 0 || string(v) == "null":
		return &Error{Err: ErrJSON, Detail: "value is missing"}
	case v[0] == '"':
		if err := json.Unmarshal(v, &value); err != nil {
			return &Error{Err: ErrJSON, Detail: err.Error()}
		}
	case v[0] == '-' || (v[0] >= '0' && v[0] <= '9'):
		value = string(v) // a JSON number, already valid JSON
	default:
		return newError(ErrJSON, "value is not a string or a number: "+string(v))
	}
	var currency string
	switch c := bytes.TrimSpace(raw.Currency); {
	case len(c) == 0 || string(c) == "null":
		return &Error{Err: ErrJSON, Detail: "currency is missing"}
	case c[0] == '"':
		if err := json.Unmarshal(c, &currency); err != nil {
			return &Error{Err: ErrJSON, Detail: err.Error()}
		}
	default:
		return newError(ErrJSON, "currency is not a string: "+string(c))
	}
	parsed, err := New(value, currency)
	if err != nil {
		return err
	}
	*m = parsed
	return nil
}
