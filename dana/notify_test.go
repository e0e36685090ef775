package dana

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/testvectors"
	"github.com/snapbi/snap/money"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// notifyRecorder collects the notifications a handler was given.
type notifyRecorder struct {
	mu  sync.Mutex
	got []*FinishNotify
	err error // returned by handle
}

func (r *notifyRecorder) handle(_ context.Context, n *FinishNotify) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, n)
	return r.err
}

func (r *notifyRecorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}

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
			h := NotifyHandler(pub, rec.handle, snap.WithNotificationClock(func() time.Time { return ts.Add(3 * time.Second) }))
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
				require.Equal(t, 1, rec.count())
				n := rec.got[0]
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
				assert.Equal(t, plain.CreatedTime, n.CreatedTime)
				assert.Equal(t, plain.FinishedTime, n.FinishedTime)
				assert.Equal(t, plain.AdditionalInfo, n.AdditionalInfo)
				assert.NotEmpty(t, n.AdditionalInfo)
				assert.Equal(t, vec.Body, string(n.Raw), "the verified bytes are kept as received")
				created, err := n.ParsedCreatedTime()
				require.NoError(t, err)
				finished, err := n.ParsedFinishedTime()
				require.NoError(t, err)
				assert.False(t, finished.Before(created), "finished %v before created %v", finished, created)
				assert.True(t, ts.After(finished), "DANA notified after the payment finished")
				assert.Less(t, ts.Sub(created), 15*24*time.Hour)
			case "tampered":
				tampered++
				assert.Equal(t, http.StatusUnauthorized, w.Code)
				assert.Contains(t, w.Body.String(), `"responseCode":"4015600"`)
				assert.Zero(t, rec.count(), "a tampered notification never reaches the handler")
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
	w := serve(NotifyHandler(pub, rec.handle), vec.Method, vec.Path, header, vec.Body)
	assert.Equal(t, http.StatusUnauthorized, w.Code)
	assert.Zero(t, rec.count())
}

// selfSignedNotify is a finish notification with epoch-millisecond times,
// as DANA's first real vector has them.
const selfSignedNotify = `{"amount":{"currency":"IDR","value":"50000.00"},"originalReferenceNo":"20251010111230999500166931000229476",` +
	`"merchantId":"216620090016041032029","latestTransactionStatus":"06","additionalInfo":{"paidTime":"1757998714761","note":"A&B <x>"},` +
	`"externalStoreID":"store-7","originalPartnerReferenceNo":"ORDER-1","createdTime":"1757998647000","finishedTime":"1757998714761",` +
	`"transactionStatusDesc":"FAILED","futureField":{"kept":true}}`

func TestNotifyHandlerSelfSigned(t *testing.T) {
	pub := stdlibPublicKey(t, "../testdata/keys/provider_public.pem")
	now := time.Date(2025, 9, 16, 5, 0, 0, 0, time.UTC)
	clock := snap.WithNotificationClock(func() time.Time { return now })
	const path = "/dana/finish-notify"
	signed, err := snap.SignNotification(providerKey(t), http.MethodPost, path, []byte(selfSignedNotify), now)
	require.NoError(t, err)

	t.Run("accepted", func(t *testing.T) {
		rec := &notifyRecorder{}
		w := serve(NotifyHandler(pub, rec.handle, clock), http.MethodPost, path, signed, selfSignedNotify)
		require.Equal(t, http.StatusOK, w.Code)
		assert.Equal(t, `{"responseCode":"2005600","responseMessage":"Successful"}`, w.Body.String())
		assert.Equal(t, "application/json", w.Header().Get("Content-Type"))
		require.Equal(t, 1, rec.count())
		n := rec.got[0]
		assert.Equal(t, "IDR 50000.00", n.Amount.String())
		assert.Equal(t, debit.StatusFailed, n.LatestTransactionStatus)
		assert.Equal(t, "FAILED", n.TransactionStatusDesc)
		assert.Equal(t, "store-7", n.ExternalStoreID)
		assert.Equal(t, signed.Get("X-EXTERNAL-ID"), n.ExternalID)
		assert.Equal(t, "A&B <x>", n.AdditionalInfo["note"])
		assert.Contains(t, string(n.Raw), `"futureField":{"kept":true}`)
		created, err := n.ParsedCreatedTime()
		require.NoError(t, err)
		assert.Equal(t, "2025-09-16T11:57:27+07:00", created.Format(time.RFC3339))
		finished, err := n.ParsedFinishedTime()
		require.NoError(t, err)
		assert.Equal(t, "2025-09-16T11:58:34.761+07:00", finished.Format(time.RFC3339Nano))
	})
	t.Run("other path", func(t *testing.T) {
		rec := &notifyRecorder{}
		w := serve(NotifyHandler(pub, rec.handle, clock), http.MethodPost, "/elsewhere", signed, selfSignedNotify)
		assert.Equal(t, http.StatusUnauthorized, w.Code)
		assert.Zero(t, rec.count())
	})
	t.Run("re-marshalled body", func(t *testing.T) {
		var anyBody map[string]any
		require.NoError(t, json.Unmarshal([]byte(selfSignedNotify), &anyBody))
		remarshalled, err := json.Marshal(anyBody)
		require.NoError(t, err)
		rec := &notifyRecorder{}
		w := serve(NotifyHandler(pub, rec.handle, clock), http.MethodPost, path, signed, string(remarshalled))
		assert.Equal(t, http.StatusUnauthorized, w.Code)
		assert.Zero(t, rec.count())
	})
	t.Run("partner key does not verify", func(t *testing.T) {
		rec := &notifyRecorder{}
		other := stdlibPublicKey(t, "../testdata/keys/partner_public.pem")
		w := serve(NotifyHandler(other, rec.handle, clock), http.MethodPost, path, signed, selfSignedNotify)
		assert.Equal(t, http.StatusUnauthorized, w.Code)
		assert.Zero(t, rec.count())
	})
	t.Run("signed body without the mandatory fields", func(t *testing.T) {
		body := `{"amount":{"currency":"IDR","value":"1.001"}}`
		h, err := snap.SignNotification(providerKey(t), http.MethodPost, path, []byte(body), now)
		require.NoError(t, err)
		rec := &notifyRecorder{}
		w := serve(NotifyHandler(pub, rec.handle, clock), http.MethodPost, path, h, body)
		assert.Equal(t, http.StatusBadRequest, w.Code, "DANA would resend it unchanged for days")
		assert.JSONEq(t, `{"responseCode":"4005602","responseMessage":"Invalid Mandatory Field originalReferenceNo"}`, w.Body.String())
		assert.Zero(t, rec.count())
	})
}

