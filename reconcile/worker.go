package reconcile

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/snapbi/snap"
)

// Defaults of a Worker.
const (
	// DefaultLease is how long a worker holds the entries it leased.
	DefaultLease = 30 * time.Second
	// DefaultBatch is how many entries one lease takes.
	DefaultBatch = 16
	// DefaultConcurrency is how many leased entries are settled at once.
	DefaultConcurrency = 4
	// DefaultPollInterval is the wait when nothing is due.
	DefaultPollInterval = time.Second
	// DefaultFirstBackoff is the wait after the first still-unknown try;
	// each further one doubles it, up to DefaultMaxBackoff.
	DefaultFirstBackoff = 5 * time.Second
	// DefaultMaxBackoff caps the doubling waits.
	DefaultMaxBackoff = 5 * time.Minute
	// DefaultDeadline is how long after a call's first attempt the worker
	// keeps trying before it reports the call still unknown.
	DefaultDeadline = 24 * time.Hour
)

// Verdict is what one settle attempt found out.
type Verdict struct {
	// Outcome is the operation's: Success or Failed end the entry; Pending
	// means still unknown, ask again later.
	Outcome snap.Outcome
	// Code is the response code of the answer that decided it, "" when
	// none came.
	Code string
	// Detail says what the provider answered ("latestTransactionStatus 05
	// Canceled").
	Detail string
	// Err is the last call's error, when it did not succeed.
	Err error
}

// Settler finds out, once, what became of a Pending call: a status query,
// or a resend with the same business key. It must honour ctx.
type Settler func(ctx context.Context, rec Record) Verdict

// Result is what the merchant's callback gets: the final outcome of one
// Pending call, once.
type Result struct {
	// Record is the Pending call settled.
	Record Record
	// Outcome is Success or Failed, or Pending when the worker gave up.
	Outcome snap.Outcome
	// GaveUp is set when the deadline (or the try limit) passed with the
	// outcome still unknown; hold the money and look at it by hand.
	GaveUp bool
	// Tries is how many settle attempts were made.
	Tries int
	// Code is the response code of the last settle attempt's answer.
	Code string
	// Detail is the last verdict's detail; when GaveUp, it begins with
	// "still unknown after N tries".
	Detail string
	// Err is the last settle attempt's error, if any.
	Err error
}

// Report receives each final Result. An error keeps the entry in the
// ledger, reported again after a backoff: return nil only once the result
// is recorded. Key it on Result.Record.ID: a worker that dies between
// Report and the ledger's Settle leaves the entry to be reported again
// after its lease (or whose ledger fails at that moment), the one case of
// a second report.
type Report func(ctx context.Context, r Result) error

// Stats are a worker's counts, for metrics.
type Stats struct {
	// Pending is the number of entries in the ledger (every worker's).
	Pending int
	// Settled counts the entries this worker reported Success or Failed;
	// GaveUp those it reported still unknown; Tries its settle attempts.
	Settled, GaveUp, Tries int64
}

// Option configures a Worker.
type Option func(*Worker) error

// WithSettler registers s for the records of provider and operation; an
// empty operation covers every operation of the provider without a
// settler of its own.
func WithSettler(provider, operation string, s Settler) Option {
	return func(w *Worker) error {
		if provider == "" || s == nil {
			return errors.New("reconcile: WithSettler needs a provider and a settler")
		}
		w.settlers[kind{provider, operation}] = s
		return nil
	}
}

// WithLease sets how long a worker holds the entries it leases (default
// DefaultLease). Each settle attempt is bounded to well within it.
func WithLease(d time.Duration) Option {
	return positive("WithLease", d, func(w *Worker) { w.lease = d })
}

// WithBatch sets how many entries one lease takes (default DefaultBatch).
func WithBatch(n int) Option {
	return positive("WithBatch", time.Duration(n), func(w *Worker) { w.batch = n })
}

// WithConcurrency sets how many leased entries are settled at once
// (default DefaultConcurrency).
func WithConcurrency(n int) Option {
	return positive("WithConcurrency", time.Duration(n), func(w *Worker) { w.concurrency = n })
}

