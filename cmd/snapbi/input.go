package main

import (
	"bytes"
	"crypto/rsa"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/jsonbytes"
)

// maxInput bounds a body or key read from a file or stdin.
const maxInput = 8 << 20

// explicitFlags returns the names of the flags given on the command line, to
// tell a default from a choice.
func explicitFlags(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
}

// redact hides a secret behind its length unless show is set.
func redact(secret string, show bool) string {
	if show {
		return secret
	}
	return fmt.Sprintf("[redacted, %d chars]", utf8.RuneCountInString(secret))
}

// secretSource reads one secret from a file or an environment variable, so
// that it never sits in shell history.
type secretSource struct {
	what string // "client secret"
	flag string // flag stem: -secret-file, -secret-env
	file string
	env  string
}

func newSecretSource(fs *flag.FlagSet, what, stem, defaultEnv string) *secretSource {
	s := &secretSource{what: what, flag: stem}
	fs.StringVar(&s.file, stem+"-file", "", "read the "+what+" from `FILE` (a trailing newline is dropped)")
	fs.StringVar(&s.env, stem+"-env", defaultEnv, "read the "+what+" from environment variable `NAME`")
	return s
}

// load returns the secret and where it came from. A missing secret is a
// usage error that names both ways to give it; it never contains the value.
func (s *secretSource) load(set map[string]bool, env func(string) string, readFile func(string) ([]byte, error)) (value, from string, err error) {
	if s.file != "" && set[s.flag+"-env"] {
		return "", "", usagef("give -%s-file or -%s-env, not both", s.flag, s.flag)
	}
	if s.file != "" {
		b, err := readFile(s.file)
		if err != nil {
			return "", "", usagef("cannot read -%s-file: %v", s.flag, err)
		}
		v := strings.TrimRight(string(b), "\r\n")
		if v == "" {
			return "", "", usagef("-%s-file %s is empty", s.flag, s.file)
		}
		return v, "file " + s.file, nil
	}
	if s.env != "" {
		if v := env(s.env); v != "" {
			return v, "$" + s.env, nil
		}
	}
	return "", "", usagef("the %s is missing: set $%s or use -%s-file FILE (or -%s-env NAME)", s.what, orDefault(s.env, "NAME"), s.flag, s.flag)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// readLimited reads a file of at most maxInput bytes.
func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readAllLimited(f)
}

func readAllLimited(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxInput+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxInput {
		return nil, fmt.Errorf("more than %d bytes", maxInput)
	}
	return b, nil
}

// privateKeySource reads the partner's RSA private key from a file or an
// environment variable holding the PEM (literal "\n" line ends are fine).
type privateKeySource struct{ secretSource }

func newPrivateKeySource(fs *flag.FlagSet) *privateKeySource {
	k := &privateKeySource{secretSource{what: "private key", flag: "key"}}
	fs.StringVar(&k.file, "key-file", "", "read the RSA private key (PEM PKCS#1/PKCS#8 or base64 DER) from `FILE`")
	fs.StringVar(&k.env, "key-env", "SNAP_PRIVATE_KEY", "read the RSA private key from environment variable `NAME`")
	return k
}

func (k *privateKeySource) load(set map[string]bool, env func(string) string) (*rsa.PrivateKey, string, error) {
	pem, from, err := k.secretSource.load(set, env, readLimited)
	if err != nil {
		return nil, "", err
	}
	return parseKey("private key", []byte(pem), from, snap.ParsePrivateKey, func(k *rsa.PrivateKey) int { return k.N.BitLen() })
}

// parseKey parses the key data read from `from` and describes it by its
// size and source. A failure is a usage error naming the source; the SDK's
// errors never echo key material.
func parseKey[K any](what string, data []byte, from string, parse func([]byte) (K, error), bits func(K) int) (K, string, error) {
	key, err := parse(data)
	if err != nil {
		var none K
		return none, "", usagef("%s from %s: %v", what, from, err)
	}
	return key, fmt.Sprintf("%d-bit RSA from %s", bits(key), from), nil
}

// flagText is text given inline with -NAME or in the file of -NAME-file.
type flagText struct {
	name, inline, file string
}

func (t *flagText) register(fs *flag.FlagSet, name, inlineUsage, fileUsage string) {
	t.name = name
	fs.StringVar(&t.inline, name, "", inlineUsage)
	fs.StringVar(&t.file, name+"-file", "", fileUsage)
}

// readFile reads the file of -NAME-file (see readLimited) and says where
// the bytes came from; a failure is a usage error naming the flag.
func (t *flagText) readFile() ([]byte, string, error) {
	b, err := readLimited(t.file)
	if err != nil {
		return nil, "", usagef("cannot read -%s-file: %v", t.name, err)
	}
	return b, "file " + t.file, nil
}

// publicKeySource reads an RSA public key, inline (it is not a secret) or
// from a file.
type publicKeySource struct{ flagText }

