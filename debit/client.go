package debit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/notifydecode"
	"github.com/snapbi/snap/internal/redact"
	"github.com/snapbi/snap/responsecode"
)

// Paths of the SNAP direct-debit page and of its B2B access token, under
// the provider's BaseURL.
const (
	// PaymentPath is the payment, payment-host-to-host (service 54).
	PaymentPath = "/v1.0/debit/payment-host-to-host"
	// StatusPath is the status inquiry (service 55).
	StatusPath = "/v1.0/debit/status"
	// CancelPath is the cancel (service 57).
	CancelPath = "/v1.0/debit/cancel"
	// RefundPath is the refund (service 58).
	RefundPath = "/v1.0/debit/refund"
	// TokenPath is the B2B access token (service 73), Config.TokenPath's default.
	TokenPath = "/v1.0/access-token/b2b"
)

// Paths are the request paths under the provider's BaseURL. Providers put
// them under their own prefix or suffix (DANA's ".htm" paths).
type Paths struct {
	// Payment is the payment's path (PaymentPath by default).
	Payment string
	// Status is the status inquiry's path (StatusPath by default).
	Status string
	// Cancel is the cancel's path (CancelPath by default).
	Cancel string
	// Refund is the refund's path (RefundPath by default).
	Refund string
}

// DefaultPaths returns the paths of the SNAP direct-debit page.
func DefaultPaths() Paths {
	return Paths{Payment: PaymentPath, Status: StatusPath, Cancel: CancelPath, Refund: RefundPath}
}

// Config is one merchant account at a SNAP direct-debit provider with no
// package of its own. Its zero values are the SNAP defaults: symmetric
// signatures (HMAC-SHA512 with ClientSecret over a B2B token fetched from
// TokenPath and signed with PrivateKey), timestamps to the second, the
// paths of DefaultPaths.
type Config struct {
	// BaseURL is the provider's API root or a test server's URL; request
	// paths are appended to it.
	BaseURL string
	// PartnerID is X-PARTNER-ID (max 36), given by the provider; it is also
	// the clientId (X-CLIENT-KEY) of B2B token requests.
	PartnerID string
	// ChannelID is CHANNEL-ID (max 5, or MaxChannelIDLength), given by the
	// provider.
	ChannelID string
	// MaxChannelIDLength overrides CHANNEL-ID's limit of 5; 0 means 5.
	MaxChannelIDLength int
	// Origin is the optional ORIGIN header, the merchant's domain.
	Origin string
	// ClientSecret keys the HMAC-SHA512 of every transaction signature;
	// required unless Signature is snap.Asymmetric. It prints redacted.
	ClientSecret snap.Secret
	// PrivateKey is the merchant's RSA key, snap.NewPrivateKey(key) of a
	// snap.ParsePrivateKey result, whose public half the provider holds: it
	// signs the B2B token requests, and every transaction with
	// snap.Asymmetric. It prints redacted.
	PrivateKey snap.PrivateKey
	// Signature is snap.Symmetric (0 means this, SNAP's rule for
	// transactions) or snap.Asymmetric, for a provider that asks for
	// SHA256withRSA on transactions too.
	Signature snap.SignatureMode
	// TokenPath is the B2B access-token path; "" means TokenPath.
	TokenPath string
	// Paths replaces the operations' paths; empty fields keep DefaultPaths.
	Paths Paths
	// CustomerTokenForm is how Authorization-Customer carries the customer
	// token (snap.CustomerTokenBearer unless the provider says otherwise).
	CustomerTokenForm snap.CustomerTokenForm
}

// SNAP returns the core configuration cfg stands for, defaults filled.
func (cfg Config) SNAP() snap.Config {
	out := snap.Config{
		BaseURL: cfg.BaseURL, PartnerID: cfg.PartnerID, ChannelID: cfg.ChannelID,
		MaxChannelIDLength: cfg.MaxChannelIDLength, Origin: cfg.Origin,
		ClientSecret: cfg.ClientSecret, PrivateKey: cfg.PrivateKey, Signature: cfg.Signature,
		TokenPath: cfg.TokenPath, TimestampLayout: snap.TimestampLayout, CustomerTokenForm: cfg.CustomerTokenForm,
	}
	if out.Signature == 0 {
		out.Signature = snap.Symmetric
	}
	if out.TokenPath == "" {
		out.TokenPath = TokenPath
	}
	return out
}

