package nicepay

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testvectors"
)

// Retyped from NICEPAY's documentation (../shared/testvectors/signatures.json).
func TestMerchantTokenKnownAnswers(t *testing.T) {
	const key = "33F49GnCMS1mFYlGXisbUDzVf2ATWCl9k3R++d5hDd3Frmuos/XLx8XhXpe+LDYAbpGKZYSwtlyyLOtS/8aD7A=="
	assert.Equal(t, "66141d60572e570045c4f3e9965f3452d511496841981e8a2af6a24a7038a119",
		MerchantToken("20180123100505", "IONPAYTEST", "IONPAYTEST01202103311759347262", "10000", key))
	assert.Equal(t, "49974dde3c4a311030bd2095431443ce3689d79c90caaa88f4186050abb77cf9",
		MerchantToken("20221212101278", "IONPAYTEST", "IONPAYTEST03202212121030529316", "10000", key))
}

func TestMerchantTokenSharedVectors(t *testing.T) {
	var v testvectors.Signatures
	testvectors.Load(t, "signatures.json", &v)
	for _, m := range v.NICEPAYMerchantToken {
		assert.Equal(t, m.MerchantToken, MerchantToken(m.TimeStamp, m.IMID, m.TXID, m.Amt, m.MerchantKey), m.Name)
	}
}

// NewTimestamp writes Jakarta time whatever the zone it is given, in the
// layout MerchantToken's known answers use.
func TestNewTimestamp(t *testing.T) {
	at := time.Date(2018, 1, 23, 3, 5, 5, 0, time.UTC) // 10:05:05 in Jakarta
	for _, zone := range []*time.Location{time.UTC, time.FixedZone("EST", -5*3600), snap.Jakarta()} {
		assert.Equal(t, snap.Timestamp("20180123100505"), NewTimestamp(at.In(zone)), zone.String())
	}
	got, err := NewTimestamp(at).Time()
	require.NoError(t, err)
	assert.True(t, got.Equal(at), got)
}
