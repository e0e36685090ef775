package main

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
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/testkit"
)

// result is what one run of the tool left behind.
type result struct {
	code           int
	stdout, stderr string
}

func (r result) all() string { return r.stdout + r.stderr }

// snapRun runs the tool in-process with the given environment and stdin.
func snapRun(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, strings.NewReader(stdin), &stdout, &stderr, func(k string) string { return env[k] })
	return result{code, stdout.String(), stderr.String()}
}

// snapRunAt is snapRun with the clock pinned, for default timestamps.
func snapRunAt(t *testing.T, now time.Time, env map[string]string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	a := &app{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, env: func(k string) string { return env[k] }, now: func() time.Time { return now }}
	return result{a.run(args), stdout.String(), stderr.String()}
}

// field returns the value printed after label at the start of a line.
func field(t *testing.T, out, label string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^\s*` + regexp.QuoteMeta(label) + `:?[ \t]+(.*)$`).FindStringSubmatch(out)
	require.NotNil(t, m, "no %q line in:\n%s", label, out)
	return strings.TrimSpace(m[1])
}

const (
	keysDir       = "../../testdata/keys/"
	testSecret    = "s3cr3t-Cl1ent-S3cret-0123456789ab" // distinctive: must never show up unredacted
	testToken     = "tok3n-B2B-Acc3ss-Tok3n-zyxwvutsrq"
	testTimestamp = "2024-05-01T10:00:00+07:00"
)

func symEnv() map[string]string {
	return map[string]string{"SNAP_CLIENT_SECRET": testSecret, "SNAP_ACCESS_TOKEN": testToken}
}

// Independent re-computation with the standard library only, so the tests
// do not trust the code under test.

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func hmacB64(secret, sts string) string {
	m := hmac.New(sha512.New, []byte(secret))
	m.Write([]byte(sts))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func rsaB64(t *testing.T, key *rsa.PrivateKey, sts string) string {
	t.Helper()
	d := sha256.Sum256([]byte(sts))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, d[:])
	require.NoError(t, err)
	return base64.StdEncoding.EncodeToString(sig)
}

func TestHelp(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"overview", []string{"help"}, []string{"sign", "verify", "token-signature", "nicepay-token", "code", "version", "Exit status"}},
		{"help sign", []string{"help", "sign"}, []string{"usage: snapbi sign", "-secret-env", "-secret-file", "-key-file", "-trim-prefix", "-layout", "-show-secret"}},
		{"sign -h", []string{"sign", "-h"}, []string{"usage: snapbi sign", "-body-file"}},
		{"help verify", []string{"help", "verify"}, []string{"usage: snapbi verify", "-signature", "-try-prefixes", "-public-key-file", "Bearer"}},
		{"help code", []string{"help", "code"}, []string{"usage: snapbi code CODE..."}},
		{"help version", []string{"help", "version"}, []string{"usage: snapbi version\n", "(devel)"}},
		{"nicepay-token -help", []string{"nicepay-token", "-help"}, []string{"-merchant-key-env", "NICEPAY_MERCHANT_KEY"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := snapRun(t, nil, "", tt.args...)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Empty(t, r.stderr)
			for _, w := range tt.want {
				assert.Contains(t, r.stdout, w)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no command", nil, nil, "Usage:"},
		{"unknown command", nil, []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"help of unknown command", nil, []string{"help", "frobnicate"}, `unknown command "frobnicate"`},
		{"undefined flag", symEnv(), []string{"sign", "-nope"}, "flag provided but not defined: -nope"},
		{"bad mode", symEnv(), []string{"sign", "-mode", "hmac"}, `-mode must be symmetric or asymmetric, not "hmac"`},
		{"bad verify mode", symEnv(), []string{"verify", "-mode", "rsa", "-timestamp", testTimestamp, "-signature", "AAAA"}, `-mode must be symmetric, asymmetric or token, not "rsa"`},
		{"path and url", symEnv(), []string{"sign", "-path", "/v1.0/x", "-url", "https://h/v1.0/x"}, "give -url or -path, not both"},
		{"no path", symEnv(), []string{"sign"}, "the path is missing"},
		{"relative url", symEnv(), []string{"sign", "-url", "/v1.0/x"}, "is not a full URL"},
		{"missing secret", map[string]string{"SNAP_ACCESS_TOKEN": testToken}, []string{"sign", "-path", "/v1.0/x"}, "the client secret is missing: set $SNAP_CLIENT_SECRET or use -secret-file FILE"},
		{"missing token", map[string]string{"SNAP_CLIENT_SECRET": testSecret}, []string{"sign", "-path", "/v1.0/x"}, "the B2B access token is missing"},
		{"missing private key", nil, []string{"sign", "-mode", "asymmetric", "-path", "/v1.0/x"}, "the private key is missing"},
		{"unreadable secret file", nil, []string{"sign", "-path", "/v1.0/x", "-secret-file", "/nonexistent/secret"}, "cannot read -secret-file"},
		{"secret file and env", symEnv(), []string{"sign", "-path", "/v1.0/x", "-secret-file", "x", "-secret-env", "Y"}, "give -secret-file or -secret-env, not both"},
		{"bad layout", symEnv(), []string{"sign", "-path", "/v1.0/x", "-layout", "nanos"}, `-layout must be seconds or millis, not "nanos"`},
		{"layout with timestamp", symEnv(), []string{"sign", "-path", "/v1.0/x", "-layout", "millis", "-timestamp", testTimestamp}, "-layout applies to the default timestamp only"},
		{"bad body hash", symEnv(), []string{"sign", "-path", "/v1.0/x", "-body-hash", "abc"}, "-body-hash must be 64 hex digits"},
		{"body hash and body", symEnv(), []string{"sign", "-path", "/v1.0/x", "-body", "{}", "-body-hash", strings.Repeat("a", 64)}, "give -body-hash or a body, not both"},
		{"stray argument", symEnv(), []string{"sign", "-path", "/v1.0/x", "extra"}, `unexpected argument "extra"`},
		{"verify without signature", symEnv(), []string{"verify", "-path", "/v1.0/x", "-timestamp", testTimestamp}, "-signature (the received X-SIGNATURE) is required"},
		{"verify without timestamp", symEnv(), []string{"verify", "-path", "/v1.0/x", "-signature", "AAAA"}, "-timestamp (the received X-TIMESTAMP) is required"},
		{"verify asymmetric without key", nil, []string{"verify", "-mode", "asymmetric", "-path", "/v1.0/x", "-timestamp", testTimestamp, "-signature", "AAAA"}, "a public key is needed"},
		{"verify token with path", nil, []string{"verify", "-mode", "token", "-client-id", "c", "-path", "/x", "-timestamp", testTimestamp, "-signature", "AAAA"}, "-path does not apply to -mode token"},
		{"bad public key", nil, []string{"verify", "-mode", "token", "-client-id", "c", "-timestamp", testTimestamp, "-signature", "AAAA", "-public-key", "not-a-key"}, "public key from -public-key: snap: invalid key"},
		{"token-signature without client id", nil, []string{"token-signature"}, "-client-id is required"},
		{"weak private key", nil, []string{"token-signature", "-client-id", "c", "-key-file", keysDir + "weak_1024.pem"}, "RSA key is 1024 bits"},
		{"nicepay without imid", nil, []string{"nicepay-token", "-txid", "t", "-amt", "1"}, "-imid is required"},
		{"nicepay without key", nil, []string{"nicepay-token", "-imid", "i", "-txid", "t", "-amt", "1"}, "the merchant key is missing: set $NICEPAY_MERCHANT_KEY"},
		{"code without argument", nil, []string{"code"}, "give a response code"},
		{"version with an argument", nil, []string{"version", "-v"}, "flag provided but not defined: -v"},
		{"version with a stray argument", nil, []string{"version", "extra"}, `unexpected argument "extra"`},
		{"help with two names", nil, []string{"help", "sign", "verify"}, "give one command name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := snapRun(t, tt.env, "", tt.args...)
			require.Equal(t, exitUsage, r.code, "stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
			assert.Contains(t, r.stderr, tt.want)
			if len(tt.args) > 0 { // a bare "snapbi" prints the overview instead
				assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "one line on stderr: %q", r.stderr)
				assert.Empty(t, r.stdout)
			}
			assert.NotContains(t, r.all(), testSecret)
			assert.NotContains(t, r.all(), testToken)
		})
	}
}

// TestSecretsNeverPrinted runs every command that handles a secret and
// checks that the secret's value is absent, and present with -show-secret.
func TestSecretsNeverPrinted(t *testing.T) {
	const merchantKey = "m3rchant-K3y-abcdefghijklmnop=="
	const pemEnv = "SNAP_PRIVATE_KEY"
	keyPEM := testkit.KeyPEM(t, "partner_pkcs8.pem")
	env := symEnv()
	env["NICEPAY_MERCHANT_KEY"] = merchantKey
	env[pemEnv] = strings.ReplaceAll(string(keyPEM), "\n", `\n`) // as keys sit in env files
	keyLine := strings.Split(string(keyPEM), "\n")[1]

	tests := []struct {
		name    string
		args    []string
		secrets []string
	}{
		{"sign symmetric", []string{"sign", "-path", "/v1.0/x", "-timestamp", testTimestamp, "-body", `{"a":1}`}, []string{testSecret, testToken}},
		{"sign with Bearer token", []string{"sign", "-path", "/v1.0/x", "-timestamp", testTimestamp, "-token-env", "BEARER_TOKEN"}, []string{testSecret, testToken}},
		{"verify symmetric", []string{"verify", "-path", "/v1.0/x", "-timestamp", testTimestamp, "-signature", hmacB64("x", "y")}, []string{testSecret, testToken}},
		{"sign asymmetric", []string{"sign", "-mode", "asymmetric", "-path", "/v1.0/x", "-timestamp", testTimestamp}, []string{keyLine}},
		{"token-signature", []string{"token-signature", "-client-id", "c", "-timestamp", testTimestamp}, []string{keyLine}},
		{"nicepay-token", []string{"nicepay-token", "-imid", "IONPAYTEST", "-txid", "t", "-amt", "10000", "-timestamp", "20240501100000", "-expect", "00"}, []string{merchantKey}},
	}
	env["BEARER_TOKEN"] = "Bearer " + testToken
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := snapRun(t, env, "", tt.args...)
			require.Contains(t, []int{exitOK, exitInvalid}, r.code, r.stderr)
			for _, s := range tt.secrets {
				assert.NotContains(t, r.all(), s)
			}
			if tt.secrets[0] != keyLine { // key material is never printed, even with -show-secret
				assert.Contains(t, r.stdout, "[redacted, ")
				shown := snapRun(t, env, "", append(tt.args, "-show-secret")...)
				for _, s := range tt.secrets {
					assert.Contains(t, shown.stdout, s)
				}
			}
		})
	}
}

func TestSecretFromFile(t *testing.T) {
	dir := t.TempDir()
	secretFile, tokenFile := dir+"/secret", dir+"/token"
	require.NoError(t, os.WriteFile(secretFile, []byte(testSecret+"\n"), 0o600)) // editors add a newline
	require.NoError(t, os.WriteFile(tokenFile, []byte(testToken+"\r\n"), 0o600))
	args := []string{"sign", "-path", "/v1.0/x", "-timestamp", testTimestamp, "-body", "{}"}
	fromEnv := snapRun(t, symEnv(), "", args...)
	fromFile := snapRun(t, nil, "", append(args, "-secret-file", secretFile, "-token-file", tokenFile)...)
	require.Equal(t, exitOK, fromFile.code, fromFile.stderr)
	want := hmacB64(testSecret, "POST:/v1.0/x:"+testToken+":"+sha256Hex([]byte("{}"))+":"+testTimestamp)
	assert.Equal(t, want, field(t, fromFile.stdout, "X-SIGNATURE"))
	assert.Equal(t, field(t, fromEnv.stdout, "X-SIGNATURE"), field(t, fromFile.stdout, "X-SIGNATURE"))
	assert.Contains(t, fromFile.stdout, "(from file "+secretFile+")")
	// A named env variable replaces the default one.
	custom := snapRun(t, map[string]string{"MY_SECRET": testSecret, "SNAP_ACCESS_TOKEN": testToken}, "", append(args, "-secret-env", "MY_SECRET")...)
	require.Equal(t, exitOK, custom.code, custom.stderr)
	assert.Equal(t, want, field(t, custom.stdout, "X-SIGNATURE"))
}
