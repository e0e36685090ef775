package main

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/internal/testvectors"
)

// hmacVector is a symmetric known answer, its string to sign split into the
// pieces the tool takes.
type hmacVector struct {
	name, secret, sts, signature string
}

// Retyped from ../shared/testvectors/signatures.json (Midtrans and NICEPAY
// documentation), so that these run without it.
var hmacVectors = []hmacVector{
	{
		name:      "Midtrans docs: symmetric transaction signature",
		secret:    "fdppqbF5wq7vVegyvsV1CROMv646nJ7A",
		sts:       "POST:/v1.0/debit/payment-host-to-host:gp9HjjEj813Y9JGoqwOeOPWbnt4CupvIJbU1Mmu4a11MNDZ7Sg5u9a:56fa5f4999ad8014de49d7898c1d1d53472569db8999de3c1b752a0dd181e98c:2020-01-01T00:00:00+07:00",
		signature: "FSlidRHe4ow9qppNifGVQNcdv67lBjgCiP0BHylh+IKXo4fs2rHaGsFNUY0N8t0rPlZs4iAHAOCDklnCccwuJw==",
	},
	{
		name:      "NICEPAY Node SDK test: symmetric transaction signature",
		secret:    "1af9014925cab04606b2e77a7536cb0d5c51353924a966e503953e010234108a",
		sts:       "POST:/api/v1.0/transfer/registration:eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJJT05QQVlURVNUIiwiaXNzIjoiTklDRVBBWSIsIm5hbWUiOiJCQkJBIiwiZXhwIjoiMjAyMy0wMi0yMlQxMDo0MDowNloifQ==.nlrGKpV0lvwmUDTC94Y5KGnrACV1zdfSx7GrsrNruh8=:ec055a063eca97d1eb53e1ebc38cb8dfed4ce9f874b47c8214fb30250cfa9d44:2023-02-22T17:25:04+07:00",
		signature: "i1cr9QK4IbAB4IK1DGmc60HxVqQMPNCQEDMeWIsJgXPOKP5VFjNDSTxWc7C72Yx7lD2+nCdO1dHChiVcIXcYIQ==",
	},
}

// split cuts METHOD:path:token:bodyHash:timestamp (the timestamp has colons).
func (v hmacVector) split(t *testing.T) (method, path, token, bodyHash, ts string) {
	t.Helper()
	parts := strings.SplitN(v.sts, ":", 5)
	require.Len(t, parts, 5, v.name)
	return parts[0], parts[1], parts[2], parts[3], parts[4]
}

func sharedHMACVectors(t *testing.T) []hmacVector {
	var v testvectors.Signatures
	testvectors.Load(t, "signatures.json", &v)
	require.NotEmpty(t, v.HMACSHA512)
	var out []hmacVector
	for _, h := range v.HMACSHA512 {
		out = append(out, hmacVector{h.Name, h.Secret, h.StringToSign, h.Signature})
	}
	return out
}

// signVectorArgs feeds a vector's pieces to sign or verify.
func vectorArgs(t *testing.T, cmd string, v hmacVector) ([]string, map[string]string) {
	method, path, token, bodyHash, ts := v.split(t)
	env := map[string]string{"SNAP_CLIENT_SECRET": v.secret, "SNAP_ACCESS_TOKEN": token}
	return []string{cmd, "-method", method, "-path", path, "-body-hash", bodyHash, "-timestamp", ts}, env
}

func testSignHMACVectors(t *testing.T, vectors []hmacVector) {
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			args, env := vectorArgs(t, "sign", v)
			r := snapRun(t, env, "", args...)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Equal(t, v.signature, field(t, r.stdout, "X-SIGNATURE"))
			_, _, token, _, _ := v.split(t)
			// The string to sign is the vector's, with the token redacted.
			assert.Equal(t, strings.Replace(v.sts, token, redact(token, false), 1), field(t, r.stdout, "string to sign"))
			assert.NotContains(t, r.all(), token)
			assert.NotContains(t, r.all(), v.secret)
		})
	}
}

func TestSignHMACVectors(t *testing.T)       { testSignHMACVectors(t, hmacVectors) }
func TestSignSharedHMACVectors(t *testing.T) { testSignHMACVectors(t, sharedHMACVectors(t)) }

