package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var allSettings = []string{
	"PAYDIA_PARTNER_ID", "PAYDIA_CLIENT_SECRET", "PAYDIA_CHANNEL_ID", "PAYDIA_PRIVATE_KEY_FILE", "PAYDIA_CUSTOMER_TOKEN",
	"PAYDIA_BASE_URL", "PAYDIA_ORIGINAL_PARTNER_REFERENCE_NO", "PAYDIA_ORIGINAL_REFERENCE_NO", "PAYDIA_MERCHANT_ID",
	"PAYDIA_VOID_NO", "PAYDIA_PARTNER_VOID_NO",
}

func clearSettings(t *testing.T) {
	for _, k := range allSettings {
		t.Setenv(k, "")
	}
}

func TestRunAgainstTheFake(t *testing.T) {
	clearSettings(t)
	if got := run(); got != 0 {
		t.Fatalf("run() = %d, want 0 (a successful void-query against the fake)", got)
	}
}

func TestRunRefusesPartialSettings(t *testing.T) {
	clearSettings(t)
	t.Setenv("PAYDIA_PARTNER_ID", "partner")
	if got := run(); got != 2 {
		t.Fatalf("run() = %d, want 2", got)
	}
}

func TestRunRefusesBadInputBeforeSending(t *testing.T) {
	clearSettings(t)
	t.Setenv("PAYDIA_VOID_NO", strings.Repeat("x", 65))
	if got := run(); got != 1 {
		t.Fatalf("run() = %d, want 1 (validation error)", got)
	}
}

func TestRunUnreachableIsNotSuccess(t *testing.T) {
	clearSettings(t)
	key, err := os.ReadFile(filepath.Join("..", "..", "testdata", "keys", "partner_pkcs8.pem"))
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "key.pem")
	if err := os.WriteFile(keyFile, key, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PAYDIA_PARTNER_ID", "partner")
	t.Setenv("PAYDIA_CLIENT_SECRET", "secret")
	t.Setenv("PAYDIA_CHANNEL_ID", "12345")
	t.Setenv("PAYDIA_PRIVATE_KEY_FILE", keyFile)
	t.Setenv("PAYDIA_CUSTOMER_TOKEN", "customer")
	t.Setenv("PAYDIA_BASE_URL", "http://127.0.0.1:1/snap")
	if got := run(); got != 1 {
		t.Fatalf("run() = %d, want 1", got)
	}
}
