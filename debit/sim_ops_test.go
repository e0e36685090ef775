package debit_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
	"github.com/snapbi/snap/snaptest"
)

// signed asserts that the simulator found r's headers and signature good:
// whatever it answered, it did not refuse them (401, 400 on a header).
func signed(t *testing.T, r snaptest.Recorded) {
	t.Helper()
	assert.NotEqual(t, http.StatusUnauthorized, r.Status, r.Reason)
	assert.NotContains(t, r.Reason, "X-SIGNATURE")
	assert.NotContains(t, r.Reason, "X-TIMESTAMP")
}

// TestGoldenRequestBytes sends each sample request and compares the bytes
// on the wire — the bytes that were signed — with the page's sample.
func TestGoldenRequestBytes(t *testing.T) {
	fixtures := map[string]string{"payment": "payment_request.json", "status": "status_request.json", "cancel": "cancel_request.json", "refund": "refund_request.json"}
	paths := map[string]string{"payment": debit.PaymentPath, "status": debit.StatusPath, "cancel": debit.CancelPath, "refund": debit.RefundPath}
	for _, op := range debit.OperationsUnderTest() {
		t.Run(op.Name, func(t *testing.T) {
			srv, c := newSim(t, nil)
			_, _ = op.Call(c)
			reqs := served(srv)
			require.Len(t, reqs, 1)
			assert.Equal(t, paths[op.Name], reqs[0].Path)
			assert.Equal(t, debit.Compact(t, debit.Fixture(t, fixtures[op.Name])), string(reqs[0].Body))
			signed(t, reqs[0])
			h := reqs[0].Header
			assert.Equal(t, "2020-12-23T07:44:11+07:00", h.Get("X-TIMESTAMP"))
			assert.Equal(t, simPartner, h.Get("X-PARTNER-ID"))
			assert.Equal(t, simChannel, h.Get("CHANNEL-ID"))
			assert.Equal(t, "www.hostname.com", h.Get("ORIGIN"))
			assert.NotEmpty(t, h.Get("X-EXTERNAL-ID"))
		})
	}
}

// danaPaths are the DANA profile's debit paths: paths of a provider's own,
// signed as sent.
var danaPaths = debit.Paths{
	Payment: "/payment-gateway/v1.0/debit/payment-host-to-host.htm",
	Status:  "/payment-gateway/v1.0/debit/status.htm",
	Cancel:  "/payment-gateway/v1.0/debit/cancel.htm",
	Refund:  "/payment-gateway/v1.0/debit/refund.htm",
}

// TestAsymmetricCustomPaths: on a core with snap.Asymmetric and no B2B
// token (a provider such as DANA, through Wrap), every call is signed
// SHA256withRSA over the custom path and carries the customer and device
// headers.
func TestAsymmetricCustomPaths(t *testing.T) {
	srv, _ := newSimOf(t, snaptest.DANA, nil, nil)
	core, err := snap.NewClient(srv.SNAPConfig(), snap.WithClock(debit.FixedNow))
	require.NoError(t, err)
	c, err := debit.Wrap(core, debit.WithPaths(danaPaths))
	require.NoError(t, err)
	assert.Equal(t, danaPaths, c.Paths())
	_, _ = c.Cancel(bg, debit.SampleCancel(), snap.CustomerToken(srv.CustomerToken()),
		debit.DeviceInfo("172.24.281.24", "09864ADCASA", "-6.1617169", "106.6643946"))
	reqs := srv.Requests()
	require.Len(t, reqs, 1, "no token request")
	req := reqs[0]
	assert.Equal(t, danaPaths.Cancel, req.Path)
	signed(t, req)
	assert.Equal(t, "4045701", req.ResponseCode, "signature accepted, transaction unknown")
	assert.Empty(t, req.Header.Get("Authorization"))
	assert.Equal(t, "Bearer "+srv.CustomerToken(), req.Header.Get("Authorization-Customer"))
	assert.Equal(t, "172.24.281.24", req.Header.Get("X-IP-ADDRESS"))
	assert.Equal(t, "09864ADCASA", req.Header.Get("X-DEVICE-ID"))
	assert.Equal(t, "-6.1617169", req.Header.Get("X-LATITUDE"))
	assert.Equal(t, "106.6643946", req.Header.Get("X-LONGITUDE"))
}

