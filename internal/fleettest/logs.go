package fleettest

import (
	"context"
	"log/slog"
	"sync"
)

// Logs is a slog.Handler that counts the messages logged at Info and
// above, by message.
type Logs struct {
	mu sync.Mutex
	n  map[string]int
}

// Logger returns a logger writing into l.
func (l *Logs) Logger() *slog.Logger { return slog.New(l) }

// Enabled implements slog.Handler.
func (l *Logs) Enabled(_ context.Context, level slog.Level) bool { return level >= slog.LevelInfo }

// Handle implements slog.Handler.
func (l *Logs) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	if l.n == nil {
		l.n = map[string]int{}
	}
	l.n[r.Message]++
	l.mu.Unlock()
	return nil
}

// WithAttrs implements slog.Handler (attributes are not kept).
func (l *Logs) WithAttrs([]slog.Attr) slog.Handler { return l }

// WithGroup implements slog.Handler.
func (l *Logs) WithGroup(string) slog.Handler { return l }

// Count is how many records carried msg.
func (l *Logs) Count(msg string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n[msg]
}
