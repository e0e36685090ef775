package paydia

import (
	"context"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/responsecode"
)

// call sends one Paydia request through the core and turns a successful answer that cannot be decoded
// into a Pending *snap.Error: a status that cannot be read is not a status.
func (c *Client) call(ctx context.Context, req *snap.Request, out any, opts []snap.CallOption) (*snap.Response, error) {
	resp, err := c.core.Do(ctx, req, out, opts...)
	if err != nil {
		return resp, err
	}
	if resp.DecodeError != nil {
		return resp, &snap.Error{
			Op:         "POST " + req.Path,
			HTTPStatus: resp.HTTPStatus, Code: resp.Code, RawCode: resp.RawCode, Message: resp.Message,
			Outcome: snap.Pending, Action: responsecode.Action(snap.Pending),
			Reason:     "unexpected answer: a successful code whose body could not be decoded",
			ExternalID: resp.ExternalID, ExternalIDs: resp.ExternalIDs, Attempts: resp.Attempts,
			Body: snap.RedactTokens(resp.Body), Header: resp.Header, Err: resp.DecodeError,
		}
	}
	return resp, nil
}
