package dana

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/internal/testvectors"
	"github.com/snapbi/snap/money"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// notifyRecorder collects the notifications a handler was given.
type notifyRecorder = testkit.Recorder[FinishNotify]

func serve(h http.Handler, method, path string, header http.Header, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

// TestNotifyHandlerRealDANANotifications runs DANA's real finish
// notifications through the handler: the valid ones are acknowledged and
// handed over decoded, the tampered ones refused with 401 and never handed.
func TestNotifyHandlerRealDANANotifications(t *testing.T) {
	var v testvectors.DANANotify
	testvectors.Load(t, "dana-finish-notify.json", &v)
	pub, err := snap.ParsePublicKey([]byte(v.PublicKeyPEM))
	require.NoError(t, err)

	var valid, tampered int
	for _, vec := range v.Vectors {
		t.Run(vec.Name, func(t *testing.T) {
			ts, err := snap.ParseTimestamp(vec.Headers["X-TIMESTAMP"])
			require.NoError(t, err)
			rec := &notifyRecorder{}
			// The vectors are old: verify them at the moment DANA signed them.
			clock := snap.WithNotificationClock(func() time.Time { return ts.Add(3 * time.Second) })
			h := NotifyHandler(pub, rec.Handle, clock)
			header := http.Header{}
			for k, val := range vec.Headers {
				header.Set(k, val)
			}
			w := serve(h, vec.Method, vec.Path, header, vec.Body)

			switch vec.Expect {
			case "valid":
				valid++
				assert.Equal(t, http.StatusOK, w.Code)
				assert.JSONEq(t, `{"responseCode":"2005600","responseMessage":"Successful"}`, w.Body.String())
				require.Equal(t, 1, rec.Count())
				n := rec.Got()[0]
				// Compare with an independent decoding of the raw body.
				var plain struct {
					Amount                     struct{ Value, Currency string }
					OriginalReferenceNo        string
					OriginalPartnerReferenceNo string
					MerchantID                 string `json:"merchantId"`
					LatestTransactionStatus    string
					TransactionStatusDesc      string
					CreatedTime, FinishedTime  string
					AdditionalInfo             map[string]any
				}
				require.NoError(t, json.Unmarshal([]byte(vec.Body), &plain))
				assert.True(t, money.MustNew(plain.Amount.Value, plain.Amount.Currency).Equal(n.Amount), n.Amount.String())
				assert.Equal(t, plain.OriginalReferenceNo, n.OriginalReferenceNo)
				assert.Equal(t, plain.OriginalPartnerReferenceNo, n.OriginalPartnerReferenceNo)
				assert.Equal(t, plain.MerchantID, n.MerchantID)
				assert.Equal(t, debit.TransactionStatus(plain.LatestTransactionStatus), n.LatestTransactionStatus)
				assert.Equal(t, debit.StatusSuccess, n.LatestTransactionStatus)
				assert.Equal(t, "SUCCESS", n.TransactionStatusDesc)
				assert.Equal(t, snap.Timestamp(plain.CreatedTime), n.CreatedTime)
				assert.Equal(t, snap.Timestamp(plain.FinishedTime), n.FinishedTime)
				assert.Equal(t, plain.AdditionalInfo, n.AdditionalInfo)
				assert.NotEmpty(t, n.AdditionalInfo)
				assert.Equal(t, vec.Body, string(n.Raw), "the verified bytes are kept as received")
				created, err := n.CreatedTime.Time()
				require.NoError(t, err)
				finished, err := n.FinishedTime.Time()
				require.NoError(t, err)
				assert.Equal(t, snap.Jakarta(), finished.Location())
				assert.False(t, finished.Before(created), "finished %v before created %v", finished, created)
				assert.True(t, ts.After(finished), "DANA notified after the payment finished")
				assert.Less(t, ts.Sub(created), 15*24*time.Hour)

				// ParseFinishNotify verifies and decodes it the same way.
				req := httptest.NewRequest(vec.Method, vec.Path, strings.NewReader(vec.Body))
				req.Header = header
				parsed, err := ParseFinishNotify(req, pub, clock)
				require.NoError(t, err)
				assert.Equal(t, n, parsed)
			case "tampered":
				tampered++
				assert.Equal(t, http.StatusUnauthorized, w.Code)
				assert.Contains(t, w.Body.String(), `"responseCode":"4015600"`)
				assert.Zero(t, rec.Count(), "a tampered notification never reaches the handler")
				req := httptest.NewRequest(vec.Method, vec.Path, strings.NewReader(vec.Body))
				req.Header = header
				parsed, err := ParseFinishNotify(req, pub, clock)
				assert.Nil(t, parsed)
				assert.ErrorIs(t, err, snap.ErrNotificationSignature)
			default:
				t.Fatalf("unknown expectation %q", vec.Expect)
			}
		})
	}
	assert.Equal(t, 3, valid)
	assert.Equal(t, 2, tampered)
}

// TestNotifyHandlerRealVectorOutsideTolerance: without a clock, today is far
// from 2025, so a real (valid) notification is refused as stale.
func TestNotifyHandlerRealVectorOutsideTolerance(t *testing.T) {
	var v testvectors.DANANotify
	testvectors.Load(t, "dana-finish-notify.json", &v)
	pub, err := snap.ParsePublicKey([]byte(v.PublicKeyPEM))
	require.NoError(t, err)
	vec := v.Vectors[0]
	require.Equal(t, "valid", vec.Expect)
	rec := &notifyRecorder{}
	header := http.Header{}
	for k, val := range vec.Headers {
		header.Set(k, val)
	}
	w := serve(NotifyHandler(pub, rec.Handle), vec.Method, vec.Path, header, vec.Body)
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Zero(t, rec.Count())
}

// selfSignedNotify is a finish notification with epoch-millisecond times,
// as DANA's first real vector has them.
const selfSignedNotify = `{"amount":{"currency":"IDR","value":"50000.00"},"originalReferenceNo":"20251010111230999500166931000229476",` +
	`"merchantId":"216620090016041032029","latestTransactionStatus":"06","additionalInfo":{"paidTime":"1757998714761","note":"A&B <x>"},` +
	`"externalStoreID":"store-7","originalPartnerReferenceNo":"ORDER-1","createdTime":"1757998647000","finishedTime":"1757998714761",` +
	`"transactionStatusDesc":"FAILED","futureField":{"kept":true}}`

func TestNotifyHandlerSelfSigned(t *testing.T) {
	pub := &testkit.ProviderKey(t).PublicKey
	now := time.Date(2025, 9, 16, 5, 0, 0, 0, time.UTC)
	clock := snap.WithNotificationClock(func() time.Time { return now })
	const path = "/dana/finish-notify"
	signed, err := snap.SignNotification(testkit.ProviderKey(t), http.MethodPost, path, []byte(selfSignedNotify), now)
	require.NoError(t, err)

	t.Run("accepted", func(t *testing.T) {
		rec := &notifyRecorder{}
		w := serve(NotifyHandler(pub, rec.Handle, clock), http.MethodPost, path, signed, selfSignedNotify)
		require.Equal(t, http.StatusOK, w.Code)
		assert.Equal(t, `{"responseCode":"2005600","responseMessage":"Successful"}`, w.Body.String())
		assert.Equal(t, "application/json", w.Header().Get("Content-Type"))
		require.Equal(t, 1, rec.Count())
		n := rec.Got()[0]
		assert.Equal(t, "IDR 50000.00", n.Amount.String())
		assert.Equal(t, debit.StatusFailed, n.LatestTransactionStatus)
		assert.Equal(t, "FAILED", n.TransactionStatusDesc)
		assert.Equal(t, "store-7", n.ExternalStoreID)
		assert.Equal(t, signed.Get("X-EXTERNAL-ID"), n.ExternalID)
		assert.Equal(t, "A&B <x>", n.AdditionalInfo["note"])
		assert.Contains(t, string(n.Raw), `"futureField":{"kept":true}`)
		created, err := n.CreatedTime.Time()
		require.NoError(t, err)
		assert.Equal(t, "2025-09-16T11:57:27+07:00", created.Format(time.RFC3339))
		finished, err := n.FinishedTime.Time()
		require.NoError(t, err)
		assert.Equal(t, "2025-09-16T11:58:34.761+07:00", finished.Format(time.RFC3339Nano))
	})
	t.Run("other path", func(t *testing.T) {
		rec := &notifyRecorder{}
		w := serve(NotifyHandler(pub, rec.Handle, clock), http.MethodPost, "/elsewhere", signed, selfSignedNotify)
		assert.Equal(t, http.StatusUnauthorized, w.Code)
		assert.Zero(t, rec.Count())
	})
	t.Run("re-marshalled body", func(t *testing.T) {
		var anyBody map[string]any
		require.NoError(t, json.Unmarshal([]byte(selfSignedNotify), &anyBody))
		remarshalled, err := json.Marshal(anyBody)
		require.NoError(t, err)
		rec := &notifyRecorder{}
		w := serve(NotifyHandler(pub, rec.Handle, clock), http.MethodPost, path, signed, string(remarshalled))
		assert.Equal(t, http.StatusUnauthorized, w.Code)
		assert.Zero(t, rec.Count())
	})
	t.Run("partner key does not verify", func(t *testing.T) {
		rec := &notifyRecorder{}
		other := &testkit.PartnerKey(t).PublicKey
		w := serve(NotifyHandler(other, rec.Handle, clock), http.MethodPost, path, signed, selfSignedNotify)
		assert.Equal(t, http.StatusUnauthorized, w.Code)
		assert.Zero(t, rec.Count())
	})
	t.Run("signed body without the mandatory fields", func(t *testing.T) {
		body := `{"amount":{"currency":"IDR","value":"1.001"}}`
		h, err := snap.SignNotification(testkit.ProviderKey(t), http.MethodPost, path, []byte(body), now)
		require.NoError(t, err)
		rec := &notifyRecorder{}
		w := serve(NotifyHandler(pub, rec.Handle, clock), http.MethodPost, path, h, body)
		assert.Equal(t, http.StatusBadRequest, w.Code, "DANA would resend it unchanged for days")
		assert.JSONEq(t, `{"responseCode":"4005602","responseMessage":"Invalid Mandatory Field originalReferenceNo"}`, w.Body.String())
		assert.Zero(t, rec.Count())
	})
}

// DANA writes its notification times as epoch milliseconds in a string,
// or as SNAP timestamps; snap.Timestamp reads both, in Jakarta time, and
// gives them back as received.
func TestFinishNotifyTimes(t *testing.T) {
	jakarta := snap.Jakarta()
	for _, tt := range []struct {
		in   string
		want time.Time
	}{
		{"1757998647000", time.Date(2025, 9, 16, 11, 57, 27, 0, jakarta)},
		{"1757998714761", time.Date(2025, 9, 16, 11, 58, 34, 761e6, jakarta)},
		{"2025-10-10T16:15:37+07:00", time.Date(2025, 10, 10, 16, 15, 37, 0, jakarta)},
		{"2025-10-10T09:15:37Z", time.Date(2025, 10, 10, 16, 15, 37, 0, jakarta)},
	} {
		t.Run(tt.in, func(t *testing.T) {
			body := strings.Replace(selfSignedNotify, `"createdTime":"1757998647000"`, `"createdTime":"`+tt.in+`"`, 1)
			n := parseSigned(t, body)
			require.Empty(t, n.DecodeErrors)
			assert.Equal(t, snap.Timestamp(tt.in), n.CreatedTime)
			got, err := n.CreatedTime.Time()
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(got), "got %v want %v", got, tt.want)
			assert.Equal(t, jakarta, got.Location())
			again, err := json.Marshal(n)
			require.NoError(t, err)
			assert.Contains(t, string(again), `"createdTime":"`+tt.in+`"`, "marshalled back as received")
		})
	}
	// A time sent as a JSON number is not DANA's form: reported, the rest decoded.
	n := parseSigned(t, strings.Replace(selfSignedNotify, `"createdTime":"1757998647000"`, `"createdTime":1757998647000`, 1))
	require.Len(t, n.DecodeErrors, 1)
	assert.Equal(t, "createdTime", n.DecodeErrors[0].Field)
	assert.Empty(t, n.CreatedTime)
	assert.Equal(t, snap.Timestamp("1757998714761"), n.FinishedTime)
}

