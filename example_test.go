package snap_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/snapbi/snap"
)

func ExampleClient_Do() {
	// A stand-in provider; use the provider's base URL in production.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"responseCode":"4045701","responseMessage":"Transaction Not Found"}`)
	}))
	defer srv.Close()
	key, _ := rsa.GenerateKey(rand.Reader, 2048)

	client, err := snap.NewClient(snap.Config{
		BaseURL: srv.URL, PartnerID: "partner-1", ChannelID: "95221",
		PrivateKey: snap.NewPrivateKey(key), Signature: snap.Asymmetric,
	})
	if err != nil {
		panic(err)
	}
	_, err = client.Do(context.Background(), &snap.Request{
		Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true,
		Body: map[string]string{"originalPartnerReferenceNo": "order-42"},
	}, nil)
	var e *snap.Error
	if errors.As(err, &e) {
		fmt.Println(e.RawCode, e.Message)
	}
	fmt.Println(snap.OutcomeOf(err))
	// Output:
	// 4045701 Transaction Not Found
	// failed
}

func ExampleSymmetricSignature() {
	body := []byte(`{"originalPartnerReferenceNo":"order-42"}`)
	ts := snap.FormatTimestamp(time.Date(2024, 8, 20, 0, 11, 20, 0, time.UTC), snap.TimestampLayout)
	fmt.Println(ts)
	fmt.Println(snap.SymmetricStringToSign("POST", "/v1.0/debit/cancel", "token", body, ts))
	fmt.Println(len(snap.SymmetricSignature("client-secret", "POST", "/v1.0/debit/cancel", "token", body, ts)))
	// Output:
	// 2024-08-20T07:11:20+07:00
	// POST:/v1.0/debit/cancel:token:f10e554a68488d07997c83742bc4cb0a90896c3a9a6a7b421154faa846a179c4:2024-08-20T07:11:20+07:00
	// 88
}

func ExampleOutcomeOf() {
	fmt.Println(snap.OutcomeOf(nil))
	fmt.Println(snap.OutcomeOf(&snap.ValidationError{Field: "reason", Reason: "is required"}))
	fmt.Println(snap.OutcomeOf(context.DeadlineExceeded))
	// Output:
	// success
	// failed
	// pending
}
