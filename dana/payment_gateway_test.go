package dana

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func amount(v string) *money.Money {
	m := money.MustNew(v, "IDR")
	return &m
}

// TestPaymentGateway sends each payment-gateway call to the fake DANA: the
// path is DANA's, the signature verifies, the body is the SNAP one and the
// answer is decoded into the debit types.
func TestPaymentGateway(t *testing.T) {
	tests := []struct {
		name     string
		path     string
		answer   string
		wantBody string
		call     func(c *Client) (debit.Result, error)
	}{
		{
			name: "status", path: "/payment-gateway/v1.0/debit/status.htm",
			answer: `{"responseCode":"2005500","responseMessage":"Successful","originalPartnerReferenceNo":"ORDER-1",` +
				`"originalReferenceNo":"20251010111230999500166931000229476","serviceCode":"54","latestTransactionStatus":"00",` +
				`"transactionStatusDesc":"SUCCESS","amount":{"value":"50000.00","currency":"IDR"},"title":"Coffee beans 1kg",` +
				`"paidTime":"2025-10-10T16:16:33+07:00"}`,
			wantBody: `{"originalPartnerReferenceNo":"ORDER-1","serviceCode":"54","merchantId":"216620000000000000000"}`,
			call: func(c *Client) (debit.Result, error) {
				res, err := c.Status(context.Background(), &debit.StatusRequest{OriginalPartnerReferenceNo: "ORDER-1",
					ServiceCode: responsecode.ServiceDebitPayment, MerchantID: "216620000000000000000"})
				require.NotNil(t, res)
				assert.Equal(t, debit.StatusSuccess, res.LatestTransactionStatus)
				assert.Equal(t, "20251010111230999500166931000229476", res.OriginalReferenceNo)
				assert.Equal(t, "2025-10-10T16:16:33+07:00", res.PaidTime)
				// QueryPaymentResponse's optional amount and title are kept, typed.
				require.NotNil(t, res.Amount)
				assert.Equal(t, "IDR 50000.00", res.Amount.String())
				assert.Equal(t, "Coffee beans 1kg", res.Title)
				return res.Result, err
			},
		},
		{
			name: "cancel", path: "/payment-gateway/v1.0/debit/cancel.htm",
			answer: `{"responseCode":"2005700","responseMessage":"Successful","originalPartnerReferenceNo":"ORDER-1",` +
				`"originalReferenceNo":"20251010111230999500166931000229476","cancelTime":"2025-10-10T16:20:00+07:00"}`,
			wantBody: `{"originalPartnerReferenceNo":"ORDER-1","merchantId":"216620000000000000000","reason":"customer cancelled","amount":{"value":"50000.00","currency":"IDR"}}`,
			call: func(c *Client) (debit.Result, error) {
				res, err := c.Cancel(context.Background(), &debit.CancelRequest{OriginalPartnerReferenceNo: "ORDER-1",
					MerchantID: "216620000000000000000", Reason: "customer cancelled", Amount: amount("50000")})
				require.NotNil(t, res)
				assert.Equal(t, "2025-10-10T16:20:00+07:00", res.CancelTime)
				return res.Result, err
			},
		},
		{
			name: "refund", path: "/payment-gateway/v1.0/debit/refund.htm",
			answer: `{"responseCode":"2005800","responseMessage":"Successful","originalPartnerReferenceNo":"ORDER-1",` +
				`"partnerRefundNo":"REFUND-1","refundNo":"2025101011123099","refundAmount":{"value":"10000.00","currency":"IDR"},` +
				`"refundTime":"2025-10-11T09:00:00+07:00"}`,
			wantBody: `{"merchantId":"216620000000000000000","originalPartnerReferenceNo":"ORDER-1","originalExternalId":"123456789012345678901234567890123456",` +
				`"originalCaptureNo":"CAPTURE-1","partnerRefundNo":"REFUND-1","refundAmount":{"value":"10000.00","currency":"IDR"},"reason":"Customer complain"}`,
			call: func(c *Client) (debit.Result, error) {
				// A 36-character originalExternalId, as dana-go's X-EXTERNAL-ID is.
				res, err := c.Refund(context.Background(), &debit.RefundRequest{MerchantID: "216620000000000000000",
					OriginalPartnerReferenceNo: "ORDER-1", OriginalExternalID: "123456789012345678901234567890123456",
					OriginalCaptureNo: "CAPTURE-1", PartnerRefundNo: "REFUND-1", RefundAmount: amount("10000"), Reason: "Customer complain"})
				require.NotNil(t, res)
				assert.Equal(t, "2025101011123099", res.RefundNo)
				require.NotNil(t, res.RefundAmount)
				assert.Equal(t, "IDR 10000.00", res.RefundAmount.String())
				return res.Result, err
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeDANA(t)
			f.answer = func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, tt.answer)
			}
			res, err := tt.call(newTestClient(t, f.srv.URL))
			require.NoError(t, err)
			assert.Equal(t, snap.Success, res.Outcome())
			assert.Equal(t, tt.answer, string(res.Raw.Body))

			reqs := f.requests()
			require.Len(t, reqs, 1)
			assert.Equal(t, tt.path, reqs[0].path)
			require.NoError(t, reqs[0].sigErr)
			assert.Equal(t, tt.wantBody, string(reqs[0].body))
			assert.Equal(t, "2021-12-03T10:37:11+07:00", reqs[0].header.Get("X-TIMESTAMP"))
			assert.Empty(t, reqs[0].header.Values("Authorization"))
		})
	}
}