// notifyPath and notifyNow are where and when the self-signed notifications are posted.
const notifyPath = "/dana/finish-notify"

var notifyNow = time.Date(2025, 9, 16, 5, 0, 0, 0, time.UTC)

// signedRequest is body posted to notifyPath, signed with the provider key at notifyNow.
func signedRequest(t *testing.T, body string) *http.Request {
	t.Helper()
	h, err := snap.SignNotification(testkit.ProviderKey(t), http.MethodPost, notifyPath, []byte(body), notifyNow)
	require.NoError(t, err)
	req := httptest.NewRequest(http.MethodPost, notifyPath, strings.NewReader(body))
	req.Header = h
	return req
}

// parse runs ParseFinishNotify on body, signed.
func parse(t *testing.T, body string) (*FinishNotify, error) {
	t.Helper()
	return ParseFinishNotify(signedRequest(t, body), &testkit.ProviderKey(t).PublicKey,
		snap.WithNotificationClock(func() time.Time { return notifyNow }))
}

// parseSigned is parse that must succeed.
func parseSigned(t *testing.T, body string) *FinishNotify {
	t.Helper()
	n, err := parse(t, body)
	require.NoError(t, err)
	return n
}

func TestParseFinishNotify(t *testing.T) {
	req := signedRequest(t, selfSignedNotify)
	n, err := ParseFinishNotify(req, &testkit.ProviderKey(t).PublicKey, snap.WithNotificationClock(func() time.Time { return notifyNow }))
	require.NoError(t, err)
	assert.Equal(t, "ORDER-1", n.OriginalPartnerReferenceNo)
	assert.Equal(t, req.Header.Get("X-EXTERNAL-ID"), n.ExternalID)
	assert.Equal(t, selfSignedNotify, string(n.Raw))

	_, err = parse(t, `<html>`)
	assert.ErrorIs(t, err, snap.ErrNotificationParse)
	assert.ErrorContains(t, err, "dana: finish notify")
	_, err = parse(t, `{"amount":"50000"}`)
	var fe *snap.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "originalReferenceNo", fe.Field)
	assert.True(t, fe.Mandatory)

	// A malformed optional field is reported, the rest decoded.
	n = parseSigned(t, strings.Replace(selfSignedNotify, `"50000.00"`, `"50000.001"`, 1))
	require.Len(t, n.DecodeErrors, 1)
	assert.Equal(t, "amount", n.DecodeErrors[0].Field)
	assert.ErrorIs(t, n.DecodeErrors[0], money.ErrDecimals)
	assert.True(t, n.Amount.Value.IsZero())
	assert.Equal(t, debit.StatusFailed, n.LatestTransactionStatus)
	assert.Equal(t, "ORDER-1", n.OriginalPartnerReferenceNo)

	// Verification comes first: the wrong key, a stale timestamp, a GET.
	_, err = ParseFinishNotify(signedRequest(t, selfSignedNotify), &testkit.PartnerKey(t).PublicKey, snap.WithNotificationClock(func() time.Time { return notifyNow }))
	assert.ErrorIs(t, err, snap.ErrNotificationSignature)
	_, err = ParseFinishNotify(signedRequest(t, selfSignedNotify), &testkit.ProviderKey(t).PublicKey)
	assert.ErrorIs(t, err, snap.ErrStale)
	_, err = ParseFinishNotify(httptest.NewRequest(http.MethodGet, notifyPath, nil), &testkit.ProviderKey(t).PublicKey)
	assert.ErrorIs(t, err, snap.ErrNotificationMethod)
}

// DANA's FinishNotifyRequest (dana-go) carries the optional
// originalExternalId and subMerchantId beside merchantId: they are read.
func TestParseFinishNotifySubMerchantAndExternalID(t *testing.T) {
	body := `{"originalPartnerReferenceNo":"ORDER-1","originalReferenceNo":"2025101011123099950016693100022947",` +
		`"originalExternalId":"123456789012345678901234567890123456","merchantId":"216620090016041032029",` +
		`"subMerchantId":"216620090016041032030","amount":{"value":"50000.00","currency":"IDR"},` +
		`"latestTransactionStatus":"00","transactionStatusDesc":"SUCCESS","createdTime":"1757998647000","finishedTime":"1757998714761"}`
	n := parseSigned(t, body)
	assert.Equal(t, "123456789012345678901234567890123456", n.OriginalExternalID)
	assert.Equal(t, "216620090016041032030", n.SubMerchantID)
	assert.Equal(t, "216620090016041032029", n.MerchantID)
	assert.Empty(t, n.DecodeErrors)
}
