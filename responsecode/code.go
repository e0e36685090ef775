package responsecode

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// Code is a SNAP response code: HTTP status, service code and case code.
// The zero Code means "no code" (see [Code.IsZero]).
type Code struct {
	http, service, caseCode int
}

// ParseError is the error returned by [Parse] and [Code.UnmarshalText].
type ParseError struct {
	// Input is the text that was parsed (truncated when very long).
	Input string
	// Reason says what is wrong, e.g. "has 8 characters, want 7".
	Reason string
}

// Error returns e.g. `responsecode: "20054000" has 8 characters, want 7`.
func (e *ParseError) Error() string {
	return "responsecode: " + strconv.Quote(e.Input) + " " + e.Reason
}

const maxInput = 32

func parseError(s, reason string) *ParseError {
	if len(s) > maxInput {
		s = s[:maxInput] + "..."
	}
	return &ParseError{Input: s, Reason: reason}
}

// Parse reads a 7-digit response code such as "4045701". It returns a
// *ParseError, never panics, for a wrong length (the SNAP direct debit sample
// "20054000" has 8), a non-digit, or an HTTP part outside 100..599.
func Parse(s string) (Code, error) {
	if n := utf8.RuneCountInString(s); n != 7 || len(s) != 7 {
		return Code{}, parseError(s, fmt.Sprintf("has %d characters, want 7", n))
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return Code{}, parseError(s, fmt.Sprintf("has a non-digit at position %d, want 7 digits", i+1))
		}
	}
	num := func(t string) int { n, _ := strconv.Atoi(t); return n }
	c := Code{http: num(s[0:3]), service: num(s[3:5]), caseCode: num(s[5:7])}
	if c.http < 100 || c.http > 599 {
		return Code{}, parseError(s, fmt.Sprintf("has HTTP status %03d, want 100..599", c.http))
	}
	return c, nil
}

// New builds a Code from its parts, e.g. New(404, 57, 1) is "4045701". It
// does not check them: a part out of range (HTTP outside 100..599, service or
// case outside 0..99) gives a Code that is not [Code.Valid], which [Classify]
// treats as Pending.
func New(httpStatus, service, caseCode int) Code {
	return Code{http: httpStatus, service: service, caseCode: caseCode}
}

// HTTPStatus returns the first three digits, e.g. 404.
func (c Code) HTTPStatus() int { return c.http }

// Service returns the service code, the middle two digits, e.g. 57.
func (c Code) Service() int { return c.service }

// Case returns the case code, the last two digits, e.g. 1.
func (c Code) Case() int { return c.caseCode }

// String returns the 7-digit form, "4045701", or "" for the zero Code.
func (c Code) String() string {
	if c.IsZero() {
		return ""
	}
	return fmt.Sprintf("%03d%02d%02d", c.http, c.service, c.caseCode)
}

// IsZero reports whether c is the zero Code: no response code at all.
func (c Code) IsZero() bool { return c == Code{} }

// Valid reports whether c could have come from [Parse]: HTTP in 100..599,
// service and case in 0..99.
func (c Code) Valid() bool {
	return c.http >= 100 && c.http <= 599 &&
		c.service >= 0 && c.service <= 99 &&
		c.caseCode >= 0 && c.caseCode <= 99
}

// Defined reports whether the HTTP+case pair of c is in the generic SNAP
// case table ([Cases]), whatever the service code.
func (c Code) Defined() bool {
	_, ok := Lookup(c.http, c.caseCode)
	return ok && c.Valid()
}

// Message returns the generic response message of the HTTP+case pair, e.g.
// "Transaction Not Found" for "4045701", or "" when the pair is undefined.
func (c Code) Message() string {
	if !c.Valid() {
		return ""
	}
	k, _ := Lookup(c.http, c.caseCode)
	return k.Message
}

// MarshalText writes the 7-digit form; the zero Code is written as "".
func (c Code) MarshalText() ([]byte, error) {
	if c.IsZero() {
		return []byte{}, nil
	}
	if !c.Valid() {
		return nil, fmt.Errorf("responsecode: cannot marshal invalid code %d/%d/%d", c.http, c.service, c.caseCode)
	}
	return []byte(c.String()), nil
}

// UnmarshalText parses text with [Parse]; empty text gives the zero Code.
// Note that a response struct decoding responseCode into a Code fails as a
// whole on a malformed code; decode into a string and call Parse to treat a
// malformed code as Pending instead.
func (c *Code) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*c = Code{}
		return nil
	}
	p, err := Parse(string(text))
	if err != nil {
		return err
	}
	*c = p
	return nil
}
