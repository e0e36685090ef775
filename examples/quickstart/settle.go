package main

import (
	"context"
	"crypto/rsa"
	"fmt"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/dana"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/reconcile"
	"github.com/snapbi/snap/snaptest"
)

// settleSteps loses the answer to a DANA OTC cancel: the call ends
// Pending, and the merchant keeps its record in a reconcile ledger. A
// reconcile.Worker running in the background settles it as DANA's table
// says ("retry request periodically": the same cancel sent again) and
// reports Success once.
func settleSteps(ctx context.Context, key *rsa.PrivateKey) ([]step, func(), error) {
	// One attempt of 100 ms: the worker, not the call, does the retrying.
	srv, client, err := danaOn(key, snap.WithTimeout(100*time.Millisecond), snap.WithRetry(snap.NoRetry()))
	if err != nil {
		return nil, nil, err
	}
	cashout := srv.AddTransaction(snaptest.Transaction{
		PartnerReferenceNo: "14054Q0727520211128140000002", CustomerNumber: "081234567890", Amount: money.IDR(25000),
	})
	ledger := reconcile.NewMemoryLedger() // redisstore.NewLedger for a fleet of replicas
	settled := make(chan reconcile.Result, 1)
	worker, err := reconcile.NewWorker(ledger,
		func(_ context.Context, r reconcile.Result) error { settled <- r; return nil },
		reconcile.WithSettler(reconcile.ProviderDANA, reconcile.OpOTCCancel, reconcile.DANAOTCCancelSettler(client)),
		reconcile.WithPollInterval(10*time.Millisecond))
	if err != nil {
		srv.Close()
		return nil, nil, err
	}
	wctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); _ = worker.Run(wctx) }()
	closeAll := func() { stop(); <-done; srv.Close() }

	return []step{{
		provider: "DANA", api: "OTC cancel, timeout → reconcile.Worker", srv: srv, path: dana.OTCCancelPath, want: snap.Success, attempts: 2,
		call: func(ctx context.Context) result {
			srv.Fail(dana.OTCCancelPath, snaptest.Fault{Times: 1, Kind: snaptest.Delay(2 * time.Second)})
			_, err := client.CancelOTC(ctx, otcCancelOf(cashout))
			rec, ok := reconcile.RecordOf(reconcile.ProviderDANA, reconcile.OpOTCCancel, err)
			if !ok {
				return result{err: err, problem: "the cancel did not end Pending"}
			}
			if _, err := worker.Add(ctx, rec); err != nil {
				return result{err: err}
			}
			select {
			case r := <-settled:
				var rerr error
				if r.Outcome != snap.Success {
					rerr = &snap.Error{Outcome: r.Outcome, Reason: r.Detail}
				}
				return result{err: rerr, code: r.Code,
					note:    fmt.Sprintf("timeout → Pending, kept in the ledger; the worker resent it in the background: %s after %d try", r.Outcome, r.Tries),
					problem: providerStatus(srv, cashout.PartnerReferenceNo, debit.StatusCanceled)}
			case <-ctx.Done():
				return result{err: ctx.Err()}
			}
		},
	}}, closeAll, nil
}
