package dana_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/dana"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/snaptest"
)

func ExampleClient_CancelOTC() {
	// The simulator's DANA, which knows no such cashout: "Transaction Not Found".
	srv := snaptest.NewServer(snaptest.DANA)
	defer srv.Close()

	client, err := dana.NewClient(dana.Config{
		BaseURL:    srv.URL, // dana.SandboxBaseURL or dana.ProductionBaseURL
		PartnerID:  srv.PartnerID(),
		ChannelID:  "95221",
		PrivateKey: snap.NewPrivateKey(srv.PartnerKey()), // the merchant's key, whose public half DANA holds
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	resp, err := client.CancelOTC(context.Background(), &dana.OTCCancelRequest{
		OriginalPartnerReferenceNo: "14054Q0727520211128121824995",
		CustomerNumber:             "081234567890",
		Reason:                     "Abnormal system result",
		AdditionalInfo:             dana.OTCCancelAdditionalInfo{Amount: money.IDR(50000)},
	})
	fmt.Println(resp.ResponseCode, resp.Outcome()) // the answer comes with the error
	var e *snap.Error
	if errors.As(err, &e) {
		fmt.Println(e.Outcome, e.RawCode)
		fmt.Println(e.Action)
	}
	// Output:
	// 4044601 failed
	// failed 4044601
	// Mark Cancel Payment process as Failed and hold the money
}

func ExampleNotifyHandler() {
	// DANA's public key, as DANA gives it to the merchant; here a test key.
	pubPEM, _ := os.ReadFile("../testdata/keys/provider_public.pem")
	pub, err := snap.ParsePublicKey(pubPEM)
	if err != nil {
		fmt.Println(err)
		return
	}
	handler := dana.NotifyHandler(pub, func(ctx context.Context, n *dana.FinishNotify) error {
		finished, _ := n.FinishedTime.Time()
		fmt.Println(n.OriginalPartnerReferenceNo, n.LatestTransactionStatus, n.Amount, finished.Format(time.RFC3339))
		return nil // an error makes DANA send the notification again
	})

	// What DANA would post (signed here with the test provider key).
	body := []byte(`{"amount":{"currency":"IDR","value":"50000.00"},"originalReferenceNo":"2025101011123099","merchantId":"2166200900160410",` +
		`"latestTransactionStatus":"00","originalPartnerReferenceNo":"ORDER-1","createdTime":"1757998647000",` +
		`"finishedTime":"1757998714761","transactionStatusDesc":"SUCCESS","additionalInfo":{}}`)
	keyPEM, _ := os.ReadFile("../testdata/keys/provider_pkcs8.pem")
	providerKey, _ := snap.ParsePrivateKey(keyPEM)
	header, _ := snap.SignNotification(providerKey, http.MethodPost, "/dana/notify", body, time.Now())
	req := httptest.NewRequest(http.MethodPost, "/dana/notify", bytes.NewReader(body))
	req.Header = header
	w := httptest.NewRecorder()

	handler.ServeHTTP(w, req)
	fmt.Println(w.Code, w.Body.String())
	// Output:
	// ORDER-1 Success IDR 50000.00 2025-09-16T11:58:34+07:00
	// 200 {"responseCode":"2005600","responseMessage":"Successful"}
}
