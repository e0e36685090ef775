package redisstore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/fleettest"
	"github.com/snapbi/snap/internal/notifytest"
	"github.com/snapbi/snap/redisstore"
)

// What the Client logs when its token store fails and answers again.
const (
	logStoreFailed = "snap: token store failed; fetching the B2B token without it until it answers again"
	logStoreBack   = "snap: token store answers again"
)

var status = &snap.Request{Path: fleettest.StatusPath, ServiceCode: 55, Idempotent: true}

// replica is one merchant replica: a snap.Client with its own HTTP
// connection pool, its own Redis connection pool and its own logs.
type replica struct {
	client *snap.Client
	logs   *fleettest.Logs
}

func newReplica(t testing.TB, p *fleettest.Provider, srv *redisServer) *replica {
	return newReplicaLogged(t, p, srv, true)
}

// newReplicaLogged makes a replica that logs only when logged; srv nil
// keeps the token in the Client's own memory.
func newReplicaLogged(t testing.TB, p *fleettest.Provider, srv *redisServer, logged bool) *replica {
	t.Helper()
	key, _ := notifytest.Keys(t)
	tr := &http.Transport{MaxIdleConnsPerHost: 256}
	t.Cleanup(tr.CloseIdleConnections)
	logs := &fleettest.Logs{}
	opts := []snap.Option{snap.WithHTTPClient(&http.Client{Transport: tr})}
	if logged {
		opts = append(opts, snap.WithLogger(logs.Logger()))
	}
	if srv != nil {
		opts = append(opts, snap.WithTokenStore(redisstore.NewTokenStore(srv.Client(t))))
	}
	c, err := snap.NewClient(snap.Config{
		BaseURL: p.URL, PartnerID: "partner-1", ChannelID: "95221", ClientSecret: "s3cr3t-client-secret",
		PrivateKey: snap.NewPrivateKey(key), Signature: snap.Symmetric, TokenPath: fleettest.TokenPath,
	}, opts...)
	require.NoError(t, err)
	return &replica{client: c, logs: logs}
}

// load keeps workers calls in flight on each replica until stop closes.
type load struct {
	wg     sync.WaitGroup
	calls  atomic.Int64
	failed atomic.Int64
	mu     sync.Mutex
	first  error
}

func startLoad(replicas []*replica, workers int, stop <-chan struct{}) *load {
	l := &load{}
	for _, r := range replicas {
		for range workers {
			l.wg.Add(1)
			go func() {
				defer l.wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					l.calls.Add(1)
					if _, err := r.client.Do(context.Background(), status, nil); err != nil {
						l.failed.Add(1)
						l.mu.Lock()
						if l.first == nil {
							l.first = err
						}
						l.mu.Unlock()
					}
				}
			}()
		}
	}
	return l
}

// wait waits for the workers and checks that no call failed.
func (l *load) wait(t *testing.T) {
	t.Helper()
	l.wg.Wait()
	assert.Zero(t, l.failed.Load(), "calls failed; the first: %v", l.first)
	assert.Positive(t, l.calls.Load())
}

// TestFleetOneTokenPerExpiry: 8 replicas, 200 concurrent calls each, for
// 10 s, tokens of 2 s at a provider that keeps one live token per client
// id: one fetch per expiry for the whole fleet, and no call fails.
//
// Under the race detector, which slows each call about tenfold, 1600 calls
// in flight on two cores would wait longer in line than a token lives, so
// the race run has 25 workers per replica (the interleavings it checks
// are the same); .ci/run runs the full load without it.
func TestFleetOneTokenPerExpiry(t *testing.T) {
	if testing.Short() {
		t.Skip("a 10 s soak")
	}
	const (
		replicas = 8
		lifetime = 2 * time.Second
		run      = 10 * time.Second
	)
	workers := 200
	if raceDetector {
		workers = 25
		t.Logf("race detector on: %d workers per replica; run without -race for the full 200", workers)
	}
	srv := startRedis(t)
	p := fleettest.New(fleettest.Options{Lifetime: lifetime, OneLive: true})
	t.Cleanup(p.Close)
	var fleet []*replica
	for range replicas {
		fleet = append(fleet, newReplica(t, p, srv))
	}

	stop := make(chan struct{})
	start := time.Now()
	l := startLoad(fleet, workers, stop)
	time.Sleep(run)
	close(stop)
	l.wait(t)
	elapsed := time.Since(start)

	expiries := int64(elapsed / lifetime)
	t.Logf("%d calls in %v, %d token fetches, %d answered 401xx01 and renewed", l.calls.Load(), elapsed.Round(time.Millisecond), p.Fetches(), p.Refused())
	assert.LessOrEqual(t, p.Fetches(), expiries+1, "token fetches ≤ expiries + 1")
	assert.GreaterOrEqual(t, p.Fetches(), expiries, "the token was renewed as it expired")
	assert.GreaterOrEqual(t, l.calls.Load(), int64(replicas*workers), "every worker made calls")
	for i, r := range fleet {
		assert.Zero(t, r.logs.Count(logStoreFailed), "replica %d: Redis never failed", i)
	}
}

