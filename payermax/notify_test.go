package payermax_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
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
	"github.com/snapbi/snap/payermax"
)

const noticePath = "/payermax/debit-notice"

// snapNotice builds a SNAP-signed notice as PayerMax would send it.
func snapNotice(t *testing.T, body []byte, at time.Time) *http.Request {
	t.Helper()
	h, err := snap.SignNotification(testkit.ProviderKey(t), http.MethodPost, noticePath, body, at)
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, noticePath, bytes.NewReader(body))
	r.Header = h
	return r
}

// signOnlyNotice builds a notice the way PayerMax's Debit-Notice page shows
// it: Content-Type and sign = base64(SHA256withRSA(body)) only.
func signOnlyNotice(t *testing.T, body []byte) *http.Request {
	t.Helper()
	sig, err := snap.SignRSA(testkit.ProviderKey(t), body)
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, noticePath, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("sign", sig)
	return r
}

type ack struct {
	ResponseCode    string `json:"responseCode"`
	ResponseMessage string `json:"responseMessage"`
}

func serveNotice(t *testing.T, h http.Handler, r *http.Request) (int, ack) {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	var a ack
	require.NoError(t, json.Unmarshal(w.Body.Bytes(), &a), w.Body.String())
	return w.Code, a
}

func TestNoticeHandler(t *testing.T) {
	pub := &testkit.ProviderKey(t).PublicKey
	body := testkit.Fixture(t, "generic_notice.json")
	tampered := bytes.Replace(body, []byte(`"10000.00"`), []byte(`"99999.00"`), 1)
	require.NotEqual(t, body, tampered)
	now := time.Now()

	tests := []struct {
		name      string
		signOnly  bool // the handler is configured for the sign-only form
		req       func() *http.Request
		handleErr error
		wantHTTP  int
		wantCode  string
		delivered bool
	}{
		{"valid SNAP notice", false, func() *http.Request { return snapNotice(t, body, now) }, nil, 200, "2005600", true},
		{"tampered SNAP notice", false, func() *http.Request {
			r := snapNotice(t, body, now)
			r.Body = httpBody(tampered)
			return r
		}, nil, 401, "4015600", false},
		{"stale SNAP notice", false, func() *http.Request { return snapNotice(t, body, now.Add(-time.Hour)) }, nil, 401, "4015600", false},
		{"valid sign-only notice", true, func() *http.Request { return signOnlyNotice(t, body) }, nil, 200, "2005600", true},
		{"tampered sign-only notice", true, func() *http.Request {
			r := signOnlyNotice(t, body)
			r.Body = httpBody(tampered)
			return r
		}, nil, 401, "4015600", false},
		{"sign-only notice to a SNAP handler: no downgrade", false, func() *http.Request { return signOnlyNotice(t, body) }, nil, 401, "4015600", false},
		{"SNAP notice to a sign-only handler", true, func() *http.Request { return snapNotice(t, body, now) }, nil, 401, "4015600", false},
		{"unsigned notice", false, func() *http.Request {
			return httptest.NewRequest(http.MethodPost, noticePath, bytes.NewReader(body))
		}, nil, 401, "4015600", false},
		{"handler fails: PayerMax must resend", false, func() *http.Request { return snapNotice(t, body, now) }, errors.New("db down"), 500, "5005601", true},
		{"sign-only handler fails", true, func() *http.Request { return signOnlyNotice(t, body) }, errors.New("db down"), 500, "5005601", true},
		{"verified body that is not a notice", true, func() *http.Request { return signOnlyNotice(t, []byte(`[1,2]`)) }, nil, 400, "4005600", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *payermax.Notify
			var opts []snap.NotificationOption
			if tt.signOnly {
				opts = append(opts, payermax.SignOnlyNotify())
			}
			h := payermax.NotifyHandler(pub, func(_ context.Context, n *payermax.Notify) error {
				got = n
				return tt.handleErr
			}, opts...)
			status, a := serveNotice(t, h, tt.req())
			assert.Equal(t, tt.wantHTTP, status)
			assert.Equal(t, tt.wantCode, a.ResponseCode)
			if !tt.delivered {
				assert.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			assert.Equal(t, "2020102977770000000009", got.OriginalReferenceNo)
			assert.Equal(t, debit.StatusSuccess, got.LatestTransactionStatus)
			assert.Equal(t, money.MustNew("10000.00", "IDR"), got.Amount)
			assert.Equal(t, "91863213913112", got.ExternalStoreID)
			assert.Equal(t, body, []byte(got.Raw), "the verified bytes, not a re-marshal")
		})
	}
}

func TestParseDebitNotice(t *testing.T) {
	pub := &testkit.ProviderKey(t).PublicKey
	body := testkit.Fixture(t, "notice_amount_number.json")

	t.Run("SNAP form with a millisecond timestamp", func(t *testing.T) {
		at := time.Date(2024, 3, 2, 7, 16, 2, 511_000_000, time.UTC)
		ts := snap.FormatTimestamp(at, snap.TimestampLayoutMillis)
		sig, err := snap.AsymmetricSignature(testkit.ProviderKey(t), http.MethodPost, noticePath, body, ts)
		require.NoError(t, err)
		r := httptest.NewRequest(http.MethodPost, noticePath, bytes.NewReader(body))
		r.Header.Set("X-TIMESTAMP", ts)
		r.Header.Set("X-SIGNATURE", sig)
		r.Header.Set("X-EXTERNAL-ID", "77001")
		n, err := payermax.ParseNotify(r, pub, snap.WithNotificationClock(func() time.Time { return at.Add(time.Second) }))
		require.NoError(t, err)
		assert.Equal(t, "77001", n.ExternalID)
		assert.Equal(t, "100000.00", n.Amount.ValueString(), "amount sent as a number")
		assert.Equal(t, "store-7", n.ExternalStoreID, "externalStoreID as the table spells it")
		assert.JSONEq(t, `"PAYMENT"`, string(n.AdditionalInfo.Extra["notifyType"]))
		finished, err := n.FinishedTime.Time()
		require.NoError(t, err)
		assert.True(t, finished.Equal(at))
	})
	t.Run("sign-only form", func(t *testing.T) {
		n, err := payermax.ParseNotify(signOnlyNotice(t, body), pub, payermax.SignOnlyNotify())
		require.NoError(t, err)
		assert.Equal(t, "20240302141539079100054", n.OriginalPartnerReferenceNo)
	})
	t.Run("signed by another key", func(t *testing.T) {
		sig, err := snap.SignRSA(testkit.PartnerKey(t), body)
		require.NoError(t, err)
		r := httptest.NewRequest(http.MethodPost, noticePath, bytes.NewReader(body))
		r.Header.Set("sign", sig)
		_, err = payermax.ParseNotify(r, pub, payermax.SignOnlyNotify())
		assert.ErrorIs(t, err, snap.ErrNotificationSignature)
		assert.ErrorIs(t, err, snap.ErrSignatureMismatch)
	})
	t.Run("a good sign does not rescue a SNAP notice", func(t *testing.T) {
		r := signOnlyNotice(t, body)
		r.Header.Set("X-TIMESTAMP", snap.FormatTimestamp(time.Now(), ""))
		r.Header.Set("X-SIGNATURE", "bm90IGEgc2lnbmF0dXJl")
		_, err := payermax.ParseNotify(r, pub)
		assert.ErrorIs(t, err, snap.ErrNotificationSignature)
	})
}

type bodyReader struct{ *bytes.Reader }

func (bodyReader) Close() error { return nil }

func httpBody(b []byte) bodyReader { return bodyReader{bytes.NewReader(b)} }
