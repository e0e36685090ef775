package reconcile_test

import (
	"testing"

	"github.com/snapbi/snap/reconcile"
	"github.com/snapbi/snap/reconcile/ledgertest"
)

// shared returns a NewLedger whose handles are one MemoryLedger per test.
func shared() ledgertest.NewLedger {
	var l reconcile.MemoryLedger // the zero value is ready
	return func(*testing.T) reconcile.Ledger { return &l }
}

func TestMemoryLedgerContract(t *testing.T) { ledgertest.Contract(t, shared()) }

func TestMemoryLedgerConcurrentLeases(t *testing.T) { ledgertest.ConcurrentLeases(t, shared()) }

func TestMemoryLedgerFleet(t *testing.T) { ledgertest.Fleet(t, shared(), 200) }

func TestMemoryLedgerKilledWorker(t *testing.T) { ledgertest.KilledWorker(t, shared(), 100) }

func TestMemoryLedgerRestart(t *testing.T) { ledgertest.Restart(t, shared(), 100) }
