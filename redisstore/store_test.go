package redisstore_test

import (
	"context"
	"crypto/rsa"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/notifytest"
	"github.com/snapbi/snap/redisstore"
)

func TestTokenStore(t *testing.T) {
	ctx := context.Background()
	srv := startRedis(t)
	rdb := srv.Client(t)
	s := redisstore.NewTokenStore(rdb)
	const key = "0123abcd"

	_, _, ok, err := s.Get(ctx, key)
	require.NoError(t, err)
	assert.False(t, ok, "empty")

	require.NoError(t, s.Set(ctx, key, "tok-1", time.Minute))
	tok, ttl, ok, err := s.Get(ctx, key)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "tok-1", tok)
	assert.True(t, ttl > 59*time.Second && ttl <= time.Minute, "ttl %v", ttl)
	assert.Equal(t, "tok-1", rdb.Get(ctx, "snap:token:"+key).Val(), "namespaced key")

	require.NoError(t, s.Invalidate(ctx, key, "tok-0"))
	_, _, ok, _ = s.Get(ctx, key)
	assert.True(t, ok, "invalidating another token keeps the stored one")
	require.NoError(t, s.Invalidate(ctx, key, "tok-1"))
	_, _, ok, _ = s.Get(ctx, key)
	assert.False(t, ok, "the refused token is dropped")

	require.NoError(t, s.Set(ctx, key, "tok-2", 50*time.Millisecond))
	assert.Eventually(t, func() bool { _, _, ok, _ := s.Get(ctx, key); return !ok }, 5*time.Second, 10*time.Millisecond, "expires")

	other := redisstore.NewTokenStore(rdb, redisstore.WithPrefix("staging:"))
	require.NoError(t, other.Set(ctx, key, "tok-staging", time.Minute))
	_, _, ok, _ = s.Get(ctx, key)
	assert.False(t, ok, "another prefix is another namespace")

	lease, ok, err := s.Lock(ctx, key, time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	_, ok, err = s.Lock(ctx, key, time.Minute)
	require.NoError(t, err)
	assert.False(t, ok, "the lease is held")
	require.NoError(t, s.Unlock(ctx, key, "not-the-lease"))
	_, ok, _ = s.Lock(ctx, key, time.Minute)
	assert.False(t, ok, "another lease does not unlock")
	require.NoError(t, s.Unlock(ctx, key, lease))
	_, ok, _ = s.Lock(ctx, key, 50*time.Millisecond)
	assert.True(t, ok, "unlocked")
	assert.Eventually(t, func() bool { _, ok, _ := s.Lock(ctx, key, time.Minute); return ok }, 5*time.Second, 10*time.Millisecond, "a lease runs out")

	srv.Kill()
	_, _, _, err = s.Get(ctx, key)
	assert.Error(t, err, "a store that is down says so")
	_, _, err = s.Lock(ctx, key, time.Minute)
	assert.Error(t, err)
}

func TestClaimStore(t *testing.T) {
	ctx := context.Background()
	srv := startRedis(t)
	rdb := srv.Client(t)
	s := redisstore.NewClaimStore(rdb)
	key := "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	// stateOf is what a further claim of key finds; it takes the key when free.
	stateOf := func(key string) snap.ClaimState {
		state, _, _ := s.Claim(ctx, key, time.Minute)
		return state
	}
	// claim takes key, which must be free, for ttl and returns the token.
	claim := func(t *testing.T, key string, ttl time.Duration) string {
		t.Helper()
		state, tok, err := s.Claim(ctx, key, ttl)
		require.NoError(t, err)
		require.Equal(t, snap.Claimed, state)
		return tok
	}

	tok := claim(t, key, time.Minute)
	assert.Regexp(t, `^[0-9a-f]{32}$`, tok)
	assert.Equal(t, snap.InFlight, stateOf(key), "a second claim while the first holds it")

	require.NoError(t, s.Release(ctx, key, "not the token"))
	assert.Equal(t, snap.InFlight, stateOf(key), "another token does not release")
	require.NoError(t, s.Release(ctx, key, tok))
	tok = claim(t, key, time.Minute) // released: the resend is claimed

	require.NoError(t, s.Complete(ctx, key, tok, time.Hour))
	assert.Equal(t, snap.Done, stateOf(key))
	pttl := rdb.PTTL(ctx, "snap:claim:"+key).Val()
	assert.True(t, pttl > 59*time.Minute && pttl <= time.Hour, "done for the dedupe window, not the lease: %v", pttl)
	require.NoError(t, s.Release(ctx, key, tok))
	assert.Equal(t, snap.Done, stateOf(key), "a done key is not released")

	t.Run("lease runs out", func(t *testing.T) {
		key := key[:63] + "0"
		first := claim(t, key, 50*time.Millisecond)
		var second string
		require.Eventually(t, func() bool {
			var state snap.ClaimState
			state, second, _ = s.Claim(ctx, key, time.Minute)
			return state == snap.Claimed
		}, 5*time.Second, 10*time.Millisecond, "claimed again once the lease ran out")
		require.NoError(t, s.Release(ctx, key, first))
		assert.Equal(t, snap.InFlight, stateOf(key), "the first holder cannot free the second's claim")
		assert.ErrorIs(t, s.Complete(ctx, key, first, time.Hour), redisstore.ErrLeaseLost, "handled twice: said so")
		assert.Equal(t, snap.Done, stateOf(key), "and marked done all the same")
		require.NoError(t, s.Release(ctx, key, second))
		assert.Equal(t, snap.Done, stateOf(key), "the second's failure does not undo it")
	})
	t.Run("lease ran out untaken", func(t *testing.T) {
		key := key[:63] + "1"
		tok := claim(t, key, 20*time.Millisecond)
		require.Eventually(t, func() bool { return rdb.Exists(ctx, "snap:claim:"+key).Val() == 0 }, 5*time.Second, 5*time.Millisecond)
		require.NoError(t, s.Complete(ctx, key, tok, time.Hour))
		assert.Equal(t, snap.Done, stateOf(key))
	})
	t.Run("Redis down", func(t *testing.T) {
		srv.Kill()
		_, _, err := s.Claim(ctx, key[:63]+"2", time.Minute)
		assert.Error(t, err)
	})
}

