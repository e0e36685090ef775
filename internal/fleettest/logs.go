package fleettest

import (
	"context"
	"log/slog"
	"sync"
)

// Logs is a slog.Handler that keeps the messages logged, for counting.
type Logs struct {
	mu   sync.Mutex
	msgs []slog.Record
}

// Logger returns a logger writing into l at every level.
func (l *Logs) Logger() *slog.Logger { return slog.New(l) }

// Enabled implements slog.Handler.
func (l *Logs) Enabled(context.Context, slog.Level) bool { return true }

// Handle implements slog.Handler.
func (l *Logs) Handle(_ context.Context, r slog.Record) error {
	l.mu.Lock()
	l.msgs = append(l.msgs, r.Clone())
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
	n := 0
	for _, r := range l.msgs {
		if r.Message == msg {
			n++
		}
	}
	return n
}
