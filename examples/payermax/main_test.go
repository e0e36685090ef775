package main

import "testing"

func clearSettings(t *testing.T) {
	for _, k := range append(realSettings, "PAYERMAX_ORIGINAL_PARTNER_REFERENCE_NO", "PAYERMAX_MERCHANT_ID", "PAYERMAX_DISABLE_SIGN") {
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
	t.Setenv("PAYERMAX_BASE_URL", "https://payermax.invalid")
	if got := run(); got != 2 {
		t.Fatalf("run() = %d, want 2", got)
	}
}

func TestRunUnreachableExitsOne(t *testing.T) {
	clearSettings(t)
	t.Setenv("PAYERMAX_BASE_URL", "http://127.0.0.1:1")
	t.Setenv("PAYERMAX_PARTNER_ID", "p")
	t.Setenv("PAYERMAX_CLIENT_SECRET", "s")
	t.Setenv("PAYERMAX_CHANNEL_ID", "95221")
	t.Setenv("PAYERMAX_PRIVATE_KEY_FILE", "../../testdata/keys/partner_pkcs8.pem")
	if got := run(); got != 1 {
		t.Fatalf("run() = %d, want 1 (no token: nothing was sent)", got)
	}
}
