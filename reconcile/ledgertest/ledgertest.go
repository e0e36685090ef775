// Package ledgertest holds the tests every reconcile.Ledger must pass — the
// ledger's contract, and the scenarios of a fleet of workers settling
// Pending payments against a simulated provider (package snaptest) — so
// that the in-memory ledger and the Redis ledger are held to the same
// account. Call its functions from a test with a constructor that returns
// a handle on one shared store: a second call must reach the same entries,
// as a restarted process would.
package ledgertest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/reconcile"
)

// NewLedger returns a handle on the store under test. Every call within one
// test reaches the same, initially empty, store.
type NewLedger func(t *testing.T) reconcile.Ledger

// Clock is a settable clock for leases and due times.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// record makes a record with the given id.
func record(id string, first time.Time) reconcile.Record {
	return reconcile.Record{ID: id, Provider: "debit", Operation: "payment", PendingRecord: snap.PendingRecord{
		ServiceCode: 54, Path: "/v1.0/debit/payment-host-to-host",
		References: map[string]string{"partnerReferenceNo": id}, ExternalIDs: []string{"1", "2"}, FirstAttempt: first,
	}}
}

// Contract checks what every Ledger promises: Add keeps the first record
// of an ID, Lease hands an entry to one holder at a time and again once
// the lease ran out, Settle and Reschedule need the current lease, and the
// entries survive a new handle.
func Contract(t *testing.T, newLedger NewLedger) {
	ctx := context.Background()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	l := newLedger(t)

	added, err := l.Add(ctx, record("a", t0), t0)
	require.NoError(t, err)
	assert.True(t, added)
	again := record("a", t0)
	again.References["partnerReferenceNo"] = "changed"
	added, err = l.Add(ctx, again, t0)
	require.NoError(t, err)
	assert.False(t, added, "the same ID is one entry")
	for _, id := range []string{"b", "c"} {
		_, err := l.Add(ctx, record(id, t0), t0.Add(time.Second))
		require.NoError(t, err)
	}
	_, err = l.Add(ctx, record("later", t0), t0.Add(time.Hour))
	require.NoError(t, err)
	n, err := l.Len(ctx)
	require.NoError(t, err)
	assert.Equal(t, 4, n)

	// Due ones only, earliest first, at most n.
	got, err := l.Lease(ctx, t0, 10, time.Minute)
	require.NoError(t, err)
	require.Len(t, got, 1)
	a := got[0]
	assert.Equal(t, "a", a.Record.ID)
	assert.Equal(t, "a", a.Record.References["partnerReferenceNo"], "the first record is kept")
	assert.Equal(t, []string{"1", "2"}, a.Record.ExternalIDs)
	assert.True(t, a.Record.FirstAttempt.Equal(t0))
	assert.NotEmpty(t, a.Lease)
	assert.True(t, a.LeasedUntil.Equal(t0.Add(time.Minute)))

	t1 := t0.Add(2 * time.Second)
	got, err = l.Lease(ctx, t1, 1, time.Minute)
	require.NoError(t, err)
	require.Len(t, got, 1, "n bounds a lease")
	b := got[0]
	assert.Equal(t, "b", b.Record.ID)
	got, err = l.Lease(ctx, t1, 10, time.Minute)
	require.NoError(t, err)
	require.Len(t, got, 1, "a and b are leased: only c is left due")
	c := got[0]
	assert.Equal(t, "c", c.Record.ID)

	// A second handle sees the same entries, leases included.
	l2 := newLedger(t)
	got, err = l2.Lease(ctx, t1, 10, time.Minute)
	require.NoError(t, err)
	assert.Empty(t, got, "leased entries are nobody else's until the lease runs out")

	// Reschedule: tries kept, due again later, lease ended.
	a.Tries = 3
	require.NoError(t, l.Reschedule(ctx, a, t1.Add(10*time.Second)))
	assert.ErrorIs(t, l.Reschedule(ctx, a, t1), reconcile.ErrLeaseLost, "the lease ended with the reschedule")
	got, err = l2.Lease(ctx, t1.Add(9*time.Second), 10, time.Minute)
	require.NoError(t, err)
	assert.Empty(t, got)
	got, err = l2.Lease(ctx, t1.Add(10*time.Second), 10, time.Minute)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "a", got[0].Record.ID)
	assert.Equal(t, 3, got[0].Tries)
	a2 := got[0]

	// b's lease runs out: another holder gets it, and b's first holder can
	// neither settle nor reschedule it any more.
	got, err = l2.Lease(ctx, t0.Add(2*time.Second+time.Minute), 10, time.Minute)
	require.NoError(t, err)
	ids := map[string]reconcile.Entry{}
	for _, e := range got {
		ids[e.Record.ID] = e
	}
	require.Contains(t, ids, "b")
	require.Contains(t, ids, "c")
	assert.ErrorIs(t, l.Settle(ctx, b), reconcile.ErrLeaseLost)
	assert.ErrorIs(t, l.Reschedule(ctx, b, t1), reconcile.ErrLeaseLost)
	require.NoError(t, l.Settle(ctx, ids["b"]))
	assert.ErrorIs(t, l.Settle(ctx, ids["b"]), reconcile.ErrLeaseLost, "settled once")
	require.NoError(t, l2.Settle(ctx, a2))
	require.NoError(t, l2.Settle(ctx, ids["c"]))
	n, err = l.Len(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "only the later one is left")

	// A settled ID may be added again: it is a new Pending.
	added, err = l.Add(ctx, record("a", t0), t0)
	require.NoError(t, err)
	assert.True(t, added)

	_, err = l.Add(ctx, reconcile.Record{}, t0)
	assert.Error(t, err, "a record needs an ID")
}

// ConcurrentLeases has many holders lease at once: each entry goes to
// exactly one of them.
func ConcurrentLeases(t *testing.T, newLedger NewLedger) {
	ctx := context.Background()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	l := newLedger(t)
	const entries = 200
	for i := range entries {
		_, err := l.Add(ctx, record(fmt.Sprintf("e%03d", i), t0), t0)
		require.NoError(t, err)
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range 8 {
		h := newLedger(t)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, err := h.Lease(ctx, t0, 7, time.Minute)
				if !assert.NoError(t, err) || len(got) == 0 {
					return
				}
				mu.Lock()
				for _, e := range got {
					seen[e.Record.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Len(t, seen, entries)
	for id, n := range seen {
		assert.Equal(t, 1, n, "%s leased %d times", id, n)
	}
}
