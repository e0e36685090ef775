package main

import (
	"strings"
	"testing"

	"github.com/snapbi/snap/internal/examplerun"
)

func TestRun(t *testing.T) {
	settings := append(realSettings, "PAYDIA_BASE_URL", "PAYDIA_ORIGINAL_PARTNER_REFERENCE_NO", "PAYDIA_ORIGINAL_REFERENCE_NO",
		"PAYDIA_MERCHANT_ID", "PAYDIA_VOID_NO", "PAYDIA_PARTNER_VOID_NO")
	examplerun.Table(t, run, settings, []examplerun.Case{
		{Name: "a successful void-query against the simulator", Want: 0},
		{Name: "partial settings are refused", Env: map[string]string{"PAYDIA_PARTNER_ID": "partner"}, Want: 2},
		{Name: "bad input is refused before sending", Env: map[string]string{"PAYDIA_VOID_NO": strings.Repeat("x", 65)}, Want: 1},
		{Name: "an unreachable Paydia is not a success", Env: map[string]string{
			"PAYDIA_PARTNER_ID": "partner", "PAYDIA_CLIENT_SECRET": "secret", "PAYDIA_CHANNEL_ID": "12345",
			"PAYDIA_PRIVATE_KEY_FILE": examplerun.PartnerKey, "PAYDIA_CUSTOMER_TOKEN": "customer",
			"PAYDIA_BASE_URL": "http://127.0.0.1:1/snap",
		}, Want: 1},
	})
}
