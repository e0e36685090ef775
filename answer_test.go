package snap

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/snapbi/snap/responsecode"
)

func TestInterpretSNAP(t *testing.T) {
	dana := responsecode.Table{"4044601": {Outcome: Failed, Action: "Mark Cancel Payment process as Failed and hold the money"}}
	tests := []struct {
		name      string
		status    int
		body      string
		retry     bool
		outcome   Outcome
		retryable bool
		action    string
	}{
		{"success", 200, `{"responseCode":"2004600","responseMessage":"Successful"}`, false, Success, false, ""},
		{"in progress", 202, `{"responseCode":"2024600"}`, false, Pending, false, ""},
		{"table action", 404, `{"responseCode":"4044601","responseMessage":"Transaction Not Found"}`, false, Failed, false, "hold the money"},
		{"conflict first", 409, `{"responseCode":"4094600"}`, false, Failed, false, ""},
		{"conflict on retry", 409, `{"responseCode":"4094600"}`, true, Pending, false, ""},
		{"internal error", 500, `{"responseCode":"5004601"}`, false, Pending, true, ""},
		{"general error", 500, `{"responseCode":"5004600"}`, false, Failed, false, ""},
		{"html gateway", 503, `<html>down</html>`, false, Pending, true, ""},
		{"html 200", 200, `<html>ok?</html>`, false, Pending, false, ""},
		{"json array", 200, `[1,2]`, false, Pending, false, ""},
		{"8-digit code", 200, `{"responseCode":"20054000"}`, false, Pending, false, ""},
		{"null code", 200, `{"responseCode":null}`, false, Pending, false, ""},
		{"non-string message kept out", 200, `{"responseCode":"2005700","responseMessage":{"x":1}}`, false, Success, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := interpretSNAP(dana, tt.status, []byte(tt.body), tt.retry)
			assert.Equal(t, tt.outcome, v.Outcome)
			assert.Equal(t, tt.retryable, v.Retryable)
			assert.Contains(t, v.Action, tt.action)
			if tt.outcome == Pending && v.Code.IsZero() {
				assert.NotEmpty(t, v.Reason)
			}
		})
	}
}

// FuzzInterpretSNAP: no answer crashes the reader, and an answer that is not
// a well-formed, defined failure code matching its HTTP status is never Failed.
func FuzzInterpretSNAP(f *testing.F) {
	f.Add(200, []byte(`{"responseCode":"2005700","responseMessage":"Successful"}`))
	f.Add(404, []byte(`{"responseCode":"4045701"}`))
	f.Add(502, []byte(`<html>502</html>`))
	f.Add(200, []byte(``))
	f.Add(200, []byte(`{"responseCode":20054000}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		v := interpretSNAP(nil, status, body, false)
		if v.Outcome != Failed {
			return
		}
		var a struct {
			ResponseCode string `json:"responseCode"`
		}
		if err := json.Unmarshal(body, &a); err != nil {
			t.Fatalf("Failed from an undecodable body %q", body)
		}
		c, err := responsecode.Parse(a.ResponseCode)
		if err != nil || c.HTTPStatus() != status || !c.Defined() {
			t.Fatalf("Failed from code %q at HTTP %d", a.ResponseCode, status)
		}
	})
}
