package debit_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/money"
)

// exampleProvider is a loopback provider answering the page's samples (the
// payment one with a well-formed code). It does not check signatures; the
// package tests do.
func exampleProvider() (*httptest.Server, *snap.Client) {
	sample := func(name string) []byte {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			log.Fatal(err)
		}
		return bytes.Replace(b, []byte(`"20054000"`), []byte(`"2005400"`), 1)
	}
	answers := map[string][]byte{
		"/v1.0/debit/payment-host-to-host": sample("payment_response.json"),
		"/v1.0/debit/status":               sample("status_response.json"),
		"/v1.0/debit/cancel":               sample("cancel_response.json"),
		"/v1.0/debit/refund":               sample("refund_response.json"),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(answers[r.URL.Path])
	}))
	pem, err := os.ReadFile("../testdata/keys/partner_pkcs8.pem")
	if err != nil {
		log.Fatal(err)
	}
	key, err := snap.ParsePrivateKey(pem)
	if err != nil {
		log.Fatal(err)
	}
	core, err := snap.NewClient(snap.Config{
		BaseURL:    srv.URL,
		PartnerID:  "82150823919040624621823174737537",
		ChannelID:  "95221",
		PrivateKey: snap.NewPrivateKey(key),
		Signature:  snap.Asymmetric,
	})
	if err != nil {
		log.Fatal(err)
	}
	return srv, core
}

func ExampleClient_Payment() {
	srv, core := exampleProvider()
	defer srv.Close()
	client, err := debit.Wrap(core)
	if err != nil {
		log.Fatal(err)
	}
	amount := money.MustNew("10000.00", "IDR")
	resp, err := client.Payment(context.Background(), &debit.PaymentRequest{
		PartnerReferenceNo: "2020102900000000000001",
		ChargeToken:        "00007100010926",
		Amount:             amount,
		URLParam: []debit.URLParam{
			{URL: "https://shop.example/return", Type: debit.URLPayReturn, IsDeeplink: "N"},
		},
	}, snap.CustomerToken("customer-token"), debit.DeviceInfo("172.24.28.24", "09864ADCASA", "-6.1617169", "106.6643946"))
	switch snap.OutcomeOf(err) {
	case snap.Success:
		fmt.Println("paid:", resp.ReferenceNo)
	case snap.Failed:
		fmt.Println("not paid:", err)
	default: // Pending: hold the order, settle it with debit.Reconcile
		fmt.Println("unknown, reconcile:", err)
	}
	// Output: paid: 2020102977770000000009
}

