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
	"cmp"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/dana"
	"github.com/snapbi/snap/examples/internal/demo"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/snaptest"
)

// realSettings must all be set for a real call; none for the fake.
var realSettings = []string{"DANA_PARTNER_ID", "DANA_CHANNEL_ID", "DANA_PRIVATE_KEY_FILE"}

func main() {
	os.Exit(run())
}

func run() int { return demo.Main("dana", cancelOTC) }

// cancelOTC is the merchant's code: the cashout, the client, the call, and
// what its outcome means for the money.
func cancelOTC(r *demo.Run) (int, error) {
	amount, err := money.New(demo.Env("DANA_AMOUNT", "50000.00"), "IDR")
	if err != nil {
		return 0, fmt.Errorf("DANA_AMOUNT: %w", err)
	}
	cashout := &dana.OTCCancelRequest{
		OriginalPartnerReferenceNo: demo.Env("DANA_ORIGINAL_PARTNER_REFERENCE_NO", "14054Q0727520211128121824995"),
		CustomerNumber:             demo.Env("DANA_CUSTOMER_NUMBER", "081234567890"),
		Reason:                     "Abnormal system result",
		AdditionalInfo:             dana.OTCCancelAdditionalInfo{Amount: amount},
	}
	acct, err := r.Account("DANA", realSettings, "the simulated DANA", func(r *demo.Run) *snaptest.Server {
		srv := r.Simulate(snaptest.DANA) // generates the merchant's key it trusts, thrown away at exit
		srv.AddTransaction(snaptest.Transaction{
			PartnerReferenceNo: cashout.OriginalPartnerReferenceNo,
			CustomerNumber:     cashout.CustomerNumber,
			Amount:             cashout.AdditionalInfo.Amount,
		})
		fmt.Println("Using a simulated DANA at", srv.URL, "(set", strings.Join(realSettings, ", "), "for a real call)")
		return srv
	})
	if err != nil {
		return 0, err
	}
	client, err := dana.NewClient(dana.Config{
		BaseURL:    cmp.Or(acct.BaseURL, dana.SandboxBaseURL), // DANA_BASE_URL, or the sandbox
		PartnerID:  acct.PartnerID,
		ChannelID:  acct.ChannelID,
		PrivateKey: acct.PrivateKey,
	}, snap.WithLogger(demo.Logger()))
	if err != nil {
		return 0, err
	}

	resp, err := client.CancelOTC(r.Context(time.Minute), cashout)
	if err == nil {
		fmt.Printf("Outcome: %s (%s %q)\n", snap.Success, resp.ResponseCode, resp.ResponseMessage)
		fmt.Println("Action: ", resp.Raw.Action)
		fmt.Printf("Cashout %s cancelled at %s\n", resp.OriginalPartnerReferenceNo, resp.CancelTime)
		return 0, nil
	}
	var v *snap.ValidationError
	if errors.As(err, &v) {
		fmt.Println("Outcome: failed before sending:", v)
		return 1, nil
	}
	fmt.Println("Outcome:", snap.OutcomeOf(err))
	var e *snap.Error
	if errors.As(err, &e) {
		fmt.Println("Action: ", e.Action)
		fmt.Println("External ids tried:", strings.Join(e.ExternalIDs, ", "))
	}
	fmt.Println("Error:  ", err)
	return 1, nil
}