func newPublicKeySource(fs *flag.FlagSet) *publicKeySource {
	p := &publicKeySource{}
	p.register(fs, "public-key", "the RSA public `KEY`, PEM or base64 DER (SPKI or PKCS#1)", "read the RSA public key (or certificate) from `FILE`")
	return p
}

func (p *publicKeySource) given() bool { return p.inline != "" || p.file != "" }

func (p *publicKeySource) load() (*rsa.PublicKey, string, error) {
	data, from := []byte(p.inline), "-public-key"
	if p.file != "" {
		if p.inline != "" {
			return nil, "", usagef("give -public-key or -public-key-file, not both")
		}
		var err error
		if data, from, err = p.readFile(); err != nil {
			return nil, "", err
		}
	}
	return parseKey("public key", data, from, snap.ParsePublicKey, func(k *rsa.PublicKey) int { return k.N.BitLen() })
}

// bodySource is the request body: a file, "-" for stdin, inline text, or
// stdin when nothing is named.
type bodySource struct{ flagText }

func newBodySource(fs *flag.FlagSet) *bodySource {
	b := &bodySource{}
	b.register(fs, "body", "the request body `JSON`, inline",
		"read the request body from `FILE` (\"-\" for stdin); without -body-file or -body the body is read from stdin")
	return b
}

// load returns the body bytes exactly as given and a description of where
// they came from.
func (b *bodySource) load(stdin io.Reader) ([]byte, string, error) {
	switch {
	case b.file != "" && b.inline != "":
		return nil, "", usagef("give -body-file or -body, not both")
	case b.inline != "":
		return []byte(b.inline), "-body", nil
	case b.file != "" && b.file != "-":
		return b.readFile()
	default:
		body, err := readAllLimited(stdin)
		if err != nil {
			return nil, "", usagef("cannot read the body from stdin: %v", err)
		}
		return body, "stdin", nil
	}
}

// bodyReport is what the SDK makes of a body: the minified bytes it hashes
// and their SHA-256.
type bodyReport struct {
	raw      []byte
	minified []byte // nil when the body is not JSON
	hash     string // snap.BodyHash(raw)
	notJSON  bool
}

func inspectBody(raw []byte) bodyReport {
	r := bodyReport{raw: raw, hash: snap.BodyHash(raw)}
	m, err := jsonbytes.Minify(raw)
	if err != nil {
		r.notJSON = true
		return r
	}
	r.minified = m
	return r
}

// htmlEscapes reports whether a JSON text carries \u0026, \u003c or \u003e,
// the escapes json.Marshal writes for &, < and >.
func htmlEscapes(b []byte) bool {
	return len(unescapeHTML(b)) != len(b)
}

// pathChoice is the path that is signed and why.
type pathChoice struct {
	path    string
	why     []string // lines explaining the choice
	urlPath string   // the URL's full path when -url was given
	query   string   // the URL's raw query, dropped from the signed path
	trimmed string   // the prefix that was trimmed, if any
}

func resolvePath(rawURL, path, trimPrefix string) (pathChoice, error) {
	var pc pathChoice
	trim := strings.TrimRight(trimPrefix, "/")
	if trim != "" && !strings.HasPrefix(trim, "/") {
		trim = "/" + trim
	}
	switch {
	case rawURL != "" && path != "":
		return pc, usagef("give -url or -path, not both")
	case rawURL == "" && path == "":
		return pc, usagef("the path is missing: give -path /v1.0/... or -url https://host/...")
	case rawURL != "":
		u, err := url.Parse(rawURL)
		if err != nil || u.Host == "" {
			return pc, usagef("-url %q is not a full URL (https://host/path); use -path for a bare path", rawURL)
		}
		pc.urlPath = u.EscapedPath()
		pc.query = u.RawQuery
		pc.path = pc.urlPath
		pc.why = append(pc.why, fmt.Sprintf("the path of %s://%s%s", u.Scheme, u.Host, pc.urlPath))
		if u.RawQuery != "" {
			pc.why = append(pc.why, "query string ?"+u.RawQuery+" left out: SNAP signs the path only")
		}
		if trim == "" {
			pc.why = append(pc.why, prefixHint(u.Host, pc.urlPath)...)
		}
	default:
		pc.path = path
		pc.why = append(pc.why, "as given by -path")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			pc.why = append(pc.why, "warning: the path carries a query string; SNAP signs the path only")
		}
	}
	if !strings.HasPrefix(pc.path, "/") {
		pc.why = append(pc.why, "warning: the path does not start with \"/\"; SNAP signs /v1.0/...")
	}
	if trim != "" {
		if pc.path == trim || strings.HasPrefix(pc.path, trim+"/") {
			pc.path = strings.TrimPrefix(pc.path, trim)
			pc.trimmed = trim
			pc.why = append(pc.why, "provider prefix "+trim+" dropped (-trim-prefix, as snap.Config.SignedPathPrefix does)")
		} else {
			pc.why = append(pc.why, "warning: -trim-prefix "+trim+" is not at the start of the path; nothing dropped")
		}
	}
	return pc, nil
}

