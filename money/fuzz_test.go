package money_test

import (
	"encoding/json"
	"testing"

	"github.com/snapbi/snap/money"
)

func FuzzUnmarshalJSON(f *testing.F) {
	for _, s := range []string{
		`{"value":"10000.00","currency":"IDR"}`,
		`{"value":10000.5,"currency":"IDR"}`,
		`{"value":"1e5","currency":"IDR"}`,
		`{"value":-1,"currency":"IDR"}`,
		`{"value":"10.123","currency":"IDR"}`,
		`{"value":"9999999999999999.99","currency":"USD","x":1}`,
		`null`, `[]`, `"1"`, `{}`, `{"value":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var m money.Money
		if err := json.Unmarshal(data, &m); err != nil {
			return
		}
		if m.IsZero() { // JSON null
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("accepted %q but invalid: %v", data, err)
		}
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("accepted %q but cannot marshal: %v", data, err)
		}
		var back money.Money
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("re-unmarshal of %s: %v", out, err)
		}
		if !back.Equal(m) {
			t.Fatalf("round trip %q -> %s -> %v, want %v", data, out, back, m)
		}
		out2, err := json.Marshal(back)
		if err != nil || string(out2) != string(out) {
			t.Fatalf("second marshal %s (%v), want %s", out2, err, out)
		}
	})
}
