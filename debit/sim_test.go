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
		snaptest.WithClock(clock), snaptest.WithPartnerKey(debit.PartnerKey(t)), snaptest.WithProviderKey(debit.ProviderKey(t)),
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

func TestConfigDefaults(t *testing.T) {
	key := snap.NewPrivateKey(debit.PartnerKey(t))
	got := debit.Config{BaseURL: "https://p.example", ClientSecret: "s", PrivateKey: key}.SNAP()
	assert.Equal(t, snap.Symmetric, got.Signature, "Signature 0 is SNAP's symmetric rule")
	assert.Equal(t, debit.TokenPath, got.TokenPath)
	assert.Equal(t, snap.TimestampLayout, got.TimestampLayout)
	got = debit.Config{Signature: snap.Asymmetric, TokenPath: "/v2/token"}.SNAP()
	assert.Equal(t, snap.Asymmetric, got.Signature)
	assert.Equal(t, "/v2/token", got.TokenPath)

	c, err := debit.NewClient(debit.Config{BaseURL: "https://p.example", PartnerID: "p", ChannelID: "c", ClientSecret: "s", PrivateKey: key})
	require.NoError(t, err)
	assert.Equal(t, debit.DefaultPaths(), c.Paths())
	assert.Equal(t, debit.Paths{Payment: debit.PaymentPath, Status: debit.StatusPath, Cancel: debit.CancelPath, Refund: debit.RefundPath}, c.Paths())
	require.NotNil(t, c.Core())

	c, err = debit.NewClient(debit.Config{BaseURL: "https://p.example", PartnerID: "p", ChannelID: "c", ClientSecret: "s", PrivateKey: key,
		Paths: debit.Paths{Refund: "/v1.0/debit/refund.htm"}})
	require.NoError(t, err)
	want := debit.DefaultPaths()
	want.Refund = "/v1.0/debit/refund.htm"
	assert.Equal(t, want, c.Paths(), "empty Paths fields keep the default")
}

func TestConfigErrors(t *testing.T) {
	const secret = "config-secret-never-printed"
	key := snap.NewPrivateKey(debit.PartnerKey(t))
	base := debit.Config{BaseURL: "https://p.example", PartnerID: "p", ChannelID: "c", ClientSecret: secret, PrivateKey: key}
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
	cfg := debit.Config{BaseURL: "https://p.example", PartnerID: "p", ChannelID: "c", ClientSecret: secret, PrivateKey: snap.NewPrivateKey(debit.PartnerKey(t))}
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
	assert.Equal(t, snaptest.StatusCanceled, tx.Status)

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
	sample := debit.Fixture(t, "notify_request.json")

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
		_, err = debit.ParseNotify(notifyRequest(n), &debit.PartnerKey(t).PublicKey, opt)
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
