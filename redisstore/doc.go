// Package redisstore keeps a fleet of merchant replicas in step through
// Redis (github.com/redis/go-redis/v9): one B2B access token per provider
// account and expiry for the whole fleet ([TokenStore], a snap.TokenStore),
// one handling of each notification however many replicas it reaches
// ([ClaimStore], a snap.ClaimStore), and one ledger of Pending calls that
// the replicas' reconcile workers share ([Ledger], a reconcile.Ledger).
//
//	rdb := redis.NewClient(&redis.Options{
//		Addr: "redis.internal:6379", Username: "snap", Password: os.Getenv("REDIS_PASSWORD"),
//		TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12},
//		ContextTimeoutEnabled: true, // let the SDK's deadlines reach the socket
//	})
//	core, err := snap.NewClient(cfg, snap.WithTokenStore(redisstore.NewTokenStore(rdb)))
//	handler := debit.NotifyHandler(pub, handle, snap.WithClaimStore(redisstore.NewClaimStore(rdb)))
//
// Both follow the Redis lock pattern: a lease is SET key value NX PX ttl,
// and it is released by a compare-and-delete script, so that a lease that
// ran out and was taken over is never freed by its first holder.
//
// Tokens: key {prefix}token:{snap.TokenKey}, the token as value, PX the
// lifetime less the renewal margin; the fetch lease {prefix}token-lease:{key}.
// A Client keeps its own copy until that TTL runs out, so Redis is read once
// per expiry per process, not on every call; when Redis fails or stalls the
// Client fetches its own token and logs it (see snap.TokenStore).
//
// Claims: key {prefix}claim:{key}, where key is the notification's
// signature digest. Claim is one script — SET NX PX lease, else GET to tell
// "done" from a claim in flight —, Complete sets the done marker with the
// dedupe window as TTL, Release is a compare-and-delete. A claim that cannot
// be made because Redis is down is an error, which the notification handler
// answers 500xx01 so that the provider sends it again: a notification is
// never acknowledged without having been handled. The done markers are as
// durable as the Redis that holds them: a Redis restarted without
// persistence forgets them, and a resend after that is handled again (keep
// handlers idempotent; enable appendonly where that matters).
//
// Ledger: a reconcile.Ledger of Pending calls, a sorted set
// {prefix}{ledger}:due of entry IDs scored by due time and a hash
// {prefix}{ledger}:entry:{id} per entry (record, tries, lease). Lease is one
// script that takes the due entries and scores each at its lease's end, so
// two replicas never work the same entry at once; Settle and Reschedule
// compare the lease token first. Its scripts touch several keys, all under
// the {ledger} hash tag: one Redis Cluster slot.
//
// No secret is ever part of a key, nor logged: token keys are digests of
// the provider's base URL, token path and partner id. Every script touches
// one key, so a Redis Cluster works as well (redis.UniversalClient).
package redisstore
