// Package reconcile never loses a Pending call: it keeps each one in a
// durable Ledger and settles it in the background with the provider's own
// means, across restarts and replicas.
//
// A call that ends Pending ("hold the money, check the status later") is
// turned into a Record with RecordOf — provider, operation, service code,
// the request's business references and amounts, every X-EXTERNAL-ID tried,
// the first attempt's time, and no secret — and added to a Ledger. A Worker
// leases the entries that are due, settles each with the Settler registered
// for its provider and operation (a status query where the provider has
// one, a resend with the same business key where the provider says so),
// reschedules it with a doubling backoff while the answer is still
// unknown, and reports the final outcome to the merchant's callback once.
// Past its deadline an entry is reported as still unknown after N tries.
//
// MemoryLedger keeps the entries in the process (tests, a single replica
// that may lose them on a crash); redisstore.Ledger keeps them in Redis,
// where leases make sure two replicas never work the same entry at once.
//
// The package builds no client: the merchant wires the settlers with the
// clients it already has, e.g.
//
//	w, err := reconcile.NewWorker(ledger, report,
//		reconcile.WithSettler(reconcile.ProviderDebit, "", reconcile.DebitStatusSettler(debitClient, customerToken)),
//		reconcile.WithSettler(reconcile.ProviderDANA, reconcile.OpOTCCancel, reconcile.DANAOTCCancelSettler(danaClient)))
//	go w.Run(ctx)
package reconcile