func TestParseTime(t *testing.T) {
	jakarta := snap.Jakarta()
	tests := []struct {
		in   string
		want time.Time
		err  string
	}{
		{"1757998647000", time.Date(2025, 9, 16, 11, 57, 27, 0, jakarta), ""},
		{"1757998714761", time.Date(2025, 9, 16, 11, 58, 34, 761e6, jakarta), ""},
		{"0", time.Date(1970, 1, 1, 7, 0, 0, 0, jakarta), ""},
		{"2025-10-10T16:15:37+07:00", time.Date(2025, 10, 10, 16, 15, 37, 0, jakarta), ""},
		{"2025-10-10T09:15:37Z", time.Date(2025, 10, 10, 16, 15, 37, 0, jakarta), ""},
		{"2025-10-10T16:15:37.123+07:00", time.Date(2025, 10, 10, 16, 15, 37, 123e6, jakarta), ""},
		{"", time.Time{}, "empty"},
		{"2025-10-10", time.Time{}, "not in a SNAP layout"},
		{"-1757998647000", time.Time{}, "not in a SNAP layout"},
		{"1757998647000.5", time.Time{}, "not in a SNAP layout"},
		{"9999999999999999", time.Time{}, "out of range"},
		{"SUCCESS", time.Time{}, "not in a SNAP layout"},
		{"20251010161537", time.Date(2025, 10, 10, 16, 15, 37, 0, jakarta), ""},
		{"99999999999999", time.Time{}, "not in a SNAP layout"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTime(tt.in)
			if tt.err != "" {
				assert.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(got), "got %v want %v", got, tt.want)
			assert.Equal(t, jakarta, got.Location())
		})
	}
}

func TestParseFinishNotify(t *testing.T) {
	n, err := ParseFinishNotify([]byte(selfSignedNotify))
	require.NoError(t, err)
	assert.Equal(t, "ORDER-1", n.OriginalPartnerReferenceNo)
	_, err = ParseFinishNotify([]byte(`<html>`))
	assert.ErrorContains(t, err, "dana: finish notify")
	_, err = ParseFinishNotify([]byte(`{"amount":"50000"}`))
	var fe *snap.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "originalReferenceNo", fe.Field)
	assert.True(t, fe.Mandatory)

	// A malformed optional field is reported, the rest decoded.
	n, err = ParseFinishNotify([]byte(strings.Replace(selfSignedNotify, `"50000.00"`, `"50000.001"`, 1)))
	require.NoError(t, err)
	require.Len(t, n.DecodeErrors, 1)
	assert.Equal(t, "amount", n.DecodeErrors[0].Field)
	assert.ErrorIs(t, n.DecodeErrors[0], money.ErrDecimals)
	assert.True(t, n.Amount.Value.IsZero())
	assert.Equal(t, debit.StatusFailed, n.LatestTransactionStatus)
	assert.Equal(t, "ORDER-1", n.OriginalPartnerReferenceNo)
}

// DANA's FinishNotifyRequest (dana-go) carries the optional
// originalExternalId and subMerchantId beside merchantId: they are read.
func TestParseFinishNotifySubMerchantAndExternalID(t *testing.T) {
	body := `{"originalPartnerReferenceNo":"ORDER-1","originalReferenceNo":"2025101011123099950016693100022947",` +
		`"originalExternalId":"123456789012345678901234567890123456","merchantId":"216620090016041032029",` +
		`"subMerchantId":"216620090016041032030","amount":{"value":"50000.00","currency":"IDR"},` +
		`"latestTransactionStatus":"00","transactionStatusDesc":"SUCCESS","createdTime":"1757998647000","finishedTime":"1757998714761"}`
	n, err := ParseFinishNotify([]byte(body))
	require.NoError(t, err)
	assert.Equal(t, "123456789012345678901234567890123456", n.OriginalExternalID)
	assert.Equal(t, "216620090016041032030", n.SubMerchantID)
	assert.Equal(t, "216620090016041032029", n.MerchantID)
	assert.Empty(t, n.DecodeErrors)
}
