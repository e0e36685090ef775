package debit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
	"github.com/snapbi/snap/snaptest"
)

const (
	simPartner = "82150823919040624621823174737537"
	simChannel = "95221"
)

var (
	bg         = context.Background()
	quickRetry = snap.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}
)

// newSim starts a Generic simulator at the samples' time, with the test
// keys, and a debit client configured for it the way a merchant would.
// Authorization-Customer is not required unless a test says so.
func newSim(t testing.TB, srvOpts []snaptest.Option, opts ...snap.Option) (*snaptest.Server, *debit.Client) {
	t.Helper()
	return newSimOf(t, snaptest.Generic, srvOpts, nil, opts...)
}

// newSimOf is newSim for profile p, with edit applied to the client's
// Config.
func newSimOf(t testing.TB, p snaptest.Profile, srvOpts []snaptest.Option, edit func(*debit.Config), opts ...snap.Option) (*snaptest.Server, *debit.Client) {
	t.Helper()
	clock := func() time.Time { return debit.FixedNow() }
	srv := snaptest.NewServer(p, append([]snaptest.Option{
		snaptest.WithClock(clock), snaptest.WithPartnerKey(testkit.PartnerKey(t)), snaptest.WithProviderKey(testkit.ProviderKey(t)),
		snaptest.WithPartnerID(simPartner), snaptest.WithChannelID(simChannel), snaptest.WithCustomerTokenRequired(false),
	}, srvOpts...)...)
	t.Cleanup(srv.Close)
	cfg := simConfig(srv)
	if edit != nil {
		edit(&cfg)
	}
	c, err := debit.NewClient(cfg, append([]snap.Option{snap.WithClock(clock), snap.WithRetry(quickRetry)}, opts...)...)
	require.NoError(t, err)
	return srv, c
}

// simConfig is the debit.Config of srv, defaults left zero.
func simConfig(srv *snaptest.Server) debit.Config {
	return debit.Config{
		BaseURL: srv.URL, PartnerID: srv.PartnerID(), ChannelID: srv.ChannelID(), Origin: "www.hostname.com",
		ClientSecret: srv.ClientSecret(), PrivateKey: snap.NewPrivateKey(srv.PartnerKey()),
	}
}

// served are the transactional requests srv answered, token requests left out.
func served(srv *snaptest.Server) []snaptest.Recorded {
	var out []snaptest.Recorded
	for _, r := range srv.Requests() {
		if r.Path != debit.TokenPath {
			out = append(out, r)
		}
	}
	return out
}

// offlineConfig is a valid debit.Config for tests that send nothing: a
// placeholder BaseURL, the test partner key, secret as the ClientSecret.
func offlineConfig(t testing.TB, secret snap.Secret) debit.Config {
	t.Helper()
	return debit.Config{BaseURL: "https://p.example", PartnerID: "p", ChannelID: "c", ClientSecret: secret, PrivateKey: snap.NewPrivateKey(testkit.PartnerKey(t))}
}

func TestConfigDefaults(t *testing.T) {
	got := offlineConfig(t, "s").SNAP()
	assert.Equal(t, snap.Symmetric, got.Signature, "Signature 0 is SNAP's symmetric rule")
	assert.Equal(t, debit.TokenPath, got.TokenPath)
	assert.Equal(t, snap.TimestampLayout, got.TimestampLayout)
	got = debit.Config{Signature: snap.Asymmetric, TokenPath: "/v2/token"}.SNAP()
	assert.Equal(t, snap.Asymmetric, got.Signature)
	assert.Equal(t, "/v2/token", got.TokenPath)

	c, err := debit.NewClient(offlineConfig(t, "s"))
	require.NoError(t, err)
	assert.Equal(t, debit.DefaultPaths(), c.Paths())
	assert.Equal(t, debit.Paths{Payment: debit.PaymentPath, Status: debit.StatusPath, Cancel: debit.CancelPath, Refund: debit.RefundPath}, c.Paths())
	require.NotNil(t, c.Core())

	cfg := offlineConfig(t, "s")
	cfg.Paths = debit.Paths{Refund: "/v1.0/debit/refund.htm"}
	c, err = debit.NewClient(cfg)
	require.NoError(t, err)
	want := debit.DefaultPaths()
	want.Refund = "/v1.0/debit/refund.htm"
	assert.Equal(t, want, c.Paths(), "empty Paths fields keep the default")
}

