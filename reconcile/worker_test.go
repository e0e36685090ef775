package reconcile_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/reconcile"
	"github.com/snapbi/snap/reconcile/ledgertest"
)

var t0 = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

func rec(id string) reconcile.Record {
	return reconcile.Record{ID: id, Provider: "debit", Operation: "cancel",
		PendingRecord: snap.PendingRecord{ServiceCode: 57, FirstAttempt: t0, References: map[string]string{"originalPartnerReferenceNo": id}}}
}

// collector records the reports; fail makes the next n reports fail.
type collector struct {
	mu   sync.Mutex
	got  []reconcile.Result
	fail int
}

func (c *collector) report(_ context.Context, r reconcile.Result) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail > 0 {
		c.fail--
		return errors.New("merchant database down")
	}
	c.got = append(c.got, r)
	return nil
}

// verdicts is a settler answering the given outcomes in turn, then the last.
func verdicts(outcomes ...snap.Outcome) (reconcile.Settler, *int) {
	calls := 0
	var mu sync.Mutex
	return func(context.Context, reconcile.Record) reconcile.Verdict {
		mu.Lock()
		defer mu.Unlock()
		o := outcomes[min(calls, len(outcomes)-1)]
		calls++
		return reconcile.Verdict{Outcome: o, Detail: "said " + string(o)}
	}, &calls
}

// holdingA is a worker on l holding rec("a").
func holdingA(t *testing.T, l reconcile.Ledger, report reconcile.Report, opts ...reconcile.Option) *reconcile.Worker {
	t.Helper()
	w, err := reconcile.NewWorker(l, report, opts...)
	require.NoError(t, err)
	added, err := w.Add(context.Background(), rec("a"))
	require.NoError(t, err)
	require.True(t, added)
	return w
}

// runOnce runs one pass, which must not fail, and returns how many
// entries it worked.
func runOnce(t *testing.T, w *reconcile.Worker) int {
	t.Helper()
	n, err := w.RunOnce(context.Background())
	require.NoError(t, err)
	return n
}

func TestWorkerSettlesOnceWithBackoff(t *testing.T) {
	ctx := context.Background()
	clock := ledgertest.NewClock(t0)
	l := reconcile.NewMemoryLedger()
	c := &collector{}
	settle, calls := verdicts(snap.Pending, snap.Pending, snap.Success)
	w := holdingA(t, l, c.report, reconcile.WithSettler("debit", "", settle), reconcile.WithClock(clock.Now),
		reconcile.WithBackoff(time.Second, 10*time.Second))

	// Each still-unknown try waits twice as long as the one before.
	for _, wait := range []time.Duration{time.Second, 2 * time.Second} {
		require.Equal(t, 1, runOnce(t, w))
		clock.Advance(wait - time.Millisecond)
		require.Zero(t, runOnce(t, w), "not due before its backoff")
		clock.Advance(time.Millisecond)
	}
	runOnce(t, w)
	require.Len(t, c.got, 1)
	assert.Equal(t, snap.Success, c.got[0].Outcome)
	assert.Equal(t, 3, c.got[0].Tries)
	assert.False(t, c.got[0].GaveUp)
	assert.Equal(t, 3, *calls)

	clock.Advance(time.Hour)
	assert.Zero(t, runOnce(t, w), "settled for good")
	s, err := w.Stats(ctx)
	require.NoError(t, err)
	assert.Equal(t, reconcile.Stats{Pending: 0, Settled: 1, GaveUp: 0, Tries: 3}, s)
}