func TestPaymentGatewayOutcomes(t *testing.T) {
	t.Run("cancel not found is Failed with the answer kept", func(t *testing.T) {
		f := newFakeDANA(t)
		f.answerCode(404, "4045701", "Transaction Not Found")
		res, err := newTestClient(t, f.srv.URL).Cancel(context.Background(), &debit.CancelRequest{OriginalPartnerReferenceNo: "ORDER-1", MerchantID: "m-1"})
		var e *snap.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, snap.Failed, e.Outcome)
		assert.Equal(t, "4045701", e.RawCode)
		require.NotNil(t, res)
		assert.Equal(t, "4045701", res.ResponseCode)
		assert.Equal(t, snap.Failed, res.Outcome())
	})
	t.Run("refund internal server error is retried then Pending", func(t *testing.T) {
		f := newFakeDANA(t)
		f.answerCode(500, "5005801", "Internal Server Error")
		res, err := newTestClient(t, f.srv.URL).Refund(context.Background(), &debit.RefundRequest{MerchantID: "m-1", OriginalPartnerReferenceNo: "ORDER-1", PartnerRefundNo: "R-1", RefundAmount: amount("1000")})
		assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
		assert.EqualValues(t, 3, f.calls.Load(), "idempotent: DANA's 3 attempts")
		require.NotNil(t, res)
		assert.Equal(t, 3, res.Raw.Attempts)
	})
	t.Run("status validation sends nothing", func(t *testing.T) {
		f := newFakeDANA(t)
		res, err := newTestClient(t, f.srv.URL).Status(context.Background(), &debit.StatusRequest{OriginalPartnerReferenceNo: "ORDER-1", MerchantID: "m-1"})
		assert.Nil(t, res)
		var v *snap.ValidationError
		require.ErrorAs(t, err, &v)
		assert.Equal(t, "serviceCode", v.Field)
		assert.Zero(t, f.calls.Load())
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
			_, err := c.Status(context.Background(), &debit.StatusRequest{OriginalPartnerReferenceNo: "O-1", ServiceCode: "54"})
			return err
		}, "merchantId"},
		{"status merchantId of spaces", func(c *Client) error {
			_, err := c.Status(context.Background(), &debit.StatusRequest{OriginalPartnerReferenceNo: "O-1", ServiceCode: "54", MerchantID: "  "})
			return err
		}, "merchantId"},
		{"cancel without merchantId", func(c *Client) error {
			_, err := c.Cancel(context.Background(), &debit.CancelRequest{OriginalPartnerReferenceNo: "O-1"})
			return err
		}, "merchantId"},
		{"refund without merchantId", func(c *Client) error {
			_, err := c.Refund(context.Background(), &debit.RefundRequest{OriginalPartnerReferenceNo: "O-1", PartnerRefundNo: "R-1", RefundAmount: amount("1")})
			return err
		}, "merchantId"},
		{"refund without refundAmount", func(c *Client) error {
			_, err := c.Refund(context.Background(), &debit.RefundRequest{MerchantID: "m", OriginalPartnerReferenceNo: "O-1", PartnerRefundNo: "R-1"})
			return err
		}, "refundAmount"},
		{"refund of 0.00", func(c *Client) error {
			_, err := c.Refund(context.Background(), &debit.RefundRequest{MerchantID: "m", OriginalPartnerReferenceNo: "O-1", PartnerRefundNo: "R-1", RefundAmount: amount("0")})
			return err
		}, "refundAmount"},
		{"originalCaptureNo too long", func(c *Client) error {
			_, err := c.Refund(context.Background(), &debit.RefundRequest{MerchantID: "m", OriginalPartnerReferenceNo: "O-1", PartnerRefundNo: "R-1",
				RefundAmount: amount("1"), OriginalCaptureNo: long(65)})
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
			f := newFakeDANA(t)
			f.answerCode(404, "4045701", "Transaction Not Found")
			err := tt.call(newTestClient(t, f.srv.URL))
			if tt.field == "" {
				assert.False(t, snap.IsValidation(err), "%v", err)
				assert.EqualValues(t, 1, f.calls.Load())
				return
			}
			var v *snap.ValidationError
			require.ErrorAs(t, err, &v)
			assert.Equal(t, tt.field, v.Field)
			assert.Zero(t, f.calls.Load(), "nothing is sent")
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
func TestCancelDebitProofIsDANAs(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer string
		want   snap.Outcome
	}{
		{"without cancelTime", `{"responseCode":"2005700","responseMessage":"Successful","originalPartnerReferenceNo":"ORDER-1"}`, snap.Success},
		{"without originalPartnerReferenceNo", `{"responseCode":"2005700","responseMessage":"Successful","cancelTime":"2025-10-10T16:20:00+07:00"}`, snap.Pending},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeDANA(t)
			f.answer = func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, tc.answer)
			}
			_, err := newTestClient(t, f.srv.URL).Cancel(context.Background(), &debit.CancelRequest{OriginalPartnerReferenceNo: "ORDER-1", MerchantID: "m-1"})
			assert.Equal(t, tc.want, snap.OutcomeOf(err), "%v", err)
		})
	}
}
