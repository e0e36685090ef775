package snap

import (
	"bytes"
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/internal/testvectors"
)

// Retyped from the providers' documentation (see ../shared/testvectors/signatures.json).
func TestHMACKnownAnswers(t *testing.T) {
	tests := []struct{ name, secret, sts, want string }{
		{
			name:   "Midtrans symmetric transaction signature",
			secret: "fdppqbF5wq7vVegyvsV1CROMv646nJ7A",
			sts:    "POST:/v1.0/debit/payment-host-to-host:gp9HjjEj813Y9JGoqwOeOPWbnt4CupvIJbU1Mmu4a11MNDZ7Sg5u9a:56fa5f4999ad8014de49d7898c1d1d53472569db8999de3c1b752a0dd181e98c:2020-01-01T00:00:00+07:00",
			want:   "FSlidRHe4ow9qppNifGVQNcdv67lBjgCiP0BHylh+IKXo4fs2rHaGsFNUY0N8t0rPlZs4iAHAOCDklnCccwuJw==",
		},
		{
			name:   "NICEPAY symmetric transaction signature",
			secret: "1af9014925cab04606b2e77a7536cb0d5c51353924a966e503953e010234108a",
			sts:    "POST:/api/v1.0/transfer/registration:eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJJT05QQVlURVNUIiwiaXNzIjoiTklDRVBBWSIsIm5hbWUiOiJCQkJBIiwiZXhwIjoiMjAyMy0wMi0yMlQxMDo0MDowNloifQ==.nlrGKpV0lvwmUDTC94Y5KGnrACV1zdfSx7GrsrNruh8=:ec055a063eca97d1eb53e1ebc38cb8dfed4ce9f874b47c8214fb30250cfa9d44:2023-02-22T17:25:04+07:00",
			want:   "i1cr9QK4IbAB4IK1DGmc60HxVqQMPNCQEDMeWIsJgXPOKP5VFjNDSTxWc7C72Yx7lD2+nCdO1dHChiVcIXcYIQ==",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, HMACSHA512(tt.secret, []byte(tt.sts)))
			assert.Len(t, tt.want, 88)
		})
	}
}

func TestSharedVectors(t *testing.T) {
	var v testvectors.Signatures
	testvectors.Load(t, "signatures.json", &v)
	require.NotEmpty(t, v.HMACSHA512)
	for _, h := range v.HMACSHA512 {
		assert.Equal(t, h.Signature, HMACSHA512(h.Secret, []byte(h.StringToSign)), h.Name)
	}
	for _, b := range v.BodySHA256 {
		assert.Equal(t, b.Hex, BodyHash([]byte(b.Body)), b.Name)
	}
	for _, s := range v.RSASign {
		key, err := ParsePrivateKey([]byte(s.PrivateKeyPEM))
		require.NoError(t, err, s.Name)
		sig, err := SignRSA(key, []byte(s.StringToSign))
		require.NoError(t, err)
		assert.Equal(t, s.Signature, sig, s.Name) // PKCS#1 v1.5 is deterministic
		parts := strings.SplitN(s.StringToSign, "|", 2)
		tok, err := TokenSignature(key, parts[0], parts[1])
		require.NoError(t, err)
		assert.Equal(t, s.Signature, tok)
	}
	for _, s := range v.RSAVerify {
		pub, err := ParsePublicKey([]byte(s.PublicKey))
		require.NoError(t, err, s.Name)
		err = VerifyRSA(pub, []byte(s.StringToSign), s.Signature)
		if s.Expect == "valid" {
			assert.NoError(t, err, s.Name)
		} else {
			assert.ErrorIs(t, err, ErrSignatureMismatch, s.Name)
		}
		// One changed character breaks it.
		assert.ErrorIs(t, VerifyRSA(pub, []byte(s.StringToSign+" "), s.Signature), ErrSignatureMismatch)
	}
}

func TestDANANotificationVectors(t *testing.T) {
	var v testvectors.DANANotify
	testvectors.Load(t, "dana-finish-notify.json", &v)
	pub, err := ParsePublicKey([]byte(v.PublicKeyPEM))
	require.NoError(t, err)
	require.Len(t, v.Vectors, 5)
	for _, n := range v.Vectors {
		t.Run(n.Name, func(t *testing.T) {
			err := VerifyAsymmetric(pub, n.Method, n.Path, []byte(n.Body), n.Headers["X-TIMESTAMP"], n.Headers["X-SIGNATURE"])
			if n.Expect == "valid" {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, ErrSignatureMismatch)
			}
		})
	}
}

