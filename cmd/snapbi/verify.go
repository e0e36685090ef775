package main

import (
	"crypto/hmac"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/snapbi/snap"
)

func verifyCommand() *command {
	return &command{
		name:    "verify",
		args:    "-signature SIG -timestamp TS [-mode symmetric|asymmetric|token] (-path PATH | -url URL) [-body-file FILE] [flags]",
		summary: "check a received X-SIGNATURE and find the usual mistake when it does not match",
		help: `
Verify checks an X-SIGNATURE against the request it came with, as the SDK
does (snap.VerifySymmetric, snap.VerifyAsymmetric, snap.VerifyRSA), and says
valid or invalid. On invalid it tries the usual mistakes, alone and together,
and reports which variant the signature was made over:

	- path with or without a provider prefix (/snap, /nicepay, /api; see -try-prefixes),
	  with the query string, with or without a trailing slash
	- body with &, <, > HTML-escaped (\u0026 \u003c \u003e, json.Marshal's default) or literal
	- body keys re-ordered (sorted, as a re-marshal through a map does)
	- body hashed pretty-printed or as given instead of minified, or with a trailing newline
	- "Bearer " left in the access token (symmetric)
	- timestamp in UTC (Z or +00:00) instead of +07:00, with or without
	  milliseconds, or a wall clock labelled with the wrong zone
	- method in lower case
	- signature in base64url or without padding

Give the inputs as they should be (the request as sent, the right secret or
key); the report names what the signer did differently.

	snapbi verify -url https://api.paydia.co.id/snap/v1.0/auth/void-query \
		-timestamp 2024-05-01T10:00:00+07:00 -signature 'FSli...==' -body-file body.json
	snapbi verify -mode asymmetric -public-key-file dana_public.pem -path /v1.0/debit/notify \
		-timestamp ... -signature ... < notify.json
	snapbi verify -mode token -client-id TNICEVA023 -timestamp ... -signature ... -public-key-file nicepay.pem

Exit status 0 when the signature is valid, 1 when it is not.`,
		setup: func(fs *flag.FlagSet) func(*app, []string) error {
			r := registerRequestFlags(fs, "symmetric, asymmetric or token (clientId|timestamp, no body)")
			signature := fs.String("signature", "", "the received X-SIGNATURE `SIG`")
			clientID := fs.String("client-id", "", "the client `ID` of a token-mode signature")
			prefixes := fs.String("try-prefixes", "/snap,/nicepay,/api", "comma-separated provider `PREFIXES` to try adding to or dropping from the path")
			pub := newPublicKeySource(fs)
			return func(a *app, _ []string) error {
				if *signature == "" {
					return usagef("-signature (the received X-SIGNATURE) is required")
				}
				if r.timestamp == "" {
					return usagef("-timestamp (the received X-TIMESTAMP) is required")
				}
				switch r.mode {
				case modeSymmetric, modeAsymmetric, modeToken:
				default:
					return usagef("-mode must be %s, %s or %s, not %q", modeSymmetric, modeAsymmetric, modeToken, r.mode)
				}
				v := &verifier{app: a, o: out{a.stdout}, show: r.showSecret}
				if r.mode == modeToken {
					return v.token(fs, r, *clientID, *signature, pub)
				}
				if *clientID != "" {
					return usagef("-client-id is for -mode token")
				}
				return v.request(fs, r, *signature, pub, splitPrefixes(*prefixes, r.trim))
			}
		},
	}
}