// Body hashes of the shared vectors, through sign's printed steps.
func TestSignBodyHashVectors(t *testing.T) {
	tests := []struct{ name, body, hash string }{
		{
			name: "DOKU docs: body hash keeps whitespace inside string values",
			body: `{"partnerServiceId":"  088899","customerNo":"12345678901234567890","virtualAccountNo":"  08889912345678901234567890","virtualAccountName":"Jokul Doe","virtualAccountEmail":"jokul@email.com","virtualAccountPhone":"6281828384858","trxId":"abcdefgh1234","totalAmount":{"value":"12345678.00","currency":"IDR"}}`,
			hash: "3274fab8dac896837b106a16da2a974e7e65142dcecb4b768ef0294102838977",
		},
		{name: "empty body", body: "", hash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
	}
	var shared testvectors.Signatures
	if testvectors.Dir() != "" {
		testvectors.Load(t, "signatures.json", &shared)
		for _, b := range shared.BodySHA256 {
			tests = append(tests, struct{ name, body, hash string }{"shared: " + b.Name, b.Body, b.Hex})
		}
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := snapRun(t, symEnv(), tt.body, "sign", "-path", "/v1.0/x", "-timestamp", testTimestamp) // body on stdin
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Equal(t, tt.hash, field(t, r.stdout, "body SHA-256"))
			if tt.body != "" {
				assert.Equal(t, tt.body, field(t, r.stdout, "minified body"))
				assert.Contains(t, field(t, r.stdout, "minifying"), "no change")
			}
		})
	}
}

// TestSignRecomputed checks sign's output against signatures recomputed
// here with crypto/hmac and crypto/rsa, for the cases that matter: a pretty
// body (hashed minified), a URL with a provider prefix, -trim-prefix, a
// lower-case method, a "Bearer " token.
func TestSignRecomputed(t *testing.T) {
	pretty := "{\n  \"partnerReferenceNo\": \"A&B <1>\",\n  \"amount\": {\"value\": \"10000.00\", \"currency\": \"IDR\"}\n}\n"
	minified := `{"partnerReferenceNo":"A&B <1>","amount":{"value":"10000.00","currency":"IDR"}}`
	hash := sha256Hex([]byte(minified))
	const nicepayURL = "https://dev.nicepay.co.id/nicepay/api/v1.0/debit/cancel?lang=id"
	bearer := map[string]string{"SNAP_CLIENT_SECRET": testSecret, "SNAP_ACCESS_TOKEN": "Bearer " + testToken}
	// Every row signs POST:wantPath:token:hash:timestamp, with the real token.
	tests := []struct {
		name     string
		env      map[string]string
		args     []string
		wantPath string
		wantWhy  string
	}{
		{"pretty body, path as given", nil, []string{"-path", "/v1.0/debit/cancel"}, "/v1.0/debit/cancel", "as given by -path"},
		{"Paydia URL keeps /snap", nil, []string{"-url", "https://api.paydia.co.id/snap/v1.0/auth/void-query"}, "/snap/v1.0/auth/void-query", "Paydia signs the path with its /snap prefix"},
		{"NICEPAY URL without trim gets a hint", nil, []string{"-url", nicepayURL}, "/nicepay/api/v1.0/debit/cancel", "add -trim-prefix /nicepay"},
		{"NICEPAY URL with -trim-prefix", nil, []string{"-url", nicepayURL, "-trim-prefix", "nicepay/"}, "/api/v1.0/debit/cancel", "provider prefix /nicepay dropped"},
		{"lower-case method is upper-cased", nil, []string{"-path", "/v1.0/debit/cancel", "-method", "post"}, "/v1.0/debit/cancel", "as given by -path"},
		{"Bearer is dropped from the token", bearer, []string{"-path", "/v1.0/debit/cancel"}, "/v1.0/debit/cancel", "as given by -path"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := tt.env
			if env == nil {
				env = symEnv()
			}
			args := append([]string{"sign", "-timestamp", testTimestamp, "-partner-id", "P1", "-channel-id", "95221"}, tt.args...)
			r := snapRun(t, env, pretty, args...)
			require.Equal(t, exitOK, r.code, r.stderr)
			wantSTS := "POST:" + tt.wantPath + ":" + testToken + ":" + hash + ":" + testTimestamp
			assert.Equal(t, hmacB64(testSecret, wantSTS), field(t, r.stdout, "X-SIGNATURE"))
			assert.Equal(t, tt.wantPath, field(t, r.stdout, "path"))
			assert.Contains(t, r.stdout, tt.wantWhy)
			assert.Equal(t, strings.Replace(wantSTS, testToken, "[redacted, 33 chars]", 1), field(t, r.stdout, "string to sign"))
			assert.Equal(t, minified, field(t, r.stdout, "minified body"))
			assert.Contains(t, field(t, r.stdout, "minifying"), "changed it")
			assert.Equal(t, hash, field(t, r.stdout, "body SHA-256"))
			assert.Equal(t, "Bearer [redacted, 33 chars]", field(t, r.stdout, "Authorization"))
			assert.Equal(t, testTimestamp, field(t, r.stdout, "X-TIMESTAMP"))
			assert.Equal(t, "P1", field(t, r.stdout, "X-PARTNER-ID"))
			assert.Equal(t, "95221", field(t, r.stdout, "CHANNEL-ID"))
			assert.Regexp(t, `^[1-9][0-9]{31}$`, field(t, r.stdout, "X-EXTERNAL-ID"))
		})
	}
}

