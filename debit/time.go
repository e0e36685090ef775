package debit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/validate"
)

// Layouts of the refund table's refundDate: "dd-MM-yyyy (Mandatory)
// HH:mm:ss (Optional)", read as Jakarta time.
const (
	dateLayout     = "02-01-2006"
	dateTimeLayout = "02-01-2006 15:04:05"
)

// FormatTime formats t as the direct-debit pages write times (validUpTo,
// transactionDate): 2006-01-02T15:04:05+07:00, in Jakarta time whatever the
// zone of t or of the host.
func FormatTime(t time.Time) string {
	return snap.FormatTimestamp(t, snap.TimestampLayout)
}

// ParseTime reads a time field of a direct-debit answer or notification:
// ISO 8601 / RFC 3339 with any offset (with or without fractional seconds),
// yyyyMMddHHmmss (the cancel table's transactionDate), or dd-MM-yyyy with an
// optional " HH:mm:ss" (the refund table's refundDate); the last three are
// Jakarta time.
func ParseTime(s string) (time.Time, error) {
	switch len(s) {
	case len(dateLayout):
		if t, err := time.ParseInLocation(dateLayout, s, snap.Jakarta()); err == nil {
			return t, nil
		}
	case len(dateTimeLayout):
		if t, err := time.ParseInLocation(dateTimeLayout, s, snap.Jakarta()); err == nil {
			return t, nil
		}
	}
	t, err := snap.ParseTimestamp(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("debit: time %q is neither ISO 8601, yyyyMMddHHmmss nor dd-MM-yyyy [HH:mm:ss]", s)
	}
	return t, nil
}

// checkTime: an optional ISO 8601 time field of a request must be at most
// 25 characters and RFC 3339 (FormatTime's form).
func checkTime(v *validate.Checker, field, s string) {
	if s == "" {
		return
	}
	v.MaxLen(field, s, 25)
	if _, err := time.Parse(time.RFC3339, s); err != nil {
		v.Fail(field, "must be an ISO 8601 time such as 2020-12-23T07:44:11+07:00 (got %d characters)", len(s))
	}
}

// checkObject: additionalInfo, when given, must be a JSON object or null.
func checkObject(v *validate.Checker, field string, raw json.RawMessage) {
	if len(raw) == 0 {
		return
	}
	t := bytes.TrimSpace(raw)
	if !json.Valid(t) || (t[0] != '{' && !bytes.Equal(t, []byte("null"))) {
		v.Fail(field, "must be a JSON object or null (got %d bytes)", len(raw))
	}
}
