// Command quickstart is the SDK's main job, offline: it signs a sample
// request both ways, formats amounts, explains response codes, then starts
// simulated providers on loopback (package snaptest) and runs each
// provider's flow through the SDK's public clients — DANA OTC cancel,
// PayerMax debit cancel, NICEPAY v2 cancel, Paydia void and void-query, the
// SNAP direct-debit lifecycle with a received notify — plus a DANA cancel
// whose answers come too late three times and ends Pending, with DANA's
// action printed, and one whose lost answer a reconcile.Worker settles in
// the background.
//
//	go run ./examples/quickstart
//
// It prints one table row per call and exits 1 when any call ends other
// than expected (outcome, attempts, or the provider's state afterwards).
package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"io"
	"os"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer) error {
	// The merchant's key: one per run, trusted by every simulated provider
	// (a 2048-bit key takes a noticeable moment to generate).
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	if err := demoSignatures(w, key); err != nil {
		return err
	}
	if err := demoMoney(w); err != nil {
		return err
	}
	demoCodes(w)
	rows, err := runFlows(ctx, key)
	printTable(w, rows)
	if err != nil {
		return err
	}
	return checkRows(rows)
}