// String prints the config with its secret and key redacted.
func (cfg Config) String() string {
	return fmt.Sprintf("debit.Config{BaseURL:%q PartnerID:%q ChannelID:%q ClientSecret:%v PrivateKey:%v Signature:%v}",
		cfg.BaseURL, cfg.PartnerID, cfg.ChannelID, cfg.ClientSecret, cfg.PrivateKey, cfg.Signature)
}

// Format prints String for every verb, so no verb prints the secret.
func (cfg Config) Format(f fmt.State, verb rune) { redact.Format(f, verb, cfg.String()) }

// NewClient checks cfg and returns a Client for a generic SNAP direct-debit
// provider. opts configure the core (snap.WithTimeout, snap.WithRetry, …).
// Errors name the field at fault, never a secret.
func NewClient(cfg Config, opts ...snap.Option) (*Client, error) {
	switch {
	case cfg.Signature != 0 && cfg.Signature != snap.Symmetric && cfg.Signature != snap.Asymmetric:
		return nil, errors.New("debit: config: Signature must be snap.Symmetric or snap.Asymmetric")
	case cfg.Signature != snap.Asymmetric && cfg.ClientSecret == "":
		return nil, errors.New("debit: config: ClientSecret is required: SNAP signs direct-debit transactions with HMAC-SHA512 (or set Signature snap.Asymmetric)")
	}
	core, err := snap.NewClient(cfg.SNAP(), opts...)
	if err != nil {
		return nil, fmt.Errorf("debit: %w", err)
	}
	return Wrap(core, WithPaths(cfg.Paths))
}

// Client calls the direct-debit APIs of one provider account through a
// snap.Client, which builds the headers and signs. It is safe for
// concurrent use.
type Client struct {
	core     *snap.Client
	paths    Paths
	outcomes map[int]responsecode.Table
	proofs   map[int]*snap.Proof
	rules    Rules
}

// Option configures a Client.
type Option func(*Client) error

// WithPaths replaces the default paths; empty fields keep the default.
func WithPaths(p Paths) Option {
	return func(c *Client) error {
		for _, f := range []struct {
			name string
			src  string
			dst  *string
		}{
			{"Payment", p.Payment, &c.paths.Payment},
			{"Status", p.Status, &c.paths.Status},
			{"Cancel", p.Cancel, &c.paths.Cancel},
			{"Refund", p.Refund, &c.paths.Refund},
		} {
			if f.src == "" {
				continue
			}
			if !strings.HasPrefix(f.src, "/") || strings.ContainsAny(f.src, "?# ") {
				return fmt.Errorf("debit: WithPaths: %s path %q must start with / and carry no query", f.name, f.src)
			}
			*f.dst = f.src
		}
		return nil
	}
}

// WithOutcomes gives the provider's own rules for response codes of one
// service (54 payment, 55 status, 57 cancel, 58 refund), e.g. a DANA table
// saying "Mark as Pending" for a code the generic rules call Failed. Codes
// the table lacks keep the generic SNAP rules.
func WithOutcomes(service int, t responsecode.Table) Option {
	return func(c *Client) error {
		switch service {
		case responsecode.ServiceDebitPayment, responsecode.ServiceDebitStatus,
			responsecode.ServiceDebitCancel, responsecode.ServiceDebitRefund:
		default:
			return fmt.Errorf("debit: WithOutcomes: service %d is not 54, 55, 57 or 58", service)
		}
		if c.outcomes == nil {
			c.outcomes = map[int]responsecode.Table{}
		}
		c.outcomes[service] = t
		return nil
	}
}

// WithProof replaces what a success answer of one service (54, 55, 57 or
// 58) must show (DefaultProof), for a provider whose page lists other
// mandatory fields. A nil proof checks nothing beyond the code.
func WithProof(service int, p *snap.Proof) Option {
	return func(c *Client) error {
		if DefaultProof(service) == nil {
			return fmt.Errorf("debit: WithProof: service %d is not 54, 55, 57 or 58", service)
		}
		c.proofs[service] = p
		return nil
	}
}

