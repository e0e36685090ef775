package paydia_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/paydia"
	"github.com/snapbi/snap/snaptest"
)

// The void-query page's sample sends "Authorization-Customer: eyJ0…", the
// token bare, beside "Authorization: Bearer eyJ0…": the default. A Paydia
// that wants ASPI's "Bearer <token>" is served by Config.CustomerTokenForm.
func TestVoidQueryCustomerTokenForm(t *testing.T) {
	for _, tc := range []struct {
		name   string
		client snap.CustomerTokenForm // paydia.Config
		server snap.CustomerTokenForm // what the simulated Paydia compares against
		want   string                 // prefix of Authorization-Customer
		ok     bool
	}{
		{"default is the sample's bare token", "", snap.CustomerTokenBare, "", true},
		{"Bearer when configured", snap.CustomerTokenBearer, snap.CustomerTokenBearer, "Bearer ", true},
		{"a Paydia comparing literally refuses the other form", snap.CustomerTokenBearer, snap.CustomerTokenBare, "Bearer ", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key, err := snap.ParsePrivateKey(readKeyFile(t, "partner_pkcs8.pem"))
			require.NoError(t, err)
			q := seedVoidQuery()
			srv := snaptest.NewServer(snaptest.Paydia, snaptest.WithPartnerKey(key), snaptest.WithMerchantID(q.MerchantID),
				snaptest.WithCustomerTokenForm(tc.server))
			t.Cleanup(srv.Close)
			srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: q.OriginalPartnerReferenceNo, ReferenceNo: q.OriginalReferenceNo,
				Amount: money.IDR(3000), Voids: []snaptest.Void{{VoidNo: q.VoidNo, PartnerVoidNo: q.PartnerVoidNo, Amount: money.IDR(3000), Time: time.Now()}}})
			c, err := paydia.NewClient(paydia.Config{BaseURL: srv.URL, PartnerID: srv.PartnerID(), ChannelID: srv.ChannelID(),
				ClientSecret: srv.ClientSecret(), PrivateKey: snap.NewPrivateKey(key), CustomerTokenForm: tc.client})
			require.NoError(t, err)
			_, err = c.VoidQuery(t.Context(), q, snap.CustomerToken(srv.CustomerToken()))
			assert.Equal(t, tc.ok, err == nil, "%v", err)
			reqs := srv.RequestsTo(paydia.VoidQueryPath)
			require.Len(t, reqs, 1)
			assert.Equal(t, tc.want+srv.CustomerToken(), reqs[0].Header.Get("Authorization-Customer"))
		})
	}
}
