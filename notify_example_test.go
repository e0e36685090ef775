package snap_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/snapbi/snap"
)

// A handler of one's own notification type: decode and check the fields,
// and let the pipeline verify, deduplicate and answer. Refusals reach the
// error func with their causes.
func ExampleNewNotificationHandler() {
	pubPEM, _ := os.ReadFile("testdata/keys/provider_public.pem")
	pub, _ := snap.ParsePublicKey(pubPEM)

	type settlement struct {
		BatchID string `json:"batchId"`
	}
	decode := func(_ *http.Request, body []byte) (settlement, error) {
		var s settlement
		if err := json.Unmarshal(body, &s); err != nil {
			return s, err // answered 400xx00
		}
		if s.BatchID == "" {
			return s, &snap.FieldError{Field: "batchId", Mandatory: true, Err: snap.ErrFieldMissing} // 400xx02
		}
		return s, nil
	}
	handler := snap.NewNotificationHandler(pub, 56, decode, func(ctx context.Context, s settlement) error {
		fmt.Println("settled", s.BatchID)
		return nil
	}, snap.WithNotificationErrorFunc(func(r *http.Request, err *snap.NotificationError) {
		fmt.Println("refused:", err.Code, errors.Is(err, snap.ErrSignatureMismatch))
	}))

	keyPEM, _ := os.ReadFile("testdata/keys/provider_pkcs8.pem")
	key, _ := snap.ParsePrivateKey(keyPEM)
	body := []byte(`{"batchId":"B-1"}`)
	header, _ := snap.SignNotification(key, http.MethodPost, "/settlement", body, time.Now())
	for _, b := range [][]byte{body, body, []byte(`{"batchId":"B-2"}`)} { // a copy, then a forgery
		r := httptest.NewRequest(http.MethodPost, "/settlement", bytes.NewReader(b))
		r.Header = header.Clone()
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, r)
		fmt.Println(w.Code)
	}
	// Output:
	// settled B-1
	// 200
	// 200
	// refused: 4015600 true
	// 401
}