func TestConfigErrors(t *testing.T) {
	const secret = "config-secret-never-printed"
	base := offlineConfig(t, secret)
	for _, tc := range []struct {
		name  string
		edit  func(*debit.Config)
		field string
	}{
		{"missing ClientSecret", func(c *debit.Config) { c.ClientSecret = "" }, "ClientSecret"},
		{"bad Signature", func(c *debit.Config) { c.Signature = 42 }, "Signature"},
		{"bad path", func(c *debit.Config) { c.Paths.Status = "v1.0/status" }, "Status path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := base
			tc.edit(&cfg)
			c, err := debit.NewClient(cfg)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), tc.field)
			assert.NotContains(t, err.Error(), secret)
		})
	}
	// Asymmetric needs no secret.
	cfg := base
	cfg.ClientSecret, cfg.Signature = "", snap.Asymmetric
	_, err := debit.NewClient(cfg)
	assert.NoError(t, err)
}

func TestConfigPrintsRedacted(t *testing.T) {
	const secret = "config-secret-never-printed"
	cfg := offlineConfig(t, secret)
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("cfg", "cfg", cfg)
	for _, s := range []string{fmt.Sprint(cfg), fmt.Sprintf("%+v %#v %s %x %q", cfg, cfg, cfg, cfg, cfg), logged.String()} {
		assert.NotContains(t, s, secret)
		assert.NotContains(t, s, "PRIVATE KEY")
	}
	assert.Contains(t, cfg.String(), `PartnerID:"p"`)
	c, err := debit.NewClient(cfg)
	require.NoError(t, err)
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v %s", c, c, c, c), secret)
}

