package redisstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/snapbi/snap/internal/fleettest"
	"github.com/snapbi/snap/redisstore"
)

// BenchmarkCallTokenCached is one signed call with the B2B token cached,
// the token kept in the Client's memory against kept in Redis: the Client
// keeps a local copy of the Redis token until its TTL runs out, so the two
// should cost the same (target: redis at most 5% slower).
func BenchmarkCallTokenCached(b *testing.B) {
	srv := startRedis(b)
	p := fleettest.New(fleettest.Options{Lifetime: time.Hour})
	b.Cleanup(p.Close)
	for _, bc := range []struct {
		name  string
		redis *redisServer
	}{{"store=memory", nil}, {"store=redis", srv}} {
		b.Run(bc.name, func(b *testing.B) {
			r := newReplicaLogged(b, p, bc.redis, false)
			ctx := context.Background()
			if _, err := r.client.Do(ctx, status, nil); err != nil { // fetch and cache the token
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.client.Do(ctx, status, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTokenStoreGet is one read of the token from Redis: what every
// call would pay on top if the Client kept no local copy.
func BenchmarkTokenStoreGet(b *testing.B) {
	srv := startRedis(b)
	s := redisstore.NewTokenStore(srv.Client(b))
	ctx := context.Background()
	if err := s.Set(ctx, "bench", "tok-1", time.Hour); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok, err := s.Get(ctx, "bench"); err != nil || !ok {
			b.Fatal(ok, err)
		}
	}
}
