package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/internal/testvectors"
)

func testVerifyHMACVectors(t *testing.T, vectors []hmacVector) {
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			args, env := vectorArgs(t, "verify", v)
			r := snapRun(t, env, "", append(args, "-signature", v.signature)...)
			require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
			assert.Equal(t, "VALID", field(t, r.stdout, "result"))

			// One bit off is invalid, and no usual mistake explains it.
			sig, err := base64.StdEncoding.DecodeString(v.signature)
			require.NoError(t, err)
			sig[0] ^= 1
			r = snapRun(t, env, "", append(args, "-signature", base64.StdEncoding.EncodeToString(sig))...)
			require.Equal(t, exitInvalid, r.code, r.stderr)
			assert.Contains(t, field(t, r.stdout, "result"), "INVALID")
			assert.Contains(t, r.stdout, "none of the")
		})
	}
}

func TestVerifyHMACVectors(t *testing.T)       { testVerifyHMACVectors(t, hmacVectors) }
func TestVerifySharedHMACVectors(t *testing.T) { testVerifyHMACVectors(t, sharedHMACVectors(t)) }

// Retyped from signatures.json: the notification signature in NICEPAY's SDK README.
const (
	nicepayNotifyClientID  = "TNICEVA023"
	nicepayNotifyTimestamp = "2024-08-19T17:12:40+07:00"
	nicepayNotifySignature = "VoxMPjbcV9pro4YyHGQgoRj4rDVJgYk2Ecxn+95B90w47Wnabtco35BfhGpR7a5RukUNnAdeOEBNczSFk4B9uYyu3jc+ceX+Dvz5OYSgSnw5CiMHtGiVnTAqCM/yHZ2MRpIEqekBc4BWMLVtexSWp0YEJjLyo9dZPrSkSbyLVuD7jkUbvmEpVdvK0uK15xb8jueCcDA6LYVXHkq/OMggS1/5mrLNriBhCGLuR7M7hBUJbhpOXSJJEy7XyfItTBA+3MRC2FLcvUpMDrn/wz1uH1+b9A6FP7mG0bRSBOm2BTLyf+xJR5+cdd88RhF70tNQdQxhqr4okVo3IFqlCz2FFg=="
)

func TestVerifyTokenVectors(t *testing.T) {
	pubB64 := testkit.Fixture(t, "nicepay_notify_public.b64")
	type vector struct{ name, pub, sts, sig string }
	vectors := []vector{{"NICEPAY SDK README (retyped)", strings.TrimSpace(string(pubB64)), nicepayNotifyClientID + "|" + nicepayNotifyTimestamp, nicepayNotifySignature}}
	if testvectors.Dir() != "" {
		var v testvectors.Signatures
		testvectors.Load(t, "signatures.json", &v)
		for _, s := range v.RSAVerify {
			require.Equal(t, "valid", s.Expect)
			vectors = append(vectors, vector{"shared: " + s.Name, s.PublicKey, s.StringToSign, s.Signature})
		}
	}
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			id, ts, ok := strings.Cut(v.sts, "|")
			require.True(t, ok)
			args := []string{"verify", "-mode", "token", "-client-id", id, "-public-key", v.pub, "-signature", v.sig}
			r := snapRun(t, nil, "", append(args, "-timestamp", ts)...)
			require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
			assert.Equal(t, v.sts, field(t, r.stdout, "string to sign"))
			assert.Equal(t, "VALID", field(t, r.stdout, "result"))

			// The same instant sent in UTC: invalid, and the finder names
			// the timestamp the signature was made over.
			r = snapRun(t, nil, "", append(args, "-timestamp", "2024-08-19T10:12:40Z")...)
			require.Equal(t, exitInvalid, r.code, r.stderr)
			assert.Equal(t, []string{"timestamp 2024-08-19T17:12:40+07:00 (Jakarta +07:00 to the second, not the X-TIMESTAMP 2024-08-19T10:12:40Z)"}, matchedMistakes(r.stdout))
		})
	}
}

func TestVerifyTokenWithOwnKey(t *testing.T) {
	key := testkit.PartnerKey(t)
	sig := rsaB64(t, key, "c|"+testTimestamp)
	r := snapRun(t, nil, "", "verify", "-mode", "token", "-client-id", "c", "-timestamp", testTimestamp, "-signature", sig, "-key-file", keysDir+"partner_pkcs8.pem")
	require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	assert.Contains(t, field(t, r.stdout, "public key"), "public half")
}

// matchedMistakes returns the "- ..." lines of the MATCH block.
func matchedMistakes(out string) []string {
	var ms []string
	in := false
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.HasPrefix(line, "MATCH"):
			in = true
		case in && strings.HasPrefix(strings.TrimSpace(line), "- "):
			ms = append(ms, strings.TrimPrefix(strings.TrimSpace(line), "- "))
		case in:
			return ms
		}
	}
	return ms
}

