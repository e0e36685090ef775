package redisstore

import (
	"crypto/rand"
	"encoding/hex"
	"time"
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
