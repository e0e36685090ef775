package main

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/testvectors"
)

// Retyped from NICEPAY's documentation (../shared/testvectors/signatures.json).
const nicepayDocsKey = "33F49GnCMS1mFYlGXisbUDzVf2ATWCl9k3R++d5hDd3Frmuos/XLx8XhXpe+LDYAbpGKZYSwtlyyLOtS/8aD7A=="

type merchantTokenVector struct{ name, timeStamp, iMid, tXid, amt, key, token string }

var merchantTokenVectors = []merchantTokenVector{
	{"NICEPAY docs, e-wallet cancel", "20180123100505", "IONPAYTEST", "IONPAYTEST01202103311759347262", "10000", nicepayDocsKey, "66141d60572e570045c4f3e9965f3452d511496841981e8a2af6a24a7038a119"},
	{"NICEPAY docs, convenience-store cancel", "20221212101278", "IONPAYTEST", "IONPAYTEST03202212121030529316", "10000", nicepayDocsKey, "49974dde3c4a311030bd2095431443ce3689d79c90caaa88f4186050abb77cf9"},
}

func nicepayArgs(v merchantTokenVector) []string {
	return []string{"nicepay-token", "-timestamp", v.timeStamp, "-imid", v.iMid, "-txid", v.tXid, "-amt", v.amt}
}

func TestNicepayTokenVectors(t *testing.T) {
	vectors := append([]merchantTokenVector(nil), merchantTokenVectors...)
	if testvectors.Dir() != "" {
		var v testvectors.Signatures
		testvectors.Load(t, "signatures.json", &v)
		require.NotEmpty(t, v.NICEPAYMerchantToken)
		for _, m := range v.NICEPAYMerchantToken {
			vectors = append(vectors, merchantTokenVector{"shared: " + m.Name, m.TimeStamp, m.IMID, m.TXID, m.Amt, m.MerchantKey, m.MerchantToken})
		}
	}
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			env := map[string]string{"NICEPAY_MERCHANT_KEY": v.key}
			r := snapRun(t, env, "", nicepayArgs(v)...)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Equal(t, v.token, field(t, r.stdout, "merchantToken"))
			assert.Equal(t, v.timeStamp+v.iMid+v.tXid+v.amt+"[redacted, 88 chars]", field(t, r.stdout, "hashed"))
			assert.NotContains(t, r.all(), v.key)

			r = snapRun(t, env, "", append(nicepayArgs(v), "-expect", v.token)...)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Equal(t, "MATCH", field(t, r.stdout, "result"))
		})
	}
}

func TestNicepayTokenMistakes(t *testing.T) {
	v := merchantTokenVectors[0]
	env := map[string]string{"NICEPAY_MERCHANT_KEY": v.key}
	tokenWith := func(mut func(*merchantTokenVector)) string {
		w := v
		mut(&w)
		r := snapRun(t, map[string]string{"NICEPAY_MERCHANT_KEY": w.key}, "", nicepayArgs(w)...)
		require.Equal(t, exitOK, r.code, r.stderr)
		return field(t, r.stdout, "merchantToken")
	}
	tests := []struct {
		name, expect, want string
	}{
		{"decimals in amt", tokenWith(func(w *merchantTokenVector) { w.amt = "10000.00" }), "amt 10000.00 (with decimals"},
		{"timeStamp in UTC", tokenWith(func(w *merchantTokenVector) { w.timeStamp = "20180123030505" }), "timeStamp 20180123030505 (UTC wall-clock time"},
		{"key with newline", tokenWith(func(w *merchantTokenVector) { w.key += "\n" }), "the merchant key with a trailing newline"},
		{"upper-case hex", "66141D60572E570045C4F3E9965F3452D511496841981E8A2AF6A24A7038A119", "upper-case hex"},
		{"unrelated", "00", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := snapRun(t, env, "", append(nicepayArgs(v), "-expect", tt.expect)...)
			require.Equal(t, exitInvalid, r.code, r.stderr)
			assert.Equal(t, "MISMATCH", field(t, r.stdout, "result"))
			if tt.want == "" {
				assert.Contains(t, r.stdout, "none of the usual mistakes")
				return
			}
			assert.Contains(t, field(t, r.stdout, "MATCH"), tt.want)
		})
	}
}

