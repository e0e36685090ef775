package redisstore_test

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/redis/go-redis/v9"
)

// onceLogger prints each kind of go-redis log line once: the tests that
// kill Redis would otherwise print a dial failure per attempt.
type onceLogger struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (l *onceLogger) Printf(_ context.Context, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen[format] {
		return
	}
	l.seen[format] = true
	fmt.Fprintf(os.Stderr, "redis (further lines of this kind not shown): "+format+"\n", v...)
}

func TestMain(m *testing.M) {
	redis.SetLogger(&onceLogger{seen: map[string]bool{}})
	os.Exit(m.Run())
}