func TestSignAsymmetricRecomputed(t *testing.T) {
	body := `{"merchantId":"216620000000000000000","partnerReferenceNo":"ORD-1"}`
	args := []string{"sign", "-mode", "asymmetric", "-key-file", keysDir + "partner_pkcs8.pem", "-path", "/v1.0/debit/cancel.htm", "-timestamp", testTimestamp, "-body", body}
	r := snapRun(t, nil, "", args...)
	require.Equal(t, exitOK, r.code, r.stderr)
	sts := "POST:/v1.0/debit/cancel.htm:" + sha256Hex([]byte(body)) + ":" + testTimestamp
	assert.Equal(t, sts, field(t, r.stdout, "string to sign"))
	sig, err := base64.StdEncoding.DecodeString(field(t, r.stdout, "X-SIGNATURE"))
	require.NoError(t, err)
	digest := sha256.Sum256([]byte(sts))
	require.NoError(t, rsa.VerifyPKCS1v15(&testkit.PartnerKey(t).PublicKey, crypto.SHA256, digest[:], sig))
	assert.NotContains(t, r.stdout, "Authorization") // DANA-style: no B2B token
	assert.Contains(t, field(t, r.stdout, "private key"), "2048-bit RSA from file")
}

func TestSignTimestamps(t *testing.T) {
	now := time.Date(2024, 3, 1, 23, 30, 15, 250e6, time.UTC) // already the 2nd in Jakarta
	tests := []struct {
		name    string
		args    []string
		want    string
		warning string
	}{
		{"default is now in Jakarta", nil, "2024-03-02T06:30:15+07:00", ""},
		{"millis layout", []string{"-layout", "millis"}, "2024-03-02T06:30:15.250+07:00", ""},
		{"given UTC is signed as given, with a warning", []string{"-timestamp", "2024-03-01T23:30:15Z"}, "2024-03-01T23:30:15Z", "the same instant in +07:00 is 2024-03-02T06:30:15+07:00"},
		{"given garbage is signed as given, with a warning", []string{"-timestamp", "yesterday"}, "yesterday", "not a SNAP timestamp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := snapRunAt(t, now, symEnv(), append([]string{"sign", "-path", "/v1.0/x"}, tt.args...)...)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Equal(t, tt.want, field(t, r.stdout, "X-TIMESTAMP"))
			assert.True(t, strings.HasSuffix(field(t, r.stdout, "string to sign"), ":"+tt.want))
			if tt.warning != "" {
				assert.Contains(t, r.stdout, tt.warning)
			} else {
				assert.NotContains(t, r.stdout, "warning")
			}
		})
	}
}

// Retyped from signatures.json: Midtrans' documented B2B token signature.
const (
	midtransClientID  = "G1234325-SNAP"
	midtransTimestamp = "2023-07-31T07:10:00+07:00"
	midtransSignature = "iv5YorKVVFOFS59l0HChDvPe+HeoE/jY5CfVgCg5i16nj5/DVnKg49ilkv8PyeU7y38apHhgO+cUrvkfUs5BhDD69yLn7xp8hzN9RcR0UDy5+nCrQ3GGCVSzZJvlEXN+TB0j4Q6pMsjrq4+YRoyDa4mTlsjJTU9aGjLRFBYgY4MyMQ5x11JyLnoFwbS8TJ5e/q4mUozrp49VyHe7OQSFnJNwvMSFrDyAIxoOK0IZQIlY29PaDIFcWoR+RJAY42H2FryjJcPpNfeercbkj9jsBLV3wmEKiNoN6lgFFLk5QicDnAAQzL45s92EYeCqDNuTTJOydaJbUqEo1d/ZPVNBtQ=="
)