// notifier is one replica's notification endpoint, its claims in Redis.
type notifier struct {
	*httptest.Server
}

func newNotifier(t *testing.T, srv *redisServer, handle func(ctx context.Context, body []byte) error) *notifier {
	_, pub := notifytest.Keys(t)
	h := snap.NotificationHandler(pub, 56, func(ctx context.Context, _ *http.Request, body []byte) error {
		return handle(ctx, body)
	}, snap.WithClaimStore(redisstore.NewClaimStore(srv.Client(t))))
	n := &notifier{httptest.NewServer(h)}
	t.Cleanup(n.Close)
	return n
}

const notifyPath = "/v1.0/debit/notify"

// signedNotification signs body as the provider would, once: every
// delivery sends the same bytes and headers.
func signedNotification(t *testing.T, body []byte) (http.Header, []byte) {
	key, _ := notifytest.Keys(t)
	h, err := snap.SignNotification(key, http.MethodPost, notifyPath, body, time.Now())
	require.NoError(t, err)
	return h, body
}

// deliver posts the notification and returns the ack's responseCode.
func (n *notifier) deliver(t *testing.T, h http.Header, body []byte) string {
	req, err := http.NewRequest(http.MethodPost, n.URL+notifyPath, bytes.NewReader(body))
	if !assert.NoError(t, err) {
		return ""
	}
	req.Header = h.Clone()
	resp, err := n.Client().Do(req)
	if !assert.NoError(t, err) {
		return ""
	}
	defer resp.Body.Close()
	var ack snap.NotificationAck
	assert.NoError(t, json.NewDecoder(resp.Body).Decode(&ack))
	return ack.ResponseCode
}

// handledBodies counts the notifications handed to the merchant.
type handledBodies struct {
	mu sync.Mutex
	n  map[string]int
}

func (h *handledBodies) add(body []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.n == nil {
		h.n = map[string]int{}
	}
	h.n[string(body)]++
}

func (h *handledBodies) count(body []byte) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n[string(body)]
}

func notification(ref string) []byte {
	return []byte(`{"originalPartnerReferenceNo":"` + ref + `","originalReferenceNo":"2020102977770000000009",` +
		`"amount":{"value":"10000.00","currency":"IDR"},"latestTransactionStatus":"00","transactionStatusDesc":"success"}`)
}

// TestFleetNotificationHandledOnce: two replicas on one Redis, the same
// notification delivered 50 times to each at once: handled exactly once;
// after a failed handle, the resend (to the other replica) is handled.
func TestFleetNotificationHandledOnce(t *testing.T) {
	srv := startRedis(t)
	var handled handledBodies
	release := make(chan struct{})
	var first sync.Once
	failNext := atomic.Bool{}
	handle := func(_ context.Context, body []byte) error {
		handled.add(body)
		first.Do(func() { <-release }) // the first handling lasts until every copy is answered
		if failNext.CompareAndSwap(true, false) {
			return assert.AnError
		}
		return nil
	}
	a, b := newNotifier(t, srv, handle), newNotifier(t, srv, handle)

	h, body := signedNotification(t, notification("fleet-1"))
	const copies = 50
	codes := make(chan string, 2*copies)
	for range copies {
		for _, n := range []*notifier{a, b} {
			go func() { codes <- n.deliver(t, h, body) }()
		}
	}
	got := map[string]int{}
	for range 2*copies - 1 {
		got[<-codes]++
	}
	close(release)
	got[<-codes]++
	assert.Equal(t, 1, handled.count(body), "handled exactly once")
	assert.Equal(t, map[string]int{"5005601": 2*copies - 1, "2005600": 1}, got,
		"the copies in flight are asked to come again, the first acknowledged")
	for _, n := range []*notifier{a, b} {
		assert.Equal(t, "2005600", n.deliver(t, h, body), "a copy of a handled notification is acknowledged")
	}
	assert.Equal(t, 1, handled.count(body), "without handling it again")

	h, body = signedNotification(t, notification("fleet-2"))
	failNext.Store(true)
	assert.Equal(t, "5005601", a.deliver(t, h, body), "the handle failed: come again")
	assert.Equal(t, "2005600", b.deliver(t, h, body), "the resend, at the other replica, is handled")
	assert.Equal(t, "2005600", a.deliver(t, h, body))
	assert.Equal(t, 2, handled.count(body), "the failed handling and the resend; not the duplicate")
}