// TestNewClientRound runs a payment → status → refund → cancel round
// against the simulator, which checks headers and signatures with its own
// code.
func TestNewClientRound(t *testing.T) {
	srv, c := newSim(t, []snaptest.Option{snaptest.WithCustomerTokenRequired(true)})
	cust := snap.CustomerToken(srv.CustomerToken())

	pay, err := c.Payment(bg, &debit.PaymentRequest{
		PartnerReferenceNo: "order-1", ChargeToken: "charge-1", Amount: money.IDR(10000),
		URLParam: []debit.URLParam{{URL: "https://shop.example/return", Type: debit.URLPayReturn, IsDeeplink: "N"}},
	}, cust)
	require.NoError(t, err)
	assert.Equal(t, snap.Success, pay.Outcome())
	assert.NotEmpty(t, pay.ReferenceNo)
	assert.Equal(t, "order-1", pay.PartnerReferenceNo)
	require.NotNil(t, pay.Raw)

	st, err := c.Status(bg, &debit.StatusRequest{OriginalPartnerReferenceNo: "order-1", ServiceCode: responsecode.ServiceDebitPayment}, cust)
	require.NoError(t, err)
	assert.Equal(t, debit.StatusSuccess, st.LatestTransactionStatus)
	assert.Equal(t, "54", st.ServiceCode)
	assert.Equal(t, pay.ReferenceNo, st.OriginalReferenceNo)

	rf, err := c.Refund(bg, &debit.RefundRequest{OriginalPartnerReferenceNo: "order-1", PartnerRefundNo: "rf-1", RefundAmount: money.IDR(4000), Reason: "partial"}, cust)
	require.NoError(t, err)
	assert.Equal(t, snap.Success, rf.Outcome())
	assert.Equal(t, "IDR 4000.00", rf.RefundAmount.String())
	tx, ok := srv.Transaction("order-1")
	require.True(t, ok)
	require.Len(t, tx.Refunds, 1)
	assert.Equal(t, "rf-1", tx.Refunds[0].PartnerRefundNo)

	// A refunded payment cannot be canceled: a non-success answer, read.
	cn, err := c.Cancel(bg, &debit.CancelRequest{OriginalPartnerReferenceNo: "order-1", Reason: "too late"}, cust)
	require.Error(t, err)
	assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
	require.NotNil(t, cn, "the answer comes back with the error")
	require.NotNil(t, cn.Raw)
	assert.Equal(t, "4045700", cn.ResponseCode)
	assert.Equal(t, snap.Failed, cn.Outcome())
	assert.Contains(t, string(cn.Raw.Body), "Invalid Transaction Status")

	// A payment with nothing refunded cancels.
	_, err = c.Payment(bg, &debit.PaymentRequest{PartnerReferenceNo: "order-2", ChargeToken: "charge-2", Amount: money.IDR(5000)}, cust)
	require.NoError(t, err)
	cn, err = c.Cancel(bg, &debit.CancelRequest{OriginalPartnerReferenceNo: "order-2", Amount: money.IDR(5000)}, cust)
	require.NoError(t, err)
	assert.Equal(t, "order-2", cn.OriginalPartnerReferenceNo)
	at, err := cn.CancelTime.Time()
	require.NoError(t, err)
	assert.True(t, at.Equal(debit.FixedNow()))
	tx, _ = srv.Transaction("order-2")
	assert.Equal(t, debit.StatusCanceled, tx.Status)

	reqs := served(srv)
	require.Len(t, reqs, 6)
	for _, r := range reqs {
		assert.Equal(t, "Bearer "+srv.CustomerToken(), r.Header.Get("Authorization-Customer"), r.Path)
	}
}

// TestAmountOmitted: an unset amount is left out of the body (omitzero);
// the simulator takes a payment without one, as the page's "O" allows.
func TestAmountOmitted(t *testing.T) {
	srv, c := newSim(t, nil)
	_, err := c.Payment(bg, &debit.PaymentRequest{PartnerReferenceNo: "p1", ChargeToken: "c1"})
	require.NoError(t, err)
	_, _ = c.Refund(bg, &debit.RefundRequest{OriginalPartnerReferenceNo: "p1", PartnerRefundNo: "r1"})
	_, _ = c.Cancel(bg, &debit.CancelRequest{OriginalPartnerReferenceNo: "p1", Amount: money.Money{}})
	reqs := served(srv)
	require.Len(t, reqs, 3)
	assert.Equal(t, `{"partnerReferenceNo":"p1","chargeToken":"c1"}`, string(reqs[0].Body))
	assert.Equal(t, `{"originalPartnerReferenceNo":"p1","partnerRefundNo":"r1"}`, string(reqs[1].Body))
	assert.Equal(t, `{"originalPartnerReferenceNo":"p1"}`, string(reqs[2].Body))
	for _, r := range reqs {
		assert.NotContains(t, string(r.Body), "mount")
	}
	// IDR 0.00 is an amount, not an unset one: sent where it is allowed
	// (a payment), refused where money moves (a refund, a cancel).
	b, err := json.Marshal(debit.PaymentRequest{PartnerReferenceNo: "p2", ChargeToken: "c2", Amount: money.IDR(0)})
	require.NoError(t, err)
	assert.Contains(t, string(b), `"amount":{"value":"0.00","currency":"IDR"}`)
	_, err = c.Refund(bg, &debit.RefundRequest{OriginalPartnerReferenceNo: "p1", PartnerRefundNo: "r2", RefundAmount: money.IDR(0)})
	assert.True(t, snap.IsValidation(err))
	assert.Len(t, served(srv), 3, "nothing more sent")
}

