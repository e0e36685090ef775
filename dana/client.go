package dana

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/redact"
	"github.com/snapbi/snap/responsecode"
)

// Base URLs of DANA's SNAP APIs.
const (
	// SandboxBaseURL is DANA's sandbox.
	SandboxBaseURL = "https://api.sandbox.dana.id"
	// ProductionBaseURL is DANA's production.
	ProductionBaseURL = "https://api.saas.dana.id"
)

// DefaultTimeout bounds each attempt: DANA documents an expected timeout of
// 8 seconds for its SNAP APIs. snap.WithTimeout overrides it.
const DefaultTimeout = 8 * time.Second

// DefaultRetryPolicy follows DANA's "do a retry maximum 3 attempts" on a
// total timeout: 3 attempts of idempotent calls, backoff from 200ms to 2s.
// snap.WithRetry overrides it.
func DefaultRetryPolicy() snap.RetryPolicy {
	return snap.RetryPolicy{MaxAttempts: 3, BaseDelay: 200 * time.Millisecond, MaxDelay: 2 * time.Second}
}

// Config is one DANA merchant account. DANA signs every transaction
// asymmetrically with the merchant's RSA key and uses no B2B access token.
type Config struct {
	// BaseURL is SandboxBaseURL, ProductionBaseURL or a test server's URL;
	// request paths are appended to it.
	BaseURL string
	// PartnerID is X-PARTNER-ID (max 36), the clientId DANA gave the
	// merchant.
	PartnerID string
	// ChannelID is CHANNEL-ID (max 5, or MaxChannelIDLength), given by DANA:
	// DANA's page says "CHANNEL-ID | 1 - 5 characters".
	ChannelID string
	// MaxChannelIDLength overrides that limit; 0 means 5. DANA's Node SDK
	// sends a 32-character CHANNEL-ID: set 32 if DANA gave you one that long.
	MaxChannelIDLength int
	// Origin is the optional ORIGIN header, the merchant's domain.
	Origin string
	// ClientSecret keys the HMAC-SHA512 of CancelOTC's signature; required
	// with OTCSignature snap.Symmetric. It prints redacted.
	ClientSecret snap.Secret
	// PrivateKey is the merchant's RSA key, snap.NewPrivateKey(key) of a
	// snap.ParsePrivateKey result, whose public half DANA holds: it signs
	// every asymmetric request and, with OTCSignature snap.Symmetric, the B2B
	// token request. It prints redacted.
	PrivateKey snap.PrivateKey
	// OTCSignature is how CancelOTC signs. DANA's OTC page allows either:
	// "Signature need to be generated with symmetricSignature or
	// asymmetricSignature method", and Authorization is conditional ("Y:=
	// Signature option is symmetric approach"). 0 or snap.Asymmetric is
	// SHA256withRSA with PrivateKey and no Authorization (the default);
	// snap.Symmetric is HMAC-SHA512 with ClientSecret over a B2B token from
	// TokenPath, sent as Authorization: Bearer <token>. The
	// payment-gateway calls always sign asymmetrically.
	OTCSignature snap.SignatureMode
}

// TokenPath is DANA's B2B access-token path, used when the OTC cancel is
// signed symmetrically (Config.OTCSignature).
const TokenPath = "/v1.0/access-token/b2b.htm"

// Client calls DANA's SNAP APIs for one merchant account. It is safe for
// concurrent use; create one and reuse it.
type Client struct {
	core        *snap.Client
	otcCore     *snap.Client // core, or a symmetric one (Config.OTCSignature)
	debit       *debit.Client
	otcOutcomes responsecode.Table
}

// NewClient checks cfg and returns a Client that signs asymmetrically with
// seconds timestamps in Jakarta time, sends no Authorization header, bounds
// each attempt by DefaultTimeout and retries idempotent calls per
// DefaultRetryPolicy. opts come after those defaults, so snap.WithTimeout
// and snap.WithRetry replace them. Errors name the field at fault, never a
// secret.
func NewClient(cfg Config, opts ...snap.Option) (*Client, error) {
	switch {
	case cfg.BaseURL == "":
		return nil, errors.New("dana: config: BaseURL is required (dana.SandboxBaseURL or dana.ProductionBaseURL)")
	case cfg.PartnerID == "":
		return nil, errors.New("dana: config: PartnerID (DANA's clientId, sent as X-PARTNER-ID) is required")
	case cfg.ChannelID == "":
		return nil, errors.New("dana: config: ChannelID (CHANNEL-ID) is required")
	case cfg.PrivateKey.IsZero():
		return nil, errors.New("dana: config: PrivateKey is required: DANA verifies every request with the merchant's RSA key")
	case cfg.OTCSignature != 0 && cfg.OTCSignature != snap.Asymmetric && cfg.OTCSignature != snap.Symmetric:
		return nil, errors.New("dana: config: OTCSignature must be snap.Asymmetric or snap.Symmetric")
	case cfg.OTCSignature == snap.Symmetric && cfg.ClientSecret == "":
		return nil, errors.New("dana: config: ClientSecret is required for OTCSignature snap.Symmetric")
	}
	all := make([]snap.Option, 0, len(opts)+2)
	all = append(all, snap.WithTimeout(DefaultTimeout), snap.WithRetry(DefaultRetryPolicy()))
	all = append(all, opts...)
	base := snap.Config{
		BaseURL:            cfg.BaseURL,
		PartnerID:          cfg.PartnerID,
		ChannelID:          cfg.ChannelID,
		MaxChannelIDLength: cfg.MaxChannelIDLength,
		Origin:             cfg.Origin,
		PrivateKey:         cfg.PrivateKey,
		Signature:          snap.Asymmetric,
		TimestampLayout:    snap.TimestampLayout,
	}
	core, err := snap.NewClient(base, all...)
	if err != nil {
		return nil, fmt.Errorf("dana: %w", err)
	}
	otcCore := core
	if cfg.OTCSignature == snap.Symmetric {
		sym := base
		sym.Signature, sym.ClientSecret, sym.TokenPath = snap.Symmetric, cfg.ClientSecret, TokenPath
		if otcCore, err = snap.NewClient(sym, all...); err != nil {
			return nil, fmt.Errorf("dana: %w", err)
		}
	}
	dc, err := debit.Wrap(core, debitOptions()...)
	if err != nil {
		return nil, fmt.Errorf("dana: %w", err)
	}
	return &Client{core: core, otcCore: otcCore, debit: dc, otcOutcomes: OTCCancelOutcomes()}, nil
}

// String describes the client by its core, secrets redacted.
func (c *Client) String() string { return fmt.Sprintf("dana.Client{Core:%v}", c.core) }

// Format prints String for every verb: fmt would otherwise walk the core
// behind its pointer field by field, secrets raw (it does for %s and %x).
func (c *Client) Format(f fmt.State, verb rune) { redact.Format(f, verb, c.String()) }

// LogValue makes slog log String, whatever the handler.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Core returns the underlying snap.Client, for DANA APIs this package does
// not wrap yet.
func (c *Client) Core() *snap.Client { return c.core }
