package snaptest

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNotifyAcceptedBySDKHandler(t *testing.T) {
	srv := newTestServer(t, Generic, WithClock(time.Now))
	tx := srv.AddTransaction(Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000), ExternalID: "30443786930722726463280097920912"})

	var got []byte
	merchant := httptest.NewServer(snap.NotificationHandler(srv.ProviderPublicKey(), 56, func(_ context.Context, _ *http.Request, body []byte) error {
		got = body
		return nil
	}))
	defer merchant.Close()

	resp, err := srv.NotifyTransaction(context.Background(), merchant.URL+"/shop/v1.0/debit/notify", "order-1")
	require.NoError(t, err)
	defer resp.Body.Close()
	var ack snap.NotificationAck
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&ack))
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, "2005600", ack.ResponseCode)

	var n map[string]any
	require.NoError(t, json.Unmarshal(got, &n))
	assert.Equal(t, tx.ReferenceNo, n["originalReferenceNo"])
	assert.Equal(t, "30443786930722726463280097920912", n["originalExternalId"])
	assert.Equal(t, "00", n["latestTransactionStatus"])
	assert.Equal(t, map[string]any{"value": "10000.00", "currency": "IDR"}, n["amount"])

	_, err = srv.NotifyTransaction(context.Background(), merchant.URL, "nope")
	assert.ErrorIs(t, err, ErrUnknownTransaction)
}

func TestNotifySignature(t *testing.T) {
	srv := newTestServer(t, PayerMax)
	var seen *http.Request
	var body []byte
	var verifyErr error
	merchant := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r
		body, verifyErr = snap.VerifyNotification(r, srv.ProviderPublicKey(), snap.WithNotificationClock(clock))
		w.WriteHeader(http.StatusOK)
	}))
	defer merchant.Close()

	resp, err := srv.Notify(context.Background(), merchant.URL+"/cb/notify", []byte(`{"a":"x & y <z>"}`))
	require.NoError(t, err)
	resp.Body.Close()
	require.NoError(t, verifyErr)
	assert.Equal(t, `{"a":"x & y <z>"}`, string(body))
	ts := seen.Header.Get("X-TIMESTAMP")
	assert.Equal(t, "2020-12-23T07:44:11.000+07:00", ts, "the profile's layout")
	assert.Equal(t, srv.PartnerID(), seen.Header.Get("X-PARTNER-ID"))
	assert.Regexp(t, `^[1-9][0-9]{31}$`, seen.Header.Get("X-EXTERNAL-ID"))

	// Check the signature once more without the SDK.
	sum := sha256.Sum256(body)
	digest := sha256.Sum256([]byte("POST:/cb/notify:" + hexString(sum[:]) + ":" + ts))
	sig, err := base64.StdEncoding.DecodeString(seen.Header.Get("X-SIGNATURE"))
	require.NoError(t, err)
	require.NoError(t, rsa.VerifyPKCS1v15(srv.ProviderPublicKey(), crypto.SHA256, digest[:], sig))

	// A structured body is marshalled without HTML escaping.
	resp, err = srv.Notify(context.Background(), merchant.URL+"/cb/notify", map[string]string{"a": "x & y"})
	require.NoError(t, err)
	resp.Body.Close()
	require.NoError(t, verifyErr)
	assert.Equal(t, `{"a":"x & y"}`, string(body))

	_, err = srv.Notify(context.Background(), "/relative", nil)
	assert.Error(t, err)
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}
