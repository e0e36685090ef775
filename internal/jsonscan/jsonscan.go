// Package jsonscan reads provider answers strictly: one JSON object, valid
// throughout, and no key twice at any depth. encoding/json lets the last of
// two equal keys win (and matches keys case-insensitively), so a body that
// says "2005700" and then "4045701" decodes as whichever came last; the
// outcome rule must refuse such a body rather than guess.
//
// Keys are compared the way the SDK's decoders match them: encoding/json's
// case folding, after trimming surrounding spaces (the direct-debit refund
// sample's " refundNo" is read as refundNo).
package jsonscan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxDepth bounds nesting, as encoding/json does, so a hostile body cannot
// exhaust the stack.
const MaxDepth = 1000

// Member is one key of an object with its raw value.
type Member struct {
	// RawKey is the key as sent, quotes and escapes included.
	RawKey []byte
	// Value is the raw JSON value, without surrounding whitespace.
	Value []byte
}

// Key returns the key unescaped.
func (m Member) Key() string {
	k, _ := String(m.RawKey)
	return k
}

// Object is the members of one JSON object, in the order sent.
type Object []Member

// Parse reads data as a single JSON object. It returns an error for invalid
// JSON, for anything but an object, for trailing data, and for a key that
// appears twice in any object at any depth.
func Parse(data []byte) (Object, error) {
	s := scanner{data: data}
	s.space()
	if s.i >= len(s.data) || s.data[s.i] != '{' {
		return nil, errors.New("not a JSON object")
	}
	obj, err := s.object(0, true)
	if err != nil {
		return nil, err
	}
	s.space()
	if s.i != len(s.data) {
		return nil, fmt.Errorf("data after the JSON object at byte %d", s.i)
	}
	return obj, nil
}

// Get returns the raw value of the member whose key matches name (see the
// package doc for how keys match).
func (o Object) Get(name string) ([]byte, bool) {
	for _, m := range o {
		if sameKey(m.RawKey, name) {
			return m.Value, true
		}
	}
	return nil, false
}

// sameKey reports whether the quoted key raw matches name, without
// allocating for the usual plain ASCII keys.
func sameKey(raw []byte, name string) bool {
	inner, plain := plainKey(raw)
	if !plain || !isASCII(name) {
		k, _ := String(raw)
		return Fold(k) == Fold(name)
	}
	return asciiFoldEqual(inner, strings.TrimSpace(name))
}

// plainKey returns a quoted key's inner bytes, trimmed, and whether they are
// ASCII without escapes (comparable byte by byte under ASCII folding).
func plainKey(raw []byte) ([]byte, bool) {
	inner := bytes.TrimSpace(raw[1 : len(raw)-1])
	for _, c := range inner {
		if c == '\\' || c >= utf8.RuneSelf {
			return inner, false
		}
	}
	return inner, true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func asciiFoldEqual[T ~string | ~[]byte](a []byte, b T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// Lookup follows a dotted path ("additionalInfo.latestTransactionStatus")
// through nested objects. It reports false when a step is missing or is not
// an object.
func (o Object) Lookup(path string) ([]byte, bool) {
	cur := o
	for {
		name, rest, nested := strings.Cut(path, ".")
		v, ok := cur.Get(name)
		if !ok || !nested {
			return v, ok
		}
		inner, err := Parse(v)
		if err != nil {
			return nil, false
		}
		cur, path = inner, rest
	}
}

// String returns the value of a JSON string; ok is false for any other type.
func String(raw []byte) (s string, ok bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1]), true
	}
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// Scalar returns a string's value or a number's text ("1000" for both
// "1000" and 1000); ok is false for objects, arrays, booleans and null.
func Scalar(raw []byte) (string, bool) {
	if s, ok := String(raw); ok {
		return s, true
	}
	if len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
		return string(raw), true
	}
	return "", false
}

// Empty reports whether a value carries nothing: absent, null or "".
func Empty(raw []byte) bool {
	return len(raw) == 0 || string(raw) == "null" || string(raw) == `""`
}

// Fold is the form under which two keys count as the same key.
func Fold(key string) string {
	key = strings.TrimSpace(key)
	for i := 0; i < len(key); i++ {
		if c := key[i]; c >= utf8.RuneSelf {
			// encoding/json folds Unicode too (ſ matches s, K matches k).
			return strings.ToLower(strings.ToUpper(key))
		}
	}
	return strings.ToLower(key)
}

// keySet holds an object's keys to find a repeat: the raw keys of the usual
// handful compared in place (no allocation), folded strings in a map once an
// object is large or a key needs unescaping (a hostile body must not cost n²
// compares).
type keySet struct {
	few  [16][]byte
	n    int
	many map[string]bool
}

