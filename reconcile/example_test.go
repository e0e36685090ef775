package reconcile_test

import (
	"context"
	"fmt"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/dana"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/reconcile"
	"github.com/snapbi/snap/snaptest"
)

// A DANA OTC cancel whose answer is lost ends Pending. Its record goes into
// the ledger, and a worker settles it the way DANA's table says — the same
// cancel again — and reports the outcome once.
func ExampleWorker() {
	srv := snaptest.NewServer(snaptest.DANA)
	defer srv.Close()
	srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "cashout-1", CustomerNumber: "081234567890", Amount: money.IDR(50000)})
	client, err := dana.NewClient(dana.Config{BaseURL: srv.URL, PartnerID: srv.PartnerID(), ChannelID: srv.ChannelID(),
		PrivateKey: snap.NewPrivateKey(srv.PartnerKey())}, snap.WithTimeout(500*time.Millisecond), snap.WithRetry(snap.NoRetry()))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	srv.Fail(dana.OTCCancelPath, snaptest.Fault{Times: 1, Kind: snaptest.Delay(time.Second)}) // the answer is lost
	_, cancelErr := client.CancelOTC(ctx, &dana.OTCCancelRequest{OriginalPartnerReferenceNo: "cashout-1", CustomerNumber: "081234567890",
		Reason: "Abnormal system result", AdditionalInfo: dana.OTCCancelAdditionalInfo{Amount: money.IDR(50000)}})
	fmt.Println("the call:", snap.OutcomeOf(cancelErr))

	ledger := reconcile.NewMemoryLedger()
	done := make(chan reconcile.Result, 1)
	w, err := reconcile.NewWorker(ledger, func(_ context.Context, r reconcile.Result) error { done <- r; return nil },
		reconcile.WithSettler(reconcile.ProviderDANA, reconcile.OpOTCCancel, reconcile.DANAOTCCancelSettler(client)))
	if err != nil {
		panic(err)
	}
	if rec, ok := reconcile.RecordOf(reconcile.ProviderDANA, reconcile.OpOTCCancel, cancelErr); ok {
		fmt.Println("kept:", rec.ID)
		if _, err := w.Add(ctx, rec); err != nil {
			panic(err)
		}
	}
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	go func() { _ = w.Run(wctx) }()

	r := <-done
	fmt.Println("settled:", r.Outcome, r.Code, "after", r.Tries, "try")
	// Output:
	// the call: pending
	// kept: dana:otc-cancel:cashout-1
	// settled: success 2004600 after 1 try
}
