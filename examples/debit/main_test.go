package main

import (
	"testing"

	"github.com/snapbi/snap/internal/examplerun"
)

func TestRun(t *testing.T) {
	settings := append(realSettings, "DEBIT_CLIENT_SECRET", "DEBIT_TOKEN_PATH", "DEBIT_CUSTOMER_TOKEN", "DEBIT_CHARGE_TOKEN", "DEBIT_AMOUNT", "DEBIT_TIMEOUT")
	examplerun.Table(t, run, settings, []examplerun.Case{
		{Name: "a full round against the simulator", Want: 0},
		{Name: "partial settings are refused", Env: map[string]string{"DEBIT_PARTNER_ID": "partner"}, Want: 2},
		{Name: "a bad amount is refused", Env: map[string]string{"DEBIT_AMOUNT": "10.001"}, Want: 2},
		{Name: "an unreachable provider stops", Env: map[string]string{
			"DEBIT_BASE_URL": "http://127.0.0.1:1", "DEBIT_PARTNER_ID": "partner", "DEBIT_CHANNEL_ID": "95221",
			"DEBIT_PRIVATE_KEY_FILE": examplerun.PartnerKey,
			"DEBIT_TIMEOUT":          "3s", // the Pending payment is reconciled until then
		}, Want: 1},
	})
}
