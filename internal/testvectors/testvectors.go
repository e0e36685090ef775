// Package testvectors loads the shared known-answer vectors (kept beside the
// repository in ../shared/testvectors) for tests. Tests skip when the
// directory is absent; the most important values are also retyped in the
// tests themselves so that they always run.
package testvectors

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared test-vector directory, or "" when it is absent.
// SNAP_TESTVECTORS overrides the search.
func Dir() string {
	if d := os.Getenv("SNAP_TESTVECTORS"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			cand := filepath.Join(filepath.Dir(d), "shared", "testvectors")
			if st, err := os.Stat(cand); err == nil && st.IsDir() {
				return cand
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Load decodes the named vector file into v, skipping the test when the
// shared directory or the file is absent.
func Load(t testing.TB, name string, v any) {
	t.Helper()
	dir := Dir()
	if dir == "" {
		t.Skip("shared test vectors not found beside the repository")
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if os.IsNotExist(err) {
		t.Skipf("shared test vector %s not found", name)
	}
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
}

// Signatures is the shape of signatures.json.
type Signatures struct {
	RSASign []struct {
		Name          string `json:"name"`
		PrivateKeyPEM string `json:"private_key_pem"`
		StringToSign  string `json:"string_to_sign"`
		Signature     string `json:"signature_base64"`
	} `json:"rsa_sha256_sign"`
	RSAVerify []struct {
		Name         string `json:"name"`
		PublicKey    string `json:"public_key_spki_base64"`
		StringToSign string `json:"string_to_sign"`
		Signature    string `json:"signature_base64"`
		Expect       string `json:"expect"`
	} `json:"rsa_sha256_verify"`
	HMACSHA512 []struct {
		Name         string `json:"name"`
		Secret       string `json:"secret"`
		StringToSign string `json:"string_to_sign"`
		Signature    string `json:"signature_base64"`
	} `json:"hmac_sha512"`
	BodySHA256 []struct {
		Name string `json:"name"`
		Body string `json:"body"`
		Hex  string `json:"sha256_hex"`
	} `json:"body_sha256"`
	NICEPAYMerchantToken []struct {
		Name          string `json:"name"`
		TimeStamp     string `json:"timeStamp"`
		IMID          string `json:"iMid"`
		TXID          string `json:"tXid"`
		Amt           string `json:"amt"`
		MerchantKey   string `json:"merchantKey"`
		MerchantToken string `json:"merchantToken"`
	} `json:"nicepay_merchant_token"`
}

// DANANotify is the shape of dana-finish-notify.json.
type DANANotify struct {
	PublicKeyPEM string `json:"public_key_pem"`
	Vectors      []struct {
		Name    string            `json:"name"`
		Expect  string            `json:"expect"`
		Method  string            `json:"method"`
		Path    string            `json:"path"`
		Headers map[string]string `json:"headers"`
		Body    string            `json:"body"`
	} `json:"vectors"`
}
