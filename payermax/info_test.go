package payermax_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/payermax"
)

func TestTimestamp(t *testing.T) {
	assert.Equal(t, snap.Timestamp("2024-03-02T14:15:39.079+07:00"), payermax.NewTimestamp(fixedNow))
	assert.Equal(t, snap.Timestamp("2024-03-02T14:15:39.079+07:00"), payermax.NewTimestamp(fixedNow.In(time.FixedZone("X", -5*3600))), "any zone becomes Jakarta")
	assert.Len(t, string(payermax.NewTimestamp(fixedNow)), payermax.MaxTimestampLen)

	tests := []struct {
		in   snap.Timestamp
		want string // UTC
	}{
		{"2020-12-21T17:07:25+07:00", "2020-12-21T10:07:25.000Z"},
		{"2024-03-02T14:15:39.079+07:00", "2024-03-02T07:15:39.079Z"},
		{"2022-01-17T08:04:13.879+00:00", "2022-01-17T08:04:13.879Z"},
		{"23-12-2020 07:44:16", "2020-12-23T00:44:16.000Z"},
		{"23-12-2020", "2020-12-22T17:00:00.000Z"},
	}
	for _, tt := range tests {
		got, err := tt.in.Time()
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got.UTC().Format("2006-01-02T15:04:05.000Z"), tt.in)
	}
	for _, bad := range []snap.Timestamp{"", "yesterday", "2020-13-45T00:00:00+07:00"} {
		_, err := bad.Time()
		assert.Error(t, err, bad)
	}
}

func TestResponseAdditionalInfo(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		wantStatus debit.TransactionStatus
		wantExtra  []string
	}{
		{"status and extras", `{"latestTransactionStatus":"05","notifyType":"PAYMENT"}`, debit.StatusCanceled, []string{"notifyType"}},
		{"status as a number", `{"latestTransactionStatus":3}`, debit.StatusPending, nil},
		{"status of another type stays in Extra", `{"latestTransactionStatus":{"x":1}}`, "", []string{"latestTransactionStatus"}},
		{"null", `null`, "", nil},
		{"not an object", `"n/a"`, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var resp payermax.CancelResponse
			require.NoError(t, json.Unmarshal([]byte(`{"responseCode":"2005700","additionalInfo":`+tt.in+`,"cancelTime":"2020-12-21T17:07:25+07:00"}`), &resp))
			assert.Equal(t, tt.wantStatus, resp.Status())
			assert.Equal(t, snap.Timestamp("2020-12-21T17:07:25+07:00"), resp.CancelTime, "fields after additionalInfo still decode")
			var keys []string
			for k := range resp.AdditionalInfo.Extra {
				keys = append(keys, k)
			}
			assert.ElementsMatch(t, tt.wantExtra, keys)
		})
	}

	info := payermax.ResponseAdditionalInfo{LatestTransactionStatus: debit.StatusSuccess, Extra: map[string]json.RawMessage{"b": json.RawMessage(`1`), "a": json.RawMessage(`"x&y"`)}}
	b, err := json.Marshal(info)
	require.NoError(t, err)
	assert.Equal(t, `{"latestTransactionStatus":"00","a":"x\u0026y","b":1}`, string(b))
}

func TestAdditionalInfoJSON(t *testing.T) {
	var a payermax.AdditionalInfo
	require.NoError(t, json.Unmarshal([]byte(`{"keyVersion":"1","version":"1.4","deviceId":"d","n":1.50}`), &a))
	assert.Equal(t, payermax.AdditionalInfo{Version: "1.4", KeyVersion: "1", Extra: map[string]any{"deviceId": "d", "n": json.Number("1.50")}}, a)
	b, err := a.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, `{"version":"1.4","keyVersion":"1","deviceId":"d","n":1.50}`, string(b))

	assert.Error(t, json.Unmarshal([]byte(`{"version":1.4}`), &a), "version must be a string")
	_, err = payermax.AdditionalInfo{Extra: map[string]any{"f": func() {}}}.MarshalJSON()
	assert.Error(t, err)
	b, err = payermax.AdditionalInfo{}.MarshalJSON()
	require.NoError(t, err)
	assert.Equal(t, `{}`, string(b))
}
