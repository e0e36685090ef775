package main

import "testing"

func clearSettings(t *testing.T) {
	for _, k := range append(realSettings, "DEBIT_CLIENT_SECRET", "DEBIT_TOKEN_PATH", "DEBIT_CUSTOMER_TOKEN", "DEBIT_CHARGE_TOKEN", "DEBIT_AMOUNT", "DEBIT_TIMEOUT") {
		t.Setenv(k, "")
	}
}

func TestRoundAgainstTheFake(t *testing.T) {
	clearSettings(t)
	if got := run(); got != 0 {
		t.Fatalf("run() = %d, want 0 (a full round against the fake)", got)
	}
}

func TestRefusesPartialSettings(t *testing.T) {
	clearSettings(t)
	t.Setenv("DEBIT_PARTNER_ID", "partner")
	if got := run(); got != 2 {
		t.Fatalf("run() = %d, want 2", got)
	}
}

func TestRefusesBadAmount(t *testing.T) {
	clearSettings(t)
	t.Setenv("DEBIT_AMOUNT", "10.001")
	if got := run(); got != 2 {
		t.Fatalf("run() = %d, want 2", got)
	}
}

func TestUnreachableProviderStops(t *testing.T) {
	clearSettings(t)
	t.Setenv("DEBIT_BASE_URL", "http://127.0.0.1:1")
	t.Setenv("DEBIT_PARTNER_ID", "partner")
	t.Setenv("DEBIT_CHANNEL_ID", "95221")
	t.Setenv("DEBIT_PRIVATE_KEY_FILE", "../../testdata/keys/partner_pkcs8.pem")
	t.Setenv("DEBIT_TIMEOUT", "3s") // the Pending payment is reconciled until then
	if got := run(); got != 1 {
		t.Fatalf("run() = %d, want 1", got)
	}
}