// The bodies of the mistake table: the body as sent (minified, keys in sent
// order, &<> literal) and what signers wrongly hash instead.
const (
	sentBody    = `{"partnerReferenceNo":"A&B <1>","amount":{"value":"10000.00","currency":"IDR"}}`
	escapedBody = `{"partnerReferenceNo":"A\u0026B \u003c1\u003e","amount":{"value":"10000.00","currency":"IDR"}}`
	sortedBody  = `{"amount":{"currency":"IDR","value":"10000.00"},"partnerReferenceNo":"A&B <1>"}`
)

func indented(t *testing.T, body, indent string) string {
	var b bytes.Buffer
	require.NoError(t, json.Indent(&b, []byte(body), "", indent))
	return b.String()
}

// TestVerifyFindsMistakes builds a signature with one (or two) of the usual
// mistakes, runs verify with the correct inputs, and checks that the report
// names exactly that mistake.
func TestVerifyFindsMistakes(t *testing.T) {
	pretty := indented(t, sentBody, "  ")
	type signed struct{ method, path, token, bodyHash, ts string }
	correct := signed{"POST", "/v1.0/debit/cancel", testToken, sha256Hex([]byte(sentBody)), testTimestamp}
	tests := []struct {
		name   string
		args   []string // path or URL, and extras
		body   string   // as given to verify
		ts     string   // X-TIMESTAMP as given to verify; testTimestamp when empty
		signer func(*signed)
		want   []string
	}{
		{
			name:   "path with the /snap prefix",
			signer: func(s *signed) { s.path = "/snap/v1.0/debit/cancel" },
			want:   []string{"path /snap/v1.0/debit/cancel (with the provider prefix /snap, not /v1.0/debit/cancel)"},
		},
		{
			name:   "path without the /nicepay context",
			args:   []string{"-url", "https://dev.nicepay.co.id/nicepay/api/v1.0/debit/cancel"},
			signer: func(s *signed) { s.path = "/api/v1.0/debit/cancel" },
			want:   []string{"path /api/v1.0/debit/cancel (without the provider prefix /nicepay, not /nicepay/api/v1.0/debit/cancel)"},
		},
		{
			name:   "path without /api",
			args:   []string{"-path", "/api/v1.0/debit/cancel"},
			signer: func(s *signed) { s.path = "/v1.0/debit/cancel" },
			want:   []string{"path /v1.0/debit/cancel (without the provider prefix /api, not /api/v1.0/debit/cancel)"},
		},
		{
			name:   "path trimmed with -trim-prefix but signed whole",
			args:   []string{"-url", "https://dev.nicepay.co.id/nicepay/api/v1.0/debit/cancel", "-trim-prefix", "/nicepay"},
			signer: func(s *signed) { s.path = "/nicepay/api/v1.0/debit/cancel" },
			want:   []string{"path /nicepay/api/v1.0/debit/cancel (with the provider prefix /nicepay, not /api/v1.0/debit/cancel)"},
		},
		{
			name:   "path with the query string",
			args:   []string{"-url", "https://api.example.id/v1.0/debit/cancel?x=1"},
			signer: func(s *signed) { s.path = "/v1.0/debit/cancel?x=1" },
			want:   []string{"path /v1.0/debit/cancel?x=1 (with the query string, not /v1.0/debit/cancel)"},
		},
		{
			name:   "body HTML-escaped by json.Marshal",
			signer: func(s *signed) { s.bodyHash = sha256Hex([]byte(escapedBody)) },
			want:   []string{`body with &, <, > escaped as \u0026, \u003c, \u003e (json.Marshal's default; send and sign them literal)`},
		},
		{
			name:   "body sent escaped, signed literal",
			body:   escapedBody,
			signer: func(s *signed) { s.bodyHash = sha256Hex([]byte(sentBody)) },
			want:   []string{`body with \u0026, \u003c, \u003e as literal &, <, > (the signer unescaped them)`},
		},
		{
			name:   "body keys re-ordered",
			signer: func(s *signed) { s.bodyHash = sha256Hex([]byte(sortedBody)) },
			want:   []string{"body keys re-ordered: sorted, as a re-marshal through a map does (sign the bytes you send)"},
		},
		{
			name:   "body re-ordered and escaped: json.Marshal of a map",
			signer: func(s *signed) { s.bodyHash = sha256Hex(escapeHTMLForTest(sortedBody)) },
			want:   []string{"body keys re-ordered and &<> escaped: json.Marshal of a map (sign the bytes you send)"},
		},
		{
			name:   "pretty body hashed as received",
			body:   pretty,
			signer: func(s *signed) { s.bodyHash = sha256Hex([]byte(pretty)) },
			want:   []string{"body hashed as given, not minified (SNAP hashes the minified body)"},
		},
		{
			name:   "minified body sent, pretty body signed",
			signer: func(s *signed) { s.bodyHash = sha256Hex([]byte(indented(t, sentBody, "    "))) },
			want:   []string{"body hashed pretty-printed (indented with 4 spaces), not minified"},
		},
		{
			name:   "body with json.Encoder's newline",
			signer: func(s *signed) { s.bodyHash = sha256Hex([]byte(sentBody + "\n")) },
			want:   []string{"body hashed with a trailing newline (json.Encoder adds one)"},
		},
		{
			name:   "Bearer in the token",
			signer: func(s *signed) { s.token = "Bearer " + testToken },
			want:   []string{`access token signed with "Bearer " in front (SNAP signs the bare token)`},
		},
		{
			name:   "timestamp in UTC with Z",
			signer: func(s *signed) { s.ts = "2024-05-01T03:00:00Z" },
			want:   []string{"timestamp 2024-05-01T03:00:00Z (UTC with Z, not the X-TIMESTAMP 2024-05-01T10:00:00+07:00)"},
		},
		{
			name:   "timestamp in UTC with +00:00",
			signer: func(s *signed) { s.ts = "2024-05-01T03:00:00+00:00" },
			want:   []string{"timestamp 2024-05-01T03:00:00+00:00 (UTC with +00:00, not the X-TIMESTAMP 2024-05-01T10:00:00+07:00)"},
		},
		{
			name:   "X-TIMESTAMP sent in UTC, signed in +07:00",
			ts:     "2024-05-01T03:00:00Z",
			signer: func(s *signed) { s.ts = "2024-05-01T10:00:00+07:00" },
			want:   []string{"timestamp 2024-05-01T10:00:00+07:00 (Jakarta +07:00 to the second, not the X-TIMESTAMP 2024-05-01T03:00:00Z)"},
		},
		{
			name:   "timestamp with milliseconds",
			signer: func(s *signed) { s.ts = "2024-05-01T10:00:00.000+07:00" },
			want:   []string{"timestamp 2024-05-01T10:00:00.000+07:00 (Jakarta +07:00 with milliseconds, not the X-TIMESTAMP 2024-05-01T10:00:00+07:00)"},
		},
		{
			name:   "timestamp without milliseconds",
			ts:     "2024-05-01T10:00:00.000+07:00",
			signer: func(s *signed) { s.ts = "2024-05-01T10:00:00+07:00" },
			want:   []string{"timestamp 2024-05-01T10:00:00+07:00 (Jakarta +07:00 to the second, not the X-TIMESTAMP 2024-05-01T10:00:00.000+07:00)"},
		},
		{
			name:   "UTC wall clock labelled +07:00",
			signer: func(s *signed) { s.ts = "2024-05-01T03:00:00+07:00" },
			want:   []string{"timestamp 2024-05-01T03:00:00+07:00 (UTC wall-clock time labelled +07:00: a host clock formatted with a literal +07:00, not the X-TIMESTAMP 2024-05-01T10:00:00+07:00)"},
		},
		{
			name:   "method in lower case",
			signer: func(s *signed) { s.method = "post" },
			want:   []string{"method post in lower case (SNAP signs POST)"},
		},
		{
			name: "two mistakes at once: /snap prefix and UTC",
			signer: func(s *signed) {
				s.path, s.ts = "/snap/v1.0/debit/cancel", "2024-05-01T03:00:00Z"
			},
			want: []string{
				"path /snap/v1.0/debit/cancel (with the provider prefix /snap, not /v1.0/debit/cancel)",
				"timestamp 2024-05-01T03:00:00Z (UTC with Z, not the X-TIMESTAMP 2024-05-01T10:00:00+07:00)",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := correct
			tt.signer(&s)
			sig := hmacB64(testSecret, strings.Join([]string{s.method, s.path, s.token, s.bodyHash, s.ts}, ":"))
			body := tt.body
			if body == "" {
				body = sentBody
			}
			ts := tt.ts
			if ts == "" {
				ts = testTimestamp
			}
			args := tt.args
			if args == nil {
				args = []string{"-path", correct.path}
			}
			r := snapRun(t, symEnv(), body, append([]string{"verify", "-timestamp", ts, "-signature", sig}, args...)...)
			require.Equal(t, exitInvalid, r.code, r.stdout+r.stderr)
			assert.Contains(t, field(t, r.stdout, "result"), "INVALID: snap: signature does not match")
			assert.Equal(t, tt.want, matchedMistakes(r.stdout), r.stdout)
			assert.NotEmpty(t, field(t, r.stdout, "fix"))
			assert.NotContains(t, r.all(), testSecret)
			assert.NotContains(t, r.all(), testToken)

			// The correct signature over the same inputs is valid.
			good := snapRun(t, symEnv(), body, append([]string{"verify", "-timestamp", ts, "-signature", signedBy(t, symEnv(), body, ts, args)}, args...)...)
			require.Equal(t, exitOK, good.code, good.stdout+good.stderr)
		})
	}
}