func TestWorkerGivesUp(t *testing.T) {
	tests := []struct {
		name      string
		opts      []reconcile.Option
		wantTries int
		advance   time.Duration
	}{
		{"at the deadline", []reconcile.Option{reconcile.WithDeadline(time.Minute)}, 2, time.Minute},
		{"after the try limit", []reconcile.Option{reconcile.WithMaxTries(3)}, 3, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			clock := ledgertest.NewClock(t0)
			c := &collector{}
			settle, _ := verdicts(snap.Pending)
			w := holdingA(t, reconcile.NewMemoryLedger(), c.report, append(tt.opts, reconcile.WithSettler("debit", "cancel", settle),
				reconcile.WithClock(clock.Now), reconcile.WithBackoff(time.Second, time.Second))...)
			for range 10 {
				runOnce(t, w)
				clock.Advance(tt.advance)
			}
			require.Len(t, c.got, 1, "reported once")
			r := c.got[0]
			assert.True(t, r.GaveUp)
			assert.Equal(t, snap.Pending, r.Outcome)
			assert.Equal(t, tt.wantTries, r.Tries)
			assert.Contains(t, r.Detail, "still unknown after")
			s, err := w.Stats(ctx)
			require.NoError(t, err)
			assert.Equal(t, int64(1), s.GaveUp)
			assert.Zero(t, s.Settled)
			assert.Zero(t, s.Pending)
		})
	}
}

func TestWorkerReportFailureKeepsTheEntry(t *testing.T) {
	ctx := context.Background()
	clock := ledgertest.NewClock(t0)
	l := reconcile.NewMemoryLedger()
	c := &collector{fail: 1}
	settle, _ := verdicts(snap.Failed)
	w := holdingA(t, l, c.report, reconcile.WithSettler("debit", "", settle), reconcile.WithClock(clock.Now),
		reconcile.WithBackoff(time.Second, time.Second))
	runOnce(t, w)
	assert.Empty(t, c.got)
	n, _ := l.Len(ctx)
	assert.Equal(t, 1, n, "kept: the merchant did not record it")
	clock.Advance(time.Second)
	runOnce(t, w)
	require.Len(t, c.got, 1)
	assert.Equal(t, snap.Failed, c.got[0].Outcome)
	n, _ = l.Len(ctx)
	assert.Zero(t, n)
}

func TestWorkerWithoutSettlerKeepsTrying(t *testing.T) {
	clock := ledgertest.NewClock(t0)
	l := reconcile.NewMemoryLedger()
	c := &collector{}
	w := holdingA(t, l, c.report, reconcile.WithClock(clock.Now), reconcile.WithDeadline(time.Hour))
	runOnce(t, w)
	assert.Empty(t, c.got, "another replica may have the settler: not given up before the deadline")
	clock.Advance(time.Hour)
	runOnce(t, w)
	require.Len(t, c.got, 1)
	assert.Contains(t, c.got[0].Detail, `no settler for provider "debit"`)
}

func TestWorkerRunHonoursContext(t *testing.T) {
	l := reconcile.NewMemoryLedger()
	c := &collector{}
	entered := make(chan struct{})
	hang := func(ctx context.Context, _ reconcile.Record) reconcile.Verdict {
		close(entered)
		<-ctx.Done()
		return reconcile.Verdict{Outcome: snap.Pending, Err: ctx.Err()}
	}
	w := holdingA(t, l, c.report, reconcile.WithSettler("debit", "", hang), reconcile.WithPollInterval(time.Millisecond))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	<-entered
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
	assert.Empty(t, c.got, "nothing reported on shutdown")
	n, _ := l.Len(context.Background())
	assert.Equal(t, 1, n, "the entry stays for the next worker")
}

func TestNewWorkerRefuses(t *testing.T) {
	report := func(context.Context, reconcile.Result) error { return nil }
	tests := map[string]struct {
		ledger reconcile.Ledger
		report reconcile.Report
		opt    reconcile.Option
	}{
		"no ledger":       {nil, report, nil},
		"no report":       {reconcile.NewMemoryLedger(), nil, nil},
		"no provider":     {reconcile.NewMemoryLedger(), report, reconcile.WithSettler("", "x", func(context.Context, reconcile.Record) reconcile.Verdict { return reconcile.Verdict{} })},
		"nil settler":     {reconcile.NewMemoryLedger(), report, reconcile.WithSettler("debit", "", nil)},
		"zero lease":      {reconcile.NewMemoryLedger(), report, reconcile.WithLease(0)},
		"negative batch":  {reconcile.NewMemoryLedger(), report, reconcile.WithBatch(-1)},
		"backoff reverse": {reconcile.NewMemoryLedger(), report, reconcile.WithBackoff(time.Minute, time.Second)},
		"nil clock":       {reconcile.NewMemoryLedger(), report, reconcile.WithClock(nil)},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := reconcile.NewWorker(tt.ledger, tt.report, tt.opt)
			assert.Error(t, err)
		})
	}
}

