package paydia_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/paydia"
	"github.com/snapbi/snap/snaptest"
)

// exampleServer is the Paydia simulator, knowing one auth payment with one
// void, and a client of it.
func exampleServer() (*snaptest.Server, *paydia.Client) {
	pem, err := os.ReadFile("../testdata/keys/partner_pkcs8.pem")
	if err != nil {
		panic(err)
	}
	key, err := snap.ParsePrivateKey(pem)
	if err != nil {
		panic(err)
	}
	srv := snaptest.NewServer(snaptest.Paydia, snaptest.WithPartnerKey(key), snaptest.WithCustomerToken("customer-token-from-account-binding"))
	srv.AddTransaction(snaptest.Transaction{
		PartnerReferenceNo: "b57d8895-790b-4da3-a9e7-0387176de9bf",
		ReferenceNo:        "c407177ce0842a3fc0f1b11d06c3a9620f48b71cf7ed255b1f2edc3de175798a",
		Amount:             money.IDR(6000),
		Voids: []snaptest.Void{{
			VoidNo:        "d9484993312140b0bd62c2497021e2edc1992554cb484f6a3a7c53ef59e50b3f",
			PartnerVoidNo: "4427c748-04b0-43c4-b638-94069999415a",
			Amount:        money.IDR(3000),
			Time:          time.Date(2024, 8, 20, 13, 57, 59, 0, snap.Jakarta()),
		}},
	})
	c, err := paydia.NewClient(paydia.Config{
		BaseURL:      srv.URL, // paydia.SandboxBaseURL or paydia.ProductionBaseURL in real use
		PartnerID:    srv.PartnerID(),
		ChannelID:    srv.ChannelID(),
		ClientSecret: srv.ClientSecret(),
		PrivateKey:   snap.NewPrivateKey(key),
	})
	if err != nil {
		panic(err)
	}
	return srv, c
}

func ExampleClient_VoidQuery() {
	srv, client := exampleServer()
	defer srv.Close()

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
	t, _ := res.VoidTime.Time()
	fmt.Println("time:", t.Format("2006-01-02 15:04:05 -07:00"))
	// Output:
	// void: Success -> success
	// amount: IDR 3000.00
	// time: 2024-08-20 13:57:59 +07:00
}

func ExampleClient_Void() {
	srv, client := exampleServer()
	defer srv.Close()

	res, err := client.Void(context.Background(), &paydia.VoidRequest{
		OriginalPartnerReferenceNo: "b57d8895-790b-4da3-a9e7-0387176de9bf",
		OriginalReferenceNo:        "c407177ce0842a3fc0f1b11d06c3a9620f48b71cf7ed255b1f2edc3de175798a",
		PartnerVoidNo:              "void-0002",
		MerchantID:                 "240327001000000",
		VoidAmount:                 money.MustNew("3000.00", "IDR"),
		Reason:                     "customer cancelled",
	}, snap.CustomerToken("customer-token-from-account-binding"))
	switch snap.OutcomeOf(err) {
	case snap.Success:
		fmt.Println("voided:", res.PartnerVoidNo, res.VoidAmount)
	case snap.Failed:
		fmt.Println("not voided:", err)
	default: // Pending: hold the money, VoidQuery later
		fmt.Println("unknown, query later:", err)
	}
	// Output:
	// voided: void-0002 IDR 3000.00
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

func ExampleVoidQueryResponse_voidTime() {
	// Paydia's sample sends -07:00 where its table promises +07:00; Time
	// reads the instant with the offset as sent, in Jakarta time.
	res := paydia.VoidQueryResponse{VoidTime: "2024-08-20T13:57:59-07:00"}
	t, err := res.VoidTime.Time()
	if err != nil {
		panic(err)
	}
	fmt.Println(t.Format("2006-01-02T15:04:05-07:00"))
	// Output:
	// 2024-08-21T03:57:59+07:00
}
