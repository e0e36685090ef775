package snap

import (
	"bytes"
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// SignatureMode says how X-SIGNATURE of a transactional request is made.
type SignatureMode int

const (
	// Symmetric signs METHOD:path:accessToken:bodyHash:timestamp with
	// HMAC-SHA512 keyed by the client secret (providers with a B2B token).
	Symmetric SignatureMode = iota + 1
	// Asymmetric signs METHOD:path:bodyHash:timestamp with the partner's RSA
	// private key, SHA256withRSA (DANA).
	Asymmetric
	// Plain sends requests with Content-Type only: no SNAP headers and no
	// X-SIGNATURE, for non-SNAP APIs that authenticate inside the body
	// (NICEPAY v2). Retries, timeouts, logging and outcomes still apply.
	Plain
)

// String names the mode.
func (m SignatureMode) String() string {
	return enumName("SignatureMode", int(m), "symmetric", "asymmetric", "plain")
}

// enumName is names[v-1] for the enums that count from iota + 1, and
// typ(v) for a value outside them.
func enumName(typ string, v int, names ...string) string {
	if v >= 1 && v <= len(names) {
		return names[v-1]
	}
	return typ + "(" + strconv.Itoa(v) + ")"
}

// Sentinel errors of signature verification. Errors returned by the Verify
// functions wrap one of them; they never contain a key or a signature.
var (
	// ErrSignatureMismatch means the signature is well-formed but was not made
	// over this string to sign with this key.
	ErrSignatureMismatch = errors.New("snap: signature does not match")
	// ErrSignatureEncoding means the signature is not valid base64.
	ErrSignatureEncoding = errors.New("snap: signature is not base64")
	// ErrSignatureMissing means no signature was given.
	ErrSignatureMissing = errors.New("snap: signature is missing")
)

var compactPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// BodyHash returns lowercase hex(SHA-256(minify(body))), the bodyHash part of
// SNAP's strings to sign. Insignificant whitespace outside JSON strings is
// removed first; a body that is not JSON (or empty) is hashed as it is, so an
// empty body gives the hash of the empty string.
func BodyHash(body []byte) string {
	var sum [sha256.Size]byte
	hashBody(&sum, body)
	return hex.EncodeToString(sum[:])
}

func hashBody(sum *[sha256.Size]byte, body []byte) {
	if len(body) == 0 {
		*sum = sha256.Sum256(nil)
		return
	}
	if compact(body) {
		// The SDK's own bodies are marshalled compact: hash them as they
		// are rather than copying them through json.Compact.
		*sum = sha256.Sum256(body)
		return
	}
	buf := compactPool.Get().(*bytes.Buffer)
	buf.Reset()
	if err := json.Compact(buf, body); err == nil {
		*sum = sha256.Sum256(buf.Bytes())
	} else {
		*sum = sha256.Sum256(body)
	}
	compactPool.Put(buf)
}

// compact reports whether body has no whitespace outside JSON strings, so
// that minifying it would change nothing. A body that is not valid JSON is
// hashed as it is either way.
func compact(body []byte) bool {
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case ' ', '\t', '\n', '\r':
			return false
		case '"':
			end, ok := stringEnd(body, i+1)
			if !ok {
				return true // not JSON: hashed as it is either way
			}
			i = end
		}
	}
	return true
}

// stringEnd returns the index of the quote closing a JSON string whose
// content starts at from, skipping escaped quotes (IndexByte is vectorised:
// long strings cost little).
func stringEnd(body []byte, from int) (int, bool) {
	for {
		j := bytes.IndexByte(body[from:], '"')
		if j < 0 {
			return 0, false
		}
		q := from + j
		backslashes := 0
		for k := q - 1; k >= from && body[k] == '\\'; k-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return q, true
		}
		from = q + 1
	}
}

// appendStringToSign appends METHOD:path[:token]:bodyHash:timestamp to dst,
// bodyHash over minify(body).
func appendStringToSign(dst []byte, method, path string, token *string, body []byte, timestamp string) []byte {
	var sum [sha256.Size]byte
	hashBody(&sum, body)
	return appendSTS(dst, method, path, token, &sum, timestamp)
}

// appendRawStringToSign is appendStringToSign with the hash of body exactly
// as it is: for inbound bodies as received, and for the SDK's own bodies,
// which are compact by construction.
func appendRawStringToSign(dst []byte, method, path string, token *string, body []byte, timestamp string) []byte {
	sum := sha256.Sum256(body)
	return appendSTS(dst, method, path, token, &sum, timestamp)
}

