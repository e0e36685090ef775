package payermax_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/payermax"
	"github.com/snapbi/snap/snaptest"
)

// TestResponseWheneverSent: on the simulator, a cancel that is answered,
// refused or never answered returns its response with Raw; only a request
// that fails validation returns none.
func TestResponseWheneverSent(t *testing.T) {
	srv := snaptest.NewServer(snaptest.PayerMax)
	t.Cleanup(srv.Close)
	srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000)})
	c, err := payermax.NewClient(payermax.Config{
		BaseURL: srv.URL, PartnerID: srv.PartnerID(), ChannelID: srv.ChannelID(),
		ClientSecret: srv.ClientSecret(), PrivateKey: snap.NewPrivateKey(srv.PartnerKey()),
	}, snap.WithTimeout(200*time.Millisecond), snap.WithRetry(snap.NoRetry()))
	require.NoError(t, err)
	cancel := func(ref string) (*payermax.CancelResponse, error) {
		return c.Cancel(context.Background(), &payermax.CancelRequest{
			OriginalPartnerReferenceNo: ref, MerchantID: srv.MerchantID(), Reason: "customer cancelled",
		})
	}

	resp, err := cancel("unknown-order")
	assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
	require.NotNil(t, resp, "a refusal is an answer")
	require.NotNil(t, resp.Raw)
	assert.Equal(t, resp.Raw.RawCode, resp.ResponseCode)

	srv.Fail(payermax.CancelPath, snaptest.Fault{Times: 1, Kind: snaptest.Delay(time.Second)})
	resp, err = cancel("order-1")
	assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
	require.NotNil(t, resp, "a request went out: the response is there, unanswered")
	require.NotNil(t, resp.Raw)
	assert.Equal(t, 1, resp.Raw.Attempts)
	assert.Equal(t, snap.Pending, resp.Outcome())

	resp, err = cancel("")
	var ve *snap.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Nil(t, resp, "nothing was sent")
}