// Wrap returns a direct-debit client on core, for a provider package that
// builds its own core (dana, payermax) and gives its rules as opts.
func Wrap(core *snap.Client, opts ...Option) (*Client, error) {
	if core == nil {
		return nil, errors.New("debit: Wrap: nil snap.Client")
	}
	c := &Client{core: core, paths: DefaultPaths(), proofs: map[int]*snap.Proof{}, rules: DefaultRules()}
	for _, s := range []int{responsecode.ServiceDebitPayment, responsecode.ServiceDebitStatus,
		responsecode.ServiceDebitCancel, responsecode.ServiceDebitRefund} {
		c.proofs[s] = DefaultProof(s)
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// String describes the client by its core, secrets redacted.
func (c *Client) String() string { return fmt.Sprintf("debit.Client{Core:%v}", c.core) }

// Format prints String for every verb: fmt would otherwise walk the core
// behind its pointer field by field, secrets raw (it does for %s and %x).
func (c *Client) Format(f fmt.State, verb rune) { redact.Format(f, verb, c.String()) }

// LogValue makes slog log String, whatever the handler.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Core returns the snap.Client the client calls through.
func (c *Client) Core() *snap.Client { return c.core }

// Rules returns the field rules the client validates requests with.
func (c *Client) Rules() Rules { return c.rules }

// Paths returns the paths the client calls.
func (c *Client) Paths() Paths { return c.paths }

// Result holds what every answer carries. It is embedded in each response.
type Result struct {
	// ResponseCode is the code as received, e.g. "2005400". It is a string
	// so that a malformed code (the page's own "20054000") is kept, not
	// refused; Raw.Code has the parsed form.
	ResponseCode string `json:"responseCode"`
	// ResponseMessage is the provider's description.
	ResponseMessage string `json:"responseMessage"`
	// Result holds Raw, the answer whole, and Outcome.
	snap.Result
}

// Outcome is what the answer means for the money (snap.Result.Outcome);
// Pending on a nil Result too, where the embedded method could not be
// reached.
func (r *Result) Outcome() snap.Outcome {
	if r == nil {
		return snap.Pending
	}
	return r.Result.Outcome()
}

// operation is one direct-debit call as the core needs it.
type operation struct {
	service    int
	path       string
	idempotent bool
}

// send validates the request with check and the client's rules, then makes
// one call with snap.Call: the response is nil only when nothing was sent
// (check failed, a *snap.ValidationError). Answers are read with
// notifydecode.Answer: keys with stray spaces (the refund sample's
// " refundNo") under their trimmed name, names case-insensitively (the
// cancel table's originalpartnerReferenceNo), a malformed field left zero
// while the others decode. A success answer must decode whole (else the core
// makes it Pending); any other is decoded as far as it goes.
func send[R any, P interface {
	*R
	snap.Answer
}](ctx context.Context, c *Client, op operation, body any, check func(Rules) error, opts []snap.CallOption) (P, error) {
	if err := check(c.rules); err != nil {
		return nil, err
	}
	return snap.Call[R, P](ctx, c.core, &snap.Request{
		Path:        op.path,
		ServiceCode: op.service,
		Body:        body,
		Idempotent:  op.idempotent,
		Outcomes:    c.outcomes[op.service],
		Proof:       c.proofs[op.service],
	}, func(body []byte, out P) error { return notifydecode.Answer(body, out) }, opts...)
}

// DeviceInfo sends the customer-device headers of direct-debit calls:
// X-IP-ADDRESS, X-DEVICE-ID, X-LATITUDE and X-LONGITUDE. Empty values are
// left out, and so are values with control characters, which net/http
// would refuse to send (a call must not turn Pending over a device header).
func DeviceInfo(ip, deviceID, latitude, longitude string) snap.CallOption {
	var opt snap.CallOption
	for _, h := range [...]struct{ key, value string }{
		{"X-IP-ADDRESS", ip},
		{"X-DEVICE-ID", deviceID},
		{"X-LATITUDE", latitude},
		{"X-LONGITUDE", longitude},
	} {
		if h.value == "" || hasControl(h.value) {
			continue
		}
		next := snap.Header(h.key, h.value)
		if opt == nil {
			opt = next
		} else {
			opt = chain(opt, next)
		}
	}
	return opt // nil is skipped by snap.Client.Do
}

// chain runs two call options in turn. The settings type is snap's own;
// inference lets us compose options without naming it.
func chain[S any](first, second func(S)) func(S) {
	return func(s S) { first(s); second(s) }
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < 0x20 || b == 0x7f {
			return true
		}
	}
	return false
}
