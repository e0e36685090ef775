package snaptest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
)

// The standard's text gives X-TIMESTAMP as yyyy-MM-ddTHH:mm:ss.SSSTZD and
// real clients send it: the Generic profile accepts a client stamping
// milliseconds, DANA's keeps "YYYY-MM-DDTHH:mm:ss+07:00".
func TestMillisecondClients(t *testing.T) {
	for _, tc := range []struct {
		profile Profile
		path    string
		body    any
		ok      bool
	}{
		{Generic, "/v1.0/debit/status", statusBody{OriginalPartnerReferenceNo: "p-1", ServiceCode: "54"}, true},
		{DANA, "/payment-gateway/v1.0/debit/status.htm", map[string]string{"originalPartnerReferenceNo": "p-1", "serviceCode": "54", "merchantId": "m"}, false},
	} {
		t.Run(tc.profile.String(), func(t *testing.T) {
			srv := newTestServer(t, tc.profile)
			srv.AddTransaction(Transaction{PartnerReferenceNo: "p-1", Amount: money.IDR(1000)})
			cfg := srv.SNAPConfig()
			cfg.TimestampLayout = snap.TimestampLayoutMillis
			r := call(t, newClientWith(t, cfg), tc.path, 55, tc.body, snap.CustomerToken(srv.CustomerToken()))
			if tc.ok {
				require.NoError(t, r.err)
				assert.Len(t, srv.Requests()[len(srv.Requests())-1].Header.Get("X-TIMESTAMP"), 29)
				return
			}
			assert.Equal(t, "4005501", r.code)
		})
	}
}

// "originalPartnerReferenceNo | O", "originalReferenceNo | O",
// "originalExternalId | O": any one of the three names the payment.
func TestStatusByOriginalExternalIDAlone(t *testing.T) {
	srv := newTestServer(t, Generic)
	c := newClient(t, srv)
	tok := snap.CustomerToken(srv.CustomerToken())
	r := call(t, c, "/v1.0/debit/payment-host-to-host", 54, paymentBody{PartnerReferenceNo: "p-1", ChargeToken: "c", Amount: amountOf("1000.00")},
		tok, snap.ExternalID("30443786930722726463280097920912"))
	require.NoError(t, r.err)

	r = call(t, c, "/v1.0/debit/status", 55, map[string]string{"originalExternalId": "30443786930722726463280097920912", "serviceCode": "54"}, tok)
	require.NoError(t, r.err)
	assert.Equal(t, "p-1", r.fields["originalPartnerReferenceNo"])
	assert.Equal(t, "30443786930722726463280097920912", r.fields["originalExternalId"])

	r = call(t, c, "/v1.0/debit/status", 55, map[string]string{"originalExternalId": "99999", "serviceCode": "54"}, tok)
	assert.Equal(t, "4045501", r.code)
}

// "amount | Object | O" on the generic payment table: a payment without
// one is accepted.
func TestGenericPaymentWithoutAmount(t *testing.T) {
	srv := newTestServer(t, Generic)
	r := call(t, newClient(t, srv), "/v1.0/debit/payment-host-to-host", 54, paymentBody{PartnerReferenceNo: "p-1", ChargeToken: "c"},
		snap.CustomerToken(srv.CustomerToken()))
	require.NoError(t, r.err)
	assert.Equal(t, "2005400", r.code)
}

// DANA's QueryPaymentResponse has amount, and no refundHistory (nor does
// any DANA UAT query fixture); the Generic profile keeps the page's
// refundHistory.
func TestDANAStatusAnswersAsDANA(t *testing.T) {
	for _, tc := range []struct {
		profile      Profile
		status       string
		refund       string
		body         map[string]any
		wantHistory  bool
		wantAmountIn string
	}{
		{DANA, "/payment-gateway/v1.0/debit/status.htm", "/payment-gateway/v1.0/debit/refund.htm",
			map[string]any{"merchantId": "m-1"}, false, "amount"},
		{Generic, "/v1.0/debit/status", "/v1.0/debit/refund", map[string]any{}, true, "transAmount"},
	} {
		t.Run(tc.profile.String(), func(t *testing.T) {
			srv := newTestServer(t, tc.profile)
			srv.AddTransaction(Transaction{PartnerReferenceNo: "p-1", Amount: money.IDR(50000)})
			c := newClient(t, srv)
			tok := snap.CustomerToken(srv.CustomerToken())
			refund := map[string]any{"originalPartnerReferenceNo": "p-1", "partnerRefundNo": "r-1", "refundAmount": amountOf("1000.00")}
			status := map[string]any{"originalPartnerReferenceNo": "p-1", "serviceCode": "54"}
			for k, v := range tc.body {
				refund[k], status[k] = v, v
			}
			require.NoError(t, call(t, c, tc.refund, 58, refund, tok).err)
			r := call(t, c, tc.status, 55, status, tok)
			require.NoError(t, r.err)
			_, has := r.fields["refundHistory"]
			assert.Equal(t, tc.wantHistory, has)
			assert.Equal(t, map[string]any{"value": "50000.00", "currency": "IDR"}, r.fields[tc.wantAmountIn])
		})
	}
}