func TestNicepayTokenDefaultsAndWarnings(t *testing.T) {
	now := time.Date(2024, 3, 1, 23, 0, 0, 0, time.UTC)
	env := map[string]string{"NICEPAY_MERCHANT_KEY": nicepayDocsKey}
	r := snapRunAt(t, now, env, "nicepay-token", "-imid", "IONPAYTEST", "-txid", "T1", "-amt", "10000.00")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Equal(t, "20240302060000 (now in Jakarta time)", field(t, r.stdout, "timeStamp"))
	assert.Contains(t, r.stdout, "warning: amt is an integer string")
}

func TestCode(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		exit   int
		fields map[string]string
	}{
		{
			name: "debit cancel: transaction not found",
			args: []string{"4045701"},
			exit: exitOK,
			fields: map[string]string{
				"HTTP status": "404 Not Found",
				"service":     "57 Direct Debit Cancel",
				"case":        "01 Transaction Not Found (Business)",
				"description": "Transaction not found",
				"outcome":     "failed: Mark as Failed",
				"retryable":   "no",
			},
		},
		{
			name: "conflict is pending: an earlier message with that id may have gone through",
			args: []string{"4095700"},
			exit: exitOK,
			fields: map[string]string{
				"case":    "00 Conflict (System)",
				"outcome": "pending: Mark as Pending: hold the money and check the status later",
			},
		},
		{
			name: "internal server error is pending and retryable",
			args: []string{"5005601"},
			exit: exitOK,
			fields: map[string]string{
				"service":   "56 Direct Debit Notify",
				"outcome":   "pending: Mark as Pending: hold the money and check the status later",
				"retryable": "yes: the provider asks for the same request again (idempotent calls only)",
			},
		},
		{
			name: "undefined case is pending",
			args: []string{"4037324"},
			exit: exitOK,
			fields: map[string]string{
				"service": "73 B2B Access Token",
				"case":    "24 (not in the generic SNAP table: only the provider's documentation defines it)",
				"outcome": "pending: Mark as Pending: hold the money and check the status later",
			},
		},
		{
			name: "the seed's 8-digit typo is malformed",
			args: []string{"20054000"},
			exit: exitInvalid,
			fields: map[string]string{
				"malformed": `responsecode: "20054000" has 8 characters, want 7`,
				"outcome":   "pending: an answer with a malformed code is unexpected; Mark as Pending: hold the money and check the status later",
			},
		},
		{
			name:   "one malformed among several",
			args:   []string{"2005400", "40457x1"},
			exit:   exitInvalid,
			fields: map[string]string{"malformed": `responsecode: "40457x1" has a non-digit at position 6, want 7 digits`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := snapRun(t, nil, "", append([]string{"code"}, tt.args...)...)
			require.Equal(t, tt.exit, r.code, r.stdout+r.stderr)
			assert.Empty(t, r.stderr)
			for label, want := range tt.fields {
				assert.Equal(t, want, field(t, r.stdout, label), label)
			}
		})
	}
}

// FuzzHTMLEscapes checks that escaping and unescaping &<> never changes what
// a JSON document means, and that the body variants never panic.
func FuzzHTMLEscapes(f *testing.F) {
	for _, s := range []string{sentBody, escapedBody, `{"a":"\\u0026"}`, `"\u003C"`, `[1,2.50,{"b":null}]`, `{"a":"\`, ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		_ = bodyVariants(doc, "")
		if !json.Valid(doc) {
			return
		}
		var want any
		require.NoError(t, json.Unmarshal(doc, &want))
		for name, got := range map[string][]byte{"escaped": escapeHTML(doc), "unescaped": unescapeHTML(doc)} {
			var v any
			require.NoError(t, json.Unmarshal(got, &v), "%s: %q", name, got)
			assert.Equal(t, want, v, name)
		}
		// Escaping is undone by unescaping when the document had no escapes of its own.
		if bytes.Equal(unescapeHTML(doc), doc) {
			assert.Equal(t, doc, unescapeHTML(escapeHTML(doc)))
		}
	})
}
