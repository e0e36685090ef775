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
	"fmt"
	"os"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/examples/internal/demo"
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

func run() int { return demo.Main("payermax", cancelPayment) }

// cancelPayment is the merchant's code: the client, the cancel, and what
// its outcome means for the money.
func cancelPayment(r *demo.Run) (int, error) {
	ref := demo.Env("PAYERMAX_ORIGINAL_PARTNER_REFERENCE_NO", "20240302141539079100054")
	acct, err := r.Account("PAYERMAX", realSettings, "the simulated PayerMax", func(r *demo.Run) *snaptest.Server {
		// The simulator generates the merchant key it trusts (thrown away at
		// exit) and knows the payment to cancel.
		srv := r.Simulate(snaptest.PayerMax, snaptest.WithPartnerID(demoPartnerID))
		srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: ref, Amount: money.IDR(100000)})
		fmt.Println("Using a simulated PayerMax at", srv.URL, "(set", realSettings[0], "and the others for a real call)")
		return srv
	})
	if err != nil {
		return 0, err
	}
	client, err := payermax.NewClient(payermax.Config{
		BaseURL:           acct.BaseURL,
		PartnerID:         acct.PartnerID,
		ChannelID:         acct.ChannelID,
		ClientSecret:      acct.ClientSecret,
		PrivateKey:        acct.PrivateKey,
		DisableSignHeader: !acct.Simulated && os.Getenv("PAYERMAX_DISABLE_SIGN") == "1",
	}, snap.WithLogger(demo.Logger()), snap.WithTimeout(20*time.Second))
	if err != nil {
		return 0, err
	}

	resp, err := client.Cancel(r.Context(time.Minute), &payermax.CancelRequest{
		OriginalPartnerReferenceNo: ref,
		MerchantID:                 demo.Env("PAYERMAX_MERCHANT_ID", demoPartnerID),
		Reason:                     "Cancelled by the snapbi example",
	})
	switch snap.OutcomeOf(err) {
	case snap.Success:
		fmt.Printf("Success: %s cancelled (%s %q, at %s); transaction status now %s\n",
			resp.OriginalPartnerReferenceNo, resp.ResponseCode, resp.ResponseMessage, resp.CancelTime, resp.Status())
		return 0, nil
	case snap.Failed:
		if !demo.NotSent(err) {
			fmt.Println("Failed: the payment was not cancelled:", err)
		}
		return 1, nil
	default:
		fmt.Println("Pending: the cancel may or may not have happened; hold the money and ask Status:", err)
		return 1, nil
	}
}