// notifyRequest is the request a notification makes at the merchant.
func notifyRequest(n *snaptest.Notification) *http.Request {
	r := httptest.NewRequest(http.MethodPost, n.URL, bytes.NewReader(n.Body))
	for k, vs := range n.Header {
		r.Header[k] = vs
	}
	return r
}

func TestParseNotify(t *testing.T) {
	srv, _ := newSim(t, nil)
	pub := &srv.ProviderKey().PublicKey
	opt := snap.WithNotificationClock(func() time.Time { return debit.FixedNow() })
	const url = "https://merchant.example/v1.0/debit/notify"
	sample := testkit.Fixture(t, "notify_request.json")

	t.Run("authentic", func(t *testing.T) {
		n, err := srv.NewNotification(url, sample)
		require.NoError(t, err)
		got, err := debit.ParseNotify(notifyRequest(n), pub, opt)
		require.NoError(t, err)
		assert.Equal(t, "2020102977770000000009", got.OriginalReferenceNo)
		assert.Equal(t, debit.StatusSuccess, got.LatestTransactionStatus)
		assert.Equal(t, "IDR 10000.00", got.Amount.String())
		assert.Equal(t, snap.Timestamp("2020-12-21T17:07:20+07:00"), got.FinishedTime)
		assert.Equal(t, n.Header.Get("X-EXTERNAL-ID"), got.ExternalID)
		assert.Equal(t, sample, got.Raw)
		assert.Empty(t, got.DecodeErrors)
	})
	t.Run("tampered", func(t *testing.T) {
		n, err := srv.NewNotification(url, sample)
		require.NoError(t, err)
		n.Body = bytes.Replace(n.Body, []byte(`"10000.00"`), []byte(`"90000.00"`), 1)
		got, err := debit.ParseNotify(notifyRequest(n), pub, opt)
		assert.ErrorIs(t, err, snap.ErrNotificationSignature)
		assert.Nil(t, got)
	})
	t.Run("another key", func(t *testing.T) {
		n, err := srv.NewNotification(url, sample)
		require.NoError(t, err)
		_, err = debit.ParseNotify(notifyRequest(n), &testkit.PartnerKey(t).PublicKey, opt)
		assert.ErrorIs(t, err, snap.ErrNotificationSignature)
	})
	for _, field := range []string{"originalReferenceNo", "latestTransactionStatus"} {
		t.Run("missing "+field, func(t *testing.T) {
			var m map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(sample, &m))
			delete(m, field)
			n, err := srv.NewNotification(url, m)
			require.NoError(t, err)
			got, err := debit.ParseNotify(notifyRequest(n), pub, opt)
			assert.Nil(t, got)
			var fe *snap.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, field, fe.Field)
		})
	}
	t.Run("handler and ParseNotify agree", func(t *testing.T) {
		require.NoError(t, srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "order-9", Amount: money.IDR(7000)}).Amount.Validate())
		var handled *debit.Notify
		h := debit.NotifyHandler(pub, func(_ context.Context, n *debit.Notify) error { handled = n; return nil }, opt)
		merchant := httptest.NewServer(h)
		t.Cleanup(merchant.Close)
		resp, err := srv.NotifyTransaction(bg, merchant.URL+"/v1.0/debit/notify", "order-9")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode)
		require.NotNil(t, handled)
		parsed, err := debit.ParseNotify(notifyRequest(srv.LastNotification()), pub, opt)
		require.NoError(t, err)
		assert.Equal(t, handled, parsed)
		assert.Equal(t, "IDR 7000.00", parsed.Amount.String())
	})
}

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
			assert.Equal(t, testkit.Compact(t, testkit.Fixture(t, fixtures[op.Name])), string(reqs[0].Body))
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
	srv, c := newSim(t, []snaptest.Option{snaptest.WithPaymentStatuses(debit.StatusInitiated, debit.StatusPaying, debit.StatusSuccess)})
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
