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
	"strings"
	"testing"

	"github.com/snapbi/snap/internal/testkit"
)

// benchBody is a compact JSON body of exactly 1 KiB.
var benchBody = func() []byte {
	const prefix, suffix = `{"originalPartnerReferenceNo":"2020102900000000000001","reason":"`, `"}`
	return []byte(prefix + strings.Repeat("x", 1024-len(prefix)-len(suffix)) + suffix)
}()

const benchTS = "2020-12-23T07:44:11+07:00"

func BenchmarkSymmetricSignature(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = SymmetricSignature("fdppqbF5wq7vVegyvsV1CROMv646nJ7A", "POST", "/v1.0/debit/cancel", "gp9HjjEj813Y9JGoqwOeOPWbnt4CupvIJbU1Mmu4a11MNDZ7Sg5u9a", benchBody, benchTS)
	}
}

// BenchmarkSymmetricSignatureBaseline does the same with the standard library alone.
func BenchmarkSymmetricSignatureBaseline(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		_ = json.Compact(&buf, benchBody)
		sum := sha256.Sum256(buf.Bytes())
		sts := "POST:/v1.0/debit/cancel:gp9HjjEj813Y9JGoqwOeOPWbnt4CupvIJbU1Mmu4a11MNDZ7Sg5u9a:" + hex.EncodeToString(sum[:]) + ":" + benchTS
		mac := hmac.New(sha512.New, []byte("fdppqbF5wq7vVegyvsV1CROMv646nJ7A"))
		mac.Write([]byte(sts))
		_ = base64.StdEncoding.EncodeToString(mac.Sum(nil))
	}
}

func BenchmarkAsymmetricSignature(b *testing.B) {
	key := testkit.PartnerKey(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := AsymmetricSignature(key, "POST", "/v1.0/emoney/otc-cancel.htm", benchBody, benchTS); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAsymmetricSignatureBaseline does the same with the standard library alone.
func BenchmarkAsymmetricSignatureBaseline(b *testing.B) {
	key := testkit.PartnerKey(b)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		_ = json.Compact(&buf, benchBody)
		sum := sha256.Sum256(buf.Bytes())
		sts := "POST:/v1.0/emoney/otc-cancel.htm:" + hex.EncodeToString(sum[:]) + ":" + benchTS
		digest := sha256.Sum256([]byte(sts))
		sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
		if err != nil {
			b.Fatal(err)
		}
		_ = base64.StdEncoding.EncodeToString(sig)
	}
}

func TestBenchBodyIsOneKiB(t *testing.T) {
	if len(benchBody) != 1024 || !json.Valid(benchBody) {
		t.Fatalf("bench body is %d bytes", len(benchBody))
	}
}
