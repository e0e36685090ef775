package dana

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/snapbi/snap"
	"github.com/stretchr/testify/require"
)

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"1757998647000", "0", "", "2025-10-10T16:15:37+07:00", "2025-10-10T16:15:37.5Z",
		"20251010161537", "999999999999999", "9999999999999999", "-1", "1e3", " 1757998647000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTime(s)
		if err != nil {
			require.True(t, got.IsZero())
			return
		}
		require.Equal(t, snap.Jakarta(), got.Location())
		if allDigits(s) && len(s) != 14 {
			ms, perr := strconv.ParseInt(s, 10, 64)
			require.NoError(t, perr)
			require.Equal(t, ms, got.UnixMilli())
			return
		}
		// An ISO time reads back as the same instant.
		again, err := ParseTime(got.Format(time.RFC3339Nano))
		require.NoError(t, err)
		require.True(t, again.Equal(got))
	})
}

func FuzzParseFinishNotify(f *testing.F) {
	f.Add([]byte(selfSignedNotify))
	f.Add([]byte(`{"amount":{"currency":"IDR","value":1000}}`))
	f.Add([]byte(`{"createdTime":1757998647000}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		n, err := ParseFinishNotify(body)
		if err != nil {
			require.Nil(t, n)
			return
		}
		require.Equal(t, body, n.Raw)
		require.True(t, json.Valid(body))
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
