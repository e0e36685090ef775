package dana

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/snapbi/snap"
	"github.com/stretchr/testify/require"
)

// FuzzDecodeFinishNotify: the decode of NotifyHandler and ParseFinishNotify
// never panics, keeps the bytes, and its times read without panicking.
func FuzzDecodeFinishNotify(f *testing.F) {
	f.Add([]byte(selfSignedNotify))
	f.Add([]byte(`{"amount":{"currency":"IDR","value":1000}}`))
	f.Add([]byte(`{"createdTime":1757998647000}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		r := httptest.NewRequest(http.MethodPost, "/dana/finish-notify", nil)
		n, err := decodeFinishNotify(r, body)
		if err != nil {
			require.Nil(t, n)
			return
		}
		require.Equal(t, body, n.Raw)
		require.True(t, json.Valid(body))
		for _, ts := range []snap.Timestamp{n.CreatedTime, n.FinishedTime} {
			if at, err := ts.Time(); err == nil {
				require.Equal(t, snap.Jakarta(), at.Location())
			}
		}
	})
}

func FuzzOTCCancelAdditionalInfo(f *testing.F) {
	f.Add([]byte(`{"amount":{"currency":"IDR","value":"50000.00"}}`))
	f.Add([]byte(`{"amount":{"value":"1","currency":"USD"},"x":[1,"a"],"y":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a OTCCancelAdditionalInfo
		if json.Unmarshal(data, &a) != nil {
			return
		}
		out, err := json.Marshal(a)
		if err != nil {
			return // no or invalid amount: Validate reports it before sending
		}
		var b OTCCancelAdditionalInfo
		require.NoError(t, json.Unmarshal(out, &b), "%s", out)
		require.True(t, a.Amount.Equal(b.Amount))
		again, err := json.Marshal(b)
		require.NoError(t, err)
		require.Equal(t, string(out), string(again), "marshalling is stable")
	})
}
