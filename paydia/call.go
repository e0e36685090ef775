package paydia

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/validate"
	"github.com/snapbi/snap/responsecode"
)

// operation is what differs between Void and VoidQuery; everything else is
// sent the same way.
type operation struct {
	path     string
	service  int
	outcomes responsecode.Table
	proof    *snap.Proof
}

// request is a Paydia request body that checks itself before sending.
type request interface{ Validate() error }

// send validates req and sends it with snap.Call, so that the response is
// nil only when nothing was sent and otherwise carries Raw, whatever the
// outcome. Both operations are idempotent by their partnerVoidNo and need
// the customer's token.
func send[R any, P interface {
	*R
	snap.Answer
}](ctx context.Context, c *Client, op operation, req request, opts []snap.CallOption) (P, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	return snap.Call[R, P](ctx, c.core, &snap.Request{
		Path:                 op.path,
		ServiceCode:          op.service,
		Body:                 req,
		Idempotent:           true,
		RequireCustomerToken: true,
		Outcomes:             op.outcomes,
		Proof:                op.proof,
	}, func(body []byte, out P) error { return decode(body, out) }, opts...)
}

// decode reads a Paydia answer into out. A body that decodes whole is read
// by encoding/json; otherwise out is read key by key, so that a refusal
// with one malformed field (a bad voidAmount) still shows its
// responseCode and references, and the first error is returned (a success
// that does not decode whole is Pending).
func decode(body []byte, out any) error {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return errors.New("paydia: answer is not a JSON object")
	}
	err := json.Unmarshal(body, out)
	if err == nil {
		return nil
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil {
		return err
	}
	reflect.ValueOf(out).Elem().SetZero() // no half-made field from the whole decode
	for k, v := range fields {
		one, merr := json.Marshal(map[string]json.RawMessage{k: v})
		if merr == nil {
			_ = json.Unmarshal(one, out) // a field that fails stays zero
		}
	}
	return err
}

// checkRefs starts the validation of a request with the references both
// calls carry, each mandatory and at most 64 characters (ASPI's auth-void
// table, Paydia's void-query table).
func checkRefs(originalPartnerReferenceNo, originalReferenceNo, merchantID, partnerVoidNo string) *validate.Checker {
	var c validate.Checker
	c.RequiredMaxLen("originalPartnerReferenceNo", originalPartnerReferenceNo, 64)
	c.RequiredMaxLen("originalReferenceNo", originalReferenceNo, 64)
	c.RequiredMaxLen("merchantId", merchantID, 64)
	c.RequiredMaxLen("partnerVoidNo", partnerVoidNo, 64)
	return &c
}
