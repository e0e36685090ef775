package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/snapbi/snap"
)

// ClaimStore is a snap.ClaimStore on Redis. It is safe for concurrent use.
type ClaimStore struct{ conn }

var _ snap.ClaimStore = (*ClaimStore)(nil)

// NewClaimStore returns a ClaimStore on rdb.
func NewClaimStore(rdb redis.UniversalClient, opts ...Option) *ClaimStore {
	return &ClaimStore{conn: newConn(rdb, opts)}
}

// done marks a handled notification; claim tokens are hex, never "done".
const done = "done"

// ErrLeaseLost is returned by Complete when the claim's lease had run out
// and another delivery had taken the notification: it may have been
// handled twice. The notification is marked done all the same. Lengthen
// snap.WithClaimLease beyond the slowest handling.
var ErrLeaseLost = errors.New("redisstore: the claim's lease ran out and another delivery took it")

func (s *ClaimStore) key(key string) string { return s.o.prefix + "claim:" + key }

// claimScript: SET NX PX, else tell done (3) from in flight (2).
var claimScript = redis.NewScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[3] then return 3 end
return 2
`)

// completeScript marks the key done for the window, and answers whether
// the claim was still the caller's (or had lapsed untaken).
var completeScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
if v == ARGV[1] or not v then return 1 end
return 0
`)

// Claim implements snap.ClaimStore in one round trip.
func (s *ClaimStore) Claim(ctx context.Context, key string, ttl time.Duration) (snap.ClaimState, string, error) {
	token := randomToken()
	n, err := claimScript.Run(ctx, s.rdb, []string{s.key(key)}, token, px(ttl), done).Int()
	if err != nil {
		return 0, "", fmt.Errorf("redisstore: claim: %w", err)
	}
	switch n {
	case 1:
		return snap.Claimed, token, nil
	case 2:
		return snap.InFlight, "", nil
	case 3:
		return snap.Done, "", nil
	}
	return 0, "", fmt.Errorf("redisstore: claim: unexpected answer %d", n)
}

// Complete implements snap.ClaimStore: the key becomes the done marker
// with the dedupe window as TTL, even when the lease ran out meanwhile
// (the notification was handled either way); ErrLeaseLost says another
// delivery had taken it.
func (s *ClaimStore) Complete(ctx context.Context, key, token string, ttl time.Duration) error {
	n, err := completeScript.Run(ctx, s.rdb, []string{s.key(key)}, token, done, px(ttl)).Int()
	if err != nil {
		return fmt.Errorf("redisstore: complete: %w", err)
	}
	if n != 1 {
		return ErrLeaseLost
	}
	return nil
}

// Release implements snap.ClaimStore: compare-and-delete of the claim.
func (s *ClaimStore) Release(ctx context.Context, key, token string) error {
	return s.deleteIf(ctx, "release", s.key(key), token)
}
