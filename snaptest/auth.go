package snaptest

import (
	"bytes"
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/snapbi/snap"
)

// The verification below is written from the standard with crypto/hmac and
// crypto/rsa, on purpose without the SDK's own signing helpers: a simulator
// that shared the SDK's code would share its bugs.

// jakarta is UTC+07:00; Indonesia's western time has no daylight saving.
var jakarta = time.FixedZone("WIB", 7*60*60)

func formatTime(t time.Time, layout string) string { return t.In(jakarta).Format(layout) }

// bodyHash is lowercase hex(SHA-256(minify(body))).
func bodyHash(body []byte) string {
	var buf bytes.Buffer
	if len(body) > 0 && json.Compact(&buf, body) == nil {
		body = buf.Bytes()
	}
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

func verifyHMACSHA512(secret, stringToSign, signature string) bool {
	got, err := base64.StdEncoding.DecodeString(signature)
	if err != nil {
		return false
	}
	mac := hmac.New(sha512.New, []byte(secret))
	mac.Write([]byte(stringToSign))
	return hmac.Equal(got, mac.Sum(nil))
}

func verifySHA256withRSA(pub *rsa.PublicKey, data []byte, signature string) bool {
	sig, err := base64.StdEncoding.DecodeString(signature)
	if err != nil {
		return false
	}
	digest := sha256.Sum256(data)
	return rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig) == nil
}

func signSHA256withRSA(key *rsa.PrivateKey, data []byte) (string, error) {
	digest := sha256.Sum256(data)
	sig, err := rsa.SignPKCS1v15(nil, key, crypto.SHA256, digest[:])
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(sig), nil
}

// nicepayToken is lowercase hex(SHA-256(timeStamp+iMid+tXid+amt+merchantKey)).
func nicepayToken(timeStamp, iMid, tXid, amt, merchantKey string) string {
	sum := sha256.Sum256([]byte(timeStamp + iMid + tXid + amt + merchantKey))
	return hex.EncodeToString(sum[:])
}

// checkTimestamp checks X-TIMESTAMP's exact layout (+07:00, the profile's
// precision) and that it is within the skew of now. It returns a refusal.
func (s *Server) checkTimestamp(ts string, service int, now time.Time) (reply, bool) {
	const field = "X-TIMESTAMP"
	if ts == "" {
		return missingField(service, field, "X-TIMESTAMP header is missing"), false
	}
	t, ok := parseStamp(ts, s.spec.layout)
	if !ok && s.spec.altLayout != "" {
		t, ok = parseStamp(ts, s.spec.altLayout)
	}
	if !ok {
		layouts := strings.Replace(s.spec.layout, "-07:00", "+07:00", 1)
		if s.spec.altLayout != "" {
			layouts += " or " + strings.Replace(s.spec.altLayout, "-07:00", "+07:00", 1)
		}
		return invalidField(service, field, fmt.Sprintf("X-TIMESTAMP %q is not in the layout %s", ts, layouts)), false
	}
	if d := now.Sub(t); d > s.skew || d < -s.skew {
		return snapFail(http.StatusUnauthorized, service, 0, "Unauthorized. Invalid Timestamp",
			fmt.Sprintf("X-TIMESTAMP %s is %v from the server clock (allowed %v)", ts, d.Round(time.Second), s.skew)), false
	}
	return reply{}, true
}

// parseStamp reads ts in exactly layout, with the +07:00 offset.
func parseStamp(ts, layout string) (time.Time, bool) {
	want := len(layout) - len("-07:00") + len("+07:00")
	t, err := time.Parse(layout, ts)
	if len(ts) != want || !strings.HasSuffix(ts, "+07:00") || err != nil || t.Format(layout) != ts {
		return time.Time{}, false
	}
	return t, true
}

func missingField(service int, field, reason string) reply {
	return snapFail(http.StatusBadRequest, service, 2, "Invalid Mandatory Field {"+field+"}", reason)
}

func invalidField(service int, field, reason string) reply {
	return snapFail(http.StatusBadRequest, service, 1, "Invalid Field Format {"+field+"}", reason)
}

func isJSON(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mt == "application/json"
}

func digitsOnly(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return v != ""
}

// authCtx is what authentication learned about a transactional request.
type authCtx struct {
	externalID string
}

