package dana

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
	"github.com/snapbi/snap/snaptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const merchantID = "216620000000000000000"

// orderServer is a DANA simulator holding a paid order ORDER-1 of 50000.00
// made with merchantID, and a client for it.
func orderServer(t *testing.T, opts ...snap.Option) (*snaptest.Server, *Client) {
	t.Helper()
	srv := newServer(t)
	srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "ORDER-1", ReferenceNo: "20251010111230999500166931000229476",
		Amount: money.IDR(50000), MerchantID: merchantID, PaidAt: seedNow})
	return srv, newTestClient(t, srv.URL, opts...)
}

// TestPaymentGateway sends each payment-gateway call to the simulator: the
// path is DANA's, the signature verifies, the body is the SNAP one and the
// answer is decoded into the debit types.
func TestPaymentGateway(t *testing.T) {
	tests := []struct {
		name     string
		path     string
		wantBody string
		call     func(t *testing.T, c *Client) (*snap.Result, error)
	}{
		{
			name: "status", path: "/payment-gateway/v1.0/debit/status.htm",
			wantBody: `{"originalPartnerReferenceNo":"ORDER-1","serviceCode":"54","merchantId":"216620000000000000000"}`,
			call: func(t *testing.T, c *Client) (*snap.Result, error) {
				res, err := c.Status(context.Background(), &debit.StatusRequest{OriginalPartnerReferenceNo: "ORDER-1",
					ServiceCode: responsecode.ServiceDebitPayment, MerchantID: merchantID})
				require.NotNil(t, res)
				assert.Equal(t, debit.StatusSuccess, res.LatestTransactionStatus)
				assert.Equal(t, debit.StatusSuccess, res.Status(), "read as debit reads it, through the embedding")
				assert.Equal(t, "20251010111230999500166931000229476", res.OriginalReferenceNo)
				assert.Equal(t, snap.Timestamp("2021-12-03T10:37:11+07:00"), res.PaidTime)
				// QueryPaymentResponse's amount beside transAmount, typed.
				assert.Equal(t, "IDR 50000.00", res.Amount.String())
				return &res.Result.Result, err
			},
		},
		{
			name: "cancel", path: "/payment-gateway/v1.0/debit/cancel.htm",
			wantBody: `{"originalPartnerReferenceNo":"ORDER-1","merchantId":"216620000000000000000","reason":"customer cancelled","amount":{"value":"50000.00","currency":"IDR"}}`,
			call: func(t *testing.T, c *Client) (*snap.Result, error) {
				res, err := c.Cancel(context.Background(), &debit.CancelRequest{OriginalPartnerReferenceNo: "ORDER-1",
					MerchantID: merchantID, Reason: "customer cancelled", Amount: money.IDR(50000)})
				require.NotNil(t, res)
				assert.Equal(t, snap.Timestamp("2021-12-03T10:37:12+07:00"), res.CancelTime)
				return &res.Result.Result, err
			},
		},
		{
			name: "refund", path: "/payment-gateway/v1.0/debit/refund.htm",
			wantBody: `{"merchantId":"216620000000000000000","originalPartnerReferenceNo":"ORDER-1","originalExternalId":"123456789012345678901234567890123456",` +
				`"originalCaptureNo":"CAPTURE-1","partnerRefundNo":"REFUND-1","refundAmount":{"value":"10000.00","currency":"IDR"},"reason":"Customer complain"}`,
			call: func(t *testing.T, c *Client) (*snap.Result, error) {
				// A 36-character originalExternalId, as dana-go's X-EXTERNAL-ID is.
				res, err := c.Refund(context.Background(), &debit.RefundRequest{MerchantID: merchantID,
					OriginalPartnerReferenceNo: "ORDER-1", OriginalExternalID: "123456789012345678901234567890123456",
					OriginalCaptureNo: "CAPTURE-1", PartnerRefundNo: "REFUND-1", RefundAmount: money.IDR(10000), Reason: "Customer complain"})
				require.NotNil(t, res)
				assert.NotEmpty(t, res.RefundNo)
				assert.Equal(t, "IDR 10000.00", res.RefundAmount.String())
				return &res.Result.Result, err
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv, c := orderServer(t)
			res, err := tt.call(t, c)
			require.NoError(t, err)
			assert.Equal(t, snap.Success, res.Outcome())

			reqs := srv.RequestsTo(tt.path)
			require.Len(t, reqs, 1)
			assert.Equal(t, tt.wantBody, string(reqs[0].Body))
			assert.Equal(t, "2021-12-03T10:37:11+07:00", reqs[0].Header.Get("X-TIMESTAMP"))
			assert.Empty(t, reqs[0].Header.Values("Authorization"))
		})
	}
}

