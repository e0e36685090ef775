package main

import (
	"crypto/rsa"
	"encoding/hex"
	"flag"
	"strings"

	"github.com/snapbi/snap"
)

// Signature modes of sign and verify.
const (
	modeSymmetric  = "symmetric"
	modeAsymmetric = "asymmetric"
	modeToken      = "token" // verify only: clientId|X-TIMESTAMP
)

// requestFlags are the inputs of a transactional signature, shared by sign
// and verify.
type requestFlags struct {
	mode, method       string
	rawURL, path, trim string
	bodyHash           string
	timestamp, layout  string
	showSecret         bool
	body               *bodySource
	secret, token      *secretSource
	key                *privateKeySource
}

func registerRequestFlags(fs *flag.FlagSet, modes string) *requestFlags {
	r := &requestFlags{}
	fs.StringVar(&r.mode, "mode", modeSymmetric, "signature `MODE`: "+modes)
	fs.StringVar(&r.method, "method", "POST", "HTTP `METHOD` (the SDK upper-cases it)")
	fs.StringVar(&r.rawURL, "url", "", "the full request `URL`; its path is signed (see -trim-prefix)")
	fs.StringVar(&r.path, "path", "", "the signed `PATH`, e.g. /v1.0/debit/cancel (instead of -url)")
	fs.StringVar(&r.trim, "trim-prefix", "", "drop this provider `PREFIX` from the path before signing, e.g. /nicepay")
	r.body = newBodySource(fs)
	fs.StringVar(&r.bodyHash, "body-hash", "", "use this body SHA-256 (64 hex `DIGITS`) instead of hashing a body, e.g. from a provider's worked example")
	fs.StringVar(&r.timestamp, "timestamp", "", "the X-TIMESTAMP `STRING`, signed as given (sign: default now in Jakarta time; verify: required)")
	fs.StringVar(&r.layout, "layout", "seconds", "`LAYOUT` of the default timestamp: seconds (2006-01-02T15:04:05+07:00) or millis (.000+07:00)")
	r.secret = newSecretSource(fs, "client secret", "secret", "SNAP_CLIENT_SECRET")
	r.token = newSecretSource(fs, "B2B access token", "token", "SNAP_ACCESS_TOKEN")
	r.key = newPrivateKeySource(fs)
	fs.BoolVar(&r.showSecret, "show-secret", false, "print secrets and the access token instead of [redacted, N chars]")
	return r
}

// resolved is a request with every input read and checked.
type resolved struct {
	mode       string
	method     string
	path       pathChoice
	body       []byte
	bodyFrom   string
	bodyHash   string // -body-hash, lowercase; "" when a body is hashed
	ts         timestampChoice
	secret     string
	secretFrom string
	token      string
	tokenFrom  string
	tokenNote  string
	key        *rsa.PrivateKey
	keyFrom    string
}