// authenticate checks a transactional SNAP request as a strict provider
// would: headers present and within limits, timestamp, token, signatures,
// customer token, then X-EXTERNAL-ID unique per day.
func (s *Server) authenticate(r *http.Request, body []byte, service int, now time.Time) (authCtx, reply, bool) {
	h := r.Header
	if h.Get("Content-Type") == "" {
		return authCtx{}, missingField(service, "Content-Type", "Content-Type header is missing"), false
	}
	if !isJSON(r) {
		return authCtx{}, invalidField(service, "Content-Type", "Content-Type is not application/json"), false
	}
	for _, name := range []string{"X-TIMESTAMP", "X-SIGNATURE", "X-PARTNER-ID", "X-EXTERNAL-ID", "CHANNEL-ID"} {
		if strings.TrimSpace(h.Get(name)) == "" {
			return authCtx{}, missingField(service, name, name+" header is missing"), false
		}
	}
	partner, extID, channel := h.Get("X-PARTNER-ID"), h.Get("X-EXTERNAL-ID"), h.Get("CHANNEL-ID")
	switch {
	case len(partner) > 36:
		return authCtx{}, invalidField(service, "X-PARTNER-ID", fmt.Sprintf("X-PARTNER-ID has %d characters, at most 36", len(partner))), false
	case len(extID) > 36:
		return authCtx{}, invalidField(service, "X-EXTERNAL-ID", fmt.Sprintf("X-EXTERNAL-ID has %d characters, at most 36", len(extID))), false
	case s.spec.numericExternalID && !digitsOnly(extID):
		return authCtx{}, invalidField(service, "X-EXTERNAL-ID", "X-EXTERNAL-ID must be a numeric string"), false
	case len(channel) > 5:
		return authCtx{}, invalidField(service, "CHANNEL-ID", fmt.Sprintf("CHANNEL-ID has %d characters, at most 5", len(channel))), false
	}
	ts := h.Get("X-TIMESTAMP")
	if rep, ok := s.checkTimestamp(ts, service, now); !ok {
		return authCtx{}, rep, false
	}
	if subtle.ConstantTimeCompare([]byte(partner), []byte(s.partnerID)) != 1 {
		return authCtx{}, snapFail(http.StatusUnauthorized, service, 0, "Unauthorized. Unknown Client", "X-PARTNER-ID is not the configured partner"), false
	}

	signed := r.Method + ":" + r.URL.Path + ":"
	symmetric := s.spec.signature == snap.Symmetric
	if s.spec.symmetricWhenAuthorized && service == 46 && h.Get("Authorization") != "" {
		symmetric = true
	}
	if s.spec.token || (symmetric && s.spec.symmetricWhenAuthorized) {
		auth := h.Get("Authorization")
		if auth == "" {
			return authCtx{}, missingField(service, "Authorization", "Authorization header (B2B token) is missing"), false
		}
		token, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || token == "" {
			return authCtx{}, snapFail(http.StatusUnauthorized, service, 1, "Invalid Token (B2B)", "Authorization is not \"Bearer <token>\""), false
		}
		s.mu.Lock()
		exp, issued := s.tokens[token]
		s.mu.Unlock()
		if !issued || !now.Before(exp) {
			return authCtx{}, snapFail(http.StatusUnauthorized, service, 1, "Invalid Token (B2B)", "B2B token unknown or expired"), false
		}
		signed += token + ":"
	}
	signed += bodyHash(body) + ":" + ts
	sig := strings.TrimSpace(h.Get("X-SIGNATURE"))
	var valid bool
	if symmetric {
		valid = verifyHMACSHA512(s.clientSecret, signed, sig)
	} else {
		valid = verifySHA256withRSA(&s.PartnerKey().PublicKey, []byte(signed), sig)
	}
	if !valid {
		return authCtx{}, snapFail(http.StatusUnauthorized, service, 0, "Unauthorized. Invalid Signature",
			"X-SIGNATURE does not verify over "+r.Method+":"+r.URL.Path+":…:"+ts), false
	}
	if name := s.spec.bodySignHeader; name != "" {
		bs := h.Get(name)
		if bs == "" {
			return authCtx{}, missingField(service, name, name+" header is missing"), false
		}
		if !verifySHA256withRSA(&s.PartnerKey().PublicKey, body, strings.TrimSpace(bs)) {
			return authCtx{}, snapFail(http.StatusUnauthorized, service, 0, "Unauthorized. Invalid sign", name+" does not verify over the raw body"), false
		}
	}
	if rep, ok := s.checkCustomerToken(h.Get("Authorization-Customer"), service); !ok {
		return authCtx{}, rep, false
	}

	key := now.In(jakarta).Format("2006-01-02") + "|" + partner + "|" + extID
	s.mu.Lock()
	_, reused := s.externalIDs[key]
	s.externalIDs[key] = struct{}{}
	s.mu.Unlock()
	if reused {
		return authCtx{}, snapFail(http.StatusConflict, service, 0, "Conflict", "X-EXTERNAL-ID "+extID+" was already used today"), false
	}
	return authCtx{externalID: extID}, reply{}, true
}

