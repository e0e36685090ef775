package snap

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"
)

// TokenStore shares B2B access tokens among the Clients of a fleet, so that
// N replicas fetch one token per expiry instead of N — and providers that
// keep one live token per client id stop invalidating the tokens of the
// other replicas (401xx01 storms).
//
// The Client keeps a local copy of the token for as long as the store said
// it stays usable, so a store is read only when that copy is missing,
// expired or refused — about once per expiry per process, never on every
// call. On such a miss one goroutine of the process (the others wait for
// it) reads the store; when it holds no token it takes the key's lease with
// Lock, reads again (another replica may just have stored one), fetches,
// stores the token with Set for its lifetime less the renewal margin and
// unlocks. A replica that finds the lease taken polls Get until the token
// appears or the lease frees. After 401xx01 the refused token is dropped
// locally and, with Invalidate, from the store if it is still the stored
// one.
//
// A store is no reason to fail a payment call: when one of its operations
// fails or takes longer than a second, the Client logs the degradation once
// (WithLogger; once more when the store answers again) and fetches its own
// token, one fetch in flight per process, as it does without a store.
//
// Keys are hex SHA-256 digests of the provider's base URL, token path and
// partner id: no secret, nor the partner id itself, is ever part of a key.
// Implementations must be safe for concurrent use. The shape is the Redis
// lock pattern: Lock is SET key lease NX PX ttl, Unlock and Invalidate are
// compare-and-delete scripts; package redisstore implements it on Redis.
type TokenStore interface {
	// Get returns the token stored under key and how long it stays usable;
	// ok is false when none is stored. The lifetime is relative, since the
	// replicas' clocks and the store's need not agree.
	Get(ctx context.Context, key string) (token string, ttl time.Duration, ok bool, err error)
	// Set stores token under key for ttl.
	Set(ctx context.Context, key, token string, ttl time.Duration) error
	// Lock takes the fetch lease of key for ttl. ok is false when another
	// holder has it; when ok, lease identifies this holder for Unlock.
	Lock(ctx context.Context, key string, ttl time.Duration) (lease string, ok bool, err error)
	// Unlock frees key's lease if lease still holds it.
	Unlock(ctx context.Context, key, lease string) error
	// Invalidate drops the token stored under key if it is still token
	// (after the provider refused it with 401xx01).
	Invalidate(ctx context.Context, key, token string) error
}

// WithTokenStore shares the B2B token through store (a
// redisstore.TokenStore, or a MemoryTokenStore shared by the Clients of one
// process). The default is a MemoryTokenStore of the Client's own. See
// TokenStore for what is stored, when, and what happens when the store
// fails. A Client without a B2B token (Config.TokenPath "") never uses it.
func WithTokenStore(store TokenStore) Option {
	return func(c *Client) error {
		if store == nil {
			return errors.New("snap: WithTokenStore: nil store")
		}
		c.tokenStore = store
		return nil
	}
}

// TokenKey returns the key under which a Client with cfg keeps its B2B
// token in a TokenStore: a hex SHA-256 of the base URL, token path and
// partner id (no secret). Clients of the same provider account share it.
func TokenKey(cfg Config) string {
	h := sha256.New()
	for _, s := range []string{"snap b2b token", trimBaseURL(cfg.BaseURL), cfg.TokenPath, cfg.PartnerID} {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	return hex.EncodeToString(h.Sum(nil))
}

func trimBaseURL(s string) string { return strings.TrimRight(s, "/") }

// MemoryTokenStore is a TokenStore in one process's memory: the default of
// every Client, and a way for several Clients of the same account in one
// process to share one token. Its zero value is ready to use. Several
// replicas need a shared store (package redisstore).
type MemoryTokenStore struct {
	mu     sync.Mutex
	now    func() time.Time // nil: time.Now (a Client's own store follows WithClock)
	tokens map[string]memoryToken
	leases map[string]memoryToken
	seq    uint64
}

type memoryToken struct {
	value   string
	expires time.Time
}

// NewMemoryTokenStore returns an empty MemoryTokenStore.
func NewMemoryTokenStore() *MemoryTokenStore { return &MemoryTokenStore{} }

func (m *MemoryTokenStore) clock() time.Time {
	if m.now != nil {
		return m.now()
	}
	return time.Now()
}

// Get implements TokenStore.
func (m *MemoryTokenStore) Get(_ context.Context, key string) (string, time.Duration, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.tokens[key]
	if !ok {
		return "", 0, false, nil
	}
	ttl := t.expires.Sub(m.clock())
	if ttl <= 0 {
		delete(m.tokens, key)
		return "", 0, false, nil
	}
	return t.value, ttl, true, nil
}

// Set implements TokenStore.
func (m *MemoryTokenStore) Set(_ context.Context, key, token string, ttl time.Duration) error {
	if ttl <= 0 {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.tokens == nil {
		m.tokens = map[string]memoryToken{}
	}
	m.tokens[key] = memoryToken{value: token, expires: m.clock().Add(ttl)}
	return nil
}

// Lock implements TokenStore.
func (m *MemoryTokenStore) Lock(_ context.Context, key string, ttl time.Duration) (string, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.clock()
	if l, ok := m.leases[key]; ok && now.Before(l.expires) {
		return "", false, nil
	}
	if m.leases == nil {
		m.leases = map[string]memoryToken{}
	}
	m.seq++
	lease := strconv.FormatUint(m.seq, 10)
	m.leases[key] = memoryToken{value: lease, expires: now.Add(ttl)}
	return lease, true, nil
}

// Unlock implements TokenStore.
func (m *MemoryTokenStore) Unlock(_ context.Context, key, lease string) error {
	m.deleteIf(&m.leases, key, lease)
	return nil
}

// Invalidate implements TokenStore.
func (m *MemoryTokenStore) Invalidate(_ context.Context, key, token string) error {
	m.deleteIf(&m.tokens, key, token)
	return nil
}

// deleteIf deletes key from *entries if it still holds value, so that only
// the holder frees it. entries is a pointer: the maps are made lazily under
// the lock.
func (m *MemoryTokenStore) deleteIf(entries *map[string]memoryToken, key, value string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := (*entries)[key]; ok && e.value == value {
		delete(*entries, key)
	}
}
