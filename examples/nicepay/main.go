// Command nicepay cancels a NICEPAY v2 e-wallet transaction
// (POST /nicepay/direct/v2/cancel) and says what to do with the money.
//
// By default it runs against a simulated NICEPAY (package snaptest) started
// inside this program, which checks merchantToken and timeStamp as NICEPAY
// does and keeps the transaction's state, so it needs no account and no
// network:
//
//	go run ./examples/nicepay
//
// To cancel a real transaction in NICEPAY's sandbox, set:
//
//	NICEPAY_IMID          the merchant id (iMid), e.g. IONPAYTEST
//	NICEPAY_MERCHANT_KEY  the merchant key (a secret: never printed)
//	NICEPAY_TXID          the tXid of the transaction to cancel
//	NICEPAY_AMT           optional: the amount in whole rupiah (default 10000);
//	                      it must be the transaction's amount
//	NICEPAY_BASE_URL      optional: default https://dev.nicepay.co.id/nicepay
//
// The exit status is 0 when the cancel succeeded, 1 when it failed or its
// result is unknown, 2 on bad settings.
package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/examples/internal/demo"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/nicepay"
	"github.com/snapbi/snap/snaptest"
)

// realSettings must all be set for a call to the sandbox; none for the
// simulator.
var realSettings = []string{"NICEPAY_IMID", "NICEPAY_MERCHANT_KEY", "NICEPAY_TXID"}

func main() {
	os.Exit(run())
}

func run() int { return demo.Main("nicepay", cancelTransaction) }

// cancelTransaction is the merchant's code: the client, the cancel, and
// what its outcome means for the money.
func cancelTransaction(r *demo.Run) (int, error) {
	cfg, txid, amt, err := settings(r)
	if err != nil {
		return 0, err
	}
	client, err := nicepay.NewClient(cfg, snap.WithLogger(demo.Logger()), snap.WithTimeout(20*time.Second))
	if err != nil {
		return 0, err
	}

	resp, err := client.Cancel(r.Context(time.Minute), &nicepay.CancelRequest{
		TXID:       txid,
		PayMethod:  nicepay.PayMethodEWallet,
		CancelType: nicepay.CancelFull,
		CancelMsg:  "Cancelled by the snapbi example",
		Amt:        amt,
	})
	switch snap.OutcomeOf(err) {
	case snap.Success:
		at, _ := resp.TransactionTime().Time()
		fmt.Printf("Success: tXid %s cancelled (resultCd %s %q, at %s)\n", resp.TXID, resp.ResultCd, resp.ResultMsg, at.Format(time.RFC3339))
		fmt.Printf("  %d attempt(s) in %s; the answer as received is in resp.Raw.Body\n", resp.Raw.Attempts, resp.Raw.Duration.Round(time.Millisecond))
		return 0, nil
	case snap.Failed:
		if demo.NotSent(err) {
			return 1, nil
		}
		var e *snap.Error
		errors.As(err, &e)
		fmt.Printf("Failed: NICEPAY refused the cancel (resultCd %s %q). %s.\n", e.RawCode, e.Message, e.Action)
		return 1, nil
	default:
		fmt.Println("Pending: the result is unknown; hold the money and check the transaction's status later.")
		fmt.Println("  ", err)
		return 1, nil
	}
}

// settings reads the sandbox settings from the environment, or starts a
// simulated NICEPAY, holding a paid transaction, when none is set.
func settings(r *demo.Run) (cfg nicepay.Config, txid string, amt money.Money, err error) {
	amt = money.IDR(10000)
	real, err := demo.AllOrNone(realSettings, "the simulated NICEPAY")
	if err != nil {
		return cfg, "", amt, err
	}
	if !real {
		srv := r.Simulate(snaptest.NICEPAY)
		tx := srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "ORD-1001", Amount: amt})
		fmt.Println("Using a simulated NICEPAY at", srv.URL, "(set NICEPAY_IMID, NICEPAY_MERCHANT_KEY and NICEPAY_TXID for the sandbox)")
		cfg = nicepay.Config{BaseURL: srv.URL, IMID: srv.IMID(), MerchantKey: srv.MerchantKey()}
		return cfg, tx.ReferenceNo, amt, nil
	}
	if s := os.Getenv("NICEPAY_AMT"); s != "" {
		n, perr := strconv.ParseInt(s, 10, 64)
		if perr != nil {
			return cfg, "", amt, fmt.Errorf("NICEPAY_AMT %q is not a whole rupiah amount", s)
		}
		amt = money.IDR(n)
	}
	base := demo.Env("NICEPAY_BASE_URL", nicepay.SandboxBaseURL)
	fmt.Println("Using NICEPAY at", base)
	return nicepay.Config{BaseURL: base, IMID: os.Getenv("NICEPAY_IMID"), MerchantKey: snap.Secret(os.Getenv("NICEPAY_MERCHANT_KEY"))}, os.Getenv("NICEPAY_TXID"), amt, nil
}
