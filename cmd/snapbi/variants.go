package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/jsonbytes"
)

// variant is one way the signer may have built a piece of the string to sign
// differently from the inputs given. The zero desc is the input itself.
type variant struct {
	desc  string
	apply func(*pieces)
}

var asGiven = variant{apply: func(*pieces) {}}

// methodVariants: the SDK upper-cases the method; a hand-made signer may not.
func methodVariants(method string) []variant {
	vs := []variant{asGiven}
	if lower := strings.ToLower(method); lower != strings.ToUpper(method) {
		vs = append(vs, variant{
			desc:  "method " + lower + " in lower case (SNAP signs " + strings.ToUpper(method) + ")",
			apply: func(p *pieces) { p.method, p.rawMethod = lower, true },
		})
	}
	return vs
}

// pathVariants: the path with or without a provider prefix, with the query
// string, with or without a trailing slash.
func pathVariants(pc pathChoice, prefixes []string) []variant {
	given := pc.path
	vs := []variant{asGiven}
	seen := map[string]bool{given: true}
	add := func(path, why string) {
		if path == "" || seen[path] {
			return
		}
		seen[path] = true
		vs = append(vs, variant{
			desc:  "path " + path + " (" + why + ", not " + given + ")",
			apply: func(p *pieces) { p.path = path },
		})
	}
	// Drop leading provider prefixes, one after the other (/nicepay/api/v1.0 → /api/v1.0 → /v1.0).
	for cur, dropped := given, ""; ; {
		next := ""
		for _, x := range prefixes {
			if strings.HasPrefix(cur, x+"/") {
				next, dropped = cur[len(x):], dropped+x
				break
			}
		}
		if next == "" {
			break
		}
		add(next, "without the provider prefix "+dropped)
		cur = next
	}
	for _, x := range prefixes {
		add(x+given, "with the provider prefix "+x)
	}
	if pc.urlPath != "" {
		add(pc.urlPath, "the URL's full path")
	}
	if pc.query != "" {
		add(given+"?"+pc.query, "with the query string")
	}
	if strings.HasSuffix(given, "/") {
		add(strings.TrimSuffix(given, "/"), "without the trailing slash")
	} else {
		add(given+"/", "with a trailing slash")
	}
	return vs
}

// tokenVariants: the Authorization header's value signed whole.
func tokenVariants() []variant {
	return []variant{asGiven, {
		desc:  `access token signed with "Bearer " in front (SNAP signs the bare token)`,
		apply: func(p *pieces) { p.token = "Bearer " + p.token },
	}}
}

// bodyVariants are the usual ways a body's bytes change between the signer
// and the wire: HTML escaping, key order, whitespace. Each becomes a body
// hash. body is nil when -body-hash was given.
func bodyVariants(body []byte, givenHash string) []variant {
	vs := []variant{asGiven}
	if givenHash == "" {
		givenHash = snap.BodyHash(body)
	}
	seen := map[string]bool{givenHash: true}
	add := func(hash, desc string) {
		if seen[hash] {
			return
		}
		seen[hash] = true
		vs = append(vs, variant{desc: desc, apply: func(p *pieces) { p.body, p.bodyHash = nil, hash }})
	}
	rawHash := func(b []byte) string {
		sum := sha256.Sum256(b)
		return hex.EncodeToString(sum[:])
	}
	if min, err := jsonbytes.Minify(body); err == nil && len(min) > 0 {
		add(snap.BodyHash(escapeHTML(min)), `body with &, <, > escaped as \u0026, \u003c, \u003e (json.Marshal's default; send and sign them literal)`)
		add(snap.BodyHash(unescapeHTML(min)), `body with \u0026, \u003c, \u003e as literal &, <, > (the signer unescaped them)`)
		if sorted, err := remarshal(min, true, false); err == nil {
			add(snap.BodyHash(sorted), "body keys re-ordered: sorted, as a re-marshal through a map does (sign the bytes you send)")
		}
		if sorted, err := remarshal(min, true, true); err == nil {
			add(snap.BodyHash(sorted), "body keys re-ordered and &<> escaped: json.Marshal of a map (sign the bytes you send)")
		}
		if floats, err := remarshal(min, false, true); err == nil {
			add(snap.BodyHash(floats), "body re-marshalled through map[string]any: keys sorted, numbers as float64, &<> escaped")
		}
		if !bytes.Equal(min, body) {
			add(rawHash(body), "body hashed as given, not minified (SNAP hashes the minified body)")
		}
		for _, indent := range [...]struct{ s, name string }{{"  ", "2 spaces"}, {"    ", "4 spaces"}, {"\t", "tabs"}} {
			var pretty bytes.Buffer
			if json.Indent(&pretty, min, "", indent.s) == nil {
				add(rawHash(pretty.Bytes()), "body hashed pretty-printed (indented with "+indent.name+"), not minified")
			}
		}
		add(rawHash(append(min[:len(min):len(min)], '\n')), "body hashed with a trailing newline (json.Encoder adds one)")
	}
	if len(body) > 0 || givenHash != snap.BodyHash(nil) {
		add(snap.BodyHash(nil), "an empty body hashed (the signer did not see the body)")
	}
	add(strings.ToUpper(givenHash), "body hash in upper-case hex (SNAP wants lower case)")
	return vs
}

