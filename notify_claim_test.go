package snap

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func hexKey(i int) string {
	sum := sha256.Sum256([]byte(strconv.Itoa(i)))
	return hex.EncodeToString(sum[:])
}

func TestMemoryClaimStoreStates(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var s MemoryClaimStore // the zero value is ready
	s.now = func() time.Time { return now }

	for _, key := range []string{hexKey(1), "not-hex X-ANY key"} {
		state, tok, err := s.Claim(ctx, key, time.Minute)
		require.NoError(t, err)
		require.Equal(t, Claimed, state)
		state, _, _ = s.Claim(ctx, key, time.Minute)
		assert.Equal(t, InFlight, state, "a second claim while the first holds it")

		require.NoError(t, s.Release(ctx, key, "not the token"))
		state, _, _ = s.Claim(ctx, key, time.Minute)
		assert.Equal(t, InFlight, state, "another token does not release")

		require.NoError(t, s.Release(ctx, key, tok))
		state, tok, _ = s.Claim(ctx, key, time.Minute)
		require.Equal(t, Claimed, state, "released: the resend is claimed")

		require.NoError(t, s.Complete(ctx, key, tok, time.Hour))
		state, _, _ = s.Claim(ctx, key, time.Minute)
		assert.Equal(t, Done, state)
		require.NoError(t, s.Release(ctx, key, tok))
		state, _, _ = s.Claim(ctx, key, time.Minute)
		assert.Equal(t, Done, state, "a done key is not released")
	}
	// Upper-case hex is another key, not the same one decoded.
	state, _, _ := s.Claim(ctx, "AB"+hexKey(1)[2:], time.Minute)
	assert.Equal(t, Claimed, state)
}

func TestMemoryClaimStoreExpiry(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	s := NewMemoryClaimStore(0)
	s.now = func() time.Time { return now }

	// A lease runs out: a claim whose handler never returned is freed.
	state, _, _ := s.Claim(ctx, hexKey(1), time.Minute)
	require.Equal(t, Claimed, state)
	now = now.Add(61 * time.Second)
	state, tok, _ := s.Claim(ctx, hexKey(1), time.Minute)
	require.Equal(t, Claimed, state)

	// Done lasts the window given to Complete, past the lease.
	require.NoError(t, s.Complete(ctx, hexKey(1), tok, time.Hour))
	now = now.Add(59 * time.Minute)
	state, _, _ = s.Claim(ctx, hexKey(1), time.Minute)
	assert.Equal(t, Done, state, "still inside the window")
	now = now.Add(2 * time.Minute)
	state, _, _ = s.Claim(ctx, hexKey(1), time.Minute)
	assert.Equal(t, Claimed, state, "forgotten after the window")

	// Expired keys are dropped, not kept for ever.
	for i := 0; i < 1000; i++ {
		_, tok, _ := s.Claim(ctx, hexKey(100+i), time.Minute)
		require.NoError(t, s.Complete(ctx, hexKey(100+i), tok, time.Hour))
	}
	require.Greater(t, s.Len(), 1000)
	now = now.Add(2 * time.Hour)
	for i := 0; i < 1000; i++ {
		_, _, _ = s.Claim(ctx, hexKey(5000+i), time.Minute)
	}
	assert.LessOrEqual(t, s.Len(), 1100, "the old window's keys were swept")
}

func TestMemoryClaimStoreCap(t *testing.T) {
	ctx := context.Background()
	s := NewMemoryClaimStore(100)
	for i := 0; i < 1000; i++ {
		_, tok, _ := s.Claim(ctx, hexKey(i), time.Minute)
		if i%3 == 0 {
			require.NoError(t, s.Release(ctx, hexKey(i), tok))
		} else {
			require.NoError(t, s.Complete(ctx, hexKey(i), tok, time.Hour))
		}
		require.LessOrEqual(t, s.Len(), 100)
	}
	state, _, _ := s.Claim(ctx, hexKey(998), time.Minute)
	assert.Equal(t, Done, state, "the newest keys are kept")
	state, _, _ = s.Claim(ctx, hexKey(1), time.Minute)
	assert.Equal(t, Claimed, state, "the oldest were forgotten")
	s.mu.Lock()
	assert.LessOrEqual(t, s.n, 2*100+64+1, "the queue stays bounded by the live keys")
	s.mu.Unlock()
}

// TestMemoryClaimStoreReleaseLoop: a notification that fails again and again
// must not grow the queue without bound.
func TestMemoryClaimStoreReleaseLoop(t *testing.T) {
	ctx := context.Background()
	var s MemoryClaimStore
	for i := 0; i < 10000; i++ {
		state, tok, _ := s.Claim(ctx, hexKey(1), time.Minute)
		require.Equal(t, Claimed, state)
		require.NoError(t, s.Release(ctx, hexKey(1), tok))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	assert.LessOrEqual(t, len(s.queue), 128)
}

func TestMemoryClaimStoreConcurrentClaimsOneWinner(t *testing.T) {
	ctx := context.Background()
	var s MemoryClaimStore
	const n = 64
	var wg sync.WaitGroup
	states := make([]ClaimState, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			states[i], _, _ = s.Claim(ctx, hexKey(7), time.Minute)
		}()
	}
	wg.Wait()
	counts := map[ClaimState]int{}
	for _, st := range states {
		counts[st]++
	}
	assert.Equal(t, map[ClaimState]int{Claimed: 1, InFlight: n - 1}, counts)
}

// BenchmarkMemoryClaimStore measures one claim and its completion with the
// store holding live keys at its cap, so that every claim also forgets
// the oldest key: the steady state of a busy handler.
func BenchmarkMemoryClaimStore(b *testing.B) {
	ctx := context.Background()
	for _, live := range []int{1_000, 100_000, 1_000_000} {
		b.Run("live="+strconv.Itoa(live), func(b *testing.B) {
			s := NewMemoryClaimStore(live)
			const pool = 1 << 21 // keys made up front so that hashing is not measured
			keys := make([]string, pool)
			for i := range keys {
				keys[i] = hexKey(i)
			}
			for i := 0; i < live; i++ {
				_, tok, _ := s.Claim(ctx, keys[i], time.Minute)
				_ = s.Complete(ctx, keys[i], tok, time.Hour)
			}
			i := live
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				k := keys[i&(pool-1)]
				i++
				state, tok, _ := s.Claim(ctx, k, time.Minute)
				if state == Claimed {
					_ = s.Complete(ctx, k, tok, time.Hour)
				}
			}
		})
	}
}

// TestClaimTableAgainstMap drives the hash table and a Go map with the same
// random operations, on few keys so that runs collide and deletions shift.
func TestClaimTableAgainstMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var tab claimTable
	ref := map[claimKey]claimEntry{}
	keyOf := func(n uint64) claimKey {
		var k claimKey
		k[0], k[15] = byte(n), byte(n>>8)
		return k
	}
	for i := 0; i < 200_000; i++ {
		k := keyOf(rng.Uint64N(300))
		switch rng.IntN(3) {
		case 0, 1:
			e := claimEntry{expires: int64(i), seq: uint64(i + 1)}
			tab.set(k, e)
			ref[k] = e
		case 2:
			tab.del(k)
			delete(ref, k)
		}
		if i%1000 == 0 {
			require.Equal(t, len(ref), tab.len())
			for n := uint64(0); n < 300; n++ {
				got, ok := tab.get(keyOf(n))
				want, wok := ref[keyOf(n)]
				require.Equal(t, wok, ok, "key %d at step %d", n, i)
				require.Equal(t, want, got)
			}
		}
	}
}
