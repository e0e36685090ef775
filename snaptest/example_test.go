package snaptest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/snaptest"
)

// A merchant's test: seed a payment at the simulated provider, then check
// what the code under test does when the first cancel attempt's connection
// drops. Here the "code under test" is a bare core call.
func Example() {
	srv := snaptest.NewServer(snaptest.Generic)
	defer srv.Close()
	srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000)})
	srv.Fail("/v1.0/debit/cancel", snaptest.Fault{Attempts: []int{1}, Kind: snaptest.DropConnection})

	client, err := snap.NewClient(srv.SNAPConfig(), snap.WithRetry(snap.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}))
	if err != nil {
		panic(err)
	}
	type cancelRequest struct {
		OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
		Reason                     string `json:"reason"`
	}
	resp, err := client.Do(context.Background(), &snap.Request{
		Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true,
		Body: cancelRequest{OriginalPartnerReferenceNo: "order-1", Reason: "customer request"},
	}, nil, snap.CustomerToken(srv.CustomerToken()))
	if err != nil {
		panic(err)
	}
	tx, _ := srv.Transaction("order-1")
	fmt.Println(resp.RawCode, resp.Outcome, "after", resp.Attempts, "attempts; status at the provider:", string(tx.Status))
	for _, r := range srv.RequestsTo("/v1.0/debit/cancel") {
		fmt.Printf("attempt %d: HTTP %d %q fault=%q\n", r.Attempt, r.Status, r.ResponseCode, r.Fault)
	}
	// Output:
	// 2005700 success after 2 attempts; status at the provider: 05
	// attempt 1: HTTP 0 "" fault="drop connection"
	// attempt 2: HTTP 200 "2005700" fault=""
}

// Testing a notification handler: the simulator signs a direct-debit
// notify with its provider key, as the provider would.
func ExampleServer_NotifyTransaction() {
	srv := snaptest.NewServer(snaptest.DANA)
	defer srv.Close()
	srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000)})

	// The merchant's handler under test.
	merchant := httptest.NewServer(snap.NotificationHandler(srv.ProviderPublicKey(), 56,
		func(_ context.Context, _ *http.Request, body []byte) error {
			var n struct {
				OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
				LatestTransactionStatus    string `json:"latestTransactionStatus"`
			}
			if err := json.Unmarshal(body, &n); err != nil {
				return err
			}
			fmt.Println("handled", n.OriginalPartnerReferenceNo, n.LatestTransactionStatus)
			return nil
		}))
	defer merchant.Close()

	resp, err := srv.NotifyTransaction(context.Background(), merchant.URL+"/v1.0/debit/notify", "order-1")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	fmt.Println(resp.StatusCode)
	// Output:
	// handled order-1 00
	// 200
}

// B2B direct debit: the client holds only the B2B access token and sends
// no Authorization-Customer, which the Generic profile requires by default
// (the ASPI samples are B2B2C). WithCustomerTokenRequired(false) simulates a
// B2B provider; a customer token that is sent is still checked.
func ExampleWithCustomerTokenRequired() {
	srv := snaptest.NewServer(snaptest.Generic, snaptest.WithCustomerTokenRequired(false))
	defer srv.Close()
	srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000)})

	client, err := snap.NewClient(srv.SNAPConfig())
	if err != nil {
		panic(err)
	}
	resp, err := client.Do(context.Background(), &snap.Request{
		Path: "/v1.0/debit/status", ServiceCode: 55, Idempotent: true,
		Body: map[string]string{"originalPartnerReferenceNo": "order-1", "serviceCode": "54"},
	}, nil) // no snap.CustomerToken
	if err != nil {
		panic(err)
	}
	fmt.Println(resp.RawCode, resp.Outcome)
	// Output:
	// 2005500 success
}