// TestFleetRedisKilledMidRun: Redis dies under load and comes back empty.
// Calls go on (each replica fetches its own token, and says so once); a
// notification that cannot be claimed is answered 500xx01 and not handled,
// so nothing is handled twice.
func TestFleetRedisKilledMidRun(t *testing.T) {
	const lifetime = time.Second // renewals in every phase
	srv := startRedis(t)
	p := fleettest.New(fleettest.Options{Lifetime: lifetime})
	t.Cleanup(p.Close)
	var fleet []*replica
	for range 4 {
		fleet = append(fleet, newReplica(t, p, srv))
	}
	var handled handledBodies
	handle := func(_ context.Context, body []byte) error { handled.add(body); return nil }
	a, b := newNotifier(t, srv, handle), newNotifier(t, srv, handle)
	hA, bodyA := signedNotification(t, notification("kill-a"))
	hB, bodyB := signedNotification(t, notification("kill-b"))

	stop := make(chan struct{})
	l := startLoad(fleet, 20, stop)

	// Redis up.
	time.Sleep(1500 * time.Millisecond)
	assert.Equal(t, "2005600", a.deliver(t, hA, bodyA))
	assert.Equal(t, "2005600", b.deliver(t, hA, bodyA))
	fetchesUp := p.Fetches()

	// Redis down.
	srv.Kill()
	for _, n := range []*notifier{a, b} {
		assert.Equal(t, "5005601", n.deliver(t, hA, bodyA), "a resend that cannot be checked is asked to come again")
		assert.Equal(t, "5005601", n.deliver(t, hB, bodyB), "a new notification that cannot be claimed is not handled")
	}
	time.Sleep(2500 * time.Millisecond)
	fetchesDown := p.Fetches() - fetchesUp

	// Redis back, empty.
	srv.Restart()
	time.Sleep(2 * time.Second)
	assert.Equal(t, "2005600", a.deliver(t, hB, bodyB), "claimed once Redis answers")
	assert.Equal(t, "2005600", b.deliver(t, hB, bodyB))
	close(stop)
	l.wait(t)

	t.Logf("%d calls; token fetches: %d with Redis up, %d while it was down, %d in all", l.calls.Load(), fetchesUp, fetchesDown, p.Fetches())
	assert.Equal(t, 1, handled.count(bodyA), "handled once, never again while Redis was down")
	assert.Equal(t, 1, handled.count(bodyB), "handled once, after Redis came back")
	assert.GreaterOrEqual(t, fetchesDown, int64(len(fleet)), "each replica fetched its own token while Redis was down")
	for i, r := range fleet {
		assert.Equal(t, 1, r.logs.Count(logStoreFailed), "replica %d: the degradation is logged once, not per call", i)
		assert.Equal(t, 1, r.logs.Count(logStoreBack), "replica %d: and the recovery once", i)
	}
}

// TestCachedTokenDoesNotTouchRedis: with the token cached, a call sends
// Redis nothing (the benchmark's claim, counted rather than timed).
func TestCachedTokenDoesNotTouchRedis(t *testing.T) {
	ctx := context.Background()
	srv := startRedis(t)
	admin := srv.Client(t)
	p := fleettest.New(fleettest.Options{Lifetime: time.Hour})
	t.Cleanup(p.Close)
	r := newReplica(t, p, srv)
	processed := func() int64 {
		info, err := admin.Info(ctx, "stats").Result()
		require.NoError(t, err)
		for _, line := range strings.Split(info, "\r\n") {
			if v, ok := strings.CutPrefix(line, "total_commands_processed:"); ok {
				n, err := strconv.ParseInt(v, 10, 64)
				require.NoError(t, err)
				return n
			}
		}
		t.Fatal("no total_commands_processed in INFO stats")
		return 0
	}
	_, err := r.client.Do(ctx, status, nil)
	require.NoError(t, err)
	before := processed()
	for range 100 {
		_, err := r.client.Do(ctx, status, nil)
		require.NoError(t, err)
	}
	assert.Equal(t, before+1, processed(), "only the INFO command itself")
	assert.EqualValues(t, 1, p.Fetches())
}
