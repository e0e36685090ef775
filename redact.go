package snap

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/snapbi/snap/internal/redact"
)

// RedactTokens returns body with the string value of every JSON field that
// carries a credential — a name ending in "token" or "secret" (accessToken,
// customerToken, refresh_token, clientSecret …), or "authorization" — replaced
// by "<redacted>", at any depth. The rest of the body is kept byte for byte;
// a body with nothing to redact, or that is not JSON, is returned as is. An
// Error keeps its Body only after this, so an answer refused after it
// carried a valid token does not keep the token.
func RedactTokens(body []byte) []byte {
	type frame struct{ object, wantKey bool }
	var (
		stack   []frame
		spans   [][2]int // [value start, value end) of each string to redact
		pending bool     // the last key read names a credential
		cut     = -1     // where a credential cut short by the end of the body starts
	)
	dec := json.NewDecoder(bytes.NewReader(body))
	for {
		before := int(dec.InputOffset())
		tok, err := dec.Token()
		if err != nil {
			if pending {
				cut = before
			}
			break
		}
		after := int(dec.InputOffset())
		var top *frame
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			continue
		}
		if top != nil && top.object && top.wantKey {
			top.wantKey = false
			key, _ := tok.(string)
			pending = credentialKey(key)
			continue
		}
		if _, ok := tok.(string); ok && pending {
			if i := bytes.IndexByte(body[before:after], '"'); i >= 0 {
				spans = append(spans, [2]int{before + i, after})
			}
		}
		pending = false
		if top != nil && top.object {
			top.wantKey = true
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{object: true, wantKey: true})
		case json.Delim('['):
			stack = append(stack, frame{})
		}
	}
	if len(spans) == 0 && cut < 0 {
		return body
	}
	placeholder := `"` + redact.Placeholder + `"`
	out := make([]byte, 0, len(body))
	last := 0
	for _, s := range spans {
		out = append(out, body[last:s[0]]...)
		out = append(out, placeholder...)
		last = s[1]
	}
	if cut >= 0 {
		return append(append(out, body[last:cut]...), ":"+placeholder...)
	}
	return append(out, body[last:]...)
}

// credentialKey reports whether a JSON field name names a credential.
func credentialKey(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, "token") || strings.HasSuffix(n, "secret") || n == "authorization"
}

// redactHeader returns a copy of an answer's header with the value of every
// header that can carry a credential or a signature — Authorization,
// Authorization-Customer, Cookie, Set-Cookie, X-SIGNATURE, PayerMax's sign,
// and any name holding "token", "secret" or "signature" — replaced by
// "<redacted>". An Error keeps its Header only after this.
func redactHeader(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	out := h.Clone()
	for name, values := range out {
		if credentialHeader(name) {
			for i := range values {
				values[i] = redact.Placeholder
			}
		}
	}
	return out
}

func credentialHeader(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "authorization", "authorization-customer", "cookie", "set-cookie", "sign":
		return true
	}
	return strings.Contains(n, "token") || strings.Contains(n, "secret") || strings.Contains(n, "signature")
}
