package snap

import (
	"bytes"
	"context"
	"encoding/json"
)

// Result is embedded in every operation's response: the answer whole, kept
// whatever the outcome.
type Result struct {
	// Raw is the answer as received (HTTP status, headers, the whole body,
	// the verdict, external ids, attempts). Call sets it whenever something
	// was sent, answered or not.
	Raw *Response `json:"-"`
}

// Outcome is what the answer means for the money: Success, Failed or
// Pending (Pending when there is no answer to read).
func (r *Result) Outcome() Outcome {
	if r == nil || r.Raw == nil || r.Raw.Outcome == "" {
		return Pending
	}
	return r.Raw.Outcome
}

func (r *Result) snapResult() *Result { return r }

// Answer is what Call fills: any response type that embeds Result (the
// unexported method keeps it to those).
type Answer interface{ snapResult() *Result }

// Call is how provider packages make an operation: it sends req with c.Do
// and returns a new *R read from the answer, together with Do's error. The
// response is nil only when nothing was sent (a *ValidationError); whenever
// a request went out it is non-nil, carries Raw, and — for an answer that is
// not a proven success — holds as many fields as decode could read from the
// body, to help the merchant, the outcome being decided already. decode nil
// means encoding/json. A success answer must decode whole, or Do makes it
// Pending.
func Call[R any, P interface {
	*R
	Answer
}](ctx context.Context, c *Client, req *Request, decode func(body []byte, out P) error, opts ...CallOption) (P, error) {
	if decode == nil {
		decode = func(body []byte, out P) error { return json.Unmarshal(body, out) }
	}
	out := P(new(R))
	resp, err := c.Do(ctx, req, &decoder[R, P]{out, decode}, opts...)
	if resp == nil {
		return nil, err
	}
	if err != nil && len(bytes.TrimSpace(resp.Body)) > 0 {
		_ = decode(resp.Body, out)
	}
	out.snapResult().Raw = resp
	return out, err
}

// decoder lets Do decode a success answer with a provider's own reader.
type decoder[R any, P interface {
	*R
	Answer
}] struct {
	out    P
	decode func([]byte, P) error
}

func (d *decoder[R, P]) UnmarshalJSON(body []byte) error { return d.decode(body, d.out) }
