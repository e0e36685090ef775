package jsonscan

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		wantErr string // "" = valid
	}{
		{"object", `{"responseCode":"2005700","n":1.5e3,"b":true,"z":null,"a":[1,{"x":"y"}],"o":{}}`, ""},
		{"whitespace around", " \n{ \"a\" : \"b\" }\r\n", ""},
		{"empty object", `{}`, ""},
		{"escaped key", `{"response\u0043ode":"x"}`, ""},
		{"duplicate key", `{"responseCode":"2005700","responseCode":"4045701"}`, "duplicate key"},
		{"duplicate under case folding", `{"responseCode":"2005700","ResponseCode":"4045701"}`, "duplicate key"},
		{"duplicate under escape", `{"responseCode":"2005700","response\u0043ode":"4045701"}`, "duplicate key"},
		{"duplicate under unicode folding", `{"responseCode":"2005700","re\u017FponseCode":"4045701"}`, "duplicate key"},
		{"duplicate under spaces", `{"refundNo":"a"," refundNo":"b"}`, "duplicate key"},
		{"nested duplicate", `{"additionalInfo":{"latestTransactionStatus":"05","latestTransactionStatus":"00"}}`, "duplicate key"},
		{"duplicate inside array", `{"a":[{"k":1,"k":2}]}`, "duplicate key"},
		{"array", `[1,2]`, "not a JSON object"},
		{"string", `"x"`, "not a JSON object"},
		{"empty", ``, "not a JSON object"},
		{"trailing data", `{"a":1}{"a":2}`, "data after"},
		{"trailing comma", `{"a":1,}`, "want a string"},
		{"unterminated", `{"a":"b`, "unterminated"},
		{"bad number", `{"a":01}`, "want ','"},
		{"bad literal", `{"a":tru}`, "unexpected character"},
		{"control char", "{\"a\":\"b\x01\"}", "control character"},
		{"bad escape", `{"a":"\x"}`, "bad escape"},
		{"deep", strings.Repeat(`{"a":`, MaxDepth+1) + "1" + strings.Repeat("}", MaxDepth+1), "nested deeper"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.body))
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestLookup(t *testing.T) {
	obj, err := Parse([]byte(`{"responseCode":"2005700"," refundNo":"R1","amt":1000,` +
		`"additionalInfo":{"latestTransactionStatus":"05"},"s":"a\"b"}`))
	require.NoError(t, err)

	v, ok := obj.Lookup("additionalInfo.latestTransactionStatus")
	require.True(t, ok)
	s, ok := String(v)
	assert.True(t, ok)
	assert.Equal(t, "05", s)

	v, ok = obj.Get("refundNo") // the refund sample's key with a stray space
	require.True(t, ok)
	assert.Equal(t, `"R1"`, string(v))

	v, _ = obj.Get("amt")
	n, ok := Scalar(v)
	assert.True(t, ok)
	assert.Equal(t, "1000", n)

	v, _ = obj.Get("s")
	s, _ = String(v)
	assert.Equal(t, `a"b`, s)

	_, ok = obj.Lookup("additionalInfo.missing")
	assert.False(t, ok)
	_, ok = obj.Lookup("responseCode.deeper") // not an object
	assert.False(t, ok)

	assert.True(t, Empty(nil))
	assert.True(t, Empty([]byte(`null`)))
	assert.True(t, Empty([]byte(`""`)))
	assert.False(t, Empty([]byte(`{}`)))
}

func TestLargeObjectDuplicateFoundAfterSwitchToMap(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{`)
	for i := 0; i < 100; i++ {
		b.WriteString(`"k` + strings.Repeat("x", i) + `":1,`)
	}
	b.WriteString(`"k":2}`) // the first key again
	_, err := Parse([]byte(b.String()))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "duplicate key")
}

// FuzzParse: Parse never panics, and what it accepts encoding/json accepts
// too, with the same top-level keys (so a value read here is the value the
// typed decoders read).
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"responseCode":"2005700","responseMessage":"Successful"}`,
		`{"a":[1,2,{"b":null}],"c":-0.5e+3}`,
		`{"a":"\u00e9\ud83d\ude00"}`,
		`{"responseCode":"2005700","responseCode":"4045701"}`,
		`[]`, ``, `{`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		obj, err := Parse(data)
		if err != nil {
			return
		}
		var m map[string]json.RawMessage
		if jerr := json.Unmarshal(data, &m); jerr != nil {
			t.Fatalf("Parse accepted %q, encoding/json refused it: %v", data, jerr)
		}
		if len(m) != len(obj) {
			t.Fatalf("Parse saw %d keys, encoding/json %d, in %q", len(obj), len(m), data)
		}
	})
}
