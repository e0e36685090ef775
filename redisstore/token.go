package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/snapbi/snap"
)

// TokenStore is a snap.TokenStore on Redis. It is safe for concurrent use.
type TokenStore struct{ conn }

var _ snap.TokenStore = (*TokenStore)(nil)

// NewTokenStore returns a TokenStore on rdb.
func NewTokenStore(rdb redis.UniversalClient, opts ...Option) *TokenStore {
	return &TokenStore{conn: newConn(rdb, opts)}
}

func (s *TokenStore) tokenKey(key string) string { return s.o.prefix + "token:" + key }
func (s *TokenStore) leaseKey(key string) string { return s.o.prefix + "token-lease:" + key }

// getScript reads a value and its remaining TTL at once.
var getScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if not v then return false end
return {v, redis.call('PTTL', KEYS[1])}
`)

// Get implements snap.TokenStore: one round trip (GET and PTTL in a script).
func (s *TokenStore) Get(ctx context.Context, key string) (string, time.Duration, bool, error) {
	v, err := getScript.Run(ctx, s.rdb, []string{s.tokenKey(key)}).Slice()
	if errors.Is(err, redis.Nil) {
		return "", 0, false, nil
	}
	if err != nil {
		return "", 0, false, fmt.Errorf("redisstore: get token: %w", err)
	}
	tok, _ := v[0].(string)
	ms, _ := v[1].(int64)
	if tok == "" || ms <= 0 { // -1: no TTL (not written by Set); -2: gone
		return "", 0, false, nil
	}
	return tok, time.Duration(ms) * time.Millisecond, true, nil
}

// Set implements snap.TokenStore: SET key token PX ttl.
func (s *TokenStore) Set(ctx context.Context, key, token string, ttl time.Duration) error {
	if ttl <= 0 {
		return nil
	}
	if err := s.rdb.Do(ctx, "SET", s.tokenKey(key), token, "PX", px(ttl)).Err(); err != nil {
		return fmt.Errorf("redisstore: set token: %w", err)
	}
	return nil
}

// Lock implements snap.TokenStore: SET lease-key lease NX PX ttl.
func (s *TokenStore) Lock(ctx context.Context, key string, ttl time.Duration) (string, bool, error) {
	lease := randomToken()
	err := s.rdb.Do(ctx, "SET", s.leaseKey(key), lease, "NX", "PX", px(ttl)).Err()
	if errors.Is(err, redis.Nil) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("redisstore: lock token: %w", err)
	}
	return lease, true, nil
}

// Unlock implements snap.TokenStore: compare-and-delete of the lease.
func (s *TokenStore) Unlock(ctx context.Context, key, lease string) error {
	return s.deleteIf(ctx, "unlock token", s.leaseKey(key), lease)
}

// Invalidate implements snap.TokenStore: compare-and-delete of the token.
func (s *TokenStore) Invalidate(ctx context.Context, key, token string) error {
	return s.deleteIf(ctx, "invalidate token", s.tokenKey(key), token)
}