// resolve reads what the mode needs. loadKey says whether asymmetric mode
// reads the private key (sign, or verify without a public key).
func (r *requestFlags) resolve(a *app, fs *flag.FlagSet, loadKey bool) (*resolved, error) {
	set := explicitFlags(fs)
	res := &resolved{mode: r.mode, method: r.method}
	if r.mode != modeSymmetric && r.mode != modeAsymmetric {
		return nil, usagef("-mode must be %s or %s, not %q", modeSymmetric, modeAsymmetric, r.mode)
	}
	if r.method == "" {
		return nil, usagef("-method is empty")
	}
	var err error
	if res.path, err = resolvePath(r.rawURL, r.path, r.trim); err != nil {
		return nil, err
	}
	if res.ts, err = resolveTimestamp(r.timestamp, r.layout, set, a.now()); err != nil {
		return nil, err
	}
	if r.bodyHash != "" {
		if set["body"] || set["body-file"] {
			return nil, usagef("give -body-hash or a body, not both")
		}
		h := strings.ToLower(r.bodyHash)
		if b, err := hex.DecodeString(h); err != nil || len(b) != 32 {
			return nil, usagef("-body-hash must be 64 hex digits (a SHA-256), got %d characters", len(r.bodyHash))
		}
		res.bodyHash = h
		res.bodyFrom = "-body-hash"
	} else if res.body, res.bodyFrom, err = r.body.load(a.stdin); err != nil {
		return nil, err
	}
	switch r.mode {
	case modeSymmetric:
		if res.secret, res.secretFrom, err = r.secret.load(set, a.env, readLimited); err != nil {
			return nil, err
		}
		tok, from, err := r.token.load(set, a.env, readLimited)
		if err != nil {
			return nil, err
		}
		bare, had := bareToken(tok)
		if had {
			res.tokenNote = `"Bearer " dropped: SNAP signs the bare access token`
		}
		if bare == "" {
			return nil, usagef("the B2B access token from %s is empty after \"Bearer \"", from)
		}
		res.token, res.tokenFrom = bare, from
	case modeAsymmetric:
		if loadKey {
			if res.key, res.keyFrom, err = r.key.load(set, a.env); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

// pieces are the parts of a transactional string to sign. The SDK builds it;
// bodyHash and rawMethod exist to reproduce what the SDK never does (sign a
// given hash, keep a lower-case method), for worked examples and mistakes.
type pieces struct {
	mode      string
	clientID  string // token mode
	method    string
	path      string
	token     string
	body      []byte
	bodyHash  string // when set, replaces the SDK's hash of body (body must be nil)
	timestamp string
	rawMethod bool // sign the method as given instead of upper-cased
}

// stringToSign returns the SDK's string to sign for p.
func (p pieces) stringToSign() string {
	var sts string
	switch p.mode {
	case modeToken:
		return snap.TokenStringToSign(p.clientID, p.timestamp)
	case modeSymmetric:
		sts = snap.SymmetricStringToSign(p.method, p.path, p.token, p.body, p.timestamp)
	default:
		sts = snap.AsymmetricStringToSign(p.method, p.path, p.body, p.timestamp)
	}
	if p.bodyHash != "" {
		// The SDK's string ends in <hash of body>:<timestamp>; the hash is
		// always 64 hex digits, so it is swapped by position.
		tail := len(sts) - len(p.timestamp) - 1
		sts = sts[:tail-64] + p.bodyHash + sts[tail:]
	}
	if p.rawMethod {
		sts = p.method + sts[len(p.method):]
	}
	return sts
}

// sdkDirect says whether the SDK's own signing function covers p.
func (p pieces) sdkDirect() bool { return p.bodyHash == "" && !p.rawMethod }

func (res *resolved) pieces() pieces {
	return pieces{mode: res.mode, method: res.method, path: res.path.path, token: res.token, body: res.body, bodyHash: res.bodyHash, timestamp: res.ts.value}
}

// displayed returns the string to sign with the access token redacted.
func (res *resolved) displayed(p pieces, show bool) string {
	p.token = redact(p.token, show)
	return p.stringToSign()
}

// printInputs writes the inputs every transactional report starts with.
func (res *resolved) printInputs(o out, show bool) {
	upper := strings.ToUpper(res.method)
	if upper != res.method {
		o.line("method", upper+" (given "+res.method+"; the SDK upper-cases it)")
	} else {
		o.line("method", upper)
	}
	o.line("path", res.path.path)
	o.more(res.path.why...)
	o.line("timestamp", res.ts.value+" ("+res.ts.why+")")
	o.more(res.ts.notes...)
	switch res.mode {
	case modeSymmetric:
		o.line("client secret", redact(res.secret, show)+" (from "+res.secretFrom+")")
		o.line("access token", redact(res.token, show)+" (from "+res.tokenFrom+")")
		if res.tokenNote != "" {
			o.more(res.tokenNote)
		}
	case modeAsymmetric:
		if res.key != nil {
			o.line("private key", res.keyFrom)
		}
	}
	o.blank()
	if res.bodyHash != "" {
		o.line("body", "(not given)")
		o.line("body SHA-256", res.bodyHash+" (from -body-hash)")
		return
	}
	o.body(res.bodyFrom, inspectBody(res.body))
}

func describeMode(mode string) string {
	switch mode {
	case modeSymmetric:
		return "symmetric: base64(HMAC-SHA512(clientSecret, METHOD:path:accessToken:bodyHash:X-TIMESTAMP))"
	case modeAsymmetric:
		return "asymmetric: base64(SHA256withRSA(privateKey, METHOD:path:bodyHash:X-TIMESTAMP))"
	default:
		return "token: base64(SHA256withRSA(privateKey, clientId|X-TIMESTAMP))"
	}
}
