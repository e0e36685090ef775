package nicepay

import (
	"crypto/sha256"
	"encoding/hex"
)

// MerchantToken returns NICEPAY v2's merchantToken:
// lowercase hex(SHA-256(timeStamp + iMid + tXid + amt + merchantKey)).
// amt is the integer amount string ("10000"), timeStamp is yyyyMMddHHmmss.
func MerchantToken(timeStamp, iMid, tXid, amt, merchantKey string) string {
	h := sha256.New()
	for _, s := range [...]string{timeStamp, iMid, tXid, amt, merchantKey} {
		h.Write([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil))
}
