package snap

import (
	"crypto"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"

	"github.com/snapbi/snap/internal/redact"
)

// Secret is a string that cannot be printed: a client secret, a merchant
// key. Every way Go prints a value — fmt (all verbs, %#v included), slog's
// text and JSON handlers, encoding/json, encoding.TextMarshaler — shows
// "<redacted>" instead, so a config holding one can be logged, dumped or
// wrapped into an error safely. Reveal returns the value for the code that
// signs with it.
//
// An empty Secret prints as an empty string: there is nothing to hide, and a
// secret that was never loaded stays visible as missing. A Secret does not
// survive a JSON round trip (it is written as "<redacted>"); it decodes from
// a JSON string as a plain string would.
type Secret string

// Reveal returns the secret's value. Call it only where the value is used
// (signing), never to print it.
func (s Secret) Reveal() string { return string(s) }

// String returns "<redacted>", or "" for an empty Secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redact.Placeholder
}

// GoString is String, so %#v hides the value too.
func (s Secret) GoString() string { return s.String() }

// Format prints String for every verb: without it %x or %d would print the
// string's bytes.
func (s Secret) Format(f fmt.State, verb rune) { redact.Format(f, verb, s.String()) }

// LogValue makes slog log String, whatever the handler.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalJSON writes String as a JSON string.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }

// MarshalText writes String, for encoders and slog's text handler that
// prefer encoding.TextMarshaler.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// PrivateKey holds a private key (an *rsa.PrivateKey from ParsePrivateKey)
// so that it cannot be printed: like Secret, every printing route shows
// "<redacted>" ("<nil>" or JSON null when no key is set), where a bare
// *rsa.PrivateKey would print its private exponent and primes. It is a
// crypto.Signer itself, so it signs wherever the key is needed.
type PrivateKey struct {
	signer crypto.Signer
}

// NewPrivateKey wraps key. A nil key (or a typed nil pointer) gives the zero
// PrivateKey; wrapping a PrivateKey returns it unchanged.
func NewPrivateKey(key crypto.Signer) PrivateKey {
	if pk, ok := key.(PrivateKey); ok {
		return pk
	}
	if key == nil {
		return PrivateKey{}
	}
	if v := reflect.ValueOf(key); v.Kind() == reflect.Pointer && v.IsNil() {
		return PrivateKey{}
	}
	return PrivateKey{signer: key}
}

// IsZero reports whether no key is set.
func (k PrivateKey) IsZero() bool { return k.signer == nil }

// Public returns the public half of the key (nil when no key is set); it is
// not secret.
func (k PrivateKey) Public() crypto.PublicKey {
	if k.signer == nil {
		return nil
	}
	return k.signer.Public()
}

// errNoKey is returned when a zero PrivateKey is asked to sign.
var errNoKey = errors.New("snap: no private key to sign with")

// Sign signs digest with the key (crypto.Signer).
func (k PrivateKey) Sign(rand io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	if k.signer == nil {
		return nil, errNoKey
	}
	return k.signer.Sign(rand, digest, opts)
}

// String returns "<redacted>", or "<nil>" when no key is set.
func (k PrivateKey) String() string {
	if k.signer == nil {
		return "<nil>"
	}
	return redact.Placeholder
}

// GoString is String, so %#v hides the key too.
func (k PrivateKey) GoString() string { return k.String() }

// Format prints String for every verb.
func (k PrivateKey) Format(f fmt.State, verb rune) { redact.Format(f, verb, k.String()) }

// LogValue makes slog log String, whatever the handler.
func (k PrivateKey) LogValue() slog.Value { return slog.StringValue(k.String()) }

// MarshalJSON writes "<redacted>", or null when no key is set.
func (k PrivateKey) MarshalJSON() ([]byte, error) {
	if k.signer == nil {
		return []byte("null"), nil
	}
	return []byte(`"` + redact.Placeholder + `"`), nil
}

// MarshalText writes String.
func (k PrivateKey) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// String describes the client by its config, secrets redacted.
func (c *Client) String() string {
	if c == nil {
		return "<nil>"
	}
	return fmt.Sprintf("snap.Client%+v", c.cfg)
}

// Format prints String for every verb: fmt would otherwise print the
// unexported config field by field, secrets raw.
func (c *Client) Format(f fmt.State, verb rune) { redact.Format(f, verb, c.String()) }

// LogValue makes slog log String, whatever the handler.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }
