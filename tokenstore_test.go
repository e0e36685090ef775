package snap

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/fleettest"
	"github.com/snapbi/snap/internal/testkit"
)

var fleetStatus = &Request{Path: fleettest.StatusPath, ServiceCode: 55, Idempotent: true}

// fleetClient is one replica: its own connection pool.
func fleetClient(t *testing.T, p *fleettest.Provider, opts ...Option) *Client {
	t.Helper()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c, err := NewClient(Config{
		BaseURL: p.URL, PartnerID: "partner-1", ChannelID: "95221", ClientSecret: "s3cr3t-client-secret",
		PrivateKey: NewPrivateKey(testkit.PartnerKey(t)), Signature: Symmetric, TokenPath: fleettest.TokenPath,
	}, append([]Option{WithHTTPClient(&http.Client{Transport: tr})}, opts...)...)
	require.NoError(t, err)
	return c
}

func newFleetProvider(t *testing.T, opts fleettest.Options) *fleettest.Provider {
	p := fleettest.New(opts)
	t.Cleanup(p.Close)
	return p
}

func TestMemoryTokenStore(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	m := &MemoryTokenStore{now: func() time.Time { return now }}

	_, _, ok, err := m.Get(ctx, "k")
	require.NoError(t, err)
	assert.False(t, ok, "empty store")

	require.NoError(t, m.Set(ctx, "k", "tok-1", time.Minute))
	tok, ttl, ok, err := m.Get(ctx, "k")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "tok-1", tok)
	assert.Equal(t, time.Minute, ttl)

	require.NoError(t, m.Invalidate(ctx, "k", "tok-0"))
	_, _, ok, _ = m.Get(ctx, "k")
	assert.True(t, ok, "invalidating another token keeps the stored one")
	require.NoError(t, m.Invalidate(ctx, "k", "tok-1"))
	_, _, ok, _ = m.Get(ctx, "k")
	assert.False(t, ok, "the refused token is dropped")

	require.NoError(t, m.Set(ctx, "k", "tok-2", time.Minute))
	now = now.Add(time.Minute)
	_, _, ok, _ = m.Get(ctx, "k")
	assert.False(t, ok, "expired")

	lease, ok, err := m.Lock(ctx, "k", time.Second)
	require.NoError(t, err)
	require.True(t, ok)
	_, ok, _ = m.Lock(ctx, "k", time.Second)
	assert.False(t, ok, "the lease is held")
	_, ok, _ = m.Lock(ctx, "other", time.Second)
	assert.True(t, ok, "leases are per key")
	require.NoError(t, m.Unlock(ctx, "k", lease+"x"))
	_, ok, _ = m.Lock(ctx, "k", time.Second)
	assert.False(t, ok, "another lease does not unlock")
	require.NoError(t, m.Unlock(ctx, "k", lease))
	lease2, ok, _ := m.Lock(ctx, "k", time.Second)
	assert.True(t, ok, "unlocked")
	assert.NotEqual(t, lease, lease2)
	now = now.Add(time.Second)
	_, ok, _ = m.Lock(ctx, "k", time.Second)
	assert.True(t, ok, "a lease runs out")
}

func TestTokenKey(t *testing.T) {
	base := Config{BaseURL: "https://api.example.id/snap", PartnerID: "partner-1", TokenPath: "/v1.0/access-token/b2b", ClientSecret: "s3cr3t"}
	key := TokenKey(base)
	assert.Regexp(t, `^[0-9a-f]{64}$`, key)
	for _, s := range []string{"partner-1", "s3cr3t", "example"} {
		assert.NotContains(t, key, s)
	}
	for _, tc := range []struct {
		name   string
		change func(*Config)
		same   bool
	}{
		{"trailing slash", func(c *Config) { c.BaseURL += "/" }, true},
		{"another secret", func(c *Config) { c.ClientSecret = "other" }, true},
		{"another channel", func(c *Config) { c.ChannelID = "1" }, true},
		{"another partner", func(c *Config) { c.PartnerID = "partner-2" }, false},
		{"another provider", func(c *Config) { c.BaseURL = "https://api.other.id/snap" }, false},
		{"another token path", func(c *Config) { c.TokenPath = "/v2.0/access-token/b2b" }, false},
		{"fields do not run together", func(c *Config) { c.BaseURL, c.TokenPath = base.BaseURL+"/v1.0", "/access-token/b2b" }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := base
			tc.change(&cfg)
			if tc.same {
				assert.Equal(t, key, TokenKey(cfg))
			} else {
				assert.NotEqual(t, key, TokenKey(cfg))
			}
		})
	}
}

// loadClients makes calls concurrent calls on each client and returns how
// many failed.
func loadClients(clients []*Client, calls int) int64 {
	var failed atomic.Int64
	var wg sync.WaitGroup
	for _, c := range clients {
		for range calls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.Do(context.Background(), fleetStatus, nil); err != nil {
					failed.Add(1)
				}
			}()
		}
	}
	wg.Wait()
	return failed.Load()
}

func TestTokenStoreSharedByClients(t *testing.T) {
	for _, tc := range []struct {
		name    string
		shared  bool
		fetches int64
	}{
		{"one store for the eight", true, 1},
		{"a store each", false, 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := newFleetProvider(t, fleettest.Options{TokenDelay: 20 * time.Millisecond})
			store := NewMemoryTokenStore()
			var clients []*Client
			for range 8 {
				var opts []Option
				if tc.shared {
					opts = append(opts, WithTokenStore(store))
				}
				clients = append(clients, fleetClient(t, p, opts...))
			}
			assert.Zero(t, loadClients(clients, 100))
			assert.Equal(t, tc.fetches, p.Fetches())
			assert.EqualValues(t, 800, p.Calls())
		})
	}
}

// flakyStore is a MemoryTokenStore that fails while down is set.
type flakyStore struct {
	MemoryTokenStore
	down  atomic.Bool
	calls atomic.Int64
}

var errStoreDown = errors.New("store down")

func (f *flakyStore) fail() error {
	f.calls.Add(1)
	if f.down.Load() {
		return errStoreDown
	}
	return nil
}

func (f *flakyStore) Get(ctx context.Context, key string) (string, time.Duration, bool, error) {
	if err := f.fail(); err != nil {
		return "", 0, false, err
	}
	return f.MemoryTokenStore.Get(ctx, key)
}

func (f *flakyStore) Lock(ctx context.Context, key string, ttl time.Duration) (string, bool, error) {
	if err := f.fail(); err != nil {
		return "", false, err
	}
	return f.MemoryTokenStore.Lock(ctx, key, ttl)
}

func (f *flakyStore) Set(ctx context.Context, key, token string, ttl time.Duration) error {
	if err := f.fail(); err != nil {
		return err
	}
	return f.MemoryTokenStore.Set(ctx, key, token, ttl)
}

func TestTokenStoreDownFallsBackAndLogsOnce(t *testing.T) {
	p := newFleetProvider(t, fleettest.Options{})
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	store := &flakyStore{}
	store.now = clock
	store.down.Store(true)
	var logs fleettest.Logs
	c := fleetClient(t, p, WithTokenStore(store), WithClock(clock), WithLogger(logs.Logger()))

	assert.Zero(t, loadClients([]*Client{c}, 50), "calls go on without the store")
	assert.EqualValues(t, 1, p.Fetches(), "still one fetch in flight per process")
	advance(15 * time.Minute) // the local copy expired: renew again, still without the store
	assert.Zero(t, loadClients([]*Client{c}, 50))
	assert.EqualValues(t, 2, p.Fetches())
	assert.Equal(t, 1, logs.Count(logTokenStoreFailed), "the degradation is logged once, not per call")
	assert.Zero(t, logs.Count(logTokenStoreBack))

	store.down.Store(false)
	advance(15 * time.Minute)
	assert.Zero(t, loadClients([]*Client{c}, 50))
	assert.EqualValues(t, 3, p.Fetches())
	assert.Equal(t, 1, logs.Count(logTokenStoreBack))
	tok, _, ok, err := store.Get(context.Background(), TokenKey(c.Config()))
	require.NoError(t, err)
	assert.True(t, ok, "the store has the token again")
	assert.Equal(t, "tok-3", tok)
}

// stallStore never answers Get, whatever its context says.
type stallStore struct {
	MemoryTokenStore
	release chan struct{}
}

func (s *stallStore) Get(context.Context, string) (string, time.Duration, bool, error) {
	<-s.release
	return "", 0, false, errStoreDown
}

func TestTokenStoreStallIsBounded(t *testing.T) {
	p := newFleetProvider(t, fleettest.Options{})
	store := &stallStore{release: make(chan struct{})}
	t.Cleanup(func() { close(store.release) })

	t.Run("the call's context ends first", func(t *testing.T) {
		c := fleetClient(t, p, WithTokenStore(store))
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := c.Do(ctx, fleetStatus, nil)
		assert.ErrorIs(t, err, context.DeadlineExceeded, "returns when the context ends, not when the store answers")
		assert.Zero(t, p.Calls(), "nothing was sent")
	})
	t.Run("the store's bound ends first", func(t *testing.T) {
		c := fleetClient(t, p, WithTokenStore(store))
		ctx, cancel := context.WithTimeout(context.Background(), 10*tokenStoreTimeout)
		defer cancel()
		_, err := c.Do(ctx, fleetStatus, nil)
		require.NoError(t, err, "the token is fetched without the store")
		assert.EqualValues(t, 1, p.Fetches())
	})
}

// watchedStore counts the leases it refused.
type watchedStore struct {
	*MemoryTokenStore
	busy atomic.Int64
}

func (w *watchedStore) Lock(ctx context.Context, key string, ttl time.Duration) (string, bool, error) {
	lease, ok, err := w.MemoryTokenStore.Lock(ctx, key, ttl)
	if err == nil && !ok {
		w.busy.Add(1)
	}
	return lease, ok, err
}

func TestTokenStoreWaitsForTheLeaseHolder(t *testing.T) {
	ctx := context.Background()
	t.Run("the holder stores a token", func(t *testing.T) {
		p := newFleetProvider(t, fleettest.Options{})
		store := &watchedStore{MemoryTokenStore: NewMemoryTokenStore()}
		c := fleetClient(t, p, WithTokenStore(store))
		key := TokenKey(c.Config())
		lease, ok, err := store.Lock(ctx, key, time.Minute) // another replica fetching
		require.NoError(t, err)
		require.True(t, ok)

		done := make(chan error, 1)
		go func() { _, err := c.Do(ctx, fleetStatus, nil); done <- err }()
		require.Eventually(t, func() bool { return store.busy.Load() > 0 }, 5*time.Second, time.Millisecond, "the client found the lease taken")
		tok := p.Issue() // the other replica's fetch
		require.NoError(t, store.Set(ctx, key, tok, time.Minute))
		require.NoError(t, store.Unlock(ctx, key, lease))
		require.NoError(t, <-done)
		assert.EqualValues(t, 1, p.Fetches(), "the waiting client used the holder's token")
	})
	t.Run("the holder dies", func(t *testing.T) {
		p := newFleetProvider(t, fleettest.Options{})
		store := &watchedStore{MemoryTokenStore: NewMemoryTokenStore()}
		c := fleetClient(t, p, WithTokenStore(store))
		_, ok, err := store.Lock(ctx, TokenKey(c.Config()), 100*time.Millisecond)
		require.NoError(t, err)
		require.True(t, ok)
		_, err = c.Do(ctx, fleetStatus, nil)
		require.NoError(t, err)
		assert.Positive(t, store.busy.Load(), "the client waited for the lease")
		assert.EqualValues(t, 1, p.Fetches(), "then fetched itself")
	})
}