// signedBy asks sign for the signature of the same inputs.
func signedBy(t *testing.T, env map[string]string, body, ts string, args []string) string {
	t.Helper()
	r := snapRun(t, env, body, append([]string{"sign", "-timestamp", ts}, args...)...)
	require.Equal(t, exitOK, r.code, r.stderr)
	return field(t, r.stdout, "X-SIGNATURE")
}

// escapeHTMLForTest escapes &<> as json.Marshal does, independently of escapeHTML.
func escapeHTMLForTest(s string) []byte {
	var b bytes.Buffer
	json.HTMLEscape(&b, []byte(s))
	return b.Bytes()
}

func TestVerifyAsymmetric(t *testing.T) {
	key := testkit.PartnerKey(t)
	pretty := indented(t, sentBody, "  ")
	path := "/v1.0/debit/cancel.htm"
	base := []string{"verify", "-mode", "asymmetric", "-path", path, "-timestamp", testTimestamp, "-public-key-file", keysDir + "partner_public.pem"}

	t.Run("valid", func(t *testing.T) {
		sig := rsaB64(t, key, "POST:"+path+":"+sha256Hex([]byte(sentBody))+":"+testTimestamp)
		r := snapRun(t, nil, sentBody, append(base, "-signature", sig)...)
		require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
		assert.Equal(t, "VALID", field(t, r.stdout, "result"))
	})
	t.Run("raw body accepted by the SDK, with a note", func(t *testing.T) {
		sig := rsaB64(t, key, "POST:"+path+":"+sha256Hex([]byte(pretty))+":"+testTimestamp)
		r := snapRun(t, nil, pretty, append(base, "-signature", sig)...)
		require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
		assert.Equal(t, "VALID", field(t, r.stdout, "result"))
		assert.Contains(t, r.stdout, "the signature covers the body as received, not minified")
	})
	t.Run("provider prefix", func(t *testing.T) {
		sig := rsaB64(t, key, "POST:/snap"+path+":"+sha256Hex([]byte(sentBody))+":"+testTimestamp)
		r := snapRun(t, nil, sentBody, append(base, "-signature", sig)...)
		require.Equal(t, exitInvalid, r.code, r.stdout+r.stderr)
		assert.Equal(t, []string{"path /snap/v1.0/debit/cancel.htm (with the provider prefix /snap, not /v1.0/debit/cancel.htm)"}, matchedMistakes(r.stdout))
	})
	t.Run("wrong key: nothing matches", func(t *testing.T) {
		other := testkit.ProviderKey(t)
		sig := rsaB64(t, other, "POST:"+path+":"+sha256Hex([]byte(sentBody))+":"+testTimestamp)
		r := snapRun(t, nil, sentBody, append(base, "-signature", sig)...)
		require.Equal(t, exitInvalid, r.code, r.stdout+r.stderr)
		assert.Contains(t, r.stdout, "none of the")
		assert.Empty(t, matchedMistakes(r.stdout))
	})
	t.Run("public half of the private key", func(t *testing.T) {
		sig := rsaB64(t, key, "POST:"+path+":"+sha256Hex([]byte(sentBody))+":"+testTimestamp)
		r := snapRun(t, nil, sentBody, "verify", "-mode", "asymmetric", "-path", path, "-timestamp", testTimestamp, "-key-file", keysDir+"partner_pkcs8.pem", "-signature", sig)
		require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
	})
}

func TestVerifySignatureEncoding(t *testing.T) {
	sts := "POST:/v1.0/x:" + testToken + ":" + sha256Hex([]byte(sentBody)) + ":" + testTimestamp
	std := hmacB64(testSecret, sts)
	raw, err := base64.StdEncoding.DecodeString(std)
	require.NoError(t, err)
	base := []string{"verify", "-path", "/v1.0/x", "-timestamp", testTimestamp}

	t.Run("base64url", func(t *testing.T) {
		url := base64.RawURLEncoding.EncodeToString(raw)
		require.NotEqual(t, std, url)
		r := snapRun(t, symEnv(), sentBody, append(base, "-signature", url)...)
		require.Equal(t, exitInvalid, r.code, r.stdout+r.stderr)
		assert.Contains(t, field(t, r.stdout, "MATCH"), "only the signature's encoding is wrong (base64url without padding)")
	})
	t.Run("not base64 at all", func(t *testing.T) {
		r := snapRun(t, symEnv(), sentBody, append(base, "-signature", "zz!!")...)
		require.Equal(t, exitInvalid, r.code, r.stdout+r.stderr)
		assert.Contains(t, r.stdout, "not base64 at all")
	})
}