// DANA's QueryPaymentResponse carries an optional title and amount beside
// the SNAP fields: they are kept, each on its own (the simulator sends no
// title, so DANA's bytes are replayed from testdata).
func TestStatusKeepsDANAsFields(t *testing.T) {
	answer := testkit.Fixture(t, "status_response.json")
	req := &debit.StatusRequest{OriginalPartnerReferenceNo: "ORDER-1", ServiceCode: responsecode.ServiceDebitPayment, MerchantID: merchantID}
	url := testkit.NewReplay(t, testkit.Always(http.StatusOK, string(answer))).URL
	res, err := newTestClient(t, url).Status(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, "IDR 50000.00", res.Amount.String())
	assert.Equal(t, "Coffee beans 1kg", res.Title)
	assert.Equal(t, snap.Timestamp("2025-10-10T16:16:33+07:00"), res.PaidTime)
	assert.Equal(t, string(answer), string(res.Raw.Body))

	// A malformed amount leaves the title, and the answer stays a success:
	// amount is DANA's addition, not what the status proves.
	url = testkit.NewReplay(t, testkit.Always(http.StatusOK, strings.Replace(string(answer), `"50000.00"`, `"50000.001"`, 1))).URL
	res, err = newTestClient(t, url).Status(context.Background(), req)
	require.NoError(t, err)
	assert.True(t, res.Amount.IsZero())
	assert.Equal(t, "Coffee beans 1kg", res.Title)
}

// Whenever something was sent, the status response is returned with Raw
// and the outcome, a refusal and a timeout alike; nil only when the request
// failed validation.
func TestStatusResponseWheneverSent(t *testing.T) {
	req := &debit.StatusRequest{OriginalPartnerReferenceNo: "ORDER-1", ServiceCode: responsecode.ServiceDebitPayment, MerchantID: merchantID}
	t.Run("refused", func(t *testing.T) {
		srv := newServer(t) // no ORDER-1: 4045501
		res, err := newTestClient(t, srv.URL).Status(context.Background(), req)
		assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
		require.NotNil(t, res)
		require.NotNil(t, res.Raw)
		assert.Equal(t, "4045501", res.ResponseCode)
		assert.Equal(t, snap.Failed, res.Outcome())
		assert.Contains(t, string(res.Raw.Body), "4045501")
	})
	t.Run("timeout", func(t *testing.T) {
		srv, c := orderServer(t, snap.WithTimeout(50*time.Millisecond))
		srv.Fail(StatusPath, snaptest.Fault{Kind: snaptest.Delay(5 * time.Second)})
		res, err := c.Status(context.Background(), req)
		assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
		require.NotNil(t, res)
		require.NotNil(t, res.Raw)
		assert.Equal(t, snap.Pending, res.Outcome())
		assert.Equal(t, 3, res.Raw.Attempts)
		assert.Empty(t, res.Raw.Body)
	})
	t.Run("invalid", func(t *testing.T) {
		srv := newServer(t)
		res, err := newTestClient(t, srv.URL).Status(context.Background(), &debit.StatusRequest{OriginalPartnerReferenceNo: "ORDER-1", MerchantID: merchantID})
		assert.Nil(t, res)
		var v *snap.ValidationError
		require.ErrorAs(t, err, &v)
		assert.Equal(t, "serviceCode", v.Field)
		assert.Empty(t, srv.Requests())
	})
}

func TestPaymentGatewayOutcomes(t *testing.T) {
	t.Run("cancel not found is Failed with the answer kept", func(t *testing.T) {
		srv := newServer(t)
		res, err := newTestClient(t, srv.URL).Cancel(context.Background(), &debit.CancelRequest{OriginalPartnerReferenceNo: "ORDER-1", MerchantID: "m-1"})
		var e *snap.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, snap.Failed, e.Outcome)
		assert.Equal(t, "4045701", e.RawCode)
		require.NotNil(t, res)
		assert.Equal(t, "4045701", res.ResponseCode)
		assert.Equal(t, snap.Failed, res.Outcome())
	})
	t.Run("refund internal server error is retried then Pending", func(t *testing.T) {
		srv, c := orderServer(t)
		srv.Fail(RefundPath, snaptest.Fault{Kind: snaptest.Code("5005801")})
		res, err := c.Refund(context.Background(), &debit.RefundRequest{MerchantID: merchantID, OriginalPartnerReferenceNo: "ORDER-1", PartnerRefundNo: "R-1", RefundAmount: money.IDR(1000)})
		assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
		assert.Len(t, srv.RequestsTo(RefundPath), 3, "idempotent: DANA's 3 attempts")
		require.NotNil(t, res)
		assert.Equal(t, 3, res.Raw.Attempts)
	})
	t.Run("paths are DANA's", func(t *testing.T) {
		c := newTestClient(t, "http://127.0.0.1:1")
		assert.Equal(t, StatusPath, c.debit.Paths().Status)
		assert.Equal(t, CancelPath, c.debit.Paths().Cancel)
		assert.Equal(t, RefundPath, c.debit.Paths().Refund)
	})
}

