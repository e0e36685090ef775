package debit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"sort"
	"strings"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/redact"
	"github.com/snapbi/snap/responsecode"
)

// Service codes of the direct-debit operations, as the status request's
// serviceCode wants them (two digits).
const (
	ServiceCodePayment = "54"
	ServiceCodeStatus  = "55"
	ServiceCodeNotify  = "56"
	ServiceCodeCancel  = "57"
	ServiceCodeRefund  = "58"
)

// Paths are the request paths under snap.Config.BaseURL. Providers put them
// under their own prefix or suffix (DANA's ".htm" paths).
type Paths struct {
	Payment, Status, Cancel, Refund string
}

// DefaultPaths returns the paths of the SNAP direct-debit page.
func DefaultPaths() Paths {
	return Paths{
		Payment: "/v1.0/debit/payment-host-to-host",
		Status:  "/v1.0/debit/status",
		Cancel:  "/v1.0/debit/cancel",
		Refund:  "/v1.0/debit/refund",
	}
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

// NewClient returns a direct-debit client on core.
func NewClient(core *snap.Client, opts ...Option) (*Client, error) {
	if core == nil {
		return nil, errors.New("debit: NewClient: nil snap.Client")
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
	// Raw is the answer whole (status, headers, body, outcome, external
	// ids, attempts); nil when nothing was sent.
	Raw *snap.Response `json:"-"`
}

func (r *Result) result() *Result { return r }

// Outcome is what the answer means for the money: Success, Failed or
// Pending (Pending when there is no answer to read).
func (r *Result) Outcome() snap.Outcome {
	if r == nil || r.Raw == nil || r.Raw.Outcome == "" {
		return snap.Pending
	}
	return r.Raw.Outcome
}

type answer interface{ result() *Result }

// operation is one direct-debit call as the core needs it.
type operation struct {
	service    int
	path       string
	idempotent bool
}

// send makes one call and fills a new R from the answer, successful or not.
// The response is nil only when nothing was sent (a *snap.ValidationError).
// A success answer must decode whole (a malformed field makes it Pending,
// decided by the core); any other answer is decoded as far as it goes: its
// fields help, and the outcome is already decided.
func send[R any, P interface {
	*R
	answer
}](ctx context.Context, c *Client, op operation, body any, opts []snap.CallOption) (P, error) {
	out := P(new(R))
	resp, err := c.core.Do(ctx, &snap.Request{
		Path:        op.path,
		ServiceCode: op.service,
		Body:        body,
		Idempotent:  op.idempotent,
		Outcomes:    c.outcomes[op.service],
		Proof:       c.proofs[op.service],
	}, &lenient{out}, opts...)
	if resp == nil {
		return nil, err
	}
	if err != nil && len(bytes.TrimSpace(resp.Body)) > 0 {
		_ = decodeLenient(resp.Body, out)
	}
	out.result().Raw = resp
	return out, err
}

// lenient decodes with decodeLenient, reporting its first error.
type lenient struct{ out any }

func (l *lenient) UnmarshalJSON(data []byte) error { return decodeLenient(data, l.out) }

// decodeLenient decodes a JSON object into out as far as it goes:
//   - keys with stray spaces (the refund sample's " refundNo") are read
//     under their trimmed name, unless that name is present as well;
//   - when a field cannot be decoded (a malformed amount), the others still
//     are, each key on its own, and the first error is returned.
//
// encoding/json already matches keys case-insensitively, which reads the
// cancel table's originalpartnerReferenceNo.
func decodeLenient(body []byte, out any) error {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return errors.New("debit: answer is not a JSON object")
	}
	if !bytes.Contains(body, []byte(`" `)) && !bytes.Contains(body, []byte(` ":`)) {
		// No key can carry a stray space: one plain decode, as long as
		// every field decodes (else out is zeroed: no half-made field is
		// kept, and the field-by-field decoding below starts afresh).
		if json.Unmarshal(body, out) == nil {
			return nil
		}
		reflect.ValueOf(out).Elem().SetZero()
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return err
	}
	for k, v := range fields {
		if t := strings.TrimSpace(k); t != k {
			if _, dup := fields[t]; !dup {
				delete(fields, k)
				fields[t] = v
			}
		}
	}
	whole, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	decoded := fresh(out)
	errWhole := json.Unmarshal(whole, decoded)
	if errWhole == nil {
		reflect.ValueOf(out).Elem().Set(reflect.ValueOf(decoded).Elem())
		return nil
	}
	firstErr := errWhole // replaced by the first field that fails on its own
	// A field whose decoding fails is left untouched (encoding/json would
	// leave a half-made value, such as a zero *money.Money, behind).
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		one, err := json.Marshal(map[string]json.RawMessage{k: fields[k]})
		if err != nil {
			continue
		}
		if ferr := json.Unmarshal(one, fresh(out)); ferr != nil {
			if firstErr == errWhole {
				firstErr = fmt.Errorf("field %s: %w", k, ferr)
			}
			continue
		}
		_ = json.Unmarshal(one, out)
	}
	return firstErr
}

// fresh returns a new zero value of the type out points to.
func fresh(out any) any {
	return reflect.New(reflect.TypeOf(out).Elem()).Interface()
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
