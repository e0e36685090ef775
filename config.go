package snap

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Config describes one provider account. Provider packages fill it from
// their own configs; use it directly for any other SNAP provider.
type Config struct {
	// BaseURL is the provider's API root, e.g. "https://api.paydia.co.id/snap".
	// Request paths are appended to it.
	BaseURL string
	// PartnerID is X-PARTNER-ID (max 36), and the clientId / X-CLIENT-KEY of
	// B2B token requests.
	PartnerID string
	// ChannelID is CHANNEL-ID (max 5, or MaxChannelIDLength), given by the
	// provider.
	ChannelID string
	// MaxChannelIDLength overrides CHANNEL-ID's limit of 5 characters (the
	// SNAP standard and every page in scope), for an account whose provider
	// issued a longer one; 0 means 5.
	MaxChannelIDLength int
	// Origin is the optional ORIGIN header (the merchant's domain).
	Origin string
	// ClientSecret keys the HMAC of symmetric signatures.
	ClientSecret Secret
	// PrivateKey signs asymmetric requests and B2B token requests: an
	// *rsa.PrivateKey from ParsePrivateKey, wrapped with NewPrivateKey.
	PrivateKey PrivateKey
	// Signature is Symmetric, Asymmetric or Plain.
	Signature SignatureMode
	// TokenPath is the B2B access-token path under BaseURL, e.g.
	// "/v1.0/access-token/b2b"; "" means the provider uses no B2B token
	// (DANA) and no Authorization header is sent.
	TokenPath string
	// TimestampLayout is X-TIMESTAMP's layout; "" means TimestampLayout
	// (seconds). PayerMax uses TimestampLayoutMillis.
	TimestampLayout string
	// SignedPathPrefix is trimmed from the URL path before it is signed, for
	// providers whose signed path lacks a context that their URL carries
	// (NICEPAY signs /api/v1.0/... under a /nicepay base). Paydia keeps its
	// /snap prefix: leave this empty there.
	SignedPathPrefix string
	// NumericExternalID makes every X-EXTERNAL-ID — given with ExternalID or
	// made by the generator — a digits-only string, refused before sending
	// otherwise (Paydia: "Numeric String").
	NumericExternalID bool
	// BodySignatureHeader, when set, names an extra header carrying
	// base64(SHA256withRSA(raw body bytes)) made with PrivateKey — PayerMax's
	// "sign" header.
	BodySignatureHeader string
	// CustomerTokenForm is how Authorization-Customer carries the B2B2C
	// customer token: CustomerTokenBearer ("Bearer <token>", the ASPI
	// samples; "" means this) or CustomerTokenBare (the token alone, as
	// Paydia's void-query sample sends it, beside "Authorization: Bearer …").
	CustomerTokenForm CustomerTokenForm
}

// CustomerTokenForm is the form of the Authorization-Customer header.
type CustomerTokenForm string

// The forms of Authorization-Customer providers document.
const (
	// CustomerTokenBearer sends "Authorization-Customer: Bearer <token>"
	// (the SNAP direct-debit samples). The zero form means this.
	CustomerTokenBearer CustomerTokenForm = "bearer"
	// CustomerTokenBare sends "Authorization-Customer: <token>" (Paydia's
	// void-query sample: "Authorization-Customer: eyJ0…").
	CustomerTokenBare CustomerTokenForm = "bare"
)

// header returns the Authorization-Customer value of token in form f. A
// token given with its "Bearer " prefix is read as the bare token.
func (f CustomerTokenForm) header(token string) string {
	bare := strings.TrimPrefix(token, "Bearer ")
	if f == CustomerTokenBare {
		return bare
	}
	return "Bearer " + bare
}

