package dana

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewClientConfigErrors(t *testing.T) {
	key := testkit.PartnerKey(t)
	valid := Config{BaseURL: SandboxBaseURL, PartnerID: "partner", ChannelID: "95221", PrivateKey: snap.NewPrivateKey(key)}
	tests := []struct {
		name string
		edit func(c *Config)
		want string
	}{
		{"no base URL", func(c *Config) { c.BaseURL = "" }, "BaseURL is required"},
		{"bad base URL", func(c *Config) { c.BaseURL = "api.sandbox.dana.id" }, "not an http(s) URL"},
		{"no partner id", func(c *Config) { c.PartnerID = "" }, "PartnerID (DANA's clientId"},
		{"partner id too long", func(c *Config) { c.PartnerID = "1234567890123456789012345678901234567" }, "at most 36"},
		{"no channel id", func(c *Config) { c.ChannelID = "" }, "ChannelID"},
		{"channel id too long", func(c *Config) { c.ChannelID = "123456" }, "at most 5"},
		{"no private key", func(c *Config) { c.PrivateKey = snap.PrivateKey{} }, "PrivateKey is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid
			tt.edit(&cfg)
			c, err := NewClient(cfg)
			assert.Nil(t, c)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Contains(t, err.Error(), "dana: ")
		})
	}
	c, err := NewClient(valid)
	require.NoError(t, err)
	core := c.Core().Config()
	assert.Equal(t, snap.Asymmetric, core.Signature)
	assert.Empty(t, core.TokenPath, "DANA uses no B2B token")
	assert.Equal(t, snap.TimestampLayout, core.TimestampLayout)

	// DANA's page: "CHANNEL-ID | 1 - 5 characters"; its Node SDK sends 32.
	// The page's limit holds unless the merchant raises it.
	long := valid
	long.ChannelID = "12345678901234567890123456789012"
	_, err = NewClient(long)
	assert.ErrorContains(t, err, "at most 5 characters (got 32)")
	long.MaxChannelIDLength = 32
	_, err = NewClient(long)
	require.NoError(t, err)

	_, err = NewClient(valid, snap.WithTimeout(-time.Second))
	assert.ErrorContains(t, err, "WithTimeout")
}

func TestConfigNeverPrintsTheKey(t *testing.T) {
	key := testkit.PartnerKey(t)
	cfg := Config{BaseURL: SandboxBaseURL, PartnerID: "partner", ChannelID: "95221", PrivateKey: snap.NewPrivateKey(key)}
	secret := key.D.String()[:20]
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(format, cfg)
		assert.NotContains(t, out, secret, format)
		assert.Contains(t, out, "<redacted>", format)
		assert.Contains(t, out, "partner", format)
	}
	assert.Contains(t, fmt.Sprintf("%+v", Config{}), "PrivateKey:<nil>")
}

// deadlineRecorder is an http.RoundTripper that records how long each
// request's context had left and answers DANA's success.
type deadlineRecorder struct {
	mu   sync.Mutex
	left []time.Duration
}

func (d *deadlineRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	dl, ok := r.Context().Deadline()
	d.mu.Lock()
	if ok {
		d.left = append(d.left, time.Until(dl))
	} else {
		d.left = append(d.left, -1)
	}
	d.mu.Unlock()
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
		Body: http.NoBody, Request: r}, nil
}

func TestPerAttemptTimeout(t *testing.T) {
	run := func(opts ...snap.Option) time.Duration {
		rec := &deadlineRecorder{}
		c, err := NewClient(Config{BaseURL: SandboxBaseURL, PartnerID: "partner", ChannelID: "95221", PrivateKey: snap.NewPrivateKey(testkit.PartnerKey(t))},
			append([]snap.Option{snap.WithHTTPClient(&http.Client{Transport: rec}), snap.WithRetry(snap.NoRetry())}, opts...)...)
		require.NoError(t, err)
		_, _ = c.CancelOTC(context.Background(), seedRequest())
		rec.mu.Lock()
		defer rec.mu.Unlock()
		require.Len(t, rec.left, 1)
		return rec.left[0]
	}
	// DANA's expected timeout, 8 seconds, bounds each attempt by default.
	def := run()
	assert.Greater(t, def, 7*time.Second)
	assert.LessOrEqual(t, def, 8*time.Second)
	// The caller's snap.WithTimeout wins.
	custom := run(snap.WithTimeout(2 * time.Second))
	assert.Greater(t, custom, time.Second)
	assert.LessOrEqual(t, custom, 2*time.Second)
}

func TestDefaultRetryPolicy(t *testing.T) {
	p := DefaultRetryPolicy()
	assert.Equal(t, 3, p.MaxAttempts, "DANA: retry maximum 3 attempts")
	p.MaxAttempts = 9
	assert.Equal(t, 3, DefaultRetryPolicy().MaxAttempts)
}
