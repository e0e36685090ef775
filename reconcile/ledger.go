package reconcile

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// ErrLeaseLost is returned by Settle and Reschedule when the entry is no
// longer held under the entry's lease: the lease ran out and another
// worker took the entry, or it was settled already.
var ErrLeaseLost = errors.New("reconcile: the entry's lease was lost")

// Entry is a record in the ledger with its bookkeeping.
type Entry struct {
	// Record is the Pending call.
	Record Record `json:"record"`
	// Tries is how many settle attempts were made (as last stored by
	// Reschedule).
	Tries int `json:"tries"`
	// Due is when the entry is next to be worked.
	Due time.Time `json:"due"`
	// Lease is the token the entry was leased under; Settle and
	// Reschedule need it.
	Lease string `json:"-"`
	// LeasedUntil is when the lease runs out and another worker may take
	// the entry.
	LeasedUntil time.Time `json:"-"`
}

// Ledger keeps the Pending calls until they are settled. Implementations
// are safe for concurrent use by several workers, in one process or
// several: an entry leased to one worker is not leased to another until
// the lease runs out.
type Ledger interface {
	// Add keeps rec, due at due. It reports false, and keeps the entry as
	// it is, when an entry with rec.ID is already there.
	Add(ctx context.Context, rec Record, due time.Time) (bool, error)
	// Lease hands out at most n entries due at now, earliest first, each
	// under a fresh lease token valid for ttl; until then no other Lease
	// returns them.
	Lease(ctx context.Context, now time.Time, n int, ttl time.Duration) ([]Entry, error)
	// Settle removes e for good. It returns ErrLeaseLost unless e is still
	// held under e.Lease.
	Settle(ctx context.Context, e Entry) error
	// Reschedule stores e.Tries, makes e due at due and ends its lease. It
	// returns ErrLeaseLost unless e is still held under e.Lease.
	Reschedule(ctx context.Context, e Entry, due time.Time) error
	// Len is the number of entries not settled yet, leased or not.
	Len(ctx context.Context) (int, error)
}

// NewLeaseToken returns 128 random bits in hex, for Ledger implementations.
func NewLeaseToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24)
	return hex.EncodeToString(b[:])
}

// MemoryLedger is a Ledger in the process's memory: for tests and a single
// replica that can afford to lose its Pending calls in a crash. The zero
// value is ready to use; it is safe for concurrent use.
type MemoryLedger struct {
	mu      sync.Mutex
	entries map[string]*Entry
}

// NewMemoryLedger returns an empty MemoryLedger.
func NewMemoryLedger() *MemoryLedger { return &MemoryLedger{} }

// Add implements Ledger.
func (m *MemoryLedger) Add(_ context.Context, rec Record, due time.Time) (bool, error) {
	if rec.ID == "" {
		return false, fmt.Errorf("reconcile: record has no ID (make it with RecordOf)")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.entries[rec.ID]; ok {
		return false, nil
	}
	if m.entries == nil {
		m.entries = map[string]*Entry{}
	}
	m.entries[rec.ID] = &Entry{Record: cloneRecord(rec), Due: due}
	return true, nil
}

// Lease implements Ledger. An entry whose lease ran out is due again.
func (m *MemoryLedger) Lease(_ context.Context, now time.Time, n int, ttl time.Duration) ([]Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var due []*Entry
	for _, e := range m.entries {
		if !e.Due.After(now) {
			due = append(due, e)
		}
	}
	sort.Slice(due, func(i, j int) bool {
		if !due[i].Due.Equal(due[j].Due) {
			return due[i].Due.Before(due[j].Due)
		}
		return due[i].Record.ID < due[j].Record.ID
	})
	if len(due) > n {
		due = due[:n]
	}
	out := make([]Entry, 0, len(due))
	for _, e := range due {
		e.Lease, e.LeasedUntil = NewLeaseToken(), now.Add(ttl)
		e.Due = e.LeasedUntil // due again once the lease runs out
		cp := *e
		cp.Record = cloneRecord(e.Record)
		out = append(out, cp)
	}
	return out, nil
}

// held returns the stored entry when it is held under e's lease. The
// caller holds m.mu.
func (m *MemoryLedger) held(e Entry) (*Entry, error) {
	cur, ok := m.entries[e.Record.ID]
	if !ok || e.Lease == "" || cur.Lease != e.Lease {
		return nil, ErrLeaseLost
	}
	return cur, nil
}

// Settle implements Ledger.
func (m *MemoryLedger) Settle(_ context.Context, e Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.held(e); err != nil {
		return err
	}
	delete(m.entries, e.Record.ID)
	return nil
}

// Reschedule implements Ledger.
func (m *MemoryLedger) Reschedule(_ context.Context, e Entry, due time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, err := m.held(e)
	if err != nil {
		return err
	}
	cur.Tries, cur.Due, cur.Lease, cur.LeasedUntil = e.Tries, due, "", time.Time{}
	return nil
}

// Len implements Ledger.
func (m *MemoryLedger) Len(context.Context) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.entries), nil
}

// cloneRecord copies the maps and slices, so callers never share them with
// the ledger.
func cloneRecord(r Record) Record {
	r.PendingRecord = clonePending(r)
	return r
}
