package redisstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/snapbi/snap/reconcile"
)

// Ledger is a reconcile.Ledger on Redis: a sorted set of entry IDs scored
// by due time in milliseconds, and a hash per entry holding the record
// (JSON), its tries and its lease. Leasing is one Lua script, so two
// replicas never lease the same entry at once: a leased entry is scored at
// its lease's end, and only becomes due again once the lease runs out.
// Settle and Reschedule are compare-and-act scripts on the lease token.
// It is safe for concurrent use.
//
// Keys: {prefix}{ledger}:due and {prefix}{ledger}:entry:{id}; the hash tag
// puts them in one Redis Cluster slot. Entries are as durable as the Redis
// that holds them: enable appendonly where a restarted Redis must not
// forget Pending calls.
type Ledger struct{ conn }

var _ reconcile.Ledger = (*Ledger)(nil)

// NewLedger returns a Ledger on rdb.
func NewLedger(rdb redis.UniversalClient, opts ...Option) *Ledger {
	return &Ledger{conn: newConn(rdb, opts)}
}

func (l *Ledger) dueKey() string            { return l.o.prefix + "{ledger}:due" }
func (l *Ledger) entryPrefix() string       { return l.o.prefix + "{ledger}:entry:" }
func (l *Ledger) entryKey(id string) string { return l.entryPrefix() + id }

// addScript keeps the first record of an ID.
var addScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('HSET', KEYS[2], 'record', ARGV[3], 'tries', 0)
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
`)

// leaseScript takes the due entries, earliest first, scores each at its
// lease's end and stamps it with a token of its own; it answers id, token,
// record and tries for each.
var leaseScript = redis.NewScript(`
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local untl = tonumber(ARGV[1]) + tonumber(ARGV[3])
local out = {}
for i, id in ipairs(ids) do
  local k = ARGV[4] .. id
  local v = redis.call('HMGET', k, 'record', 'tries')
  if not v[1] then
    redis.call('ZREM', KEYS[1], id)
  else
    local token = ARGV[5] .. '-' .. i
    redis.call('ZADD', KEYS[1], untl, id)
    redis.call('HSET', k, 'lease', token)
    out[#out + 1] = id
    out[#out + 1] = token
    out[#out + 1] = v[1]
    out[#out + 1] = v[2]
  end
end
return out
`)

// settleScript removes the entry if the lease is the caller's.
var settleScript = redis.NewScript(`
if redis.call('HGET', KEYS[2], 'lease') ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[1])
return 1
`)

// rescheduleScript stores the tries, ends the lease and scores the entry
// at its new due time, if the lease is the caller's.
var rescheduleScript = redis.NewScript(`
if redis.call('HGET', KEYS[2], 'lease') ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[2], 'tries', ARGV[4])
redis.call('HDEL', KEYS[2], 'lease')
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
return 1
`)

// Add implements reconcile.Ledger.
func (l *Ledger) Add(ctx context.Context, rec reconcile.Record, due time.Time) (bool, error) {
	if rec.ID == "" {
		return false, errors.New("redisstore: ledger: record has no ID (make it with reconcile.RecordOf)")
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return false, fmt.Errorf("redisstore: ledger: %w", err)
	}
	n, err := addScript.Run(ctx, l.rdb, []string{l.dueKey(), l.entryKey(rec.ID)}, rec.ID, due.UnixMilli(), b).Int()
	if err != nil {
		return false, fmt.Errorf("redisstore: ledger add: %w", err)
	}
	return n == 1, nil
}

// Lease implements reconcile.Ledger in one round trip.
func (l *Ledger) Lease(ctx context.Context, now time.Time, n int, ttl time.Duration) ([]reconcile.Entry, error) {
	if n <= 0 {
		return nil, nil
	}
	now = now.Truncate(time.Millisecond)
	vals, err := leaseScript.Run(ctx, l.rdb, []string{l.dueKey()}, now.UnixMilli(), n, px(ttl), l.entryPrefix(), randomToken()).StringSlice()
	if err != nil {
		return nil, fmt.Errorf("redisstore: ledger lease: %w", err)
	}
	until := now.Add(time.Duration(px(ttl)) * time.Millisecond)
	out := make([]reconcile.Entry, 0, len(vals)/4)
	for i := 0; i+3 < len(vals); i += 4 {
		e := reconcile.Entry{Lease: vals[i+1], LeasedUntil: until, Due: until}
		if err := json.Unmarshal([]byte(vals[i+2]), &e.Record); err != nil {
			return out, fmt.Errorf("redisstore: ledger lease: entry %q: %w", vals[i], err)
		}
		e.Tries, _ = strconv.Atoi(vals[i+3])
		out = append(out, e)
	}
	return out, nil
}

// Settle implements reconcile.Ledger.
func (l *Ledger) Settle(ctx context.Context, e reconcile.Entry) error {
	id := e.Record.ID
	n, err := settleScript.Run(ctx, l.rdb, []string{l.dueKey(), l.entryKey(id)}, id, e.Lease).Int()
	if err != nil {
		return fmt.Errorf("redisstore: ledger settle: %w", err)
	}
	if n != 1 {
		return reconcile.ErrLeaseLost
	}
	return nil
}

// Reschedule implements reconcile.Ledger.
func (l *Ledger) Reschedule(ctx context.Context, e reconcile.Entry, due time.Time) error {
	id := e.Record.ID
	n, err := rescheduleScript.Run(ctx, l.rdb, []string{l.dueKey(), l.entryKey(id)}, id, e.Lease, due.UnixMilli(), e.Tries).Int()
	if err != nil {
		return fmt.Errorf("redisstore: ledger reschedule: %w", err)
	}
	if n != 1 {
		return reconcile.ErrLeaseLost
	}
	return nil
}

// Len implements reconcile.Ledger.
func (l *Ledger) Len(ctx context.Context) (int, error) {
	n, err := l.rdb.ZCard(ctx, l.dueKey()).Result()
	if err != nil {
		return 0, fmt.Errorf("redisstore: ledger len: %w", err)
	}
	return int(n), nil
}
