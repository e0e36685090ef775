package dana

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/testvectors"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/snaptest"
)

// topKeys returns the top-level keys of a JSON object, in order.
func topKeys(t *testing.T, body []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	_, err := dec.Token()
	require.NoError(t, err)
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		require.NoError(t, err)
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		require.NoError(t, dec.Decode(&skip))
	}
	return keys
}

// snaptest's DANA profile notifies in the forms of DANA's real finish
// notifications: DANA's key order, {"currency","value"} amounts, epoch
// milliseconds in strings, "SUCCESS", paymentInfo in additionalInfo with
// extendInfo a JSON document in a string. dana.NotifyHandler reads them.
func TestSnaptestDANANotificationHasDANAsForms(t *testing.T) {
	srv := newServer(t, snaptest.WithClock(time.Now)) // the handler checks X-TIMESTAMP against now
	tx := srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "ORDER-1", Amount: money.IDR(100000), MerchantID: "216620080007039826152"})

	got := make(chan *FinishNotify, 1)
	merchant := httptest.NewServer(NotifyHandler(srv.ProviderPublicKey(), func(_ context.Context, n *FinishNotify) error {
		got <- n
		return nil
	}))
	t.Cleanup(merchant.Close)

	resp, err := srv.NotifyTransaction(context.Background(), merchant.URL+"/dana/notify", "ORDER-1")
	require.NoError(t, err)
	ack, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, string(ack))
	n := <-got

	assert.Equal(t, tx.ReferenceNo, n.OriginalReferenceNo)
	assert.Equal(t, debit.StatusSuccess, n.LatestTransactionStatus)
	assert.Equal(t, "SUCCESS", n.TransactionStatusDesc)
	assert.Equal(t, "IDR 100000.00", n.Amount.String())
	created, err := n.CreatedTime.Time()
	require.NoError(t, err)
	assert.Equal(t, tx.CreatedAt.UnixMilli(), created.UnixMilli())
	assert.Regexp(t, `^[0-9]{13}$`, n.CreatedTime, "epoch milliseconds, as DANA sends")
	info, _ := n.AdditionalInfo["paymentInfo"].(map[string]any)
	require.NotNil(t, info)
	assert.Equal(t, `{"externalPromoInfos":[]}`, info["extendInfo"])
	assert.Contains(t, string(n.Raw), `"amount":{"currency":"IDR","value":"100000.00"}`)

	// The key order of DANA's own notification, when the vectors are beside the repository.
	var v testvectors.DANANotify
	testvectors.Load(t, "dana-finish-notify.json", &v)
	for _, real := range v.Vectors {
		if real.Name == "webhook_signature_and_parsing_success" {
			assert.Equal(t, topKeys(t, []byte(real.Body)), topKeys(t, n.Raw))
			return
		}
	}
	t.Fatal("the vector webhook_signature_and_parsing_success is missing")
}