// add reports false when raw (a quoted key) is already in the set.
func (ks *keySet) add(raw []byte) bool {
	inner, plain := plainKey(raw)
	if plain && ks.many == nil && ks.n < len(ks.few) {
		for _, have := range ks.few[:ks.n] {
			if asciiFoldEqual(have, inner) {
				return false
			}
		}
		ks.few[ks.n] = inner
		ks.n++
		return true
	}
	if ks.many == nil {
		ks.many = make(map[string]bool, 2*len(ks.few))
		for _, have := range ks.few[:ks.n] {
			ks.many[strings.ToLower(string(have))] = true
		}
	}
	k, _ := String(raw)
	f := Fold(k)
	if ks.many[f] {
		return false
	}
	ks.many[f] = true
	return true
}

type scanner struct {
	data []byte
	i    int
}

func (s *scanner) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) errorf(format string, args ...any) error {
	return fmt.Errorf("invalid JSON at byte %d: %s", s.i, fmt.Sprintf(format, args...))
}

// object reads {...} at s.i; keep says whether to return its members (only
// the top level's are kept; nested objects are only checked).
func (s *scanner) object(depth int, keep bool) (Object, error) {
	if depth >= MaxDepth {
		return nil, s.errorf("nested deeper than %d", MaxDepth)
	}
	s.i++ // {
	var members Object
	if keep {
		members = make(Object, 0, 16)
	}
	var seen keySet
	s.space()
	if s.i < len(s.data) && s.data[s.i] == '}' {
		s.i++
		return Object{}, nil
	}
	for {
		s.space()
		start := s.i
		if err := s.str(); err != nil {
			return nil, err
		}
		rawKey := s.data[start:s.i]
		if !seen.add(rawKey) {
			return nil, fmt.Errorf("duplicate key %s", rawKey)
		}
		s.space()
		if s.i >= len(s.data) || s.data[s.i] != ':' {
			return nil, s.errorf("want ':' after key %s", rawKey)
		}
		s.i++
		s.space()
		vstart := s.i
		if err := s.value(depth + 1); err != nil {
			return nil, err
		}
		if keep {
			members = append(members, Member{RawKey: rawKey, Value: s.data[vstart:s.i]})
		}
		s.space()
		if s.i >= len(s.data) {
			return nil, s.errorf("unterminated object")
		}
		switch s.data[s.i] {
		case ',':
			s.i++
		case '}':
			s.i++
			if members == nil {
				members = Object{}
			}
			return members, nil
		default:
			return nil, s.errorf("want ',' or '}'")
		}
	}
}

func (s *scanner) value(depth int) error {
	if s.i >= len(s.data) {
		return s.errorf("missing value")
	}
	switch c := s.data[s.i]; {
	case c == '{':
		_, err := s.object(depth, false)
		return err
	case c == '[':
		return s.array(depth)
	case c == '"':
		return s.str()
	case c == '-' || c >= '0' && c <= '9':
		return s.number()
	default:
		for _, lit := range [...]string{"true", "false", "null"} {
			if bytes.HasPrefix(s.data[s.i:], []byte(lit)) {
				s.i += len(lit)
				return nil
			}
		}
		return s.errorf("unexpected character %q", c)
	}
}

func (s *scanner) array(depth int) error {
	if depth >= MaxDepth {
		return s.errorf("nested deeper than %d", MaxDepth)
	}
	s.i++ // [
	s.space()
	if s.i < len(s.data) && s.data[s.i] == ']' {
		s.i++
		return nil
	}
	for {
		s.space()
		if err := s.value(depth + 1); err != nil {
			return err
		}
		s.space()
		if s.i >= len(s.data) {
			return s.errorf("unterminated array")
		}
		switch s.data[s.i] {
		case ',':
			s.i++
		case ']':
			s.i++
			return nil
		default:
			return s.errorf("want ',' or ']'")
		}
	}
}

// str checks a string at s.i and moves past it.
func (s *scanner) str() error {
	if s.i >= len(s.data) || s.data[s.i] != '"' {
		return s.errorf("want a string")
	}
	for j := s.i + 1; j < len(s.data); j++ {
		switch c := s.data[j]; {
		case c == '"':
			if !utf8.Valid(s.data[s.i+1 : j]) {
				return s.errorf("string is not valid UTF-8")
			}
			s.i = j + 1
			return nil
		case c == '\\':
			j++
			if j >= len(s.data) {
				return s.errorf("unterminated string")
			}
			switch s.data[j] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if j+4 >= len(s.data) || !isHex4(s.data[j+1:j+5]) {
					return s.errorf("bad \\u escape")
				}
				j += 4
			default:
				return s.errorf("bad escape")
			}
		case c < 0x20:
			return s.errorf("control character in string")
		}
	}
	return s.errorf("unterminated string")
}

func isHex4(b []byte) bool {
	for _, c := range b {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// number checks a JSON number at s.i (RFC 8259 grammar) and moves past it.
func (s *scanner) number() error {
	d := s.data
	i := s.i
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	default:
		return s.errorf("bad number")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return s.errorf("bad number")
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return s.errorf("bad number")
		}
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
		}
	}
	s.i = i
	return nil
}
