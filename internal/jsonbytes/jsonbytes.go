// Package jsonbytes produces the exact JSON bytes that the SDK hashes, signs and sends.
//
// SNAP signatures hash the request body. The bytes hashed must be the bytes on
// the wire, and receivers that re-minify with Jackson or JavaScript must arrive
// at the same bytes, so bodies are marshalled once, without HTML escaping and
// without the trailing newline that json.Encoder adds.
package jsonbytes

import (
	"bytes"
	"encoding/json"
	"errors"
)

// Marshal encodes v as JSON with HTML escaping off ('&', '<' and '>' stay
// literal) and no trailing newline. A nil v gives an empty body.
func Marshal(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	if raw, ok := v.(json.RawMessage); ok {
		return Minify(raw)
	}
	if raw, ok := v.([]byte); ok {
		return Minify(raw)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b := buf.Bytes()
	return b[:len(b)-1], nil // Encode always appends exactly one '\n'
}

// ErrInvalidJSON is returned by Minify for input that is not one valid JSON value.
var ErrInvalidJSON = errors.New("jsonbytes: invalid JSON")

// Minify removes insignificant whitespace (outside string values) from a JSON
// document. Key order, escapes and string contents are kept byte for byte.
// An empty or all-whitespace input gives an empty result.
func Minify(src []byte) ([]byte, error) {
	if len(bytes.TrimSpace(src)) == 0 {
		return []byte{}, nil
	}
	if !json.Valid(src) {
		return nil, ErrInvalidJSON
	}
	out := make([]byte, 0, len(src))
	inString := false
	escaped := false
	for _, c := range src {
		if inString {
			out = append(out, c)
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '"':
			inString = true
		}
		out = append(out, c)
	}
	return out, nil
}
