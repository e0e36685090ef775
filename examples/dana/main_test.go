package main

import (
	"testing"

	"github.com/snapbi/snap/internal/examplerun"
)

func TestRun(t *testing.T) {
	settings := append(realSettings, "DANA_BASE_URL", "DANA_ORIGINAL_PARTNER_REFERENCE_NO", "DANA_CUSTOMER_NUMBER", "DANA_AMOUNT")
	examplerun.Table(t, run, settings, []examplerun.Case{
		{Name: "a successful cancel against the simulator", Want: 0},
		{Name: "partial settings are refused", Env: map[string]string{"DANA_PARTNER_ID": "partner"}, Want: 2},
		{Name: "a bad amount is refused", Env: map[string]string{"DANA_AMOUNT": "50.001"}, Want: 2},
		{Name: "an unreachable DANA is Pending", Env: map[string]string{
			"DANA_BASE_URL": "http://127.0.0.1:1", "DANA_PARTNER_ID": "partner", "DANA_CHANNEL_ID": "95221",
			"DANA_PRIVATE_KEY_FILE": examplerun.PartnerKey,
		}, Want: 1},
	})
}