// WithPollInterval sets the wait when nothing is due (default
// DefaultPollInterval).
func WithPollInterval(d time.Duration) Option {
	return positive("WithPollInterval", d, func(w *Worker) { w.poll = d })
}

// WithBackoff sets the wait after the first still-unknown attempt and the
// cap of the doubling waits (defaults DefaultFirstBackoff,
// DefaultMaxBackoff).
func WithBackoff(first, max time.Duration) Option {
	return func(w *Worker) error {
		if first <= 0 || max < first {
			return fmt.Errorf("reconcile: WithBackoff(%s, %s): want 0 < first <= max", first, max)
		}
		w.first, w.max = first, max
		return nil
	}
}

// WithDeadline sets how long after the call's first attempt the worker
// keeps trying (default DefaultDeadline); then it reports the entry still
// unknown.
func WithDeadline(d time.Duration) Option {
	return positive("WithDeadline", d, func(w *Worker) { w.deadline = d })
}

// WithMaxTries gives up after n settle attempts, even before the deadline.
func WithMaxTries(n int) Option {
	return positive("WithMaxTries", time.Duration(n), func(w *Worker) { w.maxTries = n })
}

// WithClock replaces time.Now.
func WithClock(now func() time.Time) Option {
	return func(w *Worker) error {
		if now == nil {
			return errors.New("reconcile: WithClock(nil)")
		}
		w.now = now
		return nil
	}
}

// WithLogger logs what the worker does with each entry (nothing by
// default). Records hold no secret.
func WithLogger(l *slog.Logger) Option {
	return func(w *Worker) error { w.logger = l; return nil }
}

func positive(name string, v time.Duration, set func(*Worker)) Option {
	return func(w *Worker) error {
		if v <= 0 {
			return fmt.Errorf("reconcile: %s(%d): want a positive value", name, v)
		}
		set(w)
		return nil
	}
}

type kind struct{ provider, operation string }

// Worker settles the ledger's due entries. Several workers, in one process
// or several, may share a ledger. Create it with NewWorker.
type Worker struct {
	ledger      Ledger
	report      Report
	settlers    map[kind]Settler
	lease       time.Duration
	batch       int
	concurrency int
	poll        time.Duration
	first, max  time.Duration
	deadline    time.Duration
	maxTries    int
	now         func() time.Time
	logger      *slog.Logger

	settled, gaveUp, tries atomic.Int64
}

