package snap

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/jsonscan"
	"github.com/snapbi/snap/responsecode"
)

func TestInterpretSNAP(t *testing.T) {
	dana := responsecode.Table{"4044601": {Outcome: Failed, Action: "Mark Cancel Payment process as Failed and hold the money"}}
	tests := []struct {
		name      string
		service   int
		status    int
		body      string
		outcome   Outcome
		retryable bool
		reason    string // a part of Reason; "" = no reason
	}{
		{"success", 46, 200, `{"responseCode":"2004600","responseMessage":"Successful"}`, Success, false, ""},
		{"success, any service", 0, 200, `{"responseCode":"2004600","responseMessage":"Successful"}`, Success, false, ""},
		{"in progress", 46, 202, `{"responseCode":"2024600"}`, Pending, false, ""},
		{"table action", 46, 404, `{"responseCode":"4044601","responseMessage":"Transaction Not Found"}`, Failed, false, ""},
		{"409 conflict is pending on a first attempt", 46, 409, `{"responseCode":"4094600"}`, Pending, false, ""},
		{"409 duplicate reference is pending", 57, 409, `{"responseCode":"4095701"}`, Pending, false, ""},
		{"internal error", 46, 500, `{"responseCode":"5004601"}`, Pending, true, ""},
		{"general error is pending", 57, 500, `{"responseCode":"5005700"}`, Pending, false, ""},
		{"html gateway", 46, 503, `<html>down</html>`, Pending, true, "not a well-formed JSON object"},
		{"html 200", 46, 200, `<html>ok?</html>`, Pending, false, "not a well-formed JSON object"},
		{"json array", 46, 200, `[1,2]`, Pending, false, "not a JSON object"},
		{"8-digit code", 54, 200, `{"responseCode":"20054000"}`, Pending, false, "malformed responseCode"},
		{"null code", 46, 200, `{"responseCode":null}`, Pending, false, "no responseCode"},
		{"numeric code", 46, 200, `{"responseCode":2004600}`, Pending, false, "not a string"},
		{"non-string message kept out", 57, 200, `{"responseCode":"2005700","responseMessage":{"x":1}}`, Success, false, ""},
		{"duplicate responseCode, success last", 57, 200, `{"responseCode":"4045701","responseCode":"2005700"}`, Pending, false, "duplicate key"},
		{"duplicate responseCode, failure last", 57, 404, `{"responseCode":"2005700","responseCode":"4045701"}`, Pending, false, "duplicate key"},
		{"duplicate under case folding", 57, 200, `{"responseCode":"2005700","RESPONSECODE":"4045701"}`, Pending, false, "duplicate key"},
		{"another service's success", 57, 200, `{"responseCode":"2005500","responseMessage":"Successful"}`, Pending, false, "service 55"},
		{"another service's failure", 46, 404, `{"responseCode":"4045701","responseMessage":"Transaction Not Found"}`, Pending, false, "service 57"},
		{"status disagrees", 57, 202, `{"responseCode":"2005700"}`, Pending, false, "disagrees"},
		{"undefined code", 57, 403, `{"responseCode":"4035799"}`, Pending, false, "undefined response code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := interpretSNAP(tt.service, dana, tt.status, []byte(tt.body))
			assert.Equal(t, tt.outcome, v.Outcome)
			assert.Equal(t, tt.retryable, v.Retryable)
			assert.NotEmpty(t, v.Action)
			if tt.reason == "" {
				assert.Empty(t, v.Reason)
			} else {
				assert.Contains(t, v.Reason, tt.reason)
			}
		})
	}
}

// TestInterpretSNAPClosedTable: DANA's OTC table files an undefined response
// code under "unexpected response", so every code outside it is Pending with
// the table's action, even one the generic rules call Failed.
func TestInterpretSNAPClosedTable(t *testing.T) {
	table := responsecode.Table{
		"4044601":               {Outcome: Failed, Action: "hold"},
		responsecode.Unexpected: {Outcome: Pending, Action: "unexpected action"},
	}
	for _, body := range []string{`{"responseCode":"4034605"}`, `{"responseCode":"4004699"}`} {
		v := interpretSNAP(46, table, 403, []byte(body))
		if body == `{"responseCode":"4004699"}` {
			v = interpretSNAP(46, table, 400, []byte(body))
		}
		assert.Equal(t, Pending, v.Outcome, body)
		assert.Equal(t, "unexpected action", v.Action, body)
		assert.Contains(t, v.Reason, "not in the provider's table", body)
	}
	v := interpretSNAP(46, table, 200, []byte(`<html>`))
	assert.Equal(t, "unexpected action", v.Action, "an unreadable answer gets the table's action too")
	v = interpretSNAP(46, table, 404, []byte(`{"responseCode":"4044601"}`))
	assert.Equal(t, Failed, v.Outcome)
}