// prefixHint says what a provider is known to sign when a URL carries its
// context prefix.
func prefixHint(host, path string) []string {
	first := path
	if i := strings.IndexByte(strings.TrimPrefix(path, "/"), '/'); i >= 0 {
		first = path[:i+1]
	}
	switch {
	case first == path || strings.HasPrefix(first, "/v1"):
		return nil
	case strings.Contains(host, "nicepay") && first == "/nicepay":
		return []string{"note: NICEPAY's own SDKs sign without the /nicepay context; if NICEPAY rejects this, add -trim-prefix /nicepay"}
	case strings.Contains(host, "paydia") && first == "/snap":
		return []string{"note: Paydia signs the path with its /snap prefix, kept here"}
	default:
		return []string{"note: signed with " + first + "; if the provider signs without it, add -trim-prefix " + first}
	}
}

// timestampChoice is the X-TIMESTAMP that is signed and notes about it.
type timestampChoice struct {
	value string
	why   string
	notes []string
}

func layoutFor(name string) (string, error) {
	switch name {
	case "seconds", "":
		return snap.TimestampLayout, nil
	case "millis":
		return snap.TimestampLayoutMillis, nil
	default:
		return "", usagef("-layout must be seconds or millis, not %q", name)
	}
}

// resolveTimestamp returns -timestamp as given, or now in Jakarta time in
// the chosen layout. A given timestamp is signed verbatim (it must be the
// header's exact string) but checked against SNAP's rules.
func resolveTimestamp(given, layoutName string, set map[string]bool, now time.Time) (timestampChoice, error) {
	layout, err := layoutFor(layoutName)
	if err != nil {
		return timestampChoice{}, err
	}
	if given == "" {
		return timestampChoice{
			value: snap.FormatTimestamp(now, layout),
			why:   "now in Jakarta time (" + layoutName + ", snap.FormatTimestamp)",
		}, nil
	}
	if set["layout"] {
		return timestampChoice{}, usagef("-layout applies to the default timestamp only; -timestamp is signed as given")
	}
	tc := timestampChoice{value: given, why: "as given by -timestamp"}
	t, err := snap.ParseTimestamp(given)
	if err != nil {
		tc.notes = append(tc.notes, "warning: not a SNAP timestamp (want 2006-01-02T15:04:05+07:00); signed as given")
		return tc, nil
	}
	if _, off := t.Zone(); off != 7*60*60 {
		tc.notes = append(tc.notes, fmt.Sprintf("warning: SNAP's X-TIMESTAMP is Jakarta time; the same instant in +07:00 is %s", snap.FormatTimestamp(t, layoutOf(given))))
	}
	return tc, nil
}

// layoutOf picks the SNAP layout matching a timestamp's precision.
func layoutOf(ts string) string {
	if strings.Contains(ts, ".") {
		return snap.TimestampLayoutMillis
	}
	return snap.TimestampLayout
}

// bareToken strips a leading "Bearer " (as copied from an Authorization
// header): SNAP signs the bare access token.
func bareToken(tok string) (string, bool) {
	for _, p := range [...]string{"Bearer ", "bearer ", "BEARER "} {
		if strings.HasPrefix(tok, p) {
			return strings.TrimSpace(tok[len(p):]), true
		}
	}
	return tok, false
}

// out writes aligned "label  value" lines.
type out struct{ w io.Writer }

const labelWidth = 16

func (o out) line(label, value string) {
	fmt.Fprintf(o.w, "%-*s%s\n", labelWidth, label, value)
}

// more writes continuation lines under the previous label.
func (o out) more(values ...string) {
	for _, v := range values {
		o.line("", v)
	}
}

func (o out) blank() { fmt.Fprintln(o.w) }

func (o out) title(s string) { fmt.Fprintln(o.w, s) }

// bodyLines prints the body steps shared by sign and verify.
func (o out) body(from string, br bodyReport) {
	switch {
	case len(br.raw) == 0:
		o.line("body", "(empty, from "+from+")")
	default:
		o.line("body", fmt.Sprintf("%d bytes from %s", len(br.raw), from))
	}
	switch {
	case br.notJSON:
		o.line("minified body", "(not JSON: the SDK hashes the bytes as they are)")
	case len(br.raw) == 0:
	default:
		o.line("minified body", string(br.minified))
		if bytes.Equal(br.minified, br.raw) {
			o.line("minifying", "no change: these are the bytes to send")
		} else {
			o.line("minifying", fmt.Sprintf("changed it: %d bytes of whitespace removed (the SDK hashes the minified form; send those bytes)", len(br.raw)-len(br.minified)))
		}
		if htmlEscapes(br.minified) {
			o.more("note: the body has \\u0026/\\u003c/\\u003e escapes (json.Marshal's default); receivers that re-minify hash the literal &<>")
		}
	}
	o.line("body SHA-256", br.hash)
}
