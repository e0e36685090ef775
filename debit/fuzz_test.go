package debit

import (
	"testing"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/notifydecode"
	"github.com/snapbi/snap/internal/testkit"
)

// FuzzDecodeAnswers: no answer, however broken, makes decoding panic.
func FuzzDecodeAnswers(f *testing.F) {
	for _, name := range []string{"payment_response.json", "status_response.json", "cancel_response.json", "refund_response.json", "notify_request.json"} {
		f.Add(testkit.Fixture(f, name))
	}
	f.Add([]byte(`{" refundNo":"a"," refundNo ":"b","refundNo":null}`))
	f.Add([]byte(`{"latestTransactionStatus":7,"refundHistory":[{"refundStatus":"x"}]}`))
	f.Add([]byte(`<html>`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, body []byte) {
		_ = notifydecode.Answer(body, new(PaymentResponse))
		_ = notifydecode.Answer(body, new(StatusResponse))
		_ = notifydecode.Answer(body, new(CancelResponse))
		_ = notifydecode.Answer(body, new(RefundResponse))
		n := new(Notify)
		if notifydecode.Answer(body, n) == nil {
			_ = n.Validate()
		}
	})
}

// FuzzTimestamp: Timestamp.Time never panics, and what it reads formats
// back (NewTimestamp, the page's layout) to the same instant.
func FuzzTimestamp(f *testing.F) {
	for _, s := range []string{"2020-12-21T14:56:11+07:00", "20201221145611", "21-12-2020", "21-12-2020 14:56:11", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := snap.Timestamp(s).Time()
		if err != nil {
			return
		}
		back, err := NewTimestamp(got).Time()
		if err != nil {
			t.Fatalf("NewTimestamp(%v) does not parse back: %v", got, err)
		}
		if !back.Equal(got.Truncate(1e9)) {
			t.Fatalf("%q: %v formats back to %v", s, got, back)
		}
	})
}
