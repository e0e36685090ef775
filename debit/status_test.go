package debit

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/notifydecode"
	"github.com/snapbi/snap/internal/testkit"
)

func TestTransactionStatus(t *testing.T) {
	cases := []struct {
		status TransactionStatus
		name   string
		known  bool
		final  bool
	}{
		{StatusSuccess, "Success", true, true},
		{StatusInitiated, "Initiated", true, false},
		{StatusPaying, "Paying", true, false},
		{StatusPending, "Pending", true, false},
		{StatusRefunded, "Refunded", true, true},
		{StatusCanceled, "Canceled", true, true},
		{StatusFailed, "Failed", true, true},
		{StatusNotFound, "Not found", true, false},
		{StatusExpired, "Expired", true, true},
		{StatusRejected, "Rejected", true, true},
		{"10", "10", false, false},
		{"", "", false, false},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.name, tc.status.String(), tc.status)
		assert.Equal(t, tc.known, tc.status.Known(), tc.status)
		assert.Equal(t, tc.final, tc.status.IsFinal(), tc.status)
	}
}

func TestRefundStatus(t *testing.T) {
	for _, tc := range []struct {
		status       RefundStatus
		name         string
		known, final bool
	}{
		{RefundSuccess, "Success", true, true},
		{RefundPending, "Pending", true, false},
		{RefundFailed, "Failed", true, true},
		{"01", "01", false, false},
	} {
		assert.Equal(t, tc.name, tc.status.String())
		assert.Equal(t, tc.known, tc.status.Known())
		assert.Equal(t, tc.final, tc.status.IsFinal())
	}
}

func TestStatusJSON(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want TransactionStatus
		err  bool
	}{
		{`"00"`, StatusSuccess, false},
		{`"03"`, StatusPending, false},
		{`3`, StatusPending, false},
		{`0`, StatusSuccess, false},
		{`"SUCCESS"`, "SUCCESS", false},
		{`100`, "100", false},
		{`-1`, "-1", false},
		{`1.5`, "1.5", false},
		{`null`, "keep", false},
		{`true`, "keep", true},
		{`{}`, "keep", true},
	} {
		s := TransactionStatus("keep")
		err := json.Unmarshal([]byte(tc.in), &s)
		if tc.err {
			assert.Error(t, err, tc.in)
		} else {
			assert.NoError(t, err, tc.in)
		}
		assert.Equal(t, tc.want, s, tc.in)
	}
	var h RefundHistory
	require.NoError(t, json.Unmarshal([]byte(`{"refundStatus":6}`), &h))
	assert.Equal(t, RefundFailed, h.RefundStatus)
	// Marshalling keeps the two-digit string.
	b, err := json.Marshal(struct {
		S TransactionStatus `json:"s"`
	}{StatusRefunded})
	require.NoError(t, err)
	assert.Equal(t, `{"s":"04"}`, string(b))
}

// Status reads latestTransactionStatus, and a nil response reads as no status.
func TestStatusResponseStatus(t *testing.T) {
	var none *StatusResponse
	assert.Equal(t, TransactionStatus(""), none.Status())
	var r StatusResponse
	require.NoError(t, json.Unmarshal([]byte(`{"latestTransactionStatus":"05","transactionStatusDesc":"Canceled"}`), &r))
	assert.Equal(t, StatusCanceled, r.Status())
}

// A malformed status in an otherwise good answer loses only that field.
func TestDecodeKeepsWhatItCan(t *testing.T) {
	var r StatusResponse
	err := notifydecode.Answer([]byte(`{"responseCode":"2005500","latestTransactionStatus":true,"transAmount":{"value":"1.001","currency":"IDR"},"paidTime":"2020-12-21T14:56:11+07:00"}`), &r)
	assert.Error(t, err)
	assert.Equal(t, "2005500", r.ResponseCode)
	assert.Equal(t, snap.Timestamp("2020-12-21T14:56:11+07:00"), r.PaidTime)
	assert.False(t, r.LatestTransactionStatus.IsFinal())
}

// TestTimestampTime: every time layout the direct-debit pages use reads.
func TestTimestampTime(t *testing.T) {
	jkt := time.FixedZone("", 7*3600)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"2020-12-21T14:56:11+07:00", time.Date(2020, 12, 21, 14, 56, 11, 0, jkt)},
		{"2020-12-21T07:56:11Z", time.Date(2020, 12, 21, 14, 56, 11, 0, jkt)},
		{"2020-12-21T14:56:11.123+07:00", time.Date(2020, 12, 21, 14, 56, 11, 123e6, jkt)},
		{"20201221145611", time.Date(2020, 12, 21, 14, 56, 11, 0, jkt)},
		{"21-12-2020", time.Date(2020, 12, 21, 0, 0, 0, 0, jkt)},
		{"21-12-2020 14:56:11", time.Date(2020, 12, 21, 14, 56, 11, 0, jkt)},
	} {
		got, err := snap.Timestamp(tc.in).Time()
		require.NoError(t, err, tc.in)
		assert.True(t, tc.want.Equal(got), "%s: got %v", tc.in, got)
	}
	for _, bad := range []string{"", "yesterday", "2020-12-21", "32-12-2020", "2020-12-21 14:56:11"} {
		_, err := snap.Timestamp(bad).Time()
		assert.Error(t, err, bad)
	}
}

func TestNewTimestamp(t *testing.T) {
	// Whatever the zone of the input, the result is Jakarta time.
	utc := time.Date(2020, 12, 23, 0, 44, 11, 0, time.UTC)
	assert.Equal(t, snap.Timestamp("2020-12-23T07:44:11+07:00"), NewTimestamp(utc))
	assert.Equal(t, snap.Timestamp("2020-12-23T07:44:11+07:00"), NewTimestamp(utc.In(time.FixedZone("X", -5*3600))))
	got, err := NewTimestamp(utc).Time()
	require.NoError(t, err)
	assert.True(t, got.Equal(utc))
}

// A success code with one malformed field proves nothing: Pending, the
// error names the field, the rest is read and the raw kept.
func TestSuccessWithMalformedField(t *testing.T) {
	body := `{"responseCode":"2005500","responseMessage":"Successful","serviceCode":"17","transAmount":{"value":"1.001","currency":"IDR"},"latestTransactionStatus":"05"}`
	_, c := replayClient(t, testkit.Always(200, body))
	resp, err := c.Status(bg, sampleStatus())
	assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
	var e *snap.Error
	require.ErrorAs(t, err, &e)
	assert.Contains(t, e.Reason, "does not decode")
	assert.Contains(t, e.Error(), "transAmount")
	assert.Equal(t, StatusCanceled, resp.LatestTransactionStatus)
	assert.True(t, resp.TransAmount.IsZero(), "the malformed amount is left unset")
	assert.Equal(t, body, string(resp.Raw.Body))
	var nilResult *Result
	assert.Equal(t, "pending", string(nilResult.Outcome()))
}