func TestTokenSignatureVectors(t *testing.T) {
	type vector struct{ name, keyFile, keyPEM, clientID, ts, sig string }
	vectors := []vector{{"Midtrans docs (retyped)", "testdata/midtrans_b2b_private.pem", "", midtransClientID, midtransTimestamp, midtransSignature}}
	if testvectors.Dir() != "" {
		var v testvectors.Signatures
		testvectors.Load(t, "signatures.json", &v)
		for _, s := range v.RSASign {
			id, ts, ok := strings.Cut(s.StringToSign, "|")
			require.True(t, ok, s.Name)
			vectors = append(vectors, vector{"shared: " + s.Name, "", s.PrivateKeyPEM, id, ts, s.Signature})
		}
	}
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			args := []string{"token-signature", "-client-id", v.clientID, "-timestamp", v.ts}
			env := map[string]string{}
			if v.keyFile != "" {
				args = append(args, "-key-file", v.keyFile)
			} else {
				env["SNAP_PRIVATE_KEY"] = v.keyPEM
			}
			r := snapRun(t, env, "", args...)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Equal(t, v.clientID+"|"+v.ts, field(t, r.stdout, "string to sign"))
			assert.Equal(t, v.sig, field(t, r.stdout, "X-SIGNATURE"))
			assert.Equal(t, v.clientID, field(t, r.stdout, "X-CLIENT-KEY"))
			assert.Contains(t, r.stdout, `{"grantType":"client_credentials"}`)
			assert.NotContains(t, r.stdout, "PRIVATE KEY")
		})
	}
}

func TestTokenSignatureDefaultTimestamp(t *testing.T) {
	now := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	r := snapRunAt(t, now, nil, "token-signature", "-client-id", "c", "-key-file", keysDir+"partner_pkcs8.pem")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "c|2024-03-01T07:00:00+07:00", field(t, r.stdout, "string to sign"))
	sig, err := base64.StdEncoding.DecodeString(field(t, r.stdout, "X-SIGNATURE"))
	require.NoError(t, err)
	digest := sha256.Sum256([]byte("c|2024-03-01T07:00:00+07:00"))
	assert.NoError(t, rsa.VerifyPKCS1v15(&testkit.PartnerKey(t).PublicKey, crypto.SHA256, digest[:], sig))
}

func TestSignBodySources(t *testing.T) {
	dir := t.TempDir()
	file := dir + "/body.json"
	pretty := "{\n  \"a\": \"x y\"\n}\n"
	require.NoError(t, os.WriteFile(file, []byte(pretty), 0o600))
	want := sha256Hex([]byte(`{"a":"x y"}`))
	tests := []struct {
		name, stdin string
		args        []string
		hash, from  string
	}{
		{"file", "", []string{"-body-file", file}, want, "from file " + file},
		{"dash is stdin", pretty, []string{"-body-file", "-"}, want, "from stdin"},
		{"stdin by default", pretty, nil, want, "from stdin"},
		{"inline", "ignored", []string{"-body", pretty}, want, "from -body"},
		{"not JSON is hashed as it is", "", []string{"-body", "a=1&b=2"}, sha256Hex([]byte("a=1&b=2")), "from -body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := snapRun(t, symEnv(), tt.stdin, append([]string{"sign", "-path", "/v1.0/x", "-timestamp", testTimestamp}, tt.args...)...)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Equal(t, tt.hash, field(t, r.stdout, "body SHA-256"))
			assert.Contains(t, field(t, r.stdout, "body"), tt.from)
		})
	}
	r := snapRun(t, symEnv(), "", "sign", "-path", "/v1.0/x", "-body", "{}", "-body-file", file)
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "give -body-file or -body, not both")
	r = snapRun(t, symEnv(), "", "sign", "-path", "/v1.0/x", "-body-file", dir+"/missing.json")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "cannot read -body-file")
}
