package main

import "testing"

func TestRunAgainstTheFake(t *testing.T) {
	for _, k := range []string{"NICEPAY_IMID", "NICEPAY_MERCHANT_KEY", "NICEPAY_TXID", "NICEPAY_AMT", "NICEPAY_BASE_URL"} {
		t.Setenv(k, "")
	}
	if got := run(); got != 0 {
		t.Fatalf("run() = %d, want 0 (a successful cancel against the fake)", got)
	}
}

func TestRunRefusesPartialSettings(t *testing.T) {
	t.Setenv("NICEPAY_IMID", "IONPAYTEST")
	t.Setenv("NICEPAY_MERCHANT_KEY", "")
	t.Setenv("NICEPAY_TXID", "")
	if got := run(); got != 2 {
		t.Fatalf("run() = %d, want 2", got)
	}
}

func TestRunUnreachableIsPending(t *testing.T) {
	t.Setenv("NICEPAY_IMID", "IONPAYTEST")
	t.Setenv("NICEPAY_MERCHANT_KEY", "k")
	t.Setenv("NICEPAY_TXID", "IONPAYTEST05202603091207051498")
	t.Setenv("NICEPAY_BASE_URL", "http://127.0.0.1:1/nicepay")
	if got := run(); got != 1 {
		t.Fatalf("run() = %d, want 1", got)
	}
}
