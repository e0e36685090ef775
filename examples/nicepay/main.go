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
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/nicepay"
	"github.com/snapbi/snap/snaptest"
)

func main() {
	os.Exit(run())
}

func run() int {
	cfg, txid, amt, cleanup, err := settings()
	if err != nil {
		fmt.Fprintln(os.Stderr, "nicepay example:", err)
		return 2
	}
	defer cleanup()

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil)) // one line per attempt, no secrets
	client, err := nicepay.NewClient(cfg, snap.WithLogger(logger), snap.WithTimeout(20*time.Second))
	if err != nil {
		fmt.Fprintln(os.Stderr, "nicepay example:", err)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	resp, err := client.Cancel(ctx, &nicepay.CancelRequest{
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
		return 0
	case snap.Failed:
		var v *snap.ValidationError
		if errors.As(err, &v) {
			fmt.Println("Failed before sending:", v)
			return 1
		}
		var e *snap.Error
		errors.As(err, &e)
		fmt.Printf("Failed: NICEPAY refused the cancel (resultCd %s %q). %s.\n", e.RawCode, e.Message, e.Action)
		return 1
	default:
		fmt.Println("Pending: the result is unknown; hold the money and check the transaction's status later.")
		fmt.Println("  ", err)
		return 1
	}
}

// settings reads the sandbox settings from the environment, or starts a
// simulated NICEPAY, holding a paid transaction, when none is set.
func settings() (cfg nicepay.Config, txid string, amt money.Money, cleanup func(), err error) {
	imid, key, txid := os.Getenv("NICEPAY_IMID"), os.Getenv("NICEPAY_MERCHANT_KEY"), os.Getenv("NICEPAY_TXID")
	cleanup = func() {}
	amt = money.IDR(10000)
	if imid == "" && key == "" && txid == "" {
		srv := snaptest.NewServer(snaptest.NICEPAY)
		tx := srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "ORD-1001", Amount: amt})
		fmt.Println("Using a simulated NICEPAY at", srv.URL, "(set NICEPAY_IMID, NICEPAY_MERCHANT_KEY and NICEPAY_TXID for the sandbox)")
		cfg = nicepay.Config{BaseURL: srv.URL, IMID: srv.IMID(), MerchantKey: srv.MerchantKey()}
		return cfg, tx.ReferenceNo, amt, srv.Close, nil
	}
	if imid == "" || key == "" || txid == "" {
		return cfg, "", amt, cleanup, errors.New("set all of NICEPAY_IMID, NICEPAY_MERCHANT_KEY and NICEPAY_TXID, or none")
	}
	if s := os.Getenv("NICEPAY_AMT"); s != "" {
		n, perr := strconv.ParseInt(s, 10, 64)
		if perr != nil {
			return cfg, "", amt, cleanup, fmt.Errorf("NICEPAY_AMT %q is not a whole rupiah amount", s)
		}
		amt = money.IDR(n)
	}
	base := os.Getenv("NICEPAY_BASE_URL")
	if base == "" {
		base = nicepay.SandboxBaseURL
	}
	fmt.Println("Using NICEPAY at", base)
	return nicepay.Config{BaseURL: base, IMID: imid, MerchantKey: snap.Secret(key)}, txid, amt, cleanup, nil
}
