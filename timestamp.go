package snap

import (
	"crypto/rand"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Timestamp layouts of SPEC §2. Times are always converted to Jakarta time
// (UTC+07:00) before formatting, so the offset printed is always +07:00.
const (
	// TimestampLayout is X-TIMESTAMP to the second: 2006-01-02T15:04:05+07:00
	// (DANA, Paydia, NICEPAY SNAP, generic direct debit).
	TimestampLayout = "2006-01-02T15:04:05-07:00"
	// TimestampLayoutMillis is X-TIMESTAMP with milliseconds:
	// 2006-01-02T15:04:05.000+07:00 (PayerMax).
	TimestampLayoutMillis = "2006-01-02T15:04:05.000-07:00"
	// CompactTimestampLayout is NICEPAY v2's body timeStamp, yyyyMMddHHmmss in
	// Jakarta time.
	CompactTimestampLayout = "20060102150405"
)

// jakarta is a fixed +07:00 zone: Indonesia's western time has no daylight
// saving, and a fixed zone works on hosts without tzdata.
var jakarta = time.FixedZone("WIB", 7*60*60)

// Jakarta returns the Asia/Jakarta zone (a fixed UTC+07:00 zone).
func Jakarta() *time.Location { return jakarta }

// FormatTimestamp formats t in Jakarta time with layout (TimestampLayout if
// layout is empty), whatever the zone of t or of the host.
func FormatTimestamp(t time.Time, layout string) string {
	if layout == "" {
		layout = TimestampLayout
	}
	return t.In(jakarta).Format(layout)
}

// ParseTimestamp parses a SNAP timestamp with or without fractional seconds
// (any offset, RFC 3339), or NICEPAY's yyyyMMddHHmmss read as Jakarta time.
func ParseTimestamp(s string) (time.Time, error) {
	if len(s) == len(CompactTimestampLayout) {
		if t, err := time.ParseInLocation(CompactTimestampLayout, s, jakarta); err == nil {
			return t, nil
		}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("snap: timestamp %q is not in a SNAP layout", s)
	}
	return t, nil
}

// Timestamp is a time field of a request, an answer or a notification, kept
// as the provider wrote it: it unmarshals any JSON string and marshals back
// byte for byte, so a signature over a re-encoded body and the raw answer
// agree. Time reads it; NewTimestamp writes one in a provider's layout.
// Every provider package uses this one type.
type Timestamp string

// NewTimestamp formats t in Jakarta time with layout (TimestampLayout if
// empty): TimestampLayout, TimestampLayoutMillis or CompactTimestampLayout.
func NewTimestamp(t time.Time, layout string) Timestamp {
	return Timestamp(FormatTimestamp(t, layout))
}

// Layouts of the direct-debit refund table's refundDate: "dd-MM-yyyy
// (Mandatory) HH:mm:ss (Optional)", in Jakarta time.
const (
	dateLayout     = "02-01-2006"
	dateTimeLayout = "02-01-2006 15:04:05"
)

// Time reads the timestamp in any layout a provider in scope writes:
// ISO 8601 / RFC 3339 with any offset and optional fractional seconds,
// yyyyMMddHHmmss (NICEPAY, the cancel table's transactionDate), dd-MM-yyyy
// with an optional " HH:mm:ss" (the refund table's refundDate), or epoch
// milliseconds as digits (DANA's finish notifications). The last three are
// Jakarta time; the result is always in Jakarta time. An empty timestamp is
// an error: the field was not sent.
func (t Timestamp) Time() (time.Time, error) {
	s := string(t)
	switch {
	case s == "":
		return time.Time{}, errors.New("snap: timestamp is empty")
	case len(s) == len(dateLayout) || len(s) == len(dateTimeLayout):
		for _, layout := range []string{dateLayout, dateTimeLayout} {
			if p, err := time.ParseInLocation(layout, s, jakarta); err == nil {
				return p, nil
			}
		}
	case allDigits(s) && len(s) != len(CompactTimestampLayout):
		if len(s) > 15 { // 15 digits of milliseconds already reach the year 33658
			return time.Time{}, fmt.Errorf("snap: timestamp %q is out of range", s)
		}
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("snap: timestamp %q: %w", s, err)
		}
		return time.UnixMilli(ms).In(jakarta), nil
	}
	p, err := ParseTimestamp(s)
	if err != nil {
		return time.Time{}, err
	}
	return p.In(jakarta), nil
}

// IsZero reports whether the timestamp is absent, so that
// `json:",omitzero"` leaves it out.
func (t Timestamp) IsZero() bool { return t == "" }

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ExternalIDDigits is the length of the X-EXTERNAL-ID that NewExternalID makes.
const ExternalIDDigits = 32

// NewExternalID returns a random numeric X-EXTERNAL-ID of ExternalIDDigits
// digits (the first never 0) from crypto/rand. Safe for concurrent use.
func NewExternalID() string {
	var out [ExternalIDDigits]byte
	var buf [64]byte
	i := 0
	for i < len(out) {
		_, _ = rand.Read(buf[:]) // never returns an error since Go 1.24
		for _, b := range buf {
			if b >= 250 { // reject to keep digits uniform
				continue
			}
			d := b % 10
			if i == 0 && d == 0 {
				continue
			}
			out[i] = '0' + d
			i++
			if i == len(out) {
				break
			}
		}
	}
	return string(out[:])
}
