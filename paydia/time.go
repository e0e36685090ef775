package paydia

import (
	"fmt"
	"time"

	"github.com/snapbi/snap"
)

// ParseTime parses a Paydia time such as voidTime ("2024-08-20T13:57:59+07:00").
// The offset is kept exactly as sent: Paydia's own sample carries "-07:00",
// which is read as UTC-07:00, not corrected to Jakarta time. Call
// t.In(snap.Jakarta()) to show it in Jakarta time.
func ParseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("paydia: time is empty")
	}
	t, err := snap.ParseTimestamp(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("paydia: %w", err)
	}
	return t, nil
}
