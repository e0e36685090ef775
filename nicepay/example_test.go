package nicepay_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/nicepay"
)

// A full cancel of an e-wallet transaction, and what to do with the money
// for each outcome. The test server stands in for NICEPAY's sandbox
// (nicepay.SandboxBaseURL).
func ExampleClient_Cancel() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"tXid":"IONPAYTEST05202603091207051498","referenceNo":"ORD-1001","resultCd":"0000",`+
			`"resultMsg":"SUCCESS","transDt":"20260309","transTm":"120705","description":"Order 1001","amt":"150000"}`)
	}))
	defer srv.Close()

	client, err := nicepay.NewClient(nicepay.Config{
		BaseURL:     srv.URL + "/nicepay",
		IMID:        "IONPAYTEST",
		MerchantKey: "merchant-key-from-nicepay", // from a secret store, never from code
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := client.Cancel(context.Background(), &nicepay.CancelRequest{
		TXID:       "IONPAYTEST05202603091207051498",
		PayMethod:  nicepay.PayMethodEWallet,
		CancelType: nicepay.CancelFull,
		CancelMsg:  "Customer asked to cancel",
		Amt:        money.IDR(150000),
	})
	switch snap.OutcomeOf(err) {
	case snap.Success:
		at, _ := resp.TransactionTime().Time()
		fmt.Println("cancelled", resp.TXID, "at", at.Format("2006-01-02 15:04:05 -07:00"))
	case snap.Failed:
		var e *snap.Error
		if errors.As(err, &e) {
			fmt.Println("refused:", e.RawCode, e.Message)
		} else {
			fmt.Println("not sent:", err)
		}
	default: // Pending: unknown; hold the money and check the status later
		fmt.Println("unknown, check later:", err)
	}
	// Output: cancelled IONPAYTEST05202603091207051498 at 2026-03-09 12:07:05 +07:00
}

// A bad request is refused before anything is sent.
func ExampleClient_Cancel_validation() {
	client, _ := nicepay.NewClient(nicepay.Config{BaseURL: nicepay.SandboxBaseURL, IMID: "IONPAYTEST", MerchantKey: "k"})
	_, err := client.Cancel(context.Background(), &nicepay.CancelRequest{
		TXID: "IONPAYTEST05202603091207051498", PayMethod: nicepay.PayMethodEWallet, CancelType: nicepay.CancelPartial,
		Amt: money.MustNew("1500.50", "IDR"), // NICEPAY takes whole rupiah only
	})
	fmt.Println(snap.IsValidation(err), snap.OutcomeOf(err))
	fmt.Println(err)
	// Output:
	// true failed
	// snap: invalid amt: must be a whole rupiah amount: money: value has a non-zero fractional part ("1500.50")
}

func ExampleMerchantToken() {
	fmt.Println(nicepay.MerchantToken("20180123100505", "IONPAYTEST", "IONPAYTEST01202103311759347262", "10000",
		"33F49GnCMS1mFYlGXisbUDzVf2ATWCl9k3R++d5hDd3Frmuos/XLx8XhXpe+LDYAbpGKZYSwtlyyLOtS/8aD7A=="))
	// Output: 66141d60572e570045c4f3e9965f3452d511496841981e8a2af6a24a7038a119
}
