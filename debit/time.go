package debit

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/validate"
)

// NewTimestamp formats t as the direct-debit pages write times (validUpTo,
// transactionDate): 2006-01-02T15:04:05+07:00, in Jakarta time whatever the
// zone of t or of the host. Read any time field with its Time method.
func NewTimestamp(t time.Time) snap.Timestamp {
	return snap.NewTimestamp(t, snap.TimestampLayout)
}

// checkTime: an optional ISO 8601 time field of a request must be at most
// 25 characters and RFC 3339 (NewTimestamp's form).
func checkTime(v *validate.Checker, field string, ts snap.Timestamp) {
	s := string(ts)
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
