package payermax

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/redact"
	"github.com/snapbi/snap/internal/validate"
)

// Paths of PayerMax's Indonesia SNAP APIs, appended to Config.BaseURL.
const (
	// TokenPath is the B2B access-token endpoint (service 73).
	TokenPath = "/v1.0/access-token/b2b"
	// PaymentPath is the direct-debit payment (service 54).
	PaymentPath = "/v1.0/debit/payment"
	// StatusPath is the direct-debit status inquiry (service 55).
	StatusPath = "/v1.0/debit/status"
	// CancelPath is the direct-debit cancel (service 57).
	CancelPath = "/v1.0/debit/cancel"
)

// SignHeader is the extra header PayerMax asks for on every request:
// base64(SHA256withRSA(raw body bytes)) made with the merchant's private key.
const SignHeader = "sign"

// Config is one PayerMax Indonesia SNAP account. PayerMax does not publish
// its base URLs: BaseURL comes with the account.
type Config struct {
	// BaseURL is the API root PayerMax gave the merchant (required); the
	// paths are appended to it.
	BaseURL string
	// PartnerID is X-PARTNER-ID and the B2B token's X-CLIENT-KEY (max 36):
	// PayerMax's clientId for the merchant.
	PartnerID string
	// ChannelID is CHANNEL-ID (max 5), given by PayerMax.
	ChannelID string
	// Origin is the optional ORIGIN header, the merchant's domain.
	Origin string
	// ClientSecret keys the HMAC-SHA512 of X-SIGNATURE. It prints redacted.
	ClientSecret snap.Secret
	// PrivateKey is the merchant's RSA key (snap.NewPrivateKey of a
	// snap.ParsePrivateKey result): it signs B2B token requests and the
	// sign header. It prints redacted.
	PrivateKey snap.PrivateKey
	// DisableSignHeader stops sending the sign header. The SNAP pages only
	// say "see the technical docs" for it; the SDK follows PayerMax's general
	// signature rule (SHA256withRSA over the raw body) unless this is set.
	DisableSignHeader bool
}

// Client calls PayerMax's Indonesia SNAP direct-debit APIs. It is safe for
// concurrent use; create one per account and reuse it.
type Client struct {
	core *snap.Client
}

// NewClient checks cfg and returns a Client that signs symmetrically with a
// B2B token, writes X-TIMESTAMP with milliseconds
// (2006-01-02T15:04:05.000+07:00) and adds the sign header. Each attempt is
// bounded by snap.DefaultTimeout (15s) and idempotent calls are retried per
// snap.DefaultRetryPolicy (3 attempts, backoff 200ms to 2s); opts are the
// core's options (snap.WithTimeout, snap.WithRetry, snap.WithHTTPClient,
// snap.WithLogger …) and replace those defaults. Errors name the field at
// fault, never a secret.
func NewClient(cfg Config, opts ...snap.Option) (*Client, error) {
	if cfg.BaseURL == "" {
		return nil, errors.New("payermax: config: BaseURL is required (PayerMax gives it with the account; none is published)")
	}
	if cfg.PrivateKey.IsZero() {
		return nil, errors.New("payermax: config: PrivateKey is required (it signs token requests and the sign header)")
	}
	core := snap.Config{
		BaseURL:         cfg.BaseURL,
		PartnerID:       cfg.PartnerID,
		ChannelID:       cfg.ChannelID,
		Origin:          cfg.Origin,
		ClientSecret:    cfg.ClientSecret,
		PrivateKey:      cfg.PrivateKey,
		Signature:       snap.Symmetric,
		TokenPath:       TokenPath,
		TimestampLayout: snap.TimestampLayoutMillis,
	}
	if !cfg.DisableSignHeader {
		core.BodySignatureHeader = SignHeader
	}
	c, err := snap.NewClient(core, opts...)
	if err != nil {
		return nil, err
	}
	return &Client{core: c}, nil
}

// String describes the client by its core, secrets redacted.
func (c *Client) String() string { return fmt.Sprintf("payermax.Client{Core:%v}", c.core) }

// Format prints String for every verb: fmt would otherwise walk the core
// behind its pointer field by field, secrets raw (it does for %s and %x).
func (c *Client) Format(f fmt.State, verb rune) { redact.Format(f, verb, c.String()) }

// LogValue makes slog log String, whatever the handler.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }

// Core returns the underlying snap.Client, for PayerMax APIs this package
// does not wrap yet (its Do signs and sends like the methods here).
func (c *Client) Core() *snap.Client { return c.core }

// operation is one PayerMax API as the core needs it.
type operation struct {
	path       string
	service    int
	idempotent bool
	proof      *snap.Proof
}

// request is the body of a PayerMax call, as a pointer: fill writes the
// defaults PayerMax's tables give (additionalInfo's version and keyVersion,
// status's serviceCode) and check validates what is then sent.
type request[Q any] interface {
	*Q
	fill()
	check() error
}

// filled returns a copy of req with its defaults filled in, once it
// checks: the caller's request is never modified, and a nil one is a
// validation error. It is what each request's Validate reports and what
// send sends.
func filled[Q any, PQ request[Q]](req *Q) (*Q, error) {
	if req == nil {
		return nil, validate.NilRequest()
	}
	body := *req
	PQ(&body).fill()
	if err := PQ(&body).check(); err != nil {
		return nil, err
	}
	return &body, nil
}

// send sends filled(req). The call is one snap.Call: the response is nil
// only when nothing was sent, and carries Raw whenever something was. A
// success code counts only when the answer passes the operation's proof
// and decodes whole; otherwise the call is Pending.
func send[R any, P interface {
	*R
	snap.Answer
}, Q any, PQ request[Q]](ctx context.Context, c *Client, op operation, req *Q, opts []snap.CallOption) (P, error) {
	body, err := filled[Q, PQ](req)
	if err != nil {
		return nil, err
	}
	return snap.Call[R, P](ctx, c.core, &snap.Request{
		Path:        op.path,
		ServiceCode: op.service,
		Body:        body,
		Idempotent:  op.idempotent,
		Proof:       op.proof,
	}, nil, opts...)
}
