package snaptest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
)

// Authorization-Customer is compared literally, in the form each profile's
// page shows: Paydia's void-query sample "Authorization-Customer: eyJ0eXAi…"
// (bare), the ASPI direct-debit samples "Authorization-Customer: Bearer fa8s…".
func TestCustomerTokenFormPerProfile(t *testing.T) {
	cases := []struct {
		name    string
		profile Profile
		opts    []Option
		form    snap.CustomerTokenForm
		code    string // "" = accepted
	}{
		{"Paydia accepts the bare token of its sample", Paydia, nil, snap.CustomerTokenBare, ""},
		{"Paydia refuses Bearer <token>", Paydia, nil, snap.CustomerTokenBearer, "4016800"},
		{"Paydia configured for Bearer", Paydia, []Option{WithCustomerTokenForm(snap.CustomerTokenBearer)}, snap.CustomerTokenBearer, ""},
		{"Generic accepts Bearer <token>", Generic, nil, snap.CustomerTokenBearer, ""},
		{"Generic refuses the bare token", Generic, nil, snap.CustomerTokenBare, "4015502"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newTestServer(t, tc.profile, tc.opts...)
			cfg := srv.SNAPConfig()
			cfg.CustomerTokenForm = tc.form
			c := newClientWith(t, cfg)
			var r result
			if tc.profile == Paydia {
				tx := srv.AddTransaction(Transaction{PartnerReferenceNo: "b57d8895", Amount: money.IDR(3000),
					Voids: []Void{{PartnerVoidNo: "4427c748", Amount: money.IDR(3000), Time: fixedNow}}})
				r = call(t, c, "/v1.0/auth/void-query", 68, voidQueryBody{OriginalPartnerReferenceNo: "b57d8895",
					OriginalReferenceNo: tx.ReferenceNo, MerchantID: srv.MerchantID(), VoidNo: tx.Voids[0].VoidNo, PartnerVoidNo: "4427c748"},
					snap.CustomerToken(srv.CustomerToken()))
			} else {
				srv.AddTransaction(Transaction{PartnerReferenceNo: "p-1", Amount: money.IDR(1000)})
				r = call(t, c, "/v1.0/debit/status", 55, map[string]string{"originalPartnerReferenceNo": "p-1", "serviceCode": "54"},
					snap.CustomerToken(srv.CustomerToken()))
			}
			if tc.code == "" {
				require.NoError(t, r.err)
				return
			}
			assert.Equal(t, tc.code, r.code)
		})
	}
}

// B2B direct debit sends no Authorization-Customer: the Generic profile
// accepts that once told so.
func TestGenericB2BWithoutCustomerToken(t *testing.T) {
	srv := newTestServer(t, Generic, WithCustomerTokenRequired(false))
	srv.AddTransaction(Transaction{PartnerReferenceNo: "p-1", Amount: money.IDR(1000)})
	r := call(t, newClient(t, srv), "/v1.0/debit/status", 55, map[string]string{"originalPartnerReferenceNo": "p-1", "serviceCode": "54"})
	require.NoError(t, r.err)
	reqs := srv.RequestsTo("/v1.0/debit/status")
	require.Len(t, reqs, 1)
	assert.Empty(t, reqs[0].Header.Get("Authorization-Customer"))

	strict := newTestServer(t, Generic)
	strict.AddTransaction(Transaction{PartnerReferenceNo: "p-1", Amount: money.IDR(1000)})
	r = call(t, newClient(t, strict), "/v1.0/debit/status", 55, map[string]string{"originalPartnerReferenceNo": "p-1", "serviceCode": "54"})
	assert.Equal(t, "4005502", r.code, "required by default")
}