func ExampleClient_Status() {
	srv, core := exampleProvider()
	defer srv.Close()
	client, _ := debit.Wrap(core)
	resp, err := client.Status(context.Background(), &debit.StatusRequest{
		OriginalPartnerReferenceNo: "2020102900000000000001",
		ServiceCode:                17, // the payment's service code in the page's sample
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.LatestTransactionStatus, resp.LatestTransactionStatus.IsFinal(), resp.TransAmount)
	for _, h := range resp.RefundHistory {
		fmt.Println("refund", h.RefundNo, h.RefundStatus, h.RefundAmount)
	}
	// Output:
	// Success true IDR 112345678.00
	// refund 96194816941239812 Success IDR 12345678.00
	// refund 96194123981251341 Success IDR 112345678.00
}

func ExampleClient_Cancel() {
	srv, core := exampleProvider()
	defer srv.Close()
	client, _ := debit.Wrap(core)
	resp, err := client.Cancel(context.Background(), &debit.CancelRequest{
		OriginalPartnerReferenceNo: "2020102900000000000001",
		OriginalReferenceNo:        "2020102977770000000009",
		Reason:                     "Network timeout",
	})
	if snap.OutcomeOf(err) == snap.Pending {
		// Never release the goods on a Pending cancel: reconcile it.
		log.Fatal(err)
	}
	cancelled, _ := resp.CancelTime.Time()
	fmt.Println(resp.ResponseCode, cancelled.UTC())
	// Output: 2005700 2020-12-21 10:07:25 +0000 UTC
}

func ExampleClient_Refund() {
	srv, core := exampleProvider()
	defer srv.Close()
	client, _ := debit.Wrap(core)
	amount := money.MustNew("10000.00", "IDR")
	resp, err := client.Refund(context.Background(), &debit.RefundRequest{
		OriginalPartnerReferenceNo: "2020102900000000000001",
		PartnerRefundNo:            "239850918204981205970",
		RefundAmount:               amount,
		Reason:                     "Customer complain",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.RefundNo, resp.RefundAmount)
	// Output: REF993883 IDR 10000.00
}

func ExampleReconcile() {
	srv, core := exampleProvider()
	defer srv.Close()
	client, _ := debit.Wrap(core)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	resp, err := debit.Reconcile(ctx, client, &debit.StatusRequest{
		OriginalPartnerReferenceNo: "2020102900000000000001",
		ServiceCode:                17, // the page's sample: the answer echoes it
	})
	if err != nil {
		log.Fatal(err) // still Pending: try again later
	}
	fmt.Println("settled:", resp.LatestTransactionStatus)
	// Output: settled: Success
}

func ExampleNotifyHandler() {
	providerKey, _ := os.ReadFile("../testdata/keys/provider_public.pem")
	pub, err := snap.ParsePublicKey(providerKey)
	if err != nil {
		log.Fatal(err)
	}
	handler := debit.NotifyHandler(pub, func(ctx context.Context, n *debit.Notify) error {
		switch {
		case n.LatestTransactionStatus == debit.StatusSuccess:
			fmt.Println("paid:", n.OriginalPartnerReferenceNo, n.Amount)
		case !n.LatestTransactionStatus.IsFinal():
			return nil // not settled yet; a later notification or Reconcile will tell
		}
		return nil // an error here answers 500 and the provider sends it again
	})
	mux := http.NewServeMux()
	mux.Handle("POST /v1.0/debit/notify", handler) // the path the provider posts to

	// What a provider sends, signed with its key (snap.SignNotification
	// lets tests do the same).
	body := []byte(`{"originalPartnerReferenceNo":"2020102900000000000001","originalReferenceNo":"2020102977770000000009","amount":{"value":"10000.00","currency":"IDR"},"latestTransactionStatus":"00"}`)
	keyPEM, _ := os.ReadFile("../testdata/keys/provider_pkcs8.pem")
	key, _ := snap.ParsePrivateKey(keyPEM)
	h, _ := snap.SignNotification(key, http.MethodPost, "/v1.0/debit/notify", body, time.Now())
	r := httptest.NewRequest(http.MethodPost, "/v1.0/debit/notify", bytes.NewReader(body))
	r.Header = h
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	fmt.Println(w.Code, strings.TrimSpace(w.Body.String()))
	// Output:
	// paid: 2020102900000000000001 IDR 10000.00
	// 200 {"responseCode":"2005600","responseMessage":"Successful"}
}

func ExampleDeviceInfo() {
	srv, core := exampleProvider()
	defer srv.Close()
	client, _ := debit.Wrap(core)
	_, err := client.Status(context.Background(),
		&debit.StatusRequest{OriginalReferenceNo: "2020102977770000000009", ServiceCode: 17},
		snap.CustomerToken("customer-token"),
		debit.DeviceInfo("172.24.28.24", "09864ADCASA", "", ""), // empty values are left out
	)
	fmt.Println(snap.OutcomeOf(err))
	// Output: success
}

func ExampleWithPaths() {
	srv, core := exampleProvider()
	defer srv.Close()
	// A provider that serves the operations under its own paths.
	client, err := debit.Wrap(core, debit.WithPaths(debit.Paths{
		Cancel: "/v1.0/debit/cancel.htm",
		Status: "/v1.0/debit/status.htm",
	}))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(client.Paths().Cancel, client.Paths().Refund)
	// Output: /v1.0/debit/cancel.htm /v1.0/debit/refund
}
