package redisstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// DefaultPrefix starts every key the stores write.
const DefaultPrefix = "snap:"

// Option configures a store.
type Option func(*options)

type options struct {
	prefix string
}

// WithPrefix starts every key with prefix instead of DefaultPrefix, for
// several environments or applications sharing one Redis.
func WithPrefix(prefix string) Option {
	return func(o *options) { o.prefix = prefix }
}

func newOptions(opts []Option) options {
	o := options{prefix: DefaultPrefix}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// conn is what every store holds: the client and its options.
type conn struct {
	rdb redis.UniversalClient
	o   options
}

func newConn(rdb redis.UniversalClient, opts []Option) conn {
	return conn{rdb: rdb, o: newOptions(opts)}
}

// deleteIfScript deletes KEYS[1] if it still holds ARGV[1].
var deleteIfScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`)

// deleteIf deletes key if it still holds value: the compare-and-delete
// that frees a claim, a lease or a token only for its own holder.
func (c conn) deleteIf(ctx context.Context, op, key, value string) error {
	if err := deleteIfScript.Run(ctx, c.rdb, []string{key}, value).Err(); err != nil {
		return fmt.Errorf("redisstore: %s: %w", op, err)
	}
	return nil
}

// randomToken is 128 random bits in hex: lease and claim tokens.
func randomToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24)
	return hex.EncodeToString(b[:])
}

// px is ttl in whole milliseconds, at least one (SET … PX takes no zero).
func px(ttl time.Duration) int64 {
	return max(ttl.Milliseconds(), 1)
}