func TestDeviceInfoOmitsEmptyAndControlValues(t *testing.T) {
	srv, c := newSim(t, nil)
	_, _ = c.Status(bg, debit.SampleStatus(), debit.DeviceInfo("10.0.0.1", "", "bad\nvalue", ""))
	reqs := served(srv)
	require.Len(t, reqs, 1)
	signed(t, reqs[0])
	h := reqs[0].Header
	assert.Equal(t, "10.0.0.1", h.Get("X-IP-ADDRESS"))
	for _, k := range []string{"X-DEVICE-ID", "X-LATITUDE", "X-LONGITUDE"} {
		_, present := h[http.CanonicalHeaderKey(k)]
		assert.False(t, present, k)
	}
	assert.Nil(t, debit.DeviceInfo("", "", "", ""))
}

// TestTransportFailureIsPending: no answer at all is Pending, never Failed,
// and the response still carries the external ids tried. Without a B2B
// token to fetch (asymmetric), the request itself meets the closed port.
func TestTransportFailureIsPending(t *testing.T) {
	for _, op := range debit.OperationsUnderTest() {
		t.Run(op.Name, func(t *testing.T) {
			srv, _ := newSim(t, nil)
			cfg := simConfig(srv).SNAP()
			cfg.Signature, cfg.ClientSecret, cfg.TokenPath = snap.Asymmetric, "", ""
			core, err := snap.NewClient(cfg, snap.WithRetry(quickRetry))
			require.NoError(t, err)
			c, err := debit.Wrap(core)
			require.NoError(t, err)
			srv.Close()
			res, err := op.Call(c)
			require.Error(t, err)
			assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
			require.NotNil(t, res)
			want := 1
			if op.Idempotent {
				want = 3
			}
			assert.Equal(t, want, res.Raw.Attempts)
			assert.Len(t, res.Raw.ExternalIDs, want)
			assert.Empty(t, res.ResponseCode)
		})
	}
}

// TestTokenFailureIsFailed: when the B2B token cannot be had, nothing was
// sent, so the call is Failed.
func TestTokenFailureIsFailed(t *testing.T) {
	srv, c := newSim(t, nil)
	srv.Close()
	res, err := c.Cancel(bg, debit.SampleCancel())
	assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
	require.NotNil(t, res)
	assert.Zero(t, res.Raw.Attempts)
}

func TestProviderOutcomeTable(t *testing.T) {
	srv, c := newSim(t, nil)
	c, err := debit.Wrap(c.Core(), debit.WithOutcomes(responsecode.ServiceDebitCancel, responsecode.Table{
		"4045701": {Outcome: snap.Pending, Action: "Mark the cancel as Pending and ask the provider"},
	}))
	require.NoError(t, err)
	res, err := c.Cancel(bg, debit.SampleCancel()) // unknown to the simulator: 4045701
	assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
	var se *snap.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, "Mark the cancel as Pending and ask the provider", se.Action)
	assert.Equal(t, "4045701", res.ResponseCode)
	assert.Equal(t, "Transaction Not Found", res.ResponseMessage)

	// Other services keep the generic rules.
	srv.Fail(debit.RefundPath, snaptest.Fault{Times: 1, Kind: snaptest.Code("4045801")})
	_, err = c.Refund(bg, debit.SampleRefund())
	assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
}

// TestReconcileOnSimulator: a payment the provider reports Initiated, then
// Paying, then Success, is polled through a 5xx answer until final.
func TestReconcileOnSimulator(t *testing.T) {
	srv, c := newSim(t, []snaptest.Option{snaptest.WithPaymentStatuses(snaptest.StatusInitiated, snaptest.StatusPaying, snaptest.StatusSuccess)})
	pay, err := c.Payment(bg, &debit.PaymentRequest{PartnerReferenceNo: "order-r", ChargeToken: "charge-r", Amount: money.IDR(2500)})
	assert.Equal(t, snap.Pending, snap.OutcomeOf(err), "in progress")
	require.NotNil(t, pay)
	srv.Fail(debit.StatusPath, snaptest.Fault{Attempts: []int{1}, Kind: snaptest.Code("5005501")})
	resp, err := debit.Reconcile(bg, c, &debit.StatusRequest{OriginalPartnerReferenceNo: "order-r", ServiceCode: responsecode.ServiceDebitPayment},
		debit.ReconcileBackoff(time.Millisecond, 2*time.Millisecond))
	require.NoError(t, err)
	assert.Equal(t, debit.StatusSuccess, resp.LatestTransactionStatus)
	assert.Equal(t, "IDR 2500.00", resp.TransAmount.String())
	assert.GreaterOrEqual(t, len(srv.RequestsTo(debit.StatusPath)), 3)
}
