package nicepay

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/redact"
)

// Base URLs of NICEPAY's v2 API. Request paths such as /direct/v2/cancel
// are appended to them.
const (
	// SandboxBaseURL is NICEPAY's development environment.
	SandboxBaseURL = "https://dev.nicepay.co.id/nicepay"
	// ProductionBaseURL is NICEPAY's live environment.
	ProductionBaseURL = "https://www.nicepay.co.id/nicepay"
)

// IMIDLength is the length of a NICEPAY merchant id (iMid, "IONPAYTEST").
const IMIDLength = 10

// Config describes one NICEPAY v2 merchant account.
type Config struct {
	// BaseURL is SandboxBaseURL, ProductionBaseURL or a test server's URL;
	// the paths are appended to it.
	BaseURL string
	// IMID is the merchant id, iMid: exactly 10 letters and digits.
	IMID string
	// MerchantKey keys merchantToken and is never sent. It prints
	// redacted.
	MerchantKey snap.Secret
	// ResultOutcomes overrides the outcome of non-"0000" result codes with
	// snap.Failed or snap.Pending. Without an entry, a code is Failed only
	// when NICEPAY documents it as a refusal (Refusals), Pending otherwise
	// (see the package documentation). "0000" is always Success and cannot
	// be overridden.
	ResultOutcomes map[string]snap.Outcome
}

// validate checks cfg. Errors name the field, never the merchant key.
func (c Config) validate() error {
	if strings.TrimSpace(c.BaseURL) == "" {
		return errors.New("nicepay: config: BaseURL is required (nicepay.SandboxBaseURL or nicepay.ProductionBaseURL)")
	}
	if c.IMID == "" {
		return errors.New("nicepay: config: IMID is required")
	}
	if n := len(c.IMID); n != IMIDLength {
		return fmt.Errorf("nicepay: config: IMID must be exactly %d characters (got %d)", IMIDLength, n)
	}
	if !isAlphanumeric(c.IMID) {
		return errors.New("nicepay: config: IMID must contain letters and digits only")
	}
	if c.MerchantKey == "" {
		return errors.New("nicepay: config: MerchantKey is required")
	}
	for code, o := range c.ResultOutcomes {
		switch {
		case code == "":
			return errors.New("nicepay: config: ResultOutcomes has an empty result code")
		case code == ResultSuccess:
			return fmt.Errorf("nicepay: config: ResultOutcomes cannot override %s (always Success)", ResultSuccess)
		case o != snap.Failed && o != snap.Pending:
			return fmt.Errorf("nicepay: config: ResultOutcomes[%q] must be snap.Failed or snap.Pending (got %q)", code, o)
		}
	}
	return nil
}

func isAlphanumeric(s string) bool {
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !('0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z') {
			return false
		}
	}
	return true
}

// Client calls NICEPAY's v2 direct API for one merchant. It is safe for
// concurrent use; create one per merchant account and reuse it.
type Client struct {
	core        *snap.Client
	iMid        string
	merchantKey snap.Secret
	outcomes    map[string]snap.Outcome
	refusals    map[string]string
}

// NewClient validates cfg and returns a Client. NICEPAY v2 is not SNAP: the
// core client is configured with snap.Plain, so requests carry Content-Type
// and Accept only (no X-SIGNATURE), and authenticate with merchantToken in
// the body. opts are the core's options (WithHTTPClient, WithTimeout,
// WithLogger, WithClock, WithRetry, WithMaxResponseBytes); transport,
// timeouts, retries, logging and outcomes work as for SNAP providers.
// Errors name the field at fault, never a secret.
func NewClient(cfg Config, opts ...snap.Option) (*Client, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	core, err := snap.NewClient(snap.Config{BaseURL: cfg.BaseURL, Signature: snap.Plain}, opts...)
	if err != nil {
		return nil, fmt.Errorf("nicepay: %w", err)
	}
	outcomes := make(map[string]snap.Outcome, len(cfg.ResultOutcomes))
	for code, o := range cfg.ResultOutcomes {
		outcomes[code] = o
	}
	return &Client{core: core, iMid: cfg.IMID, merchantKey: cfg.MerchantKey, outcomes: outcomes, refusals: Refusals()}, nil
}

// String describes the client by its merchant id, the merchant key redacted.
func (c *Client) String() string {
	if c == nil {
		return "<nil>"
	}
	return fmt.Sprintf("nicepay.Client{IMID:%s MerchantKey:%v Core:%v}", c.iMid, c.merchantKey, c.core)
}

// Format prints String for every verb: fmt would otherwise print the
// unexported merchant key raw.
func (c *Client) Format(f fmt.State, verb rune) { redact.Format(f, verb, c.String()) }

// LogValue makes slog log String, whatever the handler.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Core returns the snap.Client (in snap.Plain mode) the client calls
// through, for NICEPAY v2 APIs this package does not wrap yet.
func (c *Client) Core() *snap.Client { return c.core }
