// Package redact holds what the SDK's self-redacting types share: the
// placeholder they print and the fmt.Formatter body that prints it.
package redact

import (
	"fmt"
	"io"
	"strconv"
)

// Placeholder stands in for a secret wherever one would be printed.
const Placeholder = "<redacted>"

// Format writes s whatever the verb and flags (quoted for %q), so that a type
// implementing fmt.Formatter with it is never walked field by field: fmt
// prints unexported fields raw, without calling their own methods.
func Format(f fmt.State, verb rune, s string) {
	if verb == 'q' {
		s = strconv.Quote(s)
	}
	_, _ = io.WriteString(f, s)
}
