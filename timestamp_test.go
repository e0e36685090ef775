package snap

import (
	"encoding/json"
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

func TestTimestampTime(t *testing.T) {
	wib := Jakarta()
	tests := []struct {
		name string
		in   Timestamp
		want time.Time
		err  bool
	}{
		{"SNAP seconds", "2020-12-23T07:44:11+07:00", time.Date(2020, 12, 23, 7, 44, 11, 0, wib), false},
		{"other offset read as the same instant", "2020-12-23T00:44:11Z", time.Date(2020, 12, 23, 7, 44, 11, 0, wib), false},
		{"PayerMax millis", "2024-03-13T18:41:52.123+07:00", time.Date(2024, 3, 13, 18, 41, 52, 123e6, wib), false},
		{"NICEPAY compact is Jakarta", "20211203103711", time.Date(2021, 12, 3, 10, 37, 11, 0, wib), false},
		{"refund date", "23-12-2020", time.Date(2020, 12, 23, 0, 0, 0, 0, wib), false},
		{"refund date and time", "23-12-2020 07:44:11", time.Date(2020, 12, 23, 7, 44, 11, 0, wib), false},
		{"DANA epoch millis", "1757998647000", time.UnixMilli(1757998647000), false},
		{"empty", "", time.Time{}, true},
		{"sixteen digits", "1234567890123456", time.Time{}, true},
		{"ten characters that are no date", "2020/12/23", time.Time{}, true},
		{"words", "yesterday", time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.in.Time()
			if tt.err {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(got), "got %v", got)
			assert.Equal(t, wib, got.Location())
		})
	}
}

func TestTimestampRoundTripsBytes(t *testing.T) {
	type body struct {
		At  Timestamp `json:"at,omitzero"`
		Not Timestamp `json:"not,omitzero"`
	}
	in := []byte(`{"at":"2020-12-23T07:44:11.5+07:00"}`)
	var b body
	require.NoError(t, json.Unmarshal(in, &b))
	out, err := json.Marshal(b)
	require.NoError(t, err)
	assert.Equal(t, string(in), string(out))
	assert.Equal(t, Timestamp("2021-12-03T10:37:11+07:00"), NewTimestamp(time.Date(2021, 12, 3, 3, 37, 11, 0, time.UTC), ""))
}

func FuzzTimestampTime(f *testing.F) {
	for _, s := range []string{"2020-12-23T07:44:11+07:00", "20211203103711", "23-12-2020 07:44:11", "1757998647000", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Timestamp(s).Time()
		if err == nil && got.Location() != Jakarta() {
			t.Fatalf("%q read in %v", s, got.Location())
		}
	})
}
