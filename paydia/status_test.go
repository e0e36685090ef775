package paydia_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/paydia"
)

func TestVoidStatus(t *testing.T) {
	for _, tc := range []struct {
		in         paydia.VoidStatus
		normalized paydia.VoidStatus
		name       string
		outcome    snap.Outcome
		known      bool
		final      bool
	}{
		{"SUCCESS", paydia.VoidStatusSuccess, "Success", snap.Success, true, true},
		{"00", paydia.VoidStatusSuccess, "Success", snap.Success, true, true},
		{"success", paydia.VoidStatusSuccess, "Success", snap.Success, true, true},
		{" SUCCESS ", paydia.VoidStatusSuccess, "Success", snap.Success, true, true},
		{"INIT", paydia.VoidStatusInit, "Initiated", snap.Pending, true, false},
		{"INITIATED", paydia.VoidStatusInit, "Initiated", snap.Pending, true, false},
		{"01", paydia.VoidStatusInit, "Initiated", snap.Pending, true, false},
		{"FAILED", paydia.VoidStatusFailed, "Failed", snap.Failed, true, true},
		{"06", paydia.VoidStatusFailed, "Failed", snap.Failed, true, true},
		// Not void statuses: kept as they are, and never Failed.
		{"", "", "", snap.Pending, false, false},
		{"0", "0", "0", snap.Pending, false, false},
		{"03", "03", "03", snap.Pending, false, false},
		{"07", "07", "07", snap.Pending, false, false},
		{"FAIL", "FAIL", "FAIL", snap.Pending, false, false},
		{"PENDING", "PENDING", "PENDING", snap.Pending, false, false},
	} {
		t.Run(string(tc.in), func(t *testing.T) {
			assert.Equal(t, tc.normalized, tc.in.Normalized())
			assert.Equal(t, tc.name, tc.in.String())
			assert.Equal(t, tc.outcome, tc.in.Outcome())
			assert.Equal(t, tc.known, tc.in.Known())
			assert.Equal(t, tc.final, tc.in.IsFinal())
			assert.Equal(t, tc.outcome == snap.Success, tc.in.IsSuccess())
			assert.Equal(t, tc.outcome == snap.Failed, tc.in.IsFailed())
		})
	}
}

// TestVoidTime: a voidTime is read with the offset Paydia sent, including
// the -07:00 of its own sample (not corrected to +07:00), in Jakarta time.
func TestVoidTime(t *testing.T) {
	for _, tc := range []struct {
		in      snap.Timestamp
		wantUTC string
	}{
		{"2024-08-20T13:57:59+07:00", "2024-08-20T06:57:59Z"},
		{"2024-08-20T13:57:59-07:00", "2024-08-20T20:57:59Z"},
		{"2024-08-20T13:57:59.123+07:00", "2024-08-20T06:57:59.123Z"},
	} {
		t.Run(string(tc.in), func(t *testing.T) {
			got, err := paydia.VoidQueryResponse{VoidTime: tc.in}.VoidTime.Time()
			require.NoError(t, err)
			assert.Equal(t, tc.wantUTC, got.UTC().Format(time.RFC3339Nano))
			_, off := got.Zone()
			assert.Equal(t, 7*3600, off, "shown in Jakarta time")
		})
	}
	for _, bad := range []snap.Timestamp{"", "2024-08-20 13:57:59", "20/08/2024", "2024-08-20T13:57:59"} {
		_, err := bad.Time()
		assert.Error(t, err, "%q", bad)
	}
}

func FuzzVoidStatus(f *testing.F) {
	for _, s := range []string{"SUCCESS", "INIT", "FAILED", "00", "01", "06", "", "success ", "\x00", "ＳＵＣＣＥＳＳ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		st := paydia.VoidStatus(s)
		n := st.Normalized()
		if n != n.Normalized() {
			t.Fatalf("Normalized is not idempotent: %q -> %q -> %q", s, n, n.Normalized())
		}
		if st.Known() != (n == paydia.VoidStatusSuccess || n == paydia.VoidStatusInit || n == paydia.VoidStatusFailed) {
			t.Fatalf("Known(%q) disagrees with Normalized %q", s, n)
		}
		switch o := st.Outcome(); o {
		case snap.Success, snap.Pending:
		case snap.Failed:
			if n != paydia.VoidStatusFailed {
				t.Fatalf("%q is Failed without being a failed status", s)
			}
		default:
			t.Fatalf("outcome %q", o)
		}
		_ = st.String()
	})
}

// FuzzVoidQueryResponse decodes arbitrary answers: never a panic, and the
// void's outcome is Failed only for a failed status.
func FuzzVoidQueryResponse(f *testing.F) {
	f.Add(testkit.Fixture(f, "void_query_response.seed.json"))
	f.Add(testkit.Fixture(f, "void_query_response.aspi.json"))
	f.Add([]byte(`{"voidAmount":{"value":1e3,"currency":"IDR"},"latestVoidStatus":"06"}`))
	f.Add([]byte(`{"voidTime":"2024-08-20T13:57:59-07:00","voidAmount":null}`))
	f.Add([]byte(`<html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		var r paydia.VoidQueryResponse
		if err := json.Unmarshal(body, &r); err != nil {
			return
		}
		if r.VoidOutcome() == snap.Failed && !r.LatestVoidStatus.IsFailed() {
			t.Fatalf("Failed outcome for status %q", r.LatestVoidStatus)
		}
		if !r.VoidAmount.IsZero() {
			if err := r.VoidAmount.Validate(); err != nil {
				t.Fatalf("decoded an invalid amount %v: %v", r.VoidAmount, err)
			}
		}
		_, _ = r.VoidTime.Time()
	})
}
