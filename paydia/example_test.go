package paydia_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/paydia"
)

// exampleServer stands in for Paydia in the examples: it hands out a B2B
// token and answers with the fixtures of this package.
func exampleServer() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /snap/v1.0/access-token/b2b", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprint(w, `{"responseCode":"2007300","responseMessage":"Successful","accessToken":"example-b2b-token","tokenType":"Bearer","expiresIn":"900"}`)
	})
	mux.HandleFunc("POST /snap/v1.0/auth/void-query", func(w http.ResponseWriter, _ *http.Request) {
		b, _ := os.ReadFile("testdata/void_query_response.seed.json")
		w.Write(b)
	})
	mux.HandleFunc("POST /snap/v1.0/auth/void", func(w http.ResponseWriter, _ *http.Request) {
		b, _ := os.ReadFile("testdata/void_response.json")
		w.Write(b)
	})
	return httptest.NewServer(mux)
}

func exampleClient(baseURL string) *paydia.Client {
	pem, err := os.ReadFile("../testdata/keys/partner_pkcs8.pem")
	if err != nil {
		panic(err)
	}
	key, err := snap.ParsePrivateKey(pem)
	if err != nil {
		panic(err)
	}
	c, err := paydia.NewClient(paydia.Config{
		BaseURL:      baseURL, // paydia.SandboxBaseURL or paydia.ProductionBaseURL in real use
		PartnerID:    "4abbcb6ce30229994c76169006e0dc9c",
		ChannelID:    "12345",
		ClientSecret: "client-secret-from-paydia",
		PrivateKey:   snap.NewPrivateKey(key),
	})
	if err != nil {
		panic(err)
	}
	return c
}

func ExampleClient_VoidQuery() {
	srv := exampleServer()
	defer srv.Close()
	client := exampleClient(srv.URL + "/snap")

	res, err := client.VoidQuery(context.Background(), &paydia.VoidQueryRequest{
		OriginalPartnerReferenceNo: "b57d8895-790b-4da3-a9e7-0387176de9bf",
		OriginalReferenceNo:        "c407177ce0842a3fc0f1b11d06c3a9620f48b71cf7ed255b1f2edc3de175798a",
		MerchantID:                 "240327001000000",
		VoidNo:                     "d9484993312140b0bd62c2497021e2edc1992554cb484f6a3a7c53ef59e50b3f",
		PartnerVoidNo:              "4427c748-04b0-43c4-b638-94069999415a",
	}, snap.CustomerToken("customer-token-from-account-binding"))
	if err != nil {
		// The query did not answer: the void's state is still unknown.
		var e *snap.Error
		if errors.As(err, &e) {
			fmt.Println(e.Outcome, e.RawCode, e.Action)
		}
		return
	}
	fmt.Println("void:", res.LatestVoidStatus, "->", res.VoidOutcome())
	fmt.Println("amount:", res.VoidAmount)
	t, _ := res.ParsedVoidTime()
	fmt.Println("time as sent:", t.Format("2006-01-02 15:04:05 -07:00"))
	// Output:
	// void: Success -> success
	// amount: IDR 3000.00
	// time as sent: 2024-08-20 13:57:59 -07:00
}

func ExampleClient_Void() {
	srv := exampleServer()
	defer srv.Close()
	client := exampleClient(srv.URL + "/snap")

	res, err := client.Void(context.Background(), &paydia.VoidRequest{
		OriginalPartnerReferenceNo: "b57d8895-790b-4da3-a9e7-0387176de9bf",
		OriginalReferenceNo:        "c407177ce0842a3fc0f1b11d06c3a9620f48b71cf7ed255b1f2edc3de175798a",
		PartnerVoidNo:              "4427c748-04b0-43c4-b638-94069999415a",
		MerchantID:                 "240327001000000",
		VoidAmount:                 money.MustNew("3000.00", "IDR"),
		Reason:                     "customer cancelled",
	}, snap.CustomerToken("customer-token-from-account-binding"))
	switch snap.OutcomeOf(err) {
	case snap.Success:
		fmt.Println("voided:", res.VoidNo[:8], res.VoidAmount)
	case snap.Failed:
		fmt.Println("not voided:", err)
	default: // Pending: hold the money, VoidQuery later
		fmt.Println("unknown, query later:", err)
	}
	// Output:
	// voided: d9484993 IDR 3000.00
}

func ExampleVoidStatus_Normalized() {
	for _, s := range []paydia.VoidStatus{"SUCCESS", "00", "INIT", "01", "FAILED", "06", "PROCESSING"} {
		fmt.Printf("%-10s %-10s %-9s %s\n", string(s), string(s.Normalized()), s, s.Outcome())
	}
	// Output:
	// SUCCESS    SUCCESS    Success   success
	// 00         SUCCESS    Success   success
	// INIT       INIT       Initiated pending
	// 01         INIT       Initiated pending
	// FAILED     FAILED     Failed    failed
	// 06         FAILED     Failed    failed
	// PROCESSING PROCESSING PROCESSING pending
}

func ExampleParseTime() {
	// Paydia's sample sends -07:00 where its table promises +07:00; the
	// offset is kept as sent.
	t, err := paydia.ParseTime("2024-08-20T13:57:59-07:00")
	if err != nil {
		panic(err)
	}
	fmt.Println(t.In(snap.Jakarta()).Format("2006-01-02T15:04:05-07:00"))
	// Output:
	// 2024-08-21T03:57:59+07:00
}