func TestRecordOf(t *testing.T) {
	pending := &snap.Error{Outcome: snap.Pending, Op: "POST /v1.0/debit/refund", Path: "/v1.0/debit/refund", ServiceCode: 58,
		References: map[string]string{"originalPartnerReferenceNo": "order-1", "partnerRefundNo": "refund-1"}, ExternalIDs: []string{"9"}}
	tests := []struct {
		name   string
		err    error
		ok     bool
		wantID string
	}{
		{"pending refund: keyed on partnerRefundNo", pending, true, "debit:refund:refund-1"},
		{"wrapped", errors.Join(errors.New("context"), pending), true, "debit:refund:refund-1"},
		{"no reference: the first X-EXTERNAL-ID", &snap.Error{Outcome: snap.Pending, Path: "/x", ExternalIDs: []string{"1", "2"}}, true, "debit:refund:x-external-id=1"},
		{"failed", &snap.Error{Outcome: snap.Failed, Path: "/x"}, false, ""},
		{"validation", &snap.ValidationError{Field: "f"}, false, ""},
		{"nil", nil, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := reconcile.RecordOf(reconcile.ProviderDebit, reconcile.OpRefund, tt.err)
			require.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.wantID, r.ID)
		})
	}
}

// TestWorkerSlowSettleLeavesTheEntry: a verdict that comes when the lease
// is nearly over is not reported — another worker may hold the entry by
// then — and the entry is settled on a later lease.
func TestWorkerSlowSettleLeavesTheEntry(t *testing.T) {
	ctx := context.Background()
	clock := ledgertest.NewClock(t0)
	l := reconcile.NewMemoryLedger()
	c := &collector{}
	slow := true
	settle := func(context.Context, reconcile.Record) reconcile.Verdict {
		if slow {
			clock.Advance(50 * time.Second) // past the lease's last fifth
		}
		return reconcile.Verdict{Outcome: snap.Success}
	}
	w := holdingA(t, l, c.report, reconcile.WithSettler("debit", "", settle), reconcile.WithClock(clock.Now),
		reconcile.WithLease(time.Minute))
	runOnce(t, w)
	assert.Empty(t, c.got, "not reported so close to the lease's end")
	n, _ := l.Len(ctx)
	assert.Equal(t, 1, n)

	slow = false
	clock.Advance(10 * time.Second) // the lease ran out
	runOnce(t, w)
	require.Len(t, c.got, 1)
	assert.Equal(t, snap.Success, c.got[0].Outcome)
}

// ctxLedger refuses writes whose context has ended, as a networked ledger
// does.
type ctxLedger struct{ *reconcile.MemoryLedger }

func (l ctxLedger) Settle(ctx context.Context, e reconcile.Entry) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return l.MemoryLedger.Settle(ctx, e)
}

// TestWorkerShutdownAfterReportStillSettles: the context ending right
// after the report must not leave the reported entry in the ledger, to be
// reported again.
func TestWorkerShutdownAfterReportStillSettles(t *testing.T) {
	l := ctxLedger{reconcile.NewMemoryLedger()}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reported := 0
	report := func(context.Context, reconcile.Result) error { reported++; cancel(); return nil }
	settle, _ := verdicts(snap.Success)
	w := holdingA(t, l, report, reconcile.WithSettler("debit", "", settle))
	_, err := w.RunOnce(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, reported)
	n, _ := l.Len(context.Background())
	assert.Zero(t, n, "settled in the ledger despite the shutdown")
}
