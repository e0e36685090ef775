package redisstore_test

import (
	"testing"

	"github.com/snapbi/snap/reconcile"
	"github.com/snapbi/snap/reconcile/ledgertest"
	"github.com/snapbi/snap/redisstore"
)

// ledgers returns handles on one Redis of the test's own: each call a new
// go-redis client, as another replica or a restarted process would have.
func ledgers(t *testing.T) ledgertest.NewLedger {
	srv := startRedis(t)
	return func(t *testing.T) reconcile.Ledger { return redisstore.NewLedger(srv.Client(t)) }
}

func TestLedgerContract(t *testing.T) { ledgertest.Contract(t, ledgers(t)) }

func TestLedgerConcurrentLeases(t *testing.T) { ledgertest.ConcurrentLeases(t, ledgers(t)) }

// TestLedgerFleet: 1000 payments, 20% of the answers lost to a 50 ms
// timeout, the ledger on Redis, 3 workers in parallel: every Pending is
// settled exactly once, to the state the simulated provider holds.
func TestLedgerFleet(t *testing.T) { ledgertest.Fleet(t, ledgers(t), 1000) }

// TestLedgerKilledWorker: a worker dies holding its leases; another
// settles its entries once the leases ran out.
func TestLedgerKilledWorker(t *testing.T) { ledgertest.KilledWorker(t, ledgers(t), 200) }

// TestLedgerRestart: workers and Redis clients all dropped and made anew
// mid-way: nothing is lost, nothing reported twice.
func TestLedgerRestart(t *testing.T) { ledgertest.Restart(t, ledgers(t), 200) }