func TestBodyHash(t *testing.T) {
	assert.Equal(t, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", BodyHash(nil))
	// Retyped DOKU vector: whitespace inside strings is kept.
	doku := `{"partnerServiceId":"  088899","customerNo":"12345678901234567890","virtualAccountNo":"  08889912345678901234567890","virtualAccountName":"Jokul Doe","virtualAccountEmail":"jokul@email.com","virtualAccountPhone":"6281828384858","trxId":"abcdefgh1234","totalAmount":{"value":"12345678.00","currency":"IDR"}}`
	assert.Equal(t, "3274fab8dac896837b106a16da2a974e7e65142dcecb4b768ef0294102838977", BodyHash([]byte(doku)))
	pretty := "{\n  \"a\": \"x  y\",\n  \"b\": [1, 2]\n}"
	assert.Equal(t, BodyHash([]byte(`{"a":"x  y","b":[1,2]}`)), BodyHash([]byte(pretty)))
	// HTML-escaped and literal forms are different bytes and different hashes.
	assert.NotEqual(t, BodyHash([]byte(`{"a":"&"}`)), BodyHash([]byte(`{"a":"\u0026"}`)))
}

func TestStringsToSign(t *testing.T) {
	body := []byte(`{"a":"b"}`)
	h := BodyHash(body)
	assert.Equal(t, "POST:/v1.0/debit/cancel:tok:"+h+":2020-12-23T07:44:11+07:00",
		SymmetricStringToSign("post", "/v1.0/debit/cancel", "tok", body, "2020-12-23T07:44:11+07:00"))
	assert.Equal(t, "POST:/v1.0/emoney/otc-cancel.htm:"+h+":2021-12-03T10:37:11+07:00",
		AsymmetricStringToSign("POST", "/v1.0/emoney/otc-cancel.htm", body, "2021-12-03T10:37:11+07:00"))
	assert.Equal(t, "client|2021-12-03T10:37:11+07:00", TokenStringToSign("client", "2021-12-03T10:37:11+07:00"))
}

// The signature is recomputed here with the standard library alone.
func TestSymmetricSignatureIndependent(t *testing.T) {
	body := []byte(`{"reason":"A&B <x>","amount":{"value":"10000.00","currency":"IDR"}}`)
	ts := "2024-08-20T07:11:20+07:00"
	sum := sha256.Sum256(body)
	sts := "POST:/snap/v1.0/auth/void-query:token123:" + hex.EncodeToString(sum[:]) + ":" + ts
	mac := hmac.New(sha512.New, []byte("secret"))
	mac.Write([]byte(sts))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	got := SymmetricSignature("secret", "POST", "/snap/v1.0/auth/void-query", "token123", body, ts)
	assert.Equal(t, want, got)
	require.NoError(t, VerifySymmetric("secret", "POST", "/snap/v1.0/auth/void-query", "token123", body, ts, got))
	assert.ErrorIs(t, VerifySymmetric("other", "POST", "/snap/v1.0/auth/void-query", "token123", body, ts, got), ErrSignatureMismatch)
	assert.ErrorIs(t, VerifySymmetric("secret", "POST", "/snap/v1.0/auth/void-query", "token123", body, ts, "%%%"), ErrSignatureEncoding)
	assert.ErrorIs(t, VerifySymmetric("secret", "POST", "/snap/v1.0/auth/void-query", "token123", body, ts, ""), ErrSignatureMissing)
}

func TestAsymmetricSignatureRoundTrip(t *testing.T) {
	key := testkit.PartnerKey(t)
	pub, err := ParsePublicKey(testkit.KeyPEM(t, "partner_public.pem"))
	require.NoError(t, err)
	body := []byte(`{"originalPartnerReferenceNo":"14054Q0727520211128121824995"}`)
	ts := "2021-12-03T10:37:11+07:00"
	sig, err := AsymmetricSignature(key, "POST", "/v1.0/emoney/otc-cancel.htm", body, ts)
	require.NoError(t, err)

	// Independent check with the standard library.
	sum := sha256.Sum256(body)
	digest := sha256.Sum256([]byte("POST:/v1.0/emoney/otc-cancel.htm:" + hex.EncodeToString(sum[:]) + ":" + ts))
	raw, err := base64.StdEncoding.DecodeString(sig)
	require.NoError(t, err)
	require.NoError(t, rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], raw))

	require.NoError(t, VerifyAsymmetric(pub, "POST", "/v1.0/emoney/otc-cancel.htm", body, ts, sig))
	err = VerifyAsymmetric(pub, "POST", "/v1.0/emoney/otc-cancel.htm", []byte(`{"originalPartnerReferenceNo":"x"}`), ts, sig)
	require.ErrorIs(t, err, ErrSignatureMismatch)
	assert.NotContains(t, err.Error(), sig)
	_, err = SignRSA(nil, body)
	assert.Error(t, err)
}

