package main

import (
	"testing"

	"github.com/snapbi/snap/internal/examplerun"
)

func TestRun(t *testing.T) {
	settings := append(realSettings, "PAYERMAX_ORIGINAL_PARTNER_REFERENCE_NO", "PAYERMAX_MERCHANT_ID", "PAYERMAX_DISABLE_SIGN")
	examplerun.Table(t, run, settings, []examplerun.Case{
		{Name: "a successful cancel against the simulator", Want: 0},
		{Name: "partial settings are refused", Env: map[string]string{"PAYERMAX_BASE_URL": "https://payermax.invalid"}, Want: 2},
		{Name: "an unreachable PayerMax sends nothing", Env: map[string]string{
			"PAYERMAX_BASE_URL": "http://127.0.0.1:1", "PAYERMAX_PARTNER_ID": "p", "PAYERMAX_CLIENT_SECRET": "s",
			"PAYERMAX_CHANNEL_ID": "95221", "PAYERMAX_PRIVATE_KEY_FILE": examplerun.PartnerKey,
		}, Want: 1},
	})
}