func TestTokenRefusedIsDroppedFromTheStore(t *testing.T) {
	ctx := context.Background()
	p := newFleetProvider(t, fleettest.Options{OneLive: true})
	store := NewMemoryTokenStore()
	a := fleetClient(t, p, WithTokenStore(store))
	b := fleetClient(t, p, WithTokenStore(store))
	key := TokenKey(a.Config())
	for _, c := range []*Client{a, b} {
		_, err := c.Do(ctx, fleetStatus, nil)
		require.NoError(t, err)
	}
	require.EqualValues(t, 1, p.Fetches(), "both hold tok-1")

	p.Issue() // tok-2, issued elsewhere, kills tok-1
	resp, err := a.Do(ctx, fleetStatus, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts, "401xx01, then the renewed token")
	tok, _, ok, _ := store.Get(ctx, key)
	require.True(t, ok)
	assert.Equal(t, "tok-3", tok, "the refused token was replaced in the store")

	resp, err = b.Do(ctx, fleetStatus, nil)
	require.NoError(t, err)
	assert.Equal(t, 2, resp.Attempts)
	assert.EqualValues(t, 3, p.Fetches(), "b took a's token from the store instead of fetching (and killing) another")
	assert.EqualValues(t, 2, p.Refused())
}

// The key names no secret and the logs name neither the key's inputs nor
// any token.
func TestTokenStoreLogsNoSecret(t *testing.T) {
	p := newFleetProvider(t, fleettest.Options{})
	store := &flakyStore{}
	store.down.Store(true)
	var buf strings.Builder
	var mu sync.Mutex
	c := fleetClient(t, p, WithTokenStore(store), WithLogger(slog.New(slog.NewTextHandler(lockedWriter{&buf, &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	_, err := c.Do(context.Background(), fleetStatus, nil)
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	assert.Contains(t, buf.String(), "token store failed")
	for _, s := range []string{"s3cr3t-client-secret", "tok-1"} {
		assert.NotContains(t, buf.String(), s)
	}
}

func TestRenewalMargin(t *testing.T) {
	for lifetime, want := range map[time.Duration]time.Duration{
		2 * time.Second:   200 * time.Millisecond,
		5 * time.Minute:   30 * time.Second,
		900 * time.Second: time.Minute,
		2 * time.Hour:     time.Minute,
	} {
		assert.Equal(t, want, margin(lifetime), "lifetime %v", lifetime)
	}
}

// The token is stored for its lifetime less the margin, and a Client that
// finds it in the store uses it no longer than the store says.
func TestTokenStoredForLifetimeLessMargin(t *testing.T) {
	ctx := context.Background()
	p := newFleetProvider(t, fleettest.Options{Lifetime: 900 * time.Second})
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	store := &MemoryTokenStore{now: clock}
	a := fleetClient(t, p, WithTokenStore(store), WithClock(clock))
	_, err := a.Do(ctx, fleetStatus, nil)
	require.NoError(t, err)
	_, ttl, ok, _ := store.Get(ctx, TokenKey(a.Config()))
	require.True(t, ok)
	assert.Equal(t, 840*time.Second, ttl)

	mu.Lock()
	now = now.Add(800 * time.Second)
	mu.Unlock()
	b := fleetClient(t, p, WithTokenStore(store), WithClock(clock))
	_, err = b.Do(ctx, fleetStatus, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 1, p.Fetches(), "b read a's token")
	mu.Lock()
	now = now.Add(41 * time.Second) // past the stored TTL: b's copy ran out with it
	mu.Unlock()
	_, err = b.Do(ctx, fleetStatus, nil)
	require.NoError(t, err)
	assert.EqualValues(t, 2, p.Fetches())
}