// DANA's models (dana-go payment_gateway/v1) require merchantId on
// CancelOrderRequest, QueryPaymentRequest and RefundOrderRequest, and
// refundAmount on RefundOrderRequest: DANA would answer 400xx02, so the
// SDK refuses them before sending. originalExternalId may be 36 long
// (DANA's X-EXTERNAL-ID: "1 - 36 characters"), not the generic 32.
func TestPaymentGatewayDANARules(t *testing.T) {
	long := func(n int) string { return strings.Repeat("1", n) }
	tests := []struct {
		name  string
		call  func(c *Client) error
		field string // "" = sent
	}{
		{"status without merchantId", func(c *Client) error {
			_, err := c.Status(context.Background(), &debit.StatusRequest{OriginalPartnerReferenceNo: "O-1", ServiceCode: responsecode.ServiceDebitPayment})
			return err
		}, "merchantId"},
		{"status merchantId of spaces", func(c *Client) error {
			_, err := c.Status(context.Background(), &debit.StatusRequest{OriginalPartnerReferenceNo: "O-1", ServiceCode: responsecode.ServiceDebitPayment, MerchantID: "  "})
			return err
		}, "merchantId"},
		{"cancel without merchantId", func(c *Client) error {
			_, err := c.Cancel(context.Background(), &debit.CancelRequest{OriginalPartnerReferenceNo: "O-1"})
			return err
		}, "merchantId"},
		{"refund without merchantId", func(c *Client) error {
			_, err := c.Refund(context.Background(), &debit.RefundRequest{OriginalPartnerReferenceNo: "O-1", PartnerRefundNo: "R-1", RefundAmount: money.IDR(1)})
			return err
		}, "merchantId"},
		{"refund without refundAmount", func(c *Client) error {
			_, err := c.Refund(context.Background(), &debit.RefundRequest{MerchantID: "m", OriginalPartnerReferenceNo: "O-1", PartnerRefundNo: "R-1"})
			return err
		}, "refundAmount"},
		{"refund of 0.00", func(c *Client) error {
			_, err := c.Refund(context.Background(), &debit.RefundRequest{MerchantID: "m", OriginalPartnerReferenceNo: "O-1", PartnerRefundNo: "R-1", RefundAmount: money.IDR(0)})
			return err
		}, "refundAmount"},
		{"originalCaptureNo too long", func(c *Client) error {
			_, err := c.Refund(context.Background(), &debit.RefundRequest{MerchantID: "m", OriginalPartnerReferenceNo: "O-1", PartnerRefundNo: "R-1",
				RefundAmount: money.IDR(1), OriginalCaptureNo: long(65)})
			return err
		}, "originalCaptureNo"},
		{"originalExternalId of 37", func(c *Client) error {
			_, err := c.Cancel(context.Background(), &debit.CancelRequest{OriginalPartnerReferenceNo: "O-1", MerchantID: "m", OriginalExternalID: long(37)})
			return err
		}, "originalExternalId"},
		{"originalExternalId of 36 is DANA's", func(c *Client) error {
			_, err := c.Cancel(context.Background(), &debit.CancelRequest{OriginalPartnerReferenceNo: "O-1", MerchantID: "m", OriginalExternalID: long(36)})
			return err
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t)
			err := tt.call(newTestClient(t, srv.URL))
			if tt.field == "" {
				assert.False(t, snap.IsValidation(err), "%v", err)
				require.Len(t, srv.Requests(), 1)
				assert.Equal(t, "4045701", srv.Requests()[0].ResponseCode, "the simulator took the 36 characters: %s", srv.Requests()[0].Reason)
				return
			}
			var v *snap.ValidationError
			require.ErrorAs(t, err, &v)
			assert.Equal(t, tt.field, v.Field)
			assert.Empty(t, srv.Requests(), "nothing is sent")
		})
	}
	t.Run("the generic page keeps 32", func(t *testing.T) {
		r := &debit.CancelRequest{OriginalPartnerReferenceNo: "O-1", MerchantID: "m", OriginalExternalID: long(36)}
		require.Error(t, r.Validate())
		require.NoError(t, r.ValidateRules(DebitRules()))
	})
}

// dana-go's CancelOrderResponse requires responseCode, responseMessage and
// originalPartnerReferenceNo; cancelTime is optional there (the generic
// page's "Must be filled if cancelled transaction success" is not DANA's).
// The simulator always sends cancelTime: these answers are replayed.
func TestCancelProofIsDANAs(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer string
		want   snap.Outcome
	}{
		{"without cancelTime", `{"responseCode":"2005700","responseMessage":"Successful","originalPartnerReferenceNo":"ORDER-1"}`, snap.Success},
		{"without originalPartnerReferenceNo", `{"responseCode":"2005700","responseMessage":"Successful","cancelTime":"2025-10-10T16:20:00+07:00"}`, snap.Pending},
	} {
		t.Run(tc.name, func(t *testing.T) {
			url := testkit.NewReplay(t, testkit.Always(http.StatusOK, tc.answer)).URL
			_, err := newTestClient(t, url).Cancel(context.Background(), &debit.CancelRequest{OriginalPartnerReferenceNo: "ORDER-1", MerchantID: "m-1"})
			assert.Equal(t, tc.want, snap.OutcomeOf(err), "%v", err)
		})
	}
}