func (c *Config) validate() error {
	if c.BaseURL == "" {
		return errors.New("snap: config: BaseURL is required")
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("snap: config: BaseURL %q is not an http(s) URL", c.BaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("snap: config: BaseURL %q must not carry a query or fragment", c.BaseURL)
	}
	switch c.Signature {
	case Symmetric, Asymmetric, Plain:
	case 0:
		return errors.New("snap: config: Signature is required (snap.Symmetric, snap.Asymmetric or snap.Plain)")
	default:
		return fmt.Errorf("snap: config: unknown Signature mode %d", int(c.Signature))
	}
	switch c.TimestampLayout {
	case "", TimestampLayout, TimestampLayoutMillis:
	default:
		return fmt.Errorf("snap: config: TimestampLayout %q is not a SNAP layout", c.TimestampLayout)
	}
	switch c.CustomerTokenForm {
	case "", CustomerTokenBearer, CustomerTokenBare:
	default:
		return fmt.Errorf("snap: config: CustomerTokenForm %q is not snap.CustomerTokenBearer or snap.CustomerTokenBare", c.CustomerTokenForm)
	}
	if c.Signature == Plain {
		return nil
	}
	if c.PartnerID == "" {
		return errors.New("snap: config: PartnerID is required")
	}
	if n := len(c.PartnerID); n > 36 {
		return fmt.Errorf("snap: config: PartnerID must be at most 36 characters (got %d)", n)
	}
	if c.ChannelID == "" {
		return errors.New("snap: config: ChannelID is required")
	}
	maxChannel := 5
	if c.MaxChannelIDLength > 0 {
		maxChannel = c.MaxChannelIDLength
	}
	if n := len(c.ChannelID); n > maxChannel {
		return fmt.Errorf("snap: config: ChannelID must be at most %d characters (got %d)", maxChannel, n)
	}
	if c.Signature == Symmetric {
		if c.ClientSecret == "" {
			return errors.New("snap: config: ClientSecret is required for symmetric signatures")
		}
		if c.TokenPath == "" {
			return errors.New("snap: config: TokenPath is required for symmetric signatures (they sign the B2B token)")
		}
	}
	if (c.Signature == Asymmetric || c.TokenPath != "" || c.BodySignatureHeader != "") && c.PrivateKey.IsZero() {
		return errors.New("snap: config: PrivateKey is required for asymmetric signatures, B2B tokens and body signatures")
	}
	if c.TokenPath != "" && !strings.HasPrefix(c.TokenPath, "/") {
		return fmt.Errorf("snap: config: TokenPath %q must start with /", c.TokenPath)
	}
	return nil
}

// DefaultTimeout bounds each attempt of a call unless WithTimeout says otherwise.
const DefaultTimeout = 15 * time.Second

// Option configures a Client.
type Option func(*Client) error

// WithHTTPClient sends requests with hc (copied: the SDK turns redirects off
// on its copy, since signed headers must not travel to another host).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) error {
		if hc == nil {
			return errors.New("snap: WithHTTPClient: nil client")
		}
		c.httpClient = hc
		return nil
	}
}

// WithTimeout bounds each attempt (default DefaultTimeout). The caller's
// context bounds the whole call, retries included.
func WithTimeout(d time.Duration) Option {
	return func(c *Client) error {
		if d <= 0 {
			return fmt.Errorf("snap: WithTimeout: %v is not positive", d)
		}
		c.timeout = d
		return nil
	}
}

// WithLogger logs one line per attempt. Nothing is logged by default, and no
// secret, key, token or signature is ever logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) error {
		if l == nil {
			return errors.New("snap: WithLogger: nil logger")
		}
		c.logger = l
		return nil
	}
}

// WithClock replaces time.Now for timestamps and token expiry (tests).
func WithClock(now func() time.Time) Option {
	return func(c *Client) error {
		if now == nil {
			return errors.New("snap: WithClock: nil clock")
		}
		c.now = now
		return nil
	}
}

// WithRetry replaces DefaultRetryPolicy.
func WithRetry(p RetryPolicy) Option {
	return func(c *Client) error {
		if p.MaxAttempts < 1 {
			return fmt.Errorf("snap: WithRetry: MaxAttempts %d is below 1", p.MaxAttempts)
		}
		if p.BaseDelay < 0 || p.MaxDelay < 0 {
			return errors.New("snap: WithRetry: negative delay")
		}
		c.retry = p
		return nil
	}
}

// WithExternalIDs replaces NewExternalID as the X-EXTERNAL-ID generator. It
// must be safe for concurrent use and return unique ids of at most 36 characters.
func WithExternalIDs(gen func() string) Option {
	return func(c *Client) error {
		if gen == nil {
			return errors.New("snap: WithExternalIDs: nil generator")
		}
		c.newExternalID = gen
		return nil
	}
}

// WithMaxResponseBytes bounds how much of an answer is read (default 1 MiB).
func WithMaxResponseBytes(n int64) Option {
	return func(c *Client) error {
		if n <= 0 {
			return fmt.Errorf("snap: WithMaxResponseBytes: %d is not positive", n)
		}
		c.maxBody = n
		return nil
	}
}

// CallOption adjusts one call.
type CallOption func(*callSettings)

type callSettings struct {
	customerToken string
	externalID    string
	header        http.Header
}

// CustomerToken sends the B2B2C customer token as Authorization-Customer, in
// the client's Config.CustomerTokenForm: "Bearer <token>" by default ("Bearer "
// is added when missing), the token alone with CustomerTokenBare (a
// "Bearer " prefix given is then removed).
func CustomerToken(token string) CallOption {
	return func(s *callSettings) { s.customerToken = token }
}

// ExternalID uses id as X-EXTERNAL-ID of the first attempt. Retries get
// fresh ids (a reused id is answered 409 Conflict); all are reported in
// Response.ExternalIDs and Error.ExternalIDs.
func ExternalID(id string) CallOption {
	return func(s *callSettings) { s.externalID = id }
}

// Header adds a header to the request (e.g. X-IP-ADDRESS). The SDK's own
// headers (X-TIMESTAMP, X-SIGNATURE, Authorization …) cannot be overridden.
func Header(key, value string) CallOption {
	return func(s *callSettings) {
		if s.header == nil {
			s.header = http.Header{}
		}
		s.header.Set(key, value)
	}
}
