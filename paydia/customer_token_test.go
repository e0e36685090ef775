package paydia_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
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
			e := newEnv(t, func(o *envOption) {
				o.form, o.server = tc.client, []snaptest.Option{snaptest.WithCustomerTokenForm(tc.server)}
			})
			_, err := e.c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(e.srv.CustomerToken()))
			assert.Equal(t, tc.ok, err == nil, "%v", err)
			reqs := e.srv.RequestsTo(paydia.VoidQueryPath)
			require.Len(t, reqs, 1)
			assert.Equal(t, tc.want+e.srv.CustomerToken(), reqs[0].Header.Get("Authorization-Customer"))
		})
	}
}