func splitPrefixes(list, trim string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range append(strings.Split(list, ","), trim) {
		p = strings.TrimRight(strings.TrimSpace(p), "/")
		if p == "" {
			continue
		}
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// verifier holds one verify run.
type verifier struct {
	*app
	o    out
	show bool
}

// received is the X-SIGNATURE as given and, when it decodes, its bytes and
// standard base64 form.
type received struct {
	given    string
	std      string // standard base64, what the SDK expects
	raw      []byte
	encoding string // "" for standard base64, else what it was
}

func decodeSignature(s string) (received, bool) {
	r := received{given: strings.TrimSpace(s)}
	for _, enc := range []struct {
		name string
		enc  *base64.Encoding
	}{
		{"", base64.StdEncoding},
		{"standard base64 without padding", base64.RawStdEncoding},
		{"base64url", base64.URLEncoding},
		{"base64url without padding", base64.RawURLEncoding},
	} {
		if raw, err := enc.enc.DecodeString(r.given); err == nil {
			r.raw, r.encoding, r.std = raw, enc.name, base64.StdEncoding.EncodeToString(raw)
			return r, true
		}
	}
	return r, false
}

func (v *verifier) request(fs *flag.FlagSet, r *requestFlags, signature string, pubSrc *publicKeySource, prefixes []string) error {
	if r.mode == modeAsymmetric && !pubSrc.given() && r.key.file == "" && (r.key.env == "" || v.env(r.key.env) == "") {
		return usagef("a public key is needed: -public-key-file FILE or -public-key KEY (or the private key: -key-file)")
	}
	res, err := r.resolve(v.app, fs, r.mode == modeAsymmetric && !pubSrc.given())
	if err != nil {
		return err
	}
	var pub *rsa.PublicKey
	var pubFrom string
	if res.mode == modeAsymmetric {
		if pub, pubFrom, err = v.publicKey(pubSrc, res.key, res.keyFrom); err != nil {
			return err
		}
	}
	p := res.pieces()
	v.o.title("snapbi verify, " + describeMode(res.mode))
	v.o.blank()
	res.printInputs(v.o, v.show)
	if pub != nil {
		v.o.line("public key", pubFrom)
	}
	v.o.blank()
	v.o.line("string to sign", res.displayed(p, v.show))
	v.o.line("X-SIGNATURE", signature)
	if res.mode == modeSymmetric {
		want, _ := signPieces(p, res)
		v.o.line("expected", want)
	}

	// The SDK's own verdict first.
	var verdict error
	var note string
	switch {
	case res.mode == modeSymmetric && p.sdkDirect():
		verdict = snap.VerifySymmetric(res.secret, p.method, p.path, p.token, p.body, p.timestamp, signature)
	case res.mode == modeSymmetric:
		verdict = snap.ErrSignatureMismatch
		if sig, ok := decodeSignature(signature); !ok || sig.encoding != "" {
			verdict = snap.ErrSignatureEncoding
		} else if want, _ := base64.StdEncoding.DecodeString(snap.HMACSHA512(res.secret, []byte(p.stringToSign()))); hmac.Equal(want, sig.raw) {
			verdict = nil
		}
	case p.sdkDirect():
		verdict = snap.VerifyAsymmetric(pub, p.method, p.path, p.body, p.timestamp, signature)
		if verdict == nil && snap.VerifyRSA(pub, []byte(p.stringToSign()), signature) != nil {
			note = "the signature covers the body as received, not minified; snap.VerifyAsymmetric accepts both (real DANA notifications are signed that way)"
		}
	default:
		verdict = snap.VerifyRSA(pub, []byte(p.stringToSign()), signature)
	}

	matches := func(q pieces, sig received) bool {
		if res.mode == modeSymmetric {
			want, _ := base64.StdEncoding.DecodeString(snap.HMACSHA512(res.secret, []byte(q.stringToSign())))
			return hmac.Equal(want, sig.raw)
		}
		return snap.VerifyRSA(pub, []byte(q.stringToSign()), sig.std) == nil
	}
	dims := [][]variant{methodVariants(res.method), pathVariants(res.path, prefixes)}
	if res.mode == modeSymmetric {
		dims = append(dims, tokenVariants())
	}
	dims = append(dims, bodyVariants(res.body, res.bodyHash), timestampVariants(res.ts.value))
	return v.conclude(verdict, note, p, signature, dims, matches)
}

// publicKey returns the public key to verify with: the one given, or the
// public half of the private key.
func (v *verifier) publicKey(src *publicKeySource, priv *rsa.PrivateKey, privFrom string) (*rsa.PublicKey, string, error) {
	if src.given() {
		return src.load()
	}
	if priv == nil {
		return nil, "", usagef("a public key is needed: -public-key-file FILE or -public-key KEY (or the private key: -key-file)")
	}
	return &priv.PublicKey, "the public half of the " + privFrom, nil
}

func (v *verifier) token(fs *flag.FlagSet, r *requestFlags, clientID, signature string, pubSrc *publicKeySource) error {
	set := explicitFlags(fs)
	for _, name := range [...]string{"path", "url", "body", "body-file", "body-hash", "trim-prefix"} {
		if set[name] {
			return usagef("-%s does not apply to -mode token (it signs clientId|timestamp only)", name)
		}
	}
	if clientID == "" {
		return usagef("-client-id is required with -mode token")
	}
	ts, err := resolveTimestamp(r.timestamp, r.layout, set, v.now())
	if err != nil {
		return err
	}
	var priv *rsa.PrivateKey
	var privFrom string
	if !pubSrc.given() {
		if priv, privFrom, err = r.key.load(set, v.env); err != nil {
			return err
		}
	}
	pub, pubFrom, err := v.publicKey(pubSrc, priv, privFrom)
	if err != nil {
		return err
	}
	p := pieces{mode: modeToken, clientID: clientID, timestamp: ts.value}
	v.o.title("snapbi verify, " + describeMode(modeToken))
	v.o.blank()
	v.o.line("client id", clientID)
	v.o.line("timestamp", ts.value+" ("+ts.why+")")
	v.o.more(ts.notes...)
	v.o.line("public key", pubFrom)
	v.o.blank()
	v.o.line("string to sign", p.stringToSign())
	v.o.line("X-SIGNATURE", signature)
	verdict := snap.VerifyRSA(pub, []byte(p.stringToSign()), signature)
	matches := func(q pieces, sig received) bool {
		return snap.VerifyRSA(pub, []byte(q.stringToSign()), sig.std) == nil
	}
	return v.conclude(verdict, "", p, signature, [][]variant{timestampVariants(ts.value)}, matches)
}

// conclude prints the verdict and, when invalid, runs the mistake finder.
func (v *verifier) conclude(verdict error, note string, p pieces, signature string, dims [][]variant, matches func(pieces, received) bool) error {
	v.o.blank()
	if verdict == nil {
		v.o.line("result", "VALID")
		if note != "" {
			v.o.more(note)
		}
		return nil
	}
	v.o.line("result", "INVALID: "+verdict.Error())
	sig, ok := decodeSignature(signature)
	if !ok {
		v.o.more("the signature is not base64 at all: nothing to compare (was it cut, or is it hex?)")
		return errInvalid
	}
	if sig.encoding != "" {
		v.o.more("the signature is " + sig.encoding + "; SNAP's X-SIGNATURE is standard base64 with padding (+, /, =)")
		if matches(p, sig) {
			v.o.blank()
			v.o.line("MATCH", "the inputs are right: only the signature's encoding is wrong ("+sig.encoding+")")
			return errInvalid
		}
	}
	if errors.Is(verdict, snap.ErrSignatureEncoding) && sig.encoding == "" {
		return errInvalid
	}
	v.o.blank()
	descs, matched, tried, found := combine(p, dims, func(q pieces) bool { return matches(q, sig) })
	if !found {
		v.o.line("mistakes", fmt.Sprintf("none of the %d usual variants matches", tried))
		v.o.more(
			"the secret or key, the access token, the body bytes or the timestamp differ some other way:",
			"compare the string to sign above with the one the signer logged",
		)
		return errInvalid
	}
	v.o.line("MATCH", fmt.Sprintf("found among %d variants: the signature was made with", tried))
	for _, d := range descs {
		v.o.more("- " + d)
	}
	if sig.encoding != "" {
		v.o.more("- the signature encoded as " + sig.encoding)
	}
	v.o.line("string signed", v.redacted(matched))
	for i, h := range fixHints(descs) {
		label := ""
		if i == 0 {
			label = "fix"
		}
		v.o.line(label, h)
	}
	return errInvalid
}

// redacted is the string to sign with the access token hidden.
func (v *verifier) redacted(p pieces) string {
	if p.mode == modeSymmetric {
		bare, had := bareToken(p.token)
		p.token = redact(bare, v.show)
		if had {
			p.token = "Bearer " + p.token
		}
	}
	return p.stringToSign()
}

// fixHints names SNAP's rule for each kind of mistake found.
func fixHints(descs []string) []string {
	rules := []struct{ prefix, rule string }{
		{"method", "sign the method in upper case"},
		{"path", "sign the path both sides agree on (snap.Config.SignedPathPrefix trims a provider prefix)"},
		{"access token", `sign the bare access token, without "Bearer "`},
		{"body", "hash the minified bytes that are sent: marshalled once, &<> literal, keys in sent order"},
		{"an empty body", "hash the minified bytes that are sent: marshalled once, &<> literal, keys in sent order"},
		{"timestamp", "sign the exact X-TIMESTAMP string that is sent, in Jakarta time (+07:00)"},
	}
	var out []string
	seen := map[string]bool{}
	for _, d := range descs {
		for _, r := range rules {
			if strings.HasPrefix(d, r.prefix) && !seen[r.rule] {
				seen[r.rule] = true
				out = append(out, r.rule)
			}
		}
	}
	return out
}
