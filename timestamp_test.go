package snap

import (
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFormatTimestampAnyZone(t *testing.T) {
	instant := time.Date(2021, 12, 3, 3, 37, 11, 123456789, time.UTC)
	zones := []*time.Location{time.UTC, time.FixedZone("NY", -5*3600), time.FixedZone("Tokyo", 9*3600), time.Local}
	for _, z := range zones {
		in := instant.In(z)
		assert.Equal(t, "2021-12-03T10:37:11+07:00", FormatTimestamp(in, TimestampLayout), z.String())
		assert.Equal(t, "2021-12-03T10:37:11.123+07:00", FormatTimestamp(in, TimestampLayoutMillis), z.String())
		assert.Equal(t, "20211203103711", FormatTimestamp(in, CompactTimestampLayout), z.String())
	}
	assert.Len(t, FormatTimestamp(instant, ""), 25)
	assert.Len(t, FormatTimestamp(instant, TimestampLayoutMillis), 29)
	// Crossing midnight in Jakarta while still the previous day in UTC.
	assert.Equal(t, "2021-12-04T00:30:00+07:00", FormatTimestamp(time.Date(2021, 12, 3, 17, 30, 0, 0, time.UTC), ""))
}

func TestParseTimestamp(t *testing.T) {
	want := time.Date(2021, 12, 3, 3, 37, 11, 0, time.UTC)
	for _, s := range []string{"2021-12-03T10:37:11+07:00", "2021-12-03T10:37:11.000+07:00", "20211203103711", "2021-12-03T03:37:11Z"} {
		got, err := ParseTimestamp(s)
		require.NoError(t, err, s)
		assert.True(t, want.Equal(got), s)
	}
	_, err := ParseTimestamp("03-12-2021")
	assert.ErrorContains(t, err, "not in a SNAP layout")
}

func TestNewExternalID(t *testing.T) {
	re := regexp.MustCompile(`^[1-9][0-9]{31}$`)
	seen := sync.Map{}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				id := NewExternalID()
				if !re.MatchString(id) {
					t.Errorf("bad id %q", id)
				}
				if _, dup := seen.LoadOrStore(id, true); dup {
					t.Errorf("duplicate id %q", id)
				}
			}
		}()
	}
	wg.Wait()
}
