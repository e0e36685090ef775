package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
)

func TestFlowsTable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rows, err := runFlows(ctx, testkit.PartnerKey(t)) // the repository's test key rather than a generated one
	require.NoError(t, err)

	want := []struct {
		provider, api, code string
		outcome             snap.Outcome
		attempts            int
	}{
		{"DANA", "OTC cancel (46)", "2004600", snap.Success, 1},
		{"PayerMax", "debit cancel (57)", "2005700", snap.Success, 1},
		{"NICEPAY", "v2 cancel", "0000", snap.Success, 1},
		{"Paydia", "void (67)", "2006700", snap.Success, 1},
		{"Paydia", "void-query (68)", "2006800", snap.Success, 1},
		{"SNAP debit", "payment (54) order-1", "2025400", snap.Pending, 1},
		{"SNAP debit", "notify (56) received", "2005600", snap.Success, 1},
		{"SNAP debit", "status (55) order-1", "2005500", snap.Success, 1},
		{"SNAP debit", "refund (58) order-1", "2005800", snap.Success, 1},
		{"SNAP debit", "payment (54) order-2", "2025400", snap.Pending, 1},
		{"SNAP debit", "cancel (57) order-2", "2005700", snap.Success, 1},
		{"DANA", "OTC cancel, 3 × timeout", "", snap.Pending, 3},
		{"DANA", "OTC cancel, retried later", "2004600", snap.Success, 1},
		{"DANA", "OTC cancel, timeout → reconcile.Worker", "2004600", snap.Success, 2},
	}
	require.Len(t, rows, len(want))
	for i, w := range want {
		r := rows[i]
		assert.Equal(t, w.provider, r.Provider, "row %d", i)
		assert.Equal(t, w.api, r.API, "row %d", i)
		assert.Equal(t, w.code, r.Code, "row %d (%s)", i, w.api)
		assert.Equal(t, w.outcome, r.Outcome, "row %d (%s)", i, w.api)
		assert.Equal(t, w.attempts, r.Attempts, "row %d (%s)", i, w.api)
		assert.Empty(t, r.Deviation, "row %d (%s)", i, w.api)
	}
	require.NoError(t, checkRows(rows))

	timeout := rows[len(rows)-3]
	assert.Contains(t, timeout.Note, "Pending and hold the money", "DANA's action for a total timeout")
	assert.Contains(t, rows[len(rows)-1].Note, "the worker resent it in the background: success after 1 try")
}

func TestRunPrintsEverySection(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	for _, section := range []string{"== Signatures", "== Amounts", "== Response codes", "== Calls against simulated providers"} {
		assert.Contains(t, out.String(), section)
	}
	assert.NotContains(t, out.String(), "UNEXPECTED")
	assert.Contains(t, out.String(), "timeout after 3 attempts")
}

func TestCheckRowsReportsDeviations(t *testing.T) {
	ok := Row{Provider: "DANA", API: "OTC cancel (46)", Outcome: snap.Success, Want: snap.Success, Attempts: 1, WantAttempts: 1}
	require.NoError(t, checkRows([]Row{ok}))

	wrongOutcome := ok
	wrongOutcome.Outcome = snap.Pending
	wrongAttempts := ok
	wrongAttempts.Attempts = 2
	wrongState := ok
	wrongState.Deviation = "the provider holds x in status 00, want 05"
	for name, r := range map[string]Row{"outcome": wrongOutcome, "attempts": wrongAttempts, "state": wrongState} {
		t.Run(name, func(t *testing.T) {
			err := checkRows([]Row{ok, r})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "DANA OTC cancel (46)")

			var out bytes.Buffer
			printTable(&out, []Row{r})
			assert.Contains(t, out.String(), "UNEXPECTED")
		})
	}
}

func TestLatency(t *testing.T) {
	assert.Equal(t, "0.4ms", latency(400*time.Microsecond))
	assert.Equal(t, "974ms", latency(974*time.Millisecond+300*time.Microsecond))
	assert.True(t, strings.HasSuffix(latency(2*time.Second), "ms"))
}
