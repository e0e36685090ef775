package payermax_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/payermax"
)

// examplePayerMax stands in for PayerMax: a token, then the page's cancel
// answer about the example's payment, confirming the cancel (05; the page's
// own sample says 00, which would not confirm it).
func examplePayerMax() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == payermax.TokenPath {
			io.WriteString(w, `{"responseCode":"2007300","responseMessage":"Successful","accessToken":"tok","tokenType":"Bearer","expiresIn":"900"}`)
			return
		}
		body, _ := os.ReadFile("testdata/seed_cancel_response.json")
		body = bytes.Replace(body, []byte("2020102900000000000001"), []byte("20240302141539079100054"), 1)
		w.Write(bytes.Replace(body, []byte(`"latestTransactionStatus": "00"`), []byte(`"latestTransactionStatus": "05"`), 1))
	}))
}

func ExampleClient_Cancel() {
	srv := examplePayerMax()
	defer srv.Close()

	pem, _ := os.ReadFile("../testdata/keys/partner_pkcs8.pem")
	key, err := snap.ParsePrivateKey(pem)
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := payermax.NewClient(payermax.Config{
		BaseURL:      srv.URL, // given by PayerMax with the account
		PartnerID:    "P05010114269706",
		ChannelID:    "95221",
		ClientSecret: "client-secret",
		PrivateKey:   snap.NewPrivateKey(key),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	amount := money.MustNew("100000.00", "IDR")
	resp, err := client.Cancel(context.Background(), &payermax.CancelRequest{
		OriginalPartnerReferenceNo: "20240302141539079100054",
		MerchantID:                 "P05010114269706",
		Reason:                     "Network timeout",
		Amount:                     amount,
	})
	switch snap.OutcomeOf(err) {
	case snap.Success:
		fmt.Println("cancelled; transaction status:", resp.Status(), "at", resp.CancelTime)
	case snap.Failed:
		fmt.Println("not cancelled:", err)
	default: // Pending: the cancel may or may not have happened
		fmt.Println("unknown, ask Status later:", err)
	}
	// Output: cancelled; transaction status: Canceled at 2020-12-21T17:07:25+07:00
}

func ExampleNotifyHandler() {
	providerPEM, _ := os.ReadFile("../testdata/keys/provider_public.pem")
	payermaxPublicKey, _ := snap.ParsePublicKey(providerPEM)

	handler := payermax.NotifyHandler(payermaxPublicKey, func(ctx context.Context, n *payermax.Notify) error {
		if !n.LatestTransactionStatus.IsFinal() {
			return nil // not final yet: wait for the next notice or ask Status
		}
		fmt.Println("payment", n.OriginalPartnerReferenceNo, "is", n.LatestTransactionStatus, n.Amount)
		return nil // an error here makes PayerMax send the notice again
	})

	// A notice signed as PayerMax would sign it (tests can do the same).
	body := []byte(`{"originalPartnerReferenceNo":"20240302141539079100054","originalReferenceNo":"2024030214153907910005","amount":{"value":100000.00,"currency":"IDR"},"latestTransactionStatus":"00"}`)
	signerPEM, _ := os.ReadFile("../testdata/keys/provider_pkcs8.pem")
	signer, _ := snap.ParsePrivateKey(signerPEM)
	header, _ := snap.SignNotification(signer, http.MethodPost, "/payermax/notice", body, time.Now())
	r := httptest.NewRequest(http.MethodPost, "/payermax/notice", bytes.NewReader(body))
	r.Header = header
	w := httptest.NewRecorder()
	handler.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Body.String())
	// Output:
	// payment 20240302141539079100054 is Success IDR 100000.00
	// 200 {"responseCode":"2005600","responseMessage":"Successful"}
}

func ExampleNewTimestamp() {
	t := time.Date(2024, 3, 2, 7, 15, 39, 79_000_000, time.UTC)
	ts := payermax.NewTimestamp(t)
	back, _ := ts.Time()
	fmt.Println(ts, back.Equal(t))
	// Output: 2024-03-02T14:15:39.079+07:00 true
}

func ExampleClient_Status() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == payermax.TokenPath {
			io.WriteString(w, `{"responseCode":"2007300","accessToken":"tok","expiresIn":900}`)
			return
		}
		io.WriteString(w, `{"responseCode":"2005500","responseMessage":"Successful","latestTransactionStatus":"03"}`)
	}))
	defer srv.Close()
	pem, _ := os.ReadFile("../testdata/keys/partner_pkcs8.pem")
	key, _ := snap.ParsePrivateKey(pem)
	client, _ := payermax.NewClient(payermax.Config{BaseURL: srv.URL, PartnerID: "p", ChannelID: "95221", ClientSecret: "s", PrivateKey: snap.NewPrivateKey(key)})

	resp, err := client.Status(context.Background(), &payermax.StatusRequest{
		MerchantID:                 "P05010114269706",
		OriginalPartnerReferenceNo: "20240302141539079100054",
	})
	var se *snap.Error
	if errors.As(err, &se) {
		fmt.Println("inquiry", se.Outcome, se.RawCode)
		return
	}
	fmt.Println(resp.Status(), "final:", resp.Status().IsFinal())
	// Output: Pending final: false
}
