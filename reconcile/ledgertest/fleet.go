package ledgertest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/reconcile"
	"github.com/snapbi/snap/snaptest"
)

// attemptTimeout bounds each attempt: short, so an injected late answer
// costs little, yet long enough that a loaded machine (the race detector,
// every package's tests at once) rarely times out on its own.
const attemptTimeout = 150 * time.Millisecond

// provider is a simulated direct-debit provider and a merchant's client
// whose attempts time out after attemptTimeout.
type provider struct {
	srv      *snaptest.Server
	client   *debit.Client
	customer snap.CallOption
}

func newProvider(t *testing.T) *provider {
	t.Helper()
	srv := snaptest.NewServer(snaptest.Generic)
	t.Cleanup(srv.Close)
	core, err := snap.NewClient(srv.SNAPConfig(), snap.WithTimeout(attemptTimeout))
	require.NoError(t, err)
	client, err := debit.Wrap(core)
	require.NoError(t, err)
	return &provider{srv: srv, client: client, customer: snap.CustomerToken(srv.CustomerToken())}
}

// reports collects the worker callbacks, counting each ID's.
type reports struct {
	mu    sync.Mutex
	byID  map[string][]reconcile.Result
	total int
	done  chan struct{}
	want  int
}

func newReports(want int) *reports {
	return &reports{byID: map[string][]reconcile.Result{}, done: make(chan struct{}), want: want}
}

func (r *reports) report(_ context.Context, res reconcile.Result) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byID[res.Record.ID] = append(r.byID[res.Record.ID], res)
	r.total++
	if r.total == r.want {
		close(r.done)
	}
	return nil
}

// count is the number of reports so far.
func (r *reports) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.total
}

// wait blocks until want reports came, or fails the test after limit.
func (r *reports) wait(t *testing.T, limit time.Duration) {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(limit):
		r.mu.Lock()
		defer r.mu.Unlock()
		t.Fatalf("%d of %d reports after %s", r.total, r.want, limit)
	}
}

// pay makes calls payments, 16 at a time, every fifth request on the
// payment path answered too late; it returns the Pending ones' records,
// added to l.
func (p *provider) pay(t *testing.T, l reconcile.Ledger, calls int) []reconcile.Record {
	t.Helper()
	ctx := context.Background()
	var late []int
	for i := 5; i <= calls; i += 5 {
		late = append(late, i)
	}
	path := p.client.Paths().Payment
	p.srv.Fail(path, snaptest.Fault{Attempts: late, Kind: snaptest.Delay(time.Second)})
	t.Cleanup(func() { p.srv.ClearFaults(path) })
	var (
		mu      sync.Mutex
		records []reconcile.Record
		wg      sync.WaitGroup
		next    = make(chan int)
	)
	amount := money.IDR(10000)
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				ref := fmt.Sprintf("order-%04d", i)
				_, err := p.client.Payment(ctx, &debit.PaymentRequest{PartnerReferenceNo: ref, ChargeToken: "chg-" + ref, Amount: amount}, p.customer)
				switch snap.OutcomeOf(err) {
				case snap.Success:
					continue
				case snap.Failed:
					t.Errorf("payment %s failed: %v", ref, err)
					continue
				}
				rec, ok := reconcile.RecordOf(reconcile.ProviderDebit, reconcile.OpPayment, err)
				if !assert.True(t, ok, "a Pending payment has a record") {
					continue
				}
				added, aerr := l.Add(ctx, rec, time.Now())
				assert.NoError(t, aerr)
				assert.True(t, added)
				mu.Lock()
				records = append(records, rec)
				mu.Unlock()
			}
		}()
	}
	for i := range calls {
		next <- i
	}
	close(next)
	wg.Wait()
	// Every late answer is a Pending payment; a loaded machine may add a
	// few of its own, which are settled like the others.
	pending := map[string]bool{}
	for _, r := range records {
		pending[r.References["partnerReferenceNo"]] = true
	}
	injected := 0
	arrived := p.srv.RequestsTo(path)
	for _, r := range arrived {
		if r.Fault == "" {
			continue
		}
		injected++
		var body struct{ PartnerReferenceNo string }
		require.NoError(t, json.Unmarshal(r.Body, &body))
		assert.True(t, pending[body.PartnerReferenceNo], "the late %s is Pending", body.PartnerReferenceNo)
	}
	// A loaded machine may also time a call out before it reaches the
	// provider: a late attempt past the last that arrived never comes.
	reached := 0
	for _, n := range late {
		if n <= len(arrived) {
			reached++
		}
	}
	require.Equal(t, reached, injected, "%d of %d calls arrived", len(arrived), calls)
	require.GreaterOrEqual(t, len(records), len(late))
	return records
}

// decide has the provider's back office fail every third Pending payment
// (the late ones were processed: they stand at 00 Success otherwise). It
// returns the outcome each must be settled to.
func (p *provider) decide(t *testing.T, records []reconcile.Record) map[string]snap.Outcome {
	t.Helper()
	want := map[string]snap.Outcome{}
	for i, rec := range records {
		ref := rec.References["partnerReferenceNo"]
		tx, ok := p.srv.Transaction(ref)
		require.True(t, ok, "the late payment %s was processed", ref)
		require.Equal(t, debit.StatusSuccess, tx.Status)
		want[rec.ID] = snap.Success
		if i%3 == 0 {
			require.True(t, p.srv.SetStatus(ref, debit.StatusFailed))
			want[rec.ID] = snap.Failed
		}
	}
	return want
}

