// Command nicepay cancels a NICEPAY v2 e-wallet transaction
// (POST /nicepay/direct/v2/cancel) and says what to do with the money.
//
// By default it runs against a small fake NICEPAY started inside this
// program, so it needs no account and no network:
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
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/nicepay"
)

// demoKey is the fake's merchant key; real keys come from the environment.
const demoKey = "demo-merchant-key"

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
		at, _ := resp.TransactionTime()
		fmt.Printf("Success: tXid %s cancelled (resultCd %s %q, at %s)\n", resp.TXID, resp.ResultCd, resp.ResultMsg, at.Format(time.RFC3339))
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

// settings reads the sandbox settings from the environment, or starts the
// fake when none is set.
func settings() (cfg nicepay.Config, txid string, amt money.Money, cleanup func(), err error) {
	imid, key, txid := os.Getenv("NICEPAY_IMID"), os.Getenv("NICEPAY_MERCHANT_KEY"), os.Getenv("NICEPAY_TXID")
	cleanup = func() {}
	amt = money.IDR(10000)
	if imid == "" && key == "" && txid == "" {
		srv := httptest.NewServer(fakeNicepay(demoKey))
		fmt.Println("Using a local fake NICEPAY at", srv.URL, "(set NICEPAY_IMID, NICEPAY_MERCHANT_KEY and NICEPAY_TXID for the sandbox)")
		cfg = nicepay.Config{BaseURL: srv.URL + "/nicepay", IMID: "IONPAYTEST", MerchantKey: demoKey}
		return cfg, "IONPAYTEST05202603091207051498", amt, srv.Close, nil
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
	return nicepay.Config{BaseURL: base, IMID: imid, MerchantKey: key}, txid, amt, cleanup, nil
}

// fakeNicepay answers /nicepay/direct/v2/cancel like NICEPAY: it checks
// merchantToken = SHA-256(timeStamp+iMid+tXid+amt+merchantKey) and answers
// resultCd 0000, or 9010 for a wrong token.
func fakeNicepay(merchantKey string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /nicepay/direct/v2/cancel", func(w http.ResponseWriter, r *http.Request) {
		var req map[string]string
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		sum := sha256.Sum256([]byte(req["timeStamp"] + req["iMid"] + req["tXid"] + req["amt"] + merchantKey))
		w.Header().Set("Content-Type", "application/json")
		if req["merchantToken"] != hex.EncodeToString(sum[:]) {
			json.NewEncoder(w).Encode(map[string]string{"resultCd": "9010", "resultMsg": "Invalid Merchant Token."})
			return
		}
		now := time.Now().In(snap.Jakarta())
		json.NewEncoder(w).Encode(map[string]string{
			"tXid": req["tXid"], "referenceNo": "ORD-1001", "resultCd": "0000", "resultMsg": "SUCCESS",
			"transDt": now.Format("20060102"), "transTm": now.Format("150405"),
			"description": "Order 1001", "amt": req["amt"],
		})
	})
	return mux
}
