package main

import "testing"

func TestRun(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string // NICEPAY_* settings; the others are cleared
		want int
	}{
		{"a successful cancel against the simulator", nil, 0},
		{"partial settings are refused", map[string]string{"NICEPAY_IMID": "IONPAYTEST"}, 2},
		{"an unreachable NICEPAY is Pending", map[string]string{
			"NICEPAY_IMID": "IONPAYTEST", "NICEPAY_MERCHANT_KEY": "k", "NICEPAY_TXID": "IONPAYTEST05202603091207051498",
			"NICEPAY_BASE_URL": "http://127.0.0.1:1/nicepay",
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, k := range []string{"NICEPAY_IMID", "NICEPAY_MERCHANT_KEY", "NICEPAY_TXID", "NICEPAY_AMT", "NICEPAY_BASE_URL"} {
				t.Setenv(k, tt.env[k])
			}
			if got := run(); got != tt.want {
				t.Fatalf("run() = %d, want %d", got, tt.want)
			}
		})
	}
}
