package payermax

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

func FuzzDecodeNotify(f *testing.F) {
	f.Add([]byte(`{"originalReferenceNo":"r","amount":{"value":100000.00,"currency":"IDR"},"latestTransactionStatus":"00","additionalInfo":{"notifyType":"PAYMENT"}}`))
	f.Add([]byte(`{"latestTransactionStatus":7,"additionalInfo":"x"}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, body []byte) {
		n, err := decodeNotify(httptest.NewRequest(http.MethodPost, "/", nil), body)
		if err != nil {
			return
		}
		if string(n.Raw) != string(body) {
			t.Fatalf("Raw is not the verified body")
		}
		if _, err := json.Marshal(n); err != nil && n.Amount.IsZero() {
			t.Fatalf("a decoded notice without amount must marshal: %v", err)
		}
	})
}

func FuzzAnswerDecoding(f *testing.F) {
	f.Add([]byte(`{"responseCode":"2005700","cancelTime":"2020-12-21T17:07:25+07:00","additionalInfo":{"latestTransactionStatus":"00"}}`))
	f.Add([]byte(`{"refundHistory":[{"refundAmount":{"value":1,"currency":"IDR"},"refundStatus":0,"refundDate":"23-12-2020"}],"additionalInfo":null}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var c CancelResponse
		_ = json.Unmarshal(body, &c)
		_, _ = c.CancelTime.Time()
		_ = c.Status()
		var s StatusResponse
		_ = json.Unmarshal(body, &s)
		_ = s.Status()
		for _, r := range s.RefundHistory {
			_, _ = r.RefundDate.Time()
		}
		if _, err := json.Marshal(c.AdditionalInfo); err != nil {
			t.Fatalf("a decoded additionalInfo must marshal back: %v", err)
		}
	})
}

func FuzzAdditionalInfoRoundTrip(f *testing.F) {
	f.Add([]byte(`{"version":"1.4","keyVersion":"1","deviceId":"d","n":1.50,"o":{"x":[1,"<&>"]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a AdditionalInfo
		if json.Unmarshal(data, &a) != nil {
			return
		}
		b, err := a.MarshalJSON()
		if err != nil {
			t.Fatalf("decoded additionalInfo does not marshal: %v", err)
		}
		var back AdditionalInfo
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("marshalled additionalInfo %s does not decode: %v", b, err)
		}
		b2, err := back.MarshalJSON()
		if err != nil || string(b) != string(b2) {
			t.Fatalf("not stable: %s vs %s (%v)", b, b2, err)
		}
	})
}
