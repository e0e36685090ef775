package snap

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
)

// MinRSABits is the smallest RSA modulus the SDK accepts.
const MinRSABits = 2048

// ErrInvalidKey is wrapped by every key-parsing error. Those errors say what
// was wrong with the key's form, never what the key contains.
var ErrInvalidKey = errors.New("snap: invalid key")

func keyErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidKey}, args...)...)
}

// normalizeKey undoes the ways keys get mangled in environment variables and
// config files: literal "\n" sequences, CRLF line ends, surrounding quotes.
func normalizeKey(in []byte) []byte {
	b := bytes.TrimSpace(in)
	b = bytes.Trim(b, `"'`)
	b = bytes.ReplaceAll(b, []byte(`\r\n`), []byte("\n"))
	b = bytes.ReplaceAll(b, []byte(`\n`), []byte("\n"))
	b = bytes.ReplaceAll(b, []byte("\r"), nil)
	return bytes.TrimSpace(b)
}

// keyDER returns the DER bytes of a PEM block or of bare base64, and the PEM
// block type ("" for bare base64).
func keyDER(in []byte) ([]byte, string, error) {
	b := normalizeKey(in)
	if len(b) == 0 {
		return nil, "", keyErr("empty")
	}
	if bytes.Contains(b, []byte("-----BEGIN")) {
		block, _ := pem.Decode(b)
		if block == nil {
			return nil, "", keyErr("PEM block could not be decoded")
		}
		return block.Bytes, block.Type, nil
	}
	clean := bytes.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\t' {
			return -1
		}
		return r
	}, b)
	der := make([]byte, base64.StdEncoding.DecodedLen(len(clean)))
	n, err := base64.StdEncoding.Decode(der, clean)
	if err != nil {
		return nil, "", keyErr("neither PEM nor base64 DER (%d bytes)", len(in))
	}
	return der[:n], "", nil
}

func checkBits(n int) error {
	if n < MinRSABits {
		return keyErr("RSA key is %d bits, at least %d required", n, MinRSABits)
	}
	return nil
}

// ParsePrivateKey parses an RSA private key given as PEM (PKCS#1 "RSA PRIVATE
// KEY" or PKCS#8 "PRIVATE KEY"), with LF, CRLF or literal "\n" line ends, or as
// bare base64 DER. Keys under 2048 bits are refused.
func ParsePrivateKey(data []byte) (*rsa.PrivateKey, error) {
	der, _, err := keyDER(data)
	if err != nil {
		return nil, err
	}
	var key *rsa.PrivateKey
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		key = k
	} else if k8, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		rk, ok := k8.(*rsa.PrivateKey)
		if !ok {
			return nil, keyErr("PKCS#8 key is %T, not RSA", k8)
		}
		key = rk
	} else {
		return nil, keyErr("not a PKCS#1 or PKCS#8 RSA private key")
	}
	if err := checkBits(key.N.BitLen()); err != nil {
		return nil, err
	}
	return key, nil
}

// ParsePublicKey parses an RSA public key given as PEM ("PUBLIC KEY" SPKI,
// "RSA PUBLIC KEY" PKCS#1, or a "CERTIFICATE"), with any line ends, or as bare
// base64 DER of SPKI or PKCS#1. Keys under 2048 bits are refused.
func ParsePublicKey(data []byte) (*rsa.PublicKey, error) {
	der, typ, err := keyDER(data)
	if err != nil {
		return nil, err
	}
	var pub *rsa.PublicKey
	if typ == "CERTIFICATE" {
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, keyErr("certificate could not be parsed")
		}
		rk, ok := cert.PublicKey.(*rsa.PublicKey)
		if !ok {
			return nil, keyErr("certificate key is not RSA")
		}
		pub = rk
	} else if k, err := x509.ParsePKIXPublicKey(der); err == nil {
		rk, ok := k.(*rsa.PublicKey)
		if !ok {
			return nil, keyErr("public key is %T, not RSA", k)
		}
		pub = rk
	} else if k1, err := x509.ParsePKCS1PublicKey(der); err == nil {
		pub = k1
	} else {
		return nil, keyErr("not an SPKI or PKCS#1 RSA public key")
	}
	if err := checkBits(pub.N.BitLen()); err != nil {
		return nil, err
	}
	return pub, nil
}