// remarshal decodes a JSON document into any and encodes it again, as code
// that "normalises" a body through a map does: keys come out sorted.
func remarshal(doc []byte, useNumber, escape bool) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	if useNumber {
		dec.UseNumber()
	}
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if escape {
		return json.Marshal(v)
	}
	return jsonbytes.Marshal(v)
}

// escapeHTML writes &, < and > as json.Marshal does. In valid JSON they can
// only occur inside strings, so a plain replacement is exact.
func escapeHTML(b []byte) []byte {
	return []byte(strings.NewReplacer("&", `\u0026`, "<", `\u003c`, ">", `\u003e`).Replace(string(b)))
}

// unescapeHTML turns \u0026, \u003c and \u003e back into &, < and >,
// leaving every other escape (and an escaped backslash before "u0026") alone.
func unescapeHTML(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if b[i+1] == 'u' && i+6 <= len(b) {
			switch strings.ToLower(string(b[i+2 : i+6])) {
			case "0026":
				out, i = append(out, '&'), i+5
				continue
			case "003c":
				out, i = append(out, '<'), i+5
				continue
			case "003e":
				out, i = append(out, '>'), i+5
				continue
			}
		}
		out, i = append(out, b[i], b[i+1]), i+1
	}
	return out
}

// timestampVariants: the same instant written in UTC (Z or +00:00) or
// +07:00, with or without milliseconds, and the classic bug of a wall clock
// labelled with the wrong zone.
func timestampVariants(given string) []variant {
	t, err := snap.ParseTimestamp(given)
	if err != nil {
		return []variant{asGiven}
	}
	vs := []variant{asGiven}
	seen := map[string]bool{given: true}
	add := func(ts, why string) {
		if seen[ts] {
			return
		}
		seen[ts] = true
		vs = append(vs, variant{
			desc:  "timestamp " + ts + " (" + why + ", not the X-TIMESTAMP " + given + ")",
			apply: func(p *pieces) { p.timestamp = ts },
		})
	}
	const sec, ms = "2006-01-02T15:04:05", "2006-01-02T15:04:05.000"
	utc, wib := t.UTC(), t.In(snap.Jakarta())
	add(snap.FormatTimestamp(t, snap.TimestampLayout), "Jakarta +07:00 to the second")
	add(snap.FormatTimestamp(t, snap.TimestampLayoutMillis), "Jakarta +07:00 with milliseconds")
	add(utc.Format(sec+"Z"), "UTC with Z")
	add(utc.Format(ms+"Z"), "UTC with Z and milliseconds")
	add(utc.Format(sec+"+00:00"), "UTC with +00:00")
	add(utc.Format(ms+"+00:00"), "UTC with +00:00 and milliseconds")
	add(wib.Format(sec+"Z"), "Jakarta wall-clock time labelled Z")
	add(utc.Format(sec+"+07:00"), "UTC wall-clock time labelled +07:00: a host clock formatted with a literal +07:00")
	add(utc.Format(ms+"+07:00"), "UTC wall-clock time labelled +07:00, with milliseconds")
	return vs
}

// combine runs through every combination of variants (one per dimension)
// except the inputs as given, and returns the descriptions and pieces of
// the matching combination with the fewest differences.
func combine(base pieces, dims [][]variant, matches func(pieces) bool) (best []string, bestPieces pieces, tried int, found bool) {
	idx := make([]int, len(dims))
	for {
		// advance the odometer; all zeros (the inputs as given) is skipped
		i := 0
		for ; i < len(dims); i++ {
			idx[i]++
			if idx[i] < len(dims[i]) {
				break
			}
			idx[i] = 0
		}
		if i == len(dims) {
			return best, bestPieces, tried, found
		}
		var descs []string
		p := base
		for d, k := range idx {
			if k > 0 {
				descs = append(descs, dims[d][k].desc)
			}
			dims[d][k].apply(&p)
		}
		if found && len(descs) >= len(best) {
			continue
		}
		tried++
		if matches(p) {
			best, bestPieces, found = descs, p, true
		}
	}
}
