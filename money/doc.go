// Package money is the amount type of SNAP BI requests and responses.
//
// A [Money] is a non-negative decimal value with at most two decimal places
// and at most 16 integer digits, in a currency named by three upper-case
// letters (ISO 4217, "IDR" for the rupiah). It is carried by
// [github.com/shopspring/decimal], never by a float.
//
// On the wire SNAP writes an amount as an object whose value is a string with
// exactly two decimals:
//
//	{"value":"10000.00","currency":"IDR"}
//
// [Money.MarshalJSON] always writes that form and refuses an invalid Money, so
// a bad amount is caught before a request is signed and sent.
// [Money.UnmarshalJSON] is lenient only where providers differ: the value may
// be a JSON string ("10000.00", "10000", "10000.5") or a JSON number (10000,
// 10000.5; PayerMax sends numbers). Exponent forms, signs, NaN, infinities and
// a third decimal place are refused rather than rounded: an amount is never
// changed silently.
//
// The zero Money (no value, no currency) is not valid and does not marshal.
// For an optional amount use a *Money field with `json:",omitempty"` or a
// Money field with `json:",omitzero"` (which uses [Money.IsZero]).
//
// Every error from this package is a *[Error] that wraps one of the sentinel
// errors ([ErrSyntax], [ErrNegative], [ErrDecimals], [ErrDigits],
// [ErrCurrency], [ErrCurrencyMismatch], [ErrFraction], [ErrJSON]), so callers
// can test for a rule with [errors.Is].
package money