func (s *Server) checkCustomerToken(header string, service int) (reply, bool) {
	if header == "" {
		if s.customerTokenOn {
			return missingField(service, "Authorization-Customer", "Authorization-Customer header is missing"), false
		}
		return reply{}, true
	}
	want := "Bearer " + s.customerToken
	if s.customerForm == snap.CustomerTokenBare {
		want = s.customerToken
	}
	// Compared literally: a token in the other form is not the token.
	if subtle.ConstantTimeCompare([]byte(header), []byte(want)) != 1 {
		if s.spec.customerTokenCase == 2 {
			return snapFail(http.StatusUnauthorized, service, 2, "Invalid Customer Token", "Authorization-Customer is not "+s.customerFormText()), false
		}
		return snapFail(http.StatusUnauthorized, service, 0, "Unauthorized. Invalid Customer Token", "Authorization-Customer is not "+s.customerFormText()), false
	}
	return reply{}, true
}

func (s *Server) customerFormText() string {
	if s.customerForm == snap.CustomerTokenBare {
		return "the issued customer token, bare (no \"Bearer \")"
	}
	return "\"Bearer <the issued customer token>\""
}

// tokenAnswer is the B2B token answer (service 73).
type tokenAnswer struct {
	snapResult
	AccessToken string `json:"accessToken"`
	TokenType   string `json:"tokenType"`
	ExpiresIn   string `json:"expiresIn"`
}

// serveToken issues a B2B token for a request signed with the partner's key
// over clientId|X-TIMESTAMP.
func (s *Server) serveToken(r *http.Request, body []byte, now time.Time) reply {
	const service = 73
	h := r.Header
	if !isJSON(r) {
		return invalidField(service, "Content-Type", "Content-Type is not application/json")
	}
	for _, name := range []string{"X-TIMESTAMP", "X-CLIENT-KEY", "X-SIGNATURE"} {
		if h.Get(name) == "" {
			return missingField(service, name, name+" header is missing")
		}
	}
	ts, clientKey := h.Get("X-TIMESTAMP"), h.Get("X-CLIENT-KEY")
	if rep, ok := s.checkTimestamp(ts, service, now); !ok {
		return rep
	}
	if subtle.ConstantTimeCompare([]byte(clientKey), []byte(s.partnerID)) != 1 {
		return snapFail(http.StatusUnauthorized, service, 0, "Unauthorized. Unknown Client", "X-CLIENT-KEY is not the configured partner")
	}
	if !verifySHA256withRSA(&s.PartnerKey().PublicKey, []byte(clientKey+"|"+ts), strings.TrimSpace(h.Get("X-SIGNATURE"))) {
		return snapFail(http.StatusUnauthorized, service, 0, "Unauthorized. Signature", "X-SIGNATURE does not verify over clientId|X-TIMESTAMP")
	}
	var req struct {
		GrantType *string `json:"grantType"`
	}
	if rep, ok := decodeBody(body, &req, service); !ok {
		return rep
	}
	switch {
	case req.GrantType == nil || *req.GrantType == "":
		return missingField(service, "grantType", "grantType is missing")
	case *req.GrantType != "client_credentials":
		return invalidField(service, "grantType", "grantType is not client_credentials")
	}
	token := base64.RawURLEncoding.EncodeToString([]byte(randomHex(24)))
	s.mu.Lock()
	s.tokens[token] = now.Add(s.tokenLifetime)
	s.mu.Unlock()
	return reply{status: http.StatusOK, code: "2007300", message: "Successful", body: tokenAnswer{
		snapResult:  snapResult{"2007300", "Successful"},
		AccessToken: token, TokenType: "Bearer",
		ExpiresIn: fmt.Sprint(int(s.tokenLifetime / time.Second)),
	}}
}