func TestParseKeys(t *testing.T) {
	pkcs8 := testkit.KeyPEM(t, "partner_pkcs8.pem")
	pkcs1 := testkit.KeyPEM(t, "partner_pkcs1.pem")
	want, err := ParsePrivateKey(pkcs8)
	require.NoError(t, err)
	b64 := func(pemText []byte) []byte {
		lines := strings.Split(strings.TrimSpace(string(pemText)), "\n")
		return []byte(strings.Join(lines[1:len(lines)-1], ""))
	}
	privs := map[string][]byte{
		"pkcs8":          pkcs8,
		"pkcs1":          pkcs1,
		"crlf":           []byte(strings.ReplaceAll(string(pkcs8), "\n", "\r\n")),
		"literal \\n":    []byte(strings.ReplaceAll(string(pkcs1), "\n", `\n`)),
		"quoted":         []byte(`"` + strings.ReplaceAll(string(pkcs8), "\n", `\n`) + `"`),
		"bare b64 pkcs8": b64(pkcs8),
		"bare b64 pkcs1": b64(pkcs1),
	}
	for name, in := range privs {
		t.Run("private "+name, func(t *testing.T) {
			k, err := ParsePrivateKey(in)
			require.NoError(t, err)
			assert.True(t, want.Equal(k))
		})
	}
	spki := testkit.KeyPEM(t, "partner_public.pem")
	pubs := map[string][]byte{
		"spki":          spki,
		"pkcs1":         testkit.KeyPEM(t, "partner_public_pkcs1.pem"),
		"bare b64 spki": b64(spki),
		"crlf":          []byte(strings.ReplaceAll(string(spki), "\n", "\r\n")),
	}
	for name, in := range pubs {
		t.Run("public "+name, func(t *testing.T) {
			k, err := ParsePublicKey(in)
			require.NoError(t, err)
			assert.True(t, want.PublicKey.Equal(k))
		})
	}
}

func TestParseKeyErrors(t *testing.T) {
	pkcs8 := testkit.KeyPEM(t, "partner_pkcs8.pem")
	tests := []struct {
		name string
		in   []byte
		pub  bool
		msg  string
	}{
		{"empty", nil, false, "empty"},
		{"garbage", []byte("not a key at all!"), false, "neither PEM nor base64"},
		{"broken pem", []byte("-----BEGIN PRIVATE KEY-----\nAAAA"), false, "PEM block"},
		{"weak", testkit.KeyPEM(t, "weak_1024.pem"), false, "1024 bits"},
		{"private given as public", pkcs8, true, "not an SPKI"},
		{"public given as private", testkit.KeyPEM(t, "partner_public.pem"), false, "not a PKCS#1 or PKCS#8"},
		{"truncated b64", pkcs8[30:200], false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.pub {
				_, err = ParsePublicKey(tt.in)
			} else {
				_, err = ParsePrivateKey(tt.in)
			}
			require.ErrorIs(t, err, ErrInvalidKey)
			assert.Contains(t, err.Error(), tt.msg)
			// No key material in the message.
			if len(tt.in) > 40 {
				assert.NotContains(t, err.Error(), string(tt.in[40:60]))
			}
		})
	}
}

func FuzzParsePrivateKey(f *testing.F) {
	f.Add([]byte("-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"))
	f.Add([]byte("MIIBIjANBgkq"))
	f.Add([]byte(`\n\r\n"'`))
	f.Fuzz(func(t *testing.T, in []byte) {
		_, _ = ParsePrivateKey(in)
		_, _ = ParsePublicKey(in)
	})
}

// FuzzCompactFastPath: when the fast path hashes a body as it is, minifying
// it would not have changed a byte.
func FuzzCompactFastPath(f *testing.F) {
	for _, s := range []string{`{"a":"b c","d":[1,2]}`, `{"a": 1}`, `{"a":"\" x"}`, `"\\"`, ``, "{\"a\":\"\\u00e9\"}\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		if !compact(body) || !json.Valid(body) {
			return
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, body); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), body) {
			t.Fatalf("compact(%q) but json.Compact gives %q", body, buf.Bytes())
		}
	})
}

// The enums name their values and show any other as Type(n).
func TestEnumNames(t *testing.T) {
	assert.Equal(t, "symmetric", Symmetric.String())
	assert.Equal(t, "asymmetric", Asymmetric.String())
	assert.Equal(t, "plain", Plain.String())
	assert.Equal(t, "SignatureMode(0)", SignatureMode(0).String())
	assert.Equal(t, "claimed", Claimed.String())
	assert.Equal(t, "in-flight", InFlight.String())
	assert.Equal(t, "done", Done.String())
	assert.Equal(t, "ClaimState(4)", ClaimState(4).String())
}
