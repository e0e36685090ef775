package jsonbytes

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type item struct {
	Name string `json:"name"`
	Tags []any  `json:"tags"`
}

type body struct {
	Reason string `json:"reason"`
	Note   string `json:"note,omitempty"`
	Items  []item `json:"items"`
}

func TestMarshalKeepsHTMLAndOrder(t *testing.T) {
	b := body{
		Reason: "A&B <ok> café — 日本",
		Items:  []item{{Name: "x", Tags: []any{1, []any{"a", "  b  "}, map[string]any{"k": nil}}}},
	}
	got, err := Marshal(b)
	require.NoError(t, err)
	want := `{"reason":"A&B <ok> café — 日本","items":[{"name":"x","tags":[1,["a","  b  "],{"k":null}]}]}`
	assert.Equal(t, want, string(got))
	assert.NotEqual(t, byte('\n'), got[len(got)-1])

	// The bytes hashed equal the bytes sent: minifying what we marshal is a no-op.
	min, err := Minify(got)
	require.NoError(t, err)
	assert.Equal(t, got, min)
	h1 := sha256.Sum256(got)
	h2 := sha256.Sum256(min)
	assert.Equal(t, hex.EncodeToString(h1[:]), hex.EncodeToString(h2[:]))
}

func TestMarshalNilAndRaw(t *testing.T) {
	got, err := Marshal(nil)
	require.NoError(t, err)
	assert.Empty(t, got)

	got, err = Marshal(json.RawMessage("{ \"b\" : 1 ,\n \"a\": \" x y \" }"))
	require.NoError(t, err)
	assert.Equal(t, `{"b":1,"a":" x y "}`, string(got))
}

func TestMinify(t *testing.T) {
	tests := []struct {
		name, in, want string
		wantErr        bool
	}{
		{"empty", "", "", false},
		{"spaces only", " \n\t", "", false},
		{"pretty", "{\n  \"a\": [1, 2],\r\n  \"b\": {\"c\": \"d e\"}\n}", `{"a":[1,2],"b":{"c":"d e"}}`, false},
		{"escaped quote keeps string", `{"a": "he said \"hi  there\" \\", "b" : 1}`, `{"a":"he said \"hi  there\" \\","b":1}`, false},
		{"unicode escapes kept", `{"a": "\u0026 \u003c"}`, `{"a":"\u0026 \u003c"}`, false},
		{"invalid", `{"a":`, "", true},
		{"html page", "<html>502</html>", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Minify([]byte(tt.in))
			if tt.wantErr {
				require.ErrorIs(t, err, ErrInvalidJSON)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

func FuzzMinify(f *testing.F) {
	f.Add([]byte(`{"a": [1, "b c", {"d": null}]}`))
	f.Add([]byte(`"\\\" "`))
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := Minify(in)
		if err != nil {
			return
		}
		if len(out) == 0 {
			return
		}
		// Minifying keeps the document's meaning and is idempotent.
		decode := func(b []byte) any {
			d := json.NewDecoder(bytes.NewReader(b))
			d.UseNumber() // 1E1000 is valid JSON but no float64
			var v any
			require.NoError(t, d.Decode(&v))
			return v
		}
		assert.Equal(t, decode(in), decode(out))
		again, err := Minify(out)
		require.NoError(t, err)
		assert.Equal(t, out, again)
	})
}
