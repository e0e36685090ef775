package main

import "testing"

func clearSettings(t *testing.T) {
	for _, k := range append(realSettings, "DANA_BASE_URL", "DANA_ORIGINAL_PARTNER_REFERENCE_NO", "DANA_CUSTOMER_NUMBER", "DANA_AMOUNT") {
		t.Setenv(k, "")
	}
}

func TestRunAgainstTheFake(t *testing.T) {
	clearSettings(t)
	if got := run(); got != 0 {
		t.Fatalf("run() = %d, want 0 (a successful cancel against the fake)", got)
	}
}

func TestRunRefusesPartialSettings(t *testing.T) {
	clearSettings(t)
	t.Setenv("DANA_PARTNER_ID", "partner")
	if got := run(); got != 2 {
		t.Fatalf("run() = %d, want 2", got)
	}
}

func TestRunRefusesBadAmount(t *testing.T) {
	clearSettings(t)
	t.Setenv("DANA_AMOUNT", "50.001")
	if got := run(); got != 2 {
		t.Fatalf("run() = %d, want 2", got)
	}
}

func TestRunUnreachableIsPending(t *testing.T) {
	clearSettings(t)
	t.Setenv("DANA_BASE_URL", "http://127.0.0.1:1")
	t.Setenv("DANA_PARTNER_ID", "partner")
	t.Setenv("DANA_CHANNEL_ID", "95221")
	t.Setenv("DANA_PRIVATE_KEY_FILE", "../../testdata/keys/partner_pkcs8.pem")
	if got := run(); got != 1 {
		t.Fatalf("run() = %d, want 1 (no answer: Pending)", got)
	}
}