// NewWorker returns a worker on ledger that reports each final outcome to
// report.
func NewWorker(ledger Ledger, report Report, opts ...Option) (*Worker, error) {
	if ledger == nil || report == nil {
		return nil, errors.New("reconcile: NewWorker needs a ledger and a report callback")
	}
	w := &Worker{
		ledger: ledger, report: report, settlers: map[kind]Settler{},
		lease: DefaultLease, batch: DefaultBatch, concurrency: DefaultConcurrency, poll: DefaultPollInterval,
		first: DefaultFirstBackoff, max: DefaultMaxBackoff, deadline: DefaultDeadline, now: time.Now,
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(w); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// Add keeps a Pending call's record in the worker's ledger, due now. It is
// a shorthand for Ledger.Add.
func (w *Worker) Add(ctx context.Context, rec Record) (bool, error) {
	return w.ledger.Add(ctx, rec, w.now())
}

// Stats returns the worker's counts and the ledger's size.
func (w *Worker) Stats(ctx context.Context) (Stats, error) {
	n, err := w.ledger.Len(ctx)
	return Stats{Pending: n, Settled: w.settled.Load(), GaveUp: w.gaveUp.Load(), Tries: w.tries.Load()}, err
}

// Run settles due entries until ctx ends, and returns ctx's error. A
// ledger that fails is tried again after the poll interval.
func (w *Worker) Run(ctx context.Context) error {
	for {
		n, err := w.RunOnce(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil && w.logger != nil {
			w.logger.WarnContext(ctx, "reconcile: lease failed", slog.String("error", err.Error()))
		}
		if n > 0 && err == nil {
			continue // more may be due
		}
		t := time.NewTimer(w.poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// RunOnce leases the due entries once, settles them and returns how many
// it leased.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	entries, err := w.ledger.Lease(ctx, w.now(), w.batch, w.lease)
	if err != nil {
		return 0, err
	}
	sem := make(chan struct{}, w.concurrency)
	var wg sync.WaitGroup
	for _, e := range entries {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			w.settle(ctx, e)
		}()
	}
	wg.Wait()
	return len(entries), nil
}

func (w *Worker) settlerFor(r Record) Settler {
	if s, ok := w.settlers[kind{r.Provider, r.Operation}]; ok {
		return s
	}
	return w.settlers[kind{r.Provider, ""}]
}

// margin is the part of the lease kept free at its end: a settle attempt
// ends before it, so the worker reports only while it surely holds the
// entry.
func (w *Worker) margin() time.Duration { return w.lease / 5 }

// settle makes one attempt at e and reports, reschedules or leaves it.
func (w *Worker) settle(ctx context.Context, e Entry) {
	safe := e.LeasedUntil.Add(-w.margin())
	var v Verdict
	if s := w.settlerFor(e.Record); s != nil {
		// Bounded by the worker's clock, so an attempt ends before the lease.
		actx, cancel := context.WithTimeout(ctx, safe.Sub(w.now()))
		v = s(actx, e.Record)
		cancel()
	} else {
		v = Verdict{Outcome: snap.Pending, Detail: fmt.Sprintf("no settler for provider %q, operation %q", e.Record.Provider, e.Record.Operation)}
	}
	if ctx.Err() != nil {
		return // shutting down: the lease runs out and another worker takes the entry
	}
	e.Tries++
	w.tries.Add(1)
	res := Result{Record: e.Record, Outcome: v.Outcome, Tries: e.Tries, Code: v.Code, Detail: v.Detail, Err: v.Err}
	final := v.Outcome == snap.Success || v.Outcome == snap.Failed
	if !final {
		res.Outcome = snap.Pending
		first := e.Record.FirstAttempt
		if (!first.IsZero() && !w.now().Before(first.Add(w.deadline))) || (w.maxTries > 0 && e.Tries >= w.maxTries) {
			res.GaveUp = true
			res.Detail = fmt.Sprintf("still unknown after %d tries", e.Tries)
			if v.Detail != "" {
				res.Detail += ": " + v.Detail
			}
		}
	}
	if !final && !res.GaveUp {
		w.reschedule(ctx, e, "still unknown: "+v.Detail)
		return
	}
	if !w.now().Before(safe) {
		// The lease is about to run out: another worker may take the
		// entry and report it. Leave it to the next lease rather than
		// risk a second report.
		w.log(ctx, e, "lease nearly over; left for the next lease")
		return
	}
	if err := w.report(ctx, res); err != nil {
		w.reschedule(ctx, e, "report failed: "+err.Error())
		return
	}
	if res.GaveUp {
		w.gaveUp.Add(1)
	} else {
		w.settled.Add(1)
	}
	// The report is made: the ledger must forget the entry even when ctx
	// ends meanwhile (a shutdown), or it would be reported again.
	sctx, cancel := w.ledgerContext(ctx)
	defer cancel()
	if err := w.ledger.Settle(sctx, e); err != nil {
		w.log(ctx, e, "reported, but the ledger kept the entry: "+err.Error())
		return
	}
	w.log(ctx, e, "reported "+string(res.Outcome)+": "+res.Detail)
}

// ledgerContext is ctx without its cancellation, bounded by the lease's
// margin: a ledger write that follows work already done is not cut short
// by a shutdown.
func (w *Worker) ledgerContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), w.margin())
}

// reschedule makes e due again after the backoff of its tries.
func (w *Worker) reschedule(ctx context.Context, e Entry, why string) {
	d := w.first
	for i := 1; i < e.Tries && d < w.max; i++ {
		d *= 2
	}
	d = min(d, w.max)
	rctx, cancel := w.ledgerContext(ctx)
	defer cancel()
	if err := w.ledger.Reschedule(rctx, e, w.now().Add(d)); err != nil {
		why += "; reschedule failed: " + err.Error()
	}
	w.log(ctx, e, why)
}

func (w *Worker) log(ctx context.Context, e Entry, msg string) {
	if w.logger == nil {
		return
	}
	w.logger.InfoContext(ctx, "reconcile: "+msg, slog.String("id", e.Record.ID), slog.Int("tries", e.Tries))
}
