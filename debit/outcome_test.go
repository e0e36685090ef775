package debit

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/notifydecode"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/responsecode"
)

// opUnderTest is one operation with its sample request; result is nil when
// the method returned no response.
type opUnderTest struct {
	Name       string
	Service    int
	Idempotent bool
	Call       func(c *Client) (*Result, error)
}

// resultOf returns the Result a response embeds, nil for a nil response.
func resultOf[R any](resp *R, err error) (*Result, error) {
	if resp == nil {
		return nil, err
	}
	return reflect.ValueOf(resp).Elem().FieldByName("Result").Addr().Interface().(*Result), err
}

func operationsUnderTest() []opUnderTest {
	return []opUnderTest{
		{"payment", 54, false, func(c *Client) (*Result, error) { return resultOf(c.Payment(bg, samplePayment())) }},
		{"status", 55, true, func(c *Client) (*Result, error) { return resultOf(c.Status(bg, sampleStatus())) }},
		{"cancel", 57, true, func(c *Client) (*Result, error) { return resultOf(c.Cancel(bg, sampleCancel())) }},
		{"refund", 58, true, func(c *Client) (*Result, error) { return resultOf(c.Refund(bg, sampleRefund())) }},
	}
}

func snapBody(code, msg string) string {
	return fmt.Sprintf(`{"responseCode":%q,"responseMessage":%q,"partnerReferenceNo":"2020102900000000000001"}`, code, msg)
}

// provenBody is a success answer of service that carries what DefaultProof
// asks of it, echoing the sample requests' references.
func provenBody(service int) string {
	fields := map[int]string{
		54: `"referenceNo":"2020102977770000000009"`,
		55: `"serviceCode":"17","latestTransactionStatus":"00"`,
		57: `"cancelTime":"2020-12-21T17:07:25+07:00"`,
		58: `"refundNo":"REF993883","partnerRefundNo":"239850918204981205970","refundTime":"2020-12-21T17:21:41+07:00"`,
	}[service]
	return fmt.Sprintf(`{"responseCode":"200%02d00","responseMessage":"Successful","partnerReferenceNo":"2020102900000000000001",%s}`, service, fields)
}

func TestOutcomes(t *testing.T) {
	for _, op := range operationsUnderTest() {
		code := func(http, caseCode int) string { return responsecode.New(http, op.Service, caseCode).String() }
		retried := func(idempotentAttempts int) int {
			if op.Idempotent {
				return idempotentAttempts
			}
			return 1
		}
		cases := []struct {
			name     string
			answer   testkit.Answer
			outcome  snap.Outcome
			attempts int
			wantCode string // the code of the answer the merchant sees
		}{
			{"2xx00 success", testkit.Sequence(200, provenBody(op.Service)), snap.Success, 1, code(200, 0)},
			{"2xx00 without its proof", testkit.Sequence(200, snapBody(code(200, 0), "Successful")), snap.Pending, 1, code(200, 0)},
			{"another service's success", testkit.Sequence(200, snapBody(responsecode.New(200, 99-op.Service, 0).String(), "Successful")), snap.Pending, 1, responsecode.New(200, 99-op.Service, 0).String()},
			{"202 in progress", testkit.Sequence(202, snapBody(code(202, 0), "Request In Progress")), snap.Pending, 1, code(202, 0)},
			{"404xx01 not found", testkit.Sequence(404, snapBody(code(404, 1), "Transaction Not Found")), snap.Failed, 1, code(404, 1)},
			{"409xx00 conflict on a first attempt", testkit.Sequence(409, snapBody(code(409, 0), "Conflict")), snap.Pending, 1, code(409, 0)},
			{"409xx01 duplicate on a first attempt", testkit.Sequence(409, snapBody(code(409, 1), "Duplicate partnerReferenceNo")), snap.Pending, 1, code(409, 1)},
			{"409xx01 on a retry", testkit.Sequence(500, snapBody(code(500, 1), "Internal Server Error"), 409, snapBody(code(409, 1), "Duplicate partnerReferenceNo")),
				snap.Pending, retried(2), map[bool]string{true: code(409, 1), false: code(500, 1)}[op.Idempotent]},
			{"409xx00 on a retry", testkit.Sequence(504, snapBody(code(504, 0), "Timeout"), 409, snapBody(code(409, 0), "Conflict")),
				snap.Pending, retried(2), map[bool]string{true: code(409, 0), false: code(504, 0)}[op.Idempotent]},
			{"5xx01 retried then success", testkit.Sequence(500, snapBody(code(500, 1), "Internal Server Error"), 200, provenBody(op.Service)),
				map[bool]snap.Outcome{true: snap.Success, false: snap.Pending}[op.Idempotent], retried(2),
				map[bool]string{true: code(200, 0), false: code(500, 1)}[op.Idempotent]},
			{"5xx01 every time", testkit.Sequence(500, snapBody(code(500, 1), "Internal Server Error")), snap.Pending, retried(3), code(500, 1)},
			{"5xx02 every time", testkit.Sequence(500, snapBody(code(500, 2), "External Server Error")), snap.Pending, retried(3), code(500, 2)},
			{"500xx00 general error", testkit.Sequence(500, snapBody(code(500, 0), "General Error")), snap.Pending, 1, code(500, 0)},
			{"HTML gateway page", testkit.Sequence(502, "<html><body>Bad Gateway</body></html>"), snap.Pending, retried(3), ""},
			{"empty body", testkit.Sequence(200, ""), snap.Pending, 1, ""},
			{"undefined code", testkit.Sequence(403, snapBody(code(403, 99), "Something new")), snap.Pending, 1, code(403, 99)},
			{"code disagrees with HTTP status", testkit.Sequence(200, snapBody(code(404, 1), "Transaction Not Found")), snap.Pending, 1, code(404, 1)},
		}
		for _, tc := range cases {
			t.Run(op.Name+"/"+tc.name, func(t *testing.T) {
				f, c := replayClient(t, tc.answer)
				res, err := op.Call(c)
				assert.Equal(t, tc.outcome, snap.OutcomeOf(err))
				assert.Len(t, f.Requests(), tc.attempts)
				require.NotNil(t, res, "the answer comes back with the error")
				require.NotNil(t, res.Raw)
				assert.Equal(t, tc.outcome, res.Outcome())
				assert.Equal(t, tc.attempts, res.Raw.Attempts)
				assert.Len(t, res.Raw.ExternalIDs, tc.attempts)
				assert.Equal(t, tc.wantCode, res.ResponseCode)
				if tc.outcome == snap.Success {
					assert.NoError(t, err)
					return
				}
				var se *snap.Error
				require.ErrorAs(t, err, &se)
				assert.Equal(t, tc.attempts, se.Attempts)
				assert.NotEmpty(t, se.Action)
				if tc.wantCode != "" {
					assert.Equal(t, "2020102900000000000001", func() string {
						var p struct {
							PartnerReferenceNo string `json:"partnerReferenceNo"`
						}
						require.NoError(t, notifydecode.Answer(res.Raw.Body, &p))
						return p.PartnerReferenceNo
					}(), "the raw answer is kept")
				}
			})
		}
	}
}
