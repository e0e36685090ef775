package main

import (
	"testing"

	"github.com/snapbi/snap/internal/examplerun"
)

func TestRun(t *testing.T) {
	settings := append(realSettings, "NICEPAY_AMT", "NICEPAY_BASE_URL")
	examplerun.Table(t, run, settings, []examplerun.Case{
		{Name: "a successful cancel against the simulator", Want: 0},
		{Name: "partial settings are refused", Env: map[string]string{"NICEPAY_IMID": "IONPAYTEST"}, Want: 2},
		{Name: "an unreachable NICEPAY is Pending", Env: map[string]string{
			"NICEPAY_IMID": "IONPAYTEST", "NICEPAY_MERCHANT_KEY": "k", "NICEPAY_TXID": "IONPAYTEST05202603091207051498",
			"NICEPAY_BASE_URL": "http://127.0.0.1:1/nicepay",
		}, Want: 1},
	})
}