func appendSTS(dst []byte, method, path string, token *string, sum *[sha256.Size]byte, timestamp string) []byte {
	for i := 0; i < len(method); i++ { // upper-case without allocating
		c := method[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	dst = append(dst, ':')
	dst = append(dst, path...)
	dst = append(dst, ':')
	if token != nil {
		dst = append(dst, *token...)
		dst = append(dst, ':')
	}
	dst = hex.AppendEncode(dst, sum[:])
	dst = append(dst, ':')
	dst = append(dst, timestamp...)
	return dst
}

// signCompact is X-SIGNATURE of a body the SDK marshalled itself: compact
// by construction, so it is hashed as it is (minifying a megabyte only to
// get the same bytes back costs more than the hash).
func signCompact(mode SignatureMode, secret string, key crypto.Signer, method, path, token string, body []byte, timestamp string) (string, error) {
	var stack [512]byte
	if mode == Symmetric {
		return hmacSHA512(secret, appendRawStringToSign(stack[:0], method, path, &token, body, timestamp)), nil
	}
	return SignRSA(key, appendRawStringToSign(stack[:0], method, path, nil, body, timestamp))
}

// SymmetricStringToSign returns METHOD:path:accessToken:bodyHash:timestamp.
// accessToken is the bare B2B token, without "Bearer ".
func SymmetricStringToSign(method, path, accessToken string, body []byte, timestamp string) string {
	return string(appendStringToSign(make([]byte, 0, 160+len(path)+len(accessToken)), method, path, &accessToken, body, timestamp))
}

// AsymmetricStringToSign returns METHOD:path:bodyHash:timestamp.
func AsymmetricStringToSign(method, path string, body []byte, timestamp string) string {
	return string(appendStringToSign(make([]byte, 0, 128+len(path)), method, path, nil, body, timestamp))
}

// TokenStringToSign returns clientId|timestamp, the string signed to request
// a B2B access token (and the one NICEPAY signs on its notifications).
func TokenStringToSign(clientID, timestamp string) string {
	return clientID + "|" + timestamp
}

// SymmetricSignature returns base64(HMAC-SHA512(clientSecret,
// SymmetricStringToSign(...))), the X-SIGNATURE of a symmetric-mode request.
func SymmetricSignature(clientSecret, method, path, accessToken string, body []byte, timestamp string) string {
	var stack [512]byte
	sts := appendStringToSign(stack[:0], method, path, &accessToken, body, timestamp)
	return hmacSHA512(clientSecret, sts)
}

func hmacSHA512(secret string, data []byte) string {
	mac := hmac.New(sha512.New, []byte(secret))
	mac.Write(data)
	var sum [sha512.Size]byte
	return base64.StdEncoding.EncodeToString(mac.Sum(sum[:0]))
}

// HMACSHA512 returns base64(HMAC-SHA512(secret, data)).
func HMACSHA512(secret string, data []byte) string { return hmacSHA512(secret, data) }

// AsymmetricSignature returns base64(SHA256withRSA(AsymmetricStringToSign(...)))
// made with key, the X-SIGNATURE of an asymmetric-mode request.
func AsymmetricSignature(key crypto.Signer, method, path string, body []byte, timestamp string) (string, error) {
	var stack [256]byte
	return SignRSA(key, appendStringToSign(stack[:0], method, path, nil, body, timestamp))
}

// TokenSignature returns the X-SIGNATURE of a B2B access-token request:
// base64(SHA256withRSA(clientId|timestamp)).
func TokenSignature(key crypto.Signer, clientID, timestamp string) (string, error) {
	return SignRSA(key, []byte(TokenStringToSign(clientID, timestamp)))
}

// SignRSA returns base64(RSASSA-PKCS1-v1_5(SHA-256(data))) made with key.
func SignRSA(key crypto.Signer, data []byte) (string, error) {
	if key == nil {
		return "", errors.New("snap: no private key to sign with")
	}
	digest := sha256.Sum256(data)
	sig, err := key.Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		return "", fmt.Errorf("snap: RSA signing failed: %w", err)
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

// VerifyRSA checks that signature is base64(SHA256withRSA(data)) made with
// the private half of pub.
func VerifyRSA(pub *rsa.PublicKey, data []byte, signature string) error {
	if pub == nil {
		return errors.New("snap: no public key to verify with")
	}
	if signature == "" {
		return ErrSignatureMissing
	}
	sig, err := base64.StdEncoding.DecodeString(strings.TrimSpace(signature))
	if err != nil {
		return ErrSignatureEncoding
	}
	digest := sha256.Sum256(data)
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig); err != nil {
		return ErrSignatureMismatch
	}
	return nil
}

// VerifyAsymmetric checks an asymmetric X-SIGNATURE over
// METHOD:path:bodyHash:timestamp, where body is the raw bytes received.
//
// The body hash is taken over the raw bytes as received (real DANA
// notifications only verify that way); when the body carries insignificant
// whitespace, the minified form that the standard names is tried as well.
func VerifyAsymmetric(pub *rsa.PublicKey, method, path string, body []byte, timestamp, signature string) error {
	// The raw bytes first: that is how DANA signs, and for a compact body
	// it is the only form there is, so one RSA verification suffices.
	var stack [256]byte
	sts := appendRawStringToSign(stack[:0], method, path, nil, body, timestamp)
	err := VerifyRSA(pub, sts, signature)
	if errors.Is(err, ErrSignatureMismatch) && !compact(body) {
		if VerifyRSA(pub, []byte(AsymmetricStringToSign(method, path, body, timestamp)), signature) == nil {
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("%w (asymmetric, %s %s at %s)", err, strings.ToUpper(method), path, timestamp)
	}
	return nil
}

// VerifySymmetric checks a symmetric X-SIGNATURE in constant time.
func VerifySymmetric(clientSecret, method, path, accessToken string, body []byte, timestamp, signature string) error {
	if signature == "" {
		return ErrSignatureMissing
	}
	got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(signature))
	if err != nil {
		return ErrSignatureEncoding
	}
	want, _ := base64.StdEncoding.DecodeString(SymmetricSignature(clientSecret, method, path, accessToken, body, timestamp))
	if !hmac.Equal(got, want) {
		return fmt.Errorf("%w (symmetric, %s %s at %s)", ErrSignatureMismatch, strings.ToUpper(method), path, timestamp)
	}
	return nil
}
