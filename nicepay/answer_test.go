package nicepay

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
)

func TestInterpretTable(t *testing.T) {
	c := testClient(t, SandboxBaseURL)
	tests := []struct {
		name      string
		status    int
		body      string
		outcome   snap.Outcome
		rawCode   string
		retryable bool
	}{
		{"success", 200, `{"resultCd":"0000","resultMsg":"SUCCESS"}`, snap.Success, "0000", false},
		{"success code on 202", 202, `{"resultCd":"0000"}`, snap.Pending, "0000", false},
		{"success code on 201", 201, `{"resultCd":"0000"}`, snap.Pending, "0000", false},
		{"documented refusal", 200, `{"resultCd":"9301","resultMsg":"Invalid Cancel Type."}`, snap.Failed, "9301", false},
		{"can not cancel", 200, `{"resultCd":"9314","resultMsg":"Can not cancel your request transaction number."}`, snap.Failed, "9314", false},
		{"refusal on another status", 400, `{"resultCd":"9314"}`, snap.Pending, "9314", false},
		{"undocumented code", 200, `{"resultCd":"Z999"}`, snap.Pending, "Z999", false},
		{"success code with a space", 200, `{"resultCd":"0000 "}`, snap.Pending, "0000 ", false},
		{"five zeros", 200, `{"resultCd":"00000"}`, snap.Pending, "00000", false},
		{"numeric resultCd", 200, `{"resultCd":0}`, snap.Pending, "0", false},
		{"duplicated resultCd", 200, `{"resultCd":"9314","resultCd":"0000"}`, snap.Pending, "", false},
		{"generic cancel error", 200, `{"resultCd":"8061","resultMsg":"Full canceled error."}`, snap.Pending, "8061", false},
		{"connection error", 200, `{"resultCd":"1001"}`, snap.Pending, "1001", true},
		{"busy", 200, `{"resultCd":"9302"}`, snap.Pending, "9302", true},
		{"bank connection error", 200, `{"resultCd":"9309"}`, snap.Pending, "9309", true},
		{"cancel already registered", 200, `{"resultCd":"9315"}`, snap.Pending, "9315", false},
		{"whitespace around the object", 200, " \n{\"resultCd\":\"0000\"}\n", snap.Success, "0000", false},
		{"empty resultCd", 200, `{"resultCd":""}`, snap.Pending, "", false},
		{"null resultCd", 200, `{"resultCd":null}`, snap.Pending, "", false},
		{"object resultCd", 200, `{"resultCd":{"0000":1}}`, snap.Pending, `{"0000":1}`, false},
		{"JSON array", 200, `[{"resultCd":"0000"}]`, snap.Pending, "", false},
		{"service unavailable page", 503, `<html>busy</html>`, snap.Pending, "", true},
		{"redirect", 302, ``, snap.Pending, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := c.interpret(tt.status, []byte(tt.body))
			assert.Equal(t, tt.outcome, v.Outcome)
			assert.Equal(t, tt.rawCode, v.RawCode)
			assert.Equal(t, tt.retryable, v.Retryable)
			assert.NotEmpty(t, v.Action)
			if tt.outcome == snap.Pending {
				assert.NotEmpty(t, v.Reason)
			} else {
				assert.Empty(t, v.Reason)
			}
		})
	}
}

// FuzzInterpret: the interpreter never panics, is Success only for an
// HTTP 200 answer that is one well-formed JSON object whose only resultCd
// is the string "0000", and Failed only for a documented refusal on HTTP
// 200. The expectations are derived with encoding/json and Refusals.
func FuzzInterpret(f *testing.F) {
	for _, b := range recordedAnswers(f) {
		f.Add(200, b)
		f.Add(502, b)
	}
	f.Add(200, []byte(`{"resultCd":"0000","resultCd":"9314"}`))
	f.Add(200, []byte(`{"resultCd":"\u0030000"}`))
	f.Add(200, []byte("\xff{\"resultCd\":\"0000\"}"))
	f.Add(0, []byte(nil))

	c, err := NewClient(Config{BaseURL: SandboxBaseURL, IMID: testIMID, MerchantKey: testKey})
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		v := c.interpret(status, body)
		switch v.Outcome {
		case snap.Success, snap.Failed, snap.Pending:
		default:
			t.Fatalf("outcome %q", v.Outcome)
		}
		if v.Outcome == snap.Pending {
			return
		}
		var a struct {
			ResultCd *string `json:"resultCd"`
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal(body, &obj) != nil || json.Unmarshal(body, &a) != nil || a.ResultCd == nil || *a.ResultCd == "" {
			t.Fatalf("%s for an undecodable answer or one without resultCd: %q", v.Outcome, body)
		}
		if status != 200 {
			t.Fatalf("%s for HTTP %d", v.Outcome, status)
		}
		if bytes.Count(body, []byte(`"resultCd"`)) > 1 {
			t.Fatalf("%s for an answer with more than one resultCd: %q", v.Outcome, body)
		}
		if (v.Outcome == snap.Success) != (*a.ResultCd == ResultSuccess) {
			t.Fatalf("%s for resultCd %q", v.Outcome, *a.ResultCd)
		}
		if _, refused := Refusals()[*a.ResultCd]; v.Outcome == snap.Failed && !refused {
			t.Fatalf("Failed for undocumented resultCd %q", *a.ResultCd)
		}
		if v.RawCode != *a.ResultCd {
			t.Fatalf("RawCode %q, resultCd %q", v.RawCode, *a.ResultCd)
		}
	})
}

// FuzzDecodeCancel: the lenient reader never panics, accepts exactly the
// bodies that are one JSON object (as encoding/json reads them), keeps Raw,
// and reads amt only as a valid IDR amount.
func FuzzDecodeCancel(f *testing.F) {
	for _, b := range recordedAnswers(f) {
		f.Add(b)
	}
	f.Add([]byte(`{"amt":-1,"transDt":1e3,"tXid":null}`))
	raw := &snap.Response{}
	f.Fuzz(func(t *testing.T, body []byte) {
		r := CancelResponse{Result: snap.Result{Raw: raw}}
		err := decodeCancel(body, &r)
		var obj map[string]json.RawMessage
		if (json.Unmarshal(body, &obj) == nil) != (err == nil) {
			t.Fatalf("decodeCancel error %v for %q", err, body)
		}
		if r.Raw != raw {
			t.Fatal("Raw was dropped")
		}
		if err == nil && !r.Amt.IsZero() && (r.Amt.Currency != "IDR" || r.Amt.Validate() != nil) {
			t.Fatalf("amt %v from %q", r.Amt, body)
		}
	})
}

// recordedAnswers are the files of testdata, the fuzzers' seeds.
func recordedAnswers(f *testing.F) [][]byte {
	entries, err := os.ReadDir("testdata")
	require.NoError(f, err)
	var out [][]byte
	for _, e := range entries {
		if !e.IsDir() {
			out = append(out, testkit.Fixture(f, e.Name()))
		}
	}
	return out
}