// check asserts each record was reported once, with the outcome the
// provider holds, and the ledger is empty.
func (r *reports) check(t *testing.T, l reconcile.Ledger, want map[string]snap.Outcome) {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	assert.Len(t, r.byID, len(want))
	for id, outcome := range want {
		got := r.byID[id]
		if assert.Len(t, got, 1, "%s reported once", id) {
			assert.Equal(t, outcome, got[0].Outcome, "%s: %s", id, got[0].Detail)
			assert.False(t, got[0].GaveUp)
		}
	}
	// A worker reports an entry before it removes it (a crash in between
	// reports it again rather than losing it), so the last removal may
	// still be on its way when the last report arrives.
	assert.Eventually(t, func() bool {
		n, err := l.Len(context.Background())
		return err == nil && n == 0
	}, 10*time.Second, 5*time.Millisecond, "the ledger is empty once everything is settled")
}

func (p *provider) worker(t *testing.T, l reconcile.Ledger, r *reports, opts ...reconcile.Option) *reconcile.Worker {
	t.Helper()
	all := append([]reconcile.Option{
		reconcile.WithSettler(reconcile.ProviderDebit, "", reconcile.DebitStatusSettler(p.client, p.customer)),
		reconcile.WithPollInterval(5 * time.Millisecond), reconcile.WithBackoff(10*time.Millisecond, 50*time.Millisecond),
		reconcile.WithLease(5 * time.Second), reconcile.WithBatch(8),
	}, opts...)
	w, err := reconcile.NewWorker(l, r.report, all...)
	require.NoError(t, err)
	return w
}

// Fleet makes calls payments with 20% of the answers too late (past the
// attempt timeout), keeps every Pending one in the ledger and has 3
// workers, each on a handle of its own, settle them in parallel: every
// Pending is reported exactly once, with the outcome the provider holds.
func Fleet(t *testing.T, newLedger NewLedger, calls int) {
	p := newProvider(t)
	records := p.pay(t, newLedger(t), calls)
	want := p.decide(t, records)

	r := newReports(len(records))
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	workers := make([]*reconcile.Worker, 3)
	for i := range workers {
		workers[i] = p.worker(t, newLedger(t), r)
		wg.Add(1)
		go func() { defer wg.Done(); _ = workers[i].Run(ctx) }()
	}
	r.wait(t, 30*time.Second)
	cancel()
	wg.Wait()
	r.check(t, newLedger(t), want)
	var settled int64
	for _, w := range workers {
		s, err := w.Stats(context.Background())
		require.NoError(t, err)
		settled += s.Settled
		assert.Zero(t, s.GaveUp)
		assert.Zero(t, s.Pending)
	}
	assert.Equal(t, int64(len(records)), settled, "the workers' counts add up")
}

// KilledWorker has a worker lease entries and die mid-lease, its settle
// calls hanging: no other worker takes them while the lease holds; once
// it runs out another worker settles every one, each reported once.
func KilledWorker(t *testing.T, newLedger NewLedger, calls int) {
	p := newProvider(t)
	records := p.pay(t, newLedger(t), calls)
	want := p.decide(t, records)
	clock := NewClock(time.Now())
	r := newReports(len(records))

	leased := make(chan struct{}, len(records))
	hang := func(ctx context.Context, _ reconcile.Record) reconcile.Verdict {
		leased <- struct{}{}
		<-ctx.Done()
		return reconcile.Verdict{Outcome: snap.Pending}
	}
	dying, err := reconcile.NewWorker(newLedger(t), r.report, reconcile.WithSettler(reconcile.ProviderDebit, "", hang),
		reconcile.WithClock(clock.Now), reconcile.WithLease(time.Minute), reconcile.WithBatch(len(records)),
		reconcile.WithConcurrency(len(records)))
	require.NoError(t, err)
	ctx, kill := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _, _ = dying.RunOnce(ctx) }()
	for range records {
		<-leased
	}
	kill() // the worker dies holding every entry
	<-done

	heir := p.worker(t, newLedger(t), r, reconcile.WithClock(clock.Now))
	n, err := heir.RunOnce(context.Background())
	require.NoError(t, err)
	assert.Zero(t, n, "the dead worker's lease still holds")

	clock.Advance(time.Minute)
	for range 100 { // a status call timed out on a loaded machine is due after its backoff
		if r.count() == len(records) {
			break
		}
		_, err := heir.RunOnce(context.Background())
		require.NoError(t, err)
		clock.Advance(50 * time.Millisecond)
	}
	r.wait(t, time.Second)
	r.check(t, newLedger(t), want)
}

// Restart settles part of the entries, then drops every worker and ledger
// handle and starts anew on a fresh handle: the rest are settled, nothing
// is lost and nothing reported twice.
func Restart(t *testing.T, newLedger NewLedger, calls int) {
	p := newProvider(t)
	records := p.pay(t, newLedger(t), calls)
	want := p.decide(t, records)
	r := newReports(len(records))

	first := p.worker(t, newLedger(t), r, reconcile.WithBatch(len(records)/4), reconcile.WithConcurrency(1))
	n, err := first.RunOnce(context.Background())
	require.NoError(t, err)
	require.Equal(t, len(records)/4, n)
	left, err := newLedger(t).Len(context.Background())
	require.NoError(t, err)
	require.Positive(t, r.count())
	require.Equal(t, len(records)-r.count(), left, "the settled ones are gone, the rest kept")

	// Everything restarts: new handles, new workers.
	second := p.worker(t, newLedger(t), r)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = second.Run(ctx) }()
	r.wait(t, 30*time.Second)
	cancel()
	r.check(t, newLedger(t), want)
}
