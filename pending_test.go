package snap

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/testkit"
)

func TestPendingRecord(t *testing.T) {
	codes := map[string]string{"/pending": `{"responseCode":"5005801","responseMessage":"Internal Server Error"}`,
		"/failed": `{"responseCode":"4045801","responseMessage":"Transaction Not Found"}`}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		body := codes[r.URL.Path]
		w.WriteHeader(map[string]int{"/pending": 500, "/failed": 404}[r.URL.Path])
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(Config{BaseURL: srv.URL, PartnerID: "partner", ChannelID: "95221", ClientSecret: "secret",
		PrivateKey: NewPrivateKey(testkit.PartnerKey(t)), Signature: Asymmetric},
		WithRetry(RetryPolicy{MaxAttempts: 2}))
	require.NoError(t, err)
	body := map[string]any{
		"originalPartnerReferenceNo": "order-1", "partnerRefundNo": "refund-1", "reason": "out of stock",
		"refundAmount":   map[string]string{"value": "2500.00", "currency": "IDR"},
		"additionalInfo": map[string]any{"amount": map[string]string{"value": "10000.00", "currency": "IDR"}},
		"chargeToken":    "secret-charge-token", "otp": "123456", "bankCardToken": "card-token",
	}

	tests := []struct {
		path    string
		pending bool
	}{
		{"/pending", true},
		{"/failed", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := c.Do(context.Background(), &Request{Path: tt.path, ServiceCode: 58, Idempotent: true, Body: body}, nil,
				CustomerToken("customer-secret"))
			var e *Error
			require.True(t, errors.As(err, &e))
			rec, ok := e.PendingRecord()
			require.Equal(t, tt.pending, ok)
			if !tt.pending {
				return
			}
			assert.Equal(t, 58, rec.ServiceCode)
			assert.Equal(t, "/pending", rec.Path)
			assert.Equal(t, map[string]string{"originalPartnerReferenceNo": "order-1", "partnerRefundNo": "refund-1", "reason": "out of stock"}, rec.References)
			assert.Equal(t, "2500.00", rec.Amounts["refundAmount"].ValueString())
			assert.Equal(t, "10000.00", rec.Amounts["additionalInfo.amount"].ValueString())
			assert.Len(t, rec.ExternalIDs, 2, "every X-EXTERNAL-ID tried")
			assert.Equal(t, 2, rec.Attempts)
			assert.False(t, rec.FirstAttempt.IsZero())

			b, err := json.Marshal(rec)
			require.NoError(t, err)
			for _, secret := range []string{"secret-charge-token", "123456", "card-token", "customer-secret", "secret", "Bearer"} {
				assert.NotContains(t, string(b), `"`+secret+`"`)
			}
			assert.NotContains(t, string(b), "chargeToken")
			var back PendingRecord
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, rec.References, back.References)
			assert.True(t, rec.Amounts["refundAmount"].Equal(back.Amounts["refundAmount"]))

			rec.References["partnerRefundNo"] = "changed"
			again, _ := e.PendingRecord()
			assert.Equal(t, "refund-1", again.References["partnerRefundNo"], "a copy")
		})
	}
	var nilErr *Error
	_, ok := nilErr.PendingRecord()
	assert.False(t, ok)
}

func TestRequestReferences(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		refs    map[string]string
		amounts map[string]string
	}{
		{"NICEPAY v2", `{"tXid":"IONPAYTEST0505","amt":"10000","merchantToken":"abc","cancelType":"1"}`,
			map[string]string{"tXid": "IONPAYTEST0505", "cancelType": "1"}, map[string]string{"amt": "10000.00"}},
		{"Paydia void-query", `{"originalPartnerReferenceNo":"p","voidNo":"v","partnerVoidNo":"pv","merchantId":"m"}`,
			map[string]string{"originalPartnerReferenceNo": "p", "voidNo": "v", "partnerVoidNo": "pv", "merchantId": "m"}, nil},
		{"empty and null values left out", `{"partnerReferenceNo":"","amount":null,"reason":"r"}`, map[string]string{"reason": "r"}, nil},
		{"not an object", `["partnerReferenceNo"]`, nil, nil},
		{"no body", ``, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refs, amounts := requestReferences([]byte(tt.body))
			assert.Equal(t, tt.refs, refs)
			got := map[string]string{}
			for k, m := range amounts {
				got[k] = m.ValueString()
			}
			if tt.amounts == nil {
				assert.Empty(t, got)
			} else {
				assert.Equal(t, tt.amounts, got)
			}
		})
	}
}
