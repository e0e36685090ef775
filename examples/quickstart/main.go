// Command quickstart is the SDK's main job, offline: it signs a sample
// request both ways, formats amounts, explains response codes, and makes
// signed calls against a simulated provider on loopback — including a timeout
// retried three times that ends Pending, with the merchant action printed.
//
//	go run ./examples/quickstart
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
