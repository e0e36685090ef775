package demo

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/snaptest"
)

var required = []string{"DEMO_PARTNER_ID", "DEMO_CHANNEL_ID", "DEMO_PRIVATE_KEY_FILE"}

func TestAllOrNone(t *testing.T) {
	for _, k := range required {
		t.Setenv(k, "")
	}
	real, err := AllOrNone(required, "the simulated X")
	require.NoError(t, err)
	assert.False(t, real, "none set: the simulator")

	t.Setenv("DEMO_PARTNER_ID", "p")
	_, err = AllOrNone(required, "the simulated X")
	require.EqualError(t, err, "set all of DEMO_PARTNER_ID, DEMO_CHANNEL_ID, DEMO_PRIVATE_KEY_FILE for a real call, "+
		"or none for the simulated X (missing DEMO_CHANNEL_ID, DEMO_PRIVATE_KEY_FILE)")

	t.Setenv("DEMO_CHANNEL_ID", "95221")
	t.Setenv("DEMO_PRIVATE_KEY_FILE", "k.pem")
	real, err = AllOrNone(required, "the simulated X")
	require.NoError(t, err)
	assert.True(t, real)
}

func TestAccountFromTheSettings(t *testing.T) {
	t.Setenv("DEMO_BASE_URL", "https://provider.invalid")
	t.Setenv("DEMO_PARTNER_ID", "partner")
	t.Setenv("DEMO_CHANNEL_ID", "95221")
	t.Setenv("DEMO_CLIENT_SECRET", "secret")
	t.Setenv("DEMO_CUSTOMER_TOKEN", "customer")
	t.Setenv("DEMO_PRIVATE_KEY_FILE", testkit.KeyPath("partner_pkcs8.pem"))
	simulate := func(*Run) *snaptest.Server { t.Fatal("a real account started the simulator"); return nil }

	var r Run
	acct, err := r.Account("DEMO", required, "the simulated X", simulate)
	require.NoError(t, err)
	assert.False(t, acct.Simulated)
	assert.Equal(t, "https://provider.invalid", acct.BaseURL)
	assert.Equal(t, "partner", acct.PartnerID)
	assert.Equal(t, "95221", acct.ChannelID)
	assert.Equal(t, "secret", acct.ClientSecret.Reveal())
	assert.Equal(t, "customer", acct.CustomerToken)
	assert.True(t, testkit.PartnerKey(t).PublicKey.Equal(acct.PrivateKey.Public()), "the key of DEMO_PRIVATE_KEY_FILE")

	t.Setenv("DEMO_PRIVATE_KEY_FILE", filepath.Join(t.TempDir(), "none.pem"))
	_, err = r.Account("DEMO", required, "the simulated X", simulate)
	require.ErrorContains(t, err, "DEMO_PRIVATE_KEY_FILE: ")
}

func TestAccountOfTheSimulator(t *testing.T) {
	for _, k := range required {
		t.Setenv(k, "")
	}
	var srv *snaptest.Server
	var r Run
	acct, err := r.Account("DEMO", required, "the simulated X", func(r *Run) *snaptest.Server {
		srv = r.Simulate(snaptest.Generic, snaptest.WithPartnerKey(testkit.PartnerKey(t)))
		return srv
	})
	require.NoError(t, err)
	assert.True(t, acct.Simulated)
	assert.Equal(t, srv.URL, acct.BaseURL)
	assert.Equal(t, srv.PartnerID(), acct.PartnerID)
	assert.Equal(t, srv.ClientSecret(), acct.ClientSecret)
	assert.Equal(t, srv.CustomerToken(), acct.CustomerToken)

	ctx := r.Context(time.Minute)
	r.end()
	assert.Error(t, ctx.Err(), "the run's end cancels its contexts")
}
