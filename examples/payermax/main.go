// Command payermax cancels a PayerMax Indonesia SNAP direct-debit payment
// (POST /v1.0/debit/cancel, service 57) and says what to do with the money.
//
// By default it runs against a simulated PayerMax (package snaptest) started
// inside this program, which checks the B2B token, X-SIGNATURE and the sign
// header as PayerMax does and keeps the payment's state, so it needs no
// account and no network:
//
//	go run ./examples/payermax
//
// To cancel a real payment, set all of:
//
//	PAYERMAX_BASE_URL          the API root PayerMax gave you (none is published)
//	PAYERMAX_PARTNER_ID        X-PARTNER-ID, your PayerMax clientId
//	PAYERMAX_CLIENT_SECRET     the client secret (never printed)
//	PAYERMAX_CHANNEL_ID        CHANNEL-ID, given by PayerMax
//	PAYERMAX_PRIVATE_KEY_FILE  your RSA private key, PEM (PKCS#1 or PKCS#8)
//
// and optionally:
//
//	PAYERMAX_ORIGINAL_PARTNER_REFERENCE_NO  the payment to cancel (default: the page's example)
//	PAYERMAX_MERCHANT_ID                    merchantId of the body
//	PAYERMAX_DISABLE_SIGN                   "1" to leave out the sign header
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
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/payermax"
	"github.com/snapbi/snap/snaptest"
)

// demoPartnerID is the simulated account's clientId (and the default
// merchantId); real values come from the environment.
const demoPartnerID = "P05010114269706"

var realSettings = []string{"PAYERMAX_BASE_URL", "PAYERMAX_PARTNER_ID", "PAYERMAX_CLIENT_SECRET", "PAYERMAX_CHANNEL_ID", "PAYERMAX_PRIVATE_KEY_FILE"}

func main() {
	os.Exit(run())
}

func run() int {
	ref := envOr("PAYERMAX_ORIGINAL_PARTNER_REFERENCE_NO", "20240302141539079100054")
	cfg, cleanup, err := settings(ref)
	if err != nil {
		fmt.Fprintln(os.Stderr, "payermax example:", err)
		return 2
	}
	defer cleanup()

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil)) // one line per attempt, no secrets
	client, err := payermax.NewClient(cfg, snap.WithLogger(logger), snap.WithTimeout(20*time.Second))
	if err != nil {
		fmt.Fprintln(os.Stderr, "payermax example:", err)
		return 2
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	resp, err := client.Cancel(ctx, &payermax.CancelRequest{
		OriginalPartnerReferenceNo: ref,
		MerchantID:                 envOr("PAYERMAX_MERCHANT_ID", demoPartnerID),
		Reason:                     "Cancelled by the snapbi example",
	})
	switch snap.OutcomeOf(err) {
	case snap.Success:
		fmt.Printf("Success: %s cancelled (%s %q, at %s); transaction status now %s\n",
			resp.OriginalPartnerReferenceNo, resp.ResponseCode, resp.ResponseMessage, resp.CancelTime, resp.Status())
		return 0
	case snap.Failed:
		var v *snap.ValidationError
		if errors.As(err, &v) {
			fmt.Println("Failed before sending:", v)
		} else {
			fmt.Println("Failed: the payment was not cancelled:", err)
		}
		return 1
	default:
		fmt.Println("Pending: the cancel may or may not have happened; hold the money and ask Status:", err)
		return 1
	}
}

// settings reads the real account from the environment, or starts a
// simulated PayerMax that knows the payment ref.
func settings(ref string) (payermax.Config, func(), error) {
	set := 0
	for _, k := range realSettings {
		if os.Getenv(k) != "" {
			set++
		}
	}
	switch {
	case set == len(realSettings):
		keyPEM, err := os.ReadFile(os.Getenv("PAYERMAX_PRIVATE_KEY_FILE"))
		if err != nil {
			return payermax.Config{}, nil, fmt.Errorf("PAYERMAX_PRIVATE_KEY_FILE: %w", err)
		}
		key, err := snap.ParsePrivateKey(keyPEM)
		if err != nil {
			return payermax.Config{}, nil, fmt.Errorf("PAYERMAX_PRIVATE_KEY_FILE: %w", err)
		}
		return payermax.Config{
			BaseURL:           os.Getenv("PAYERMAX_BASE_URL"),
			PartnerID:         os.Getenv("PAYERMAX_PARTNER_ID"),
			ChannelID:         os.Getenv("PAYERMAX_CHANNEL_ID"),
			ClientSecret:      snap.Secret(os.Getenv("PAYERMAX_CLIENT_SECRET")),
			PrivateKey:        snap.NewPrivateKey(key),
			DisableSignHeader: os.Getenv("PAYERMAX_DISABLE_SIGN") == "1",
		}, func() {}, nil
	case set > 0:
		return payermax.Config{}, nil, fmt.Errorf("set all of %s for a real call, or none for the simulated PayerMax", strings.Join(realSettings, ", "))
	}
	// The simulator generates the merchant key it trusts (thrown away at
	// exit) and knows the payment to cancel.
	srv := snaptest.NewServer(snaptest.PayerMax, snaptest.WithPartnerID(demoPartnerID))
	srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: ref, Amount: money.IDR(100000)})
	fmt.Println("Using a simulated PayerMax at", srv.URL, "(set", realSettings[0], "and the others for a real call)")
	return payermax.Config{
		BaseURL: srv.URL, PartnerID: srv.PartnerID(), ChannelID: srv.ChannelID(),
		ClientSecret: srv.ClientSecret(), PrivateKey: snap.NewPrivateKey(srv.PartnerKey()),
	}, srv.Close, nil
}

func envOr(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}
