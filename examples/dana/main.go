// Command dana cancels a DANA OTC cashout (POST /v1.0/emoney/otc-cancel.htm,
// service 46) and prints the outcome and the action DANA's response table
// recommends for the money.
//
// By default it runs against a simulated DANA (package snaptest) started
// inside this program, which checks the signature as DANA does and keeps the
// cashout's state, so it needs no account and no network:
//
//	go run ./examples/dana
//
// To call DANA's sandbox (or production), set all of:
//
//	DANA_PARTNER_ID        X-PARTNER-ID, the clientId DANA gave you
//	DANA_CHANNEL_ID        CHANNEL-ID, given by DANA
//	DANA_PRIVATE_KEY_FILE  your RSA private key, PEM (PKCS#1 or PKCS#8); never printed
//
// and optionally:
//
//	DANA_BASE_URL                         default https://api.sandbox.dana.id (dana.SandboxBaseURL)
//	DANA_ORIGINAL_PARTNER_REFERENCE_NO    the cashout to cancel (default: the page's example)
//	DANA_CUSTOMER_NUMBER                  the customer's account number (default: the page's example)
//	DANA_AMOUNT                           the cashout's amount in IDR, e.g. 50000.00 (default: the page's example)
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
	"strings"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/dana"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/snaptest"
)

// realSettings must all be set for a real call; none for the fake.
var realSettings = []string{"DANA_PARTNER_ID", "DANA_CHANNEL_ID", "DANA_PRIVATE_KEY_FILE"}

func main() {
	os.Exit(run())
}

func run() int {
	amount, err := money.New(envOr("DANA_AMOUNT", "50000.00"), "IDR")
	if err != nil {
		fmt.Fprintln(os.Stderr, "dana example: DANA_AMOUNT:", err)
		return 2
	}
	cashout := &dana.OTCCancelRequest{
		OriginalPartnerReferenceNo: envOr("DANA_ORIGINAL_PARTNER_REFERENCE_NO", "14054Q0727520211128121824995"),
		CustomerNumber:             envOr("DANA_CUSTOMER_NUMBER", "081234567890"),
		Reason:                     "Abnormal system result",
		AdditionalInfo:             dana.OTCCancelAdditionalInfo{Amount: amount},
	}
	cfg, cleanup, err := settings(cashout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dana example:", err)
		return 2
	}
	defer cleanup()

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil)) // one line per attempt, no secrets
	client, err := dana.NewClient(cfg, snap.WithLogger(logger))
	if err != nil {
		fmt.Fprintln(os.Stderr, "dana example:", err)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	resp, err := client.CancelOTC(ctx, cashout)
	if err == nil {
		fmt.Printf("Outcome: %s (%s %q)\n", snap.Success, resp.ResponseCode, resp.ResponseMessage)
		fmt.Println("Action: ", resp.Raw.Action)
		fmt.Printf("Cashout %s cancelled at %s\n", resp.OriginalPartnerReferenceNo, resp.CancelTime)
		return 0
	}
	var v *snap.ValidationError
	if errors.As(err, &v) {
		fmt.Println("Outcome: failed before sending:", v)
		return 1
	}
	fmt.Println("Outcome:", snap.OutcomeOf(err))
	var e *snap.Error
	if errors.As(err, &e) {
		fmt.Println("Action: ", e.Action)
		fmt.Println("External ids tried:", strings.Join(e.ExternalIDs, ", "))
	}
	fmt.Println("Error:  ", err)
	return 1
}

// settings reads the real account from the environment, or starts a
// simulated DANA that knows the cashout to cancel.
func settings(cashout *dana.OTCCancelRequest) (dana.Config, func(), error) {
	set := 0
	for _, k := range realSettings {
		if os.Getenv(k) != "" {
			set++
		}
	}
	switch {
	case set == len(realSettings):
		keyPEM, err := os.ReadFile(os.Getenv("DANA_PRIVATE_KEY_FILE"))
		if err != nil {
			return dana.Config{}, nil, fmt.Errorf("DANA_PRIVATE_KEY_FILE: %w", err)
		}
		key, err := snap.ParsePrivateKey(keyPEM)
		if err != nil {
			return dana.Config{}, nil, fmt.Errorf("DANA_PRIVATE_KEY_FILE: %w", err)
		}
		return dana.Config{
			BaseURL:    envOr("DANA_BASE_URL", dana.SandboxBaseURL),
			PartnerID:  os.Getenv("DANA_PARTNER_ID"),
			ChannelID:  os.Getenv("DANA_CHANNEL_ID"),
			PrivateKey: snap.NewPrivateKey(key),
		}, func() {}, nil
	case set > 0:
		return dana.Config{}, nil, fmt.Errorf("set all of %s for a real call, or none for the simulated DANA", strings.Join(realSettings, ", "))
	}
	srv := snaptest.NewServer(snaptest.DANA) // generates the merchant's key it trusts, thrown away at exit
	srv.AddTransaction(snaptest.Transaction{
		PartnerReferenceNo: cashout.OriginalPartnerReferenceNo,
		CustomerNumber:     cashout.CustomerNumber,
		Amount:             cashout.AdditionalInfo.Amount,
	})
	fmt.Println("Using a simulated DANA at", srv.URL, "(set", strings.Join(realSettings, ", "), "for a real call)")
	return dana.Config{
		BaseURL: srv.URL, PartnerID: srv.PartnerID(), ChannelID: srv.ChannelID(), PrivateKey: snap.NewPrivateKey(srv.PartnerKey()),
	}, srv.Close, nil
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
