// Command debit runs a SNAP direct-debit round — payment, status, refund,
// and the cancel of a second payment — and prints the outcome of each call.
//
// By default it runs against a simulated provider (package snaptest)
// started inside this program, which checks the B2B token, the signatures
// and the customer token as a strict provider does and keeps each
// payment's state, so it needs no account and no network:
//
//	go run ./examples/debit
//
// To call a real provider, set all of:
//
//	DEBIT_BASE_URL          the provider's API root, e.g. https://sandbox.bank.example
//	DEBIT_PARTNER_ID        X-PARTNER-ID, the client id the provider gave you
//	DEBIT_CHANNEL_ID        CHANNEL-ID, given by the provider
//	DEBIT_PRIVATE_KEY_FILE  your RSA private key, PEM (PKCS#1 or PKCS#8); never printed
//
// and, as your provider needs:
//
//	DEBIT_CLIENT_SECRET     symmetric signatures with a B2B token (unset: asymmetric, no token)
//	DEBIT_TOKEN_PATH        B2B token path, default /v1.0/access-token/b2b
//	DEBIT_CUSTOMER_TOKEN    the customer's B2B2C token, sent as Authorization-Customer
//	DEBIT_CHARGE_TOKEN      chargeToken of the payment (default: the page's example)
//	DEBIT_AMOUNT            the amount in IDR, e.g. 10000.00 (default 10000.00)
//	DEBIT_TIMEOUT           how long the whole round may take, e.g. 30s (default 2m)
//
// It moves real money on a real account: use a sandbox. The exit status is
// 0 when every call succeeded, 1 when one failed or its result is unknown,
// 2 on bad settings.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/examples/internal/demo"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
	"github.com/snapbi/snap/snaptest"
)

// realSettings must all be set for a real call; none for the simulator.
var realSettings = []string{"DEBIT_BASE_URL", "DEBIT_PARTNER_ID", "DEBIT_CHANNEL_ID", "DEBIT_PRIVATE_KEY_FILE"}

func main() {
	os.Exit(run())
}

func run() int { return demo.Main("debit", debitRound) }

// debitRound sets up the client for the account, and runs the round.
func debitRound(r *demo.Run) (int, error) {
	acct, err := r.Account("DEBIT", realSettings, "the built-in fake", func(r *demo.Run) *snaptest.Server {
		srv := r.Simulate(snaptest.Generic) // generates the merchant key it trusts, thrown away at exit
		fmt.Println("Using a simulated provider at", srv.URL, "(set", strings.Join(realSettings, ", "), "for a real call)")
		return srv
	})
	if err != nil {
		return 0, err
	}
	amount, err := money.New(demo.Env("DEBIT_AMOUNT", "10000.00"), "IDR")
	if err != nil {
		return 0, fmt.Errorf("DEBIT_AMOUNT: %w", err)
	}
	cfg := debit.Config{
		BaseURL: acct.BaseURL, PartnerID: acct.PartnerID, ChannelID: acct.ChannelID,
		PrivateKey: acct.PrivateKey, ClientSecret: acct.ClientSecret,
	}
	var opts []snap.CallOption
	if acct.CustomerToken != "" {
		opts = append(opts, snap.CustomerToken(acct.CustomerToken))
	}
	if acct.Simulated {
		opts = append(opts, debit.DeviceInfo("172.24.28.24", "09864ADCASA", "-6.1617169", "106.6643946"))
	} else {
		cfg.TokenPath = os.Getenv("DEBIT_TOKEN_PATH")
		if cfg.ClientSecret == "" {
			cfg.Signature = snap.Asymmetric
		}
	}
	client, err := debit.NewClient(cfg)
	if err != nil {
		return 0, err
	}
	timeout, err := time.ParseDuration(demo.Env("DEBIT_TIMEOUT", "2m"))
	if err != nil || timeout <= 0 {
		return 0, errors.New("DEBIT_TIMEOUT must be a positive duration such as 30s")
	}
	if err := round(r.Context(timeout), client, demo.Env("DEBIT_CHARGE_TOKEN", "00007100010926"), amount, opts...); err != nil {
		fmt.Println("Stopped:", err)
		var e *snap.Error
		if errors.As(err, &e) {
			fmt.Println("Action: ", e.Action)
			if len(e.ExternalIDs) > 0 {
				fmt.Println("External ids tried:", strings.Join(e.ExternalIDs, ", "))
			}
		}
		return 1, nil
	}
	return 0, nil
}

// round is the merchant's code: pay, settle the payment's status, refund it;
// then pay a second order and cancel it (a provider refuses to cancel a
// payment that was refunded). Every call ends Success, Failed or Pending; a
// Pending payment is never taken for a failed one.
func round(ctx context.Context, client *debit.Client, chargeToken string, amount money.Money, opts ...snap.CallOption) error {
	ref, err := pay(ctx, client, "ORDER", chargeToken, amount, opts...)
	if err != nil {
		return err
	}
	refund, err := client.Refund(ctx, &debit.RefundRequest{OriginalPartnerReferenceNo: ref, PartnerRefundNo: ref + "-R1", RefundAmount: amount, Reason: "Customer complain"}, opts...)
	if err != nil {
		return err
	}
	fmt.Println("refund: ", refund.ResponseCode, "refundNo", refund.RefundNo, refund.RefundAmount)
	second, err := pay(ctx, client, "ORDER2", chargeToken, amount, opts...)
	if err != nil {
		return err
	}
	cancelled, err := client.Cancel(ctx, &debit.CancelRequest{OriginalPartnerReferenceNo: second, Reason: "Order cancelled"}, opts...)
	if err != nil {
		return err
	}
	fmt.Println("cancel: ", cancelled.ResponseCode, second, "at", cancelled.CancelTime)
	return nil
}

// pay makes a payment and reconciles it until its status is final; it
// returns the payment's partnerReferenceNo once it succeeded.
func pay(ctx context.Context, client *debit.Client, prefix, chargeToken string, amount money.Money, opts ...snap.CallOption) (string, error) {
	ref := fmt.Sprintf("%s-%d", prefix, time.Now().UnixNano())
	resp, err := client.Payment(ctx, &debit.PaymentRequest{PartnerReferenceNo: ref, ChargeToken: chargeToken, Amount: amount}, opts...)
	if snap.OutcomeOf(err) == snap.Failed {
		return "", err // definitive: nothing was debited
	}
	if err == nil {
		fmt.Println("payment:", resp.ResponseCode, ref, "referenceNo", resp.ReferenceNo)
	} else {
		fmt.Println("payment: result unknown, reconciling:", err)
	}
	// Success or Pending: ask where the payment stands until it is final.
	status, err := debit.Reconcile(ctx, client, &debit.StatusRequest{OriginalPartnerReferenceNo: ref, ServiceCode: responsecode.ServiceDebitPayment},
		debit.ReconcileCallOptions(opts...))
	if err != nil {
		return "", err // still Pending: keep the order on hold, try again later
	}
	fmt.Println("status: ", status.LatestTransactionStatus, status.TransAmount)
	if status.LatestTransactionStatus != debit.StatusSuccess {
		return "", fmt.Errorf("payment %s ended %s", ref, status.LatestTransactionStatus)
	}
	return ref, nil
}