func TestProof(t *testing.T) {
	cancel := &Proof{
		Mandatory: []string{"responseMessage", "originalPartnerReferenceNo", "additionalInfo.latestTransactionStatus"},
		Echoed:    []string{"originalPartnerReferenceNo", "originalReferenceNo", "amount"},
		States:    []State{{Field: "additionalInfo.latestTransactionStatus", Confirms: []string{"05"}}},
	}
	request := `{"originalPartnerReferenceNo":"P1","originalReferenceNo":"R1","amount":{"value":"10000.00","currency":"IDR"}}`
	tests := []struct {
		name   string
		answer string
		reason string // "" = proven
	}{
		{"proven", `{"responseCode":"2005700","responseMessage":"OK","originalPartnerReferenceNo":"P1","originalReferenceNo":"R1",` +
			`"amount":{"value":"10000","currency":"IDR"},"additionalInfo":{"latestTransactionStatus":"05"}}`, ""},
		{"echo omitted is fine", `{"responseMessage":"OK","originalPartnerReferenceNo":"P1","additionalInfo":{"latestTransactionStatus":"05"}}`, ""},
		{"mandatory missing", `{"responseMessage":"OK","additionalInfo":{"latestTransactionStatus":"05"}}`, "mandatory field originalPartnerReferenceNo is missing"},
		{"mandatory empty", `{"responseMessage":"OK","originalPartnerReferenceNo":"","additionalInfo":{"latestTransactionStatus":"05"}}`, "originalPartnerReferenceNo is missing"},
		{"mandatory null", `{"responseMessage":null,"originalPartnerReferenceNo":"P1","additionalInfo":{"latestTransactionStatus":"05"}}`, "responseMessage is missing"},
		{"nested mandatory missing", `{"responseMessage":"OK","originalPartnerReferenceNo":"P1","additionalInfo":{}}`, "additionalInfo.latestTransactionStatus is missing"},
		{"other reference", `{"responseMessage":"OK","originalPartnerReferenceNo":"P2","additionalInfo":{"latestTransactionStatus":"05"}}`, "originalPartnerReferenceNo echoed as \"P2\""},
		{"other amount", `{"responseMessage":"OK","originalPartnerReferenceNo":"P1","amount":{"value":"10000.01","currency":"IDR"},"additionalInfo":{"latestTransactionStatus":"05"}}`, "amount echoed"},
		{"other currency", `{"responseMessage":"OK","originalPartnerReferenceNo":"P1","amount":{"value":"10000.00","currency":"USD"},"additionalInfo":{"latestTransactionStatus":"05"}}`, "amount echoed"},
		{"paid, not cancelled", `{"responseMessage":"OK","originalPartnerReferenceNo":"P1","additionalInfo":{"latestTransactionStatus":"00"}}`, "latestTransactionStatus is \"00\""},
		{"in process", `{"responseMessage":"OK","originalPartnerReferenceNo":"P1","additionalInfo":{"latestTransactionStatus":"03"}}`, "does not confirm"},
		{"state as a number", `{"responseMessage":"OK","originalPartnerReferenceNo":"P1","additionalInfo":{"latestTransactionStatus":5}}`, "does not confirm"},
		{"duplicate nested state", `{"responseMessage":"OK","originalPartnerReferenceNo":"P1","additionalInfo":{"latestTransactionStatus":"05","latestTransactionStatus":"00"}}`, "duplicate key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := checkProof(cancel, request, tt.answer)
			if tt.reason == "" {
				assert.Empty(t, got)
			} else {
				assert.Contains(t, got, tt.reason)
			}
		})
	}
}

// checkProof reads request and answer as the client does, then checks p.
func checkProof(p *Proof, request, answer string) string {
	ans, err := jsonscan.Parse([]byte(answer))
	if err != nil {
		return "the answer is not a well-formed JSON object: " + err.Error()
	}
	req, _ := jsonscan.Parse([]byte(request))
	return p.check(req, ans)
}

// FuzzInterpretSNAP: no answer crashes the reader; an answer is Success
// only when it is one well-formed JSON object with exactly one
// responseCode, a 200xx00 of the service called on HTTP 200; and it is
// Failed only for a defined failure code of that service matching its HTTP
// status.
func FuzzInterpretSNAP(f *testing.F) {
	f.Add(200, []byte(`{"responseCode":"2005700","responseMessage":"Successful"}`))
	f.Add(200, []byte(`{"responseCode":"2005500","responseMessage":"Successful"}`))
	f.Add(200, []byte(`{"responseCode":"4045701","responseCode":"2005700"}`))
	f.Add(404, []byte(`{"responseCode":"4045701"}`))
	f.Add(502, []byte(`<html>502</html>`))
	f.Add(200, []byte(``))
	f.Add(200, []byte(`{"responseCode":20054000}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		const service = 57
		v := interpretSNAP(service, nil, status, body)
		if v.Outcome == Pending {
			return
		}
		obj, err := jsonscan.Parse(bytes.TrimSpace(body))
		if err != nil {
			t.Fatalf("%s from a body that is not one well-formed object: %q", v.Outcome, body)
		}
		var all map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(body, &all))
		raw, _ := obj.Get("responseCode")
		s, ok := jsonscan.String(raw)
		c, err := responsecode.Parse(s)
		if !ok || err != nil || c.HTTPStatus() != status || c.Service() != service || !c.Defined() {
			t.Fatalf("%s from code %s at HTTP %d", v.Outcome, raw, status)
		}
		if v.Outcome == Success && (status != 200 || c.Case() != 0) {
			t.Fatalf("Success from %s at HTTP %d", s, status)
		}
	})
}