// The core's notification conformance suite, with the claims in Redis:
// a fresh prefix per handler keeps the cases apart.
func TestClaimStoreConformance(t *testing.T) {
	srv := startRedis(t)
	rdb := srv.Client(t)
	var n atomic.Int64
	notifytest.Run(t, notifytest.Subject{
		Path: "/v1.0/debit/notify",
		Form: notifytest.SNAP,
		New: func(pub *rsa.PublicKey, handle notifytest.Handle, opts ...snap.NotificationOption) http.Handler {
			store := redisstore.NewClaimStore(rdb, redisstore.WithPrefix("case"+strconv.FormatInt(n.Add(1), 10)+":"))
			return snap.NotificationHandler(pub, 56, func(ctx context.Context, r *http.Request, body []byte) error {
				return handle(ctx, notifytest.Got{Raw: body, ExternalID: r.Header.Get("X-EXTERNAL-ID")})
			}, append(opts, snap.WithClaimStore(store))...)
		},
		NewNilHandle:  func(pub *rsa.PublicKey) { snap.NotificationHandler(pub, 56, nil) },
		Valid:         notifytest.ValidBody,
		Empty:         notifytest.Want{HTTP: 200, Code: "2005600", Handled: true},
		Malformed:     notifytest.MalformedAmountBody,
		MalformedWant: notifytest.Want{HTTP: 200, Code: "2005600", Handled: true},
	})
}

// Many concurrent claims of one key on separate connections: one wins.
func TestClaimStoreConcurrentClaimsOneWinner(t *testing.T) {
	srv := startRedis(t)
	var stores []*redisstore.ClaimStore
	for range 4 {
		stores = append(stores, redisstore.NewClaimStore(srv.Client(t)))
	}
	for round := range 20 {
		key := strconv.Itoa(round)
		var claimed atomic.Int32
		var wg sync.WaitGroup
		for i := range 64 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				state, _, err := stores[i%len(stores)].Claim(context.Background(), key, time.Minute)
				if assert.NoError(t, err) && state == snap.Claimed {
					claimed.Add(1)
				}
			}()
		}
		wg.Wait()
		assert.EqualValues(t, 1, claimed.Load(), "round %d", round)
	}
}

// aclRule is the README's ACL user: only the snap: keys and the commands
// the stores use.
var aclRule = []any{"on", ">pw-for-tests", "resetkeys", "~snap:*", "resetchannels", "-@all", "+@connection", "+get", "+set", "+del", "+pttl", "+eval", "+evalsha"}

func TestStoresWithTheREADMEsACLUser(t *testing.T) {
	ctx := context.Background()
	srv := startRedis(t)
	admin := srv.Client(t)
	require.NoError(t, admin.Do(ctx, append([]any{"ACL", "SETUSER", "snap"}, aclRule...)...).Err())
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr, Username: "snap", Password: "pw-for-tests", ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = rdb.Close() })

	tokens := redisstore.NewTokenStore(rdb)
	require.NoError(t, tokens.Set(ctx, "k", "tok-1", time.Minute))
	_, _, ok, err := tokens.Get(ctx, "k")
	require.NoError(t, err)
	assert.True(t, ok)
	lease, ok, err := tokens.Lock(ctx, "k", time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, tokens.Unlock(ctx, "k", lease))
	require.NoError(t, tokens.Invalidate(ctx, "k", "tok-1"))

	claims := redisstore.NewClaimStore(rdb)
	state, tok, err := claims.Claim(ctx, "n", time.Minute)
	require.NoError(t, err)
	require.Equal(t, snap.Claimed, state)
	require.NoError(t, claims.Release(ctx, "n", tok))
	_, tok, _ = claims.Claim(ctx, "n", time.Minute)
	require.NoError(t, claims.Complete(ctx, "n", tok, time.Minute))

	err = redisstore.NewTokenStore(rdb, redisstore.WithPrefix("other:")).Set(ctx, "k", "tok", time.Minute)
	assert.ErrorContains(t, err, "NOPERM", "the user is held to the snap: keys")
}
