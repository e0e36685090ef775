package snap

import (
	"context"
	"crypto/sha256"
	"strconv"
	"sync"
	"time"
)

// ClaimState is what ClaimStore.Claim found for a notification key.
type ClaimState int

const (
	// Claimed: the key was free and now belongs to the caller, who must
	// Complete it once the notification is handled or Release it if not.
	Claimed ClaimState = iota + 1
	// InFlight: another delivery of the same notification holds the claim
	// and is being handled right now.
	InFlight
	// Done: the notification was handled; acknowledge it without handling.
	Done
)

// String names the state.
func (s ClaimState) String() string {
	return enumName("ClaimState", int(s), "claimed", "in-flight", "done")
}

// ClaimStore makes the handling of each notification happen once across
// concurrent deliveries and, backed by a shared database, across replicas.
// Keys are derived from what the provider signed (never from the unsigned
// X-EXTERNAL-ID), so a copy with different headers has the same key.
//
// The shape is that of the Redis lock pattern: Claim is SET key token NX PX
// ttl (and a GET when it is taken: "done" or a token); Complete is SET key
// done PX ttl; Release is a compare-and-delete of the token, so that a
// claim whose lease ran out and was taken over is never freed by its first
// owner. Implementations must be safe for concurrent use.
type ClaimStore interface {
	// Claim takes key for the caller for ttl (the lease: a claim whose
	// handler never ends is freed then). When it returns Claimed, token
	// identifies this claim for Complete and Release.
	Claim(ctx context.Context, key string, ttl time.Duration) (state ClaimState, token string, err error)
	// Complete marks key as handled for ttl, the dedupe window.
	Complete(ctx context.Context, key, token string, ttl time.Duration) error
	// Release frees key if token still holds it, so that the provider's
	// resend of a notification whose handling failed is handled.
	Release(ctx context.Context, key, token string) error
}

// DefaultMaxClaimKeys is how many keys a MemoryClaimStore keeps when
// MaxKeys is 0 (10 to 15 MB when full).
const DefaultMaxClaimKeys = 100_000

// MemoryClaimStore is the in-memory ClaimStore every notification handler
// uses unless given another (snap.WithClaimStore). Its zero value is ready
// to use. It fits one process; several replicas need a shared store.
//
// Claim, Complete and Release are O(1) amortised: keys sit in a map, and a
// FIFO queue in claim order lets expired keys be dropped from the front a
// few at a time (TTLs are alike, so the front is the first to expire). Beyond MaxKeys the oldest key is forgotten — a forgotten
// notification could be handled a second time, so handlers stay idempotent.
type MemoryClaimStore struct {
	// MaxKeys bounds the keys kept; 0 means DefaultMaxClaimKeys. It is read
	// on first use.
	MaxKeys int

	mu      sync.Mutex
	now     func() time.Time // nil: time.Now (tests set it)
	keys    claimTable
	queue   []claimItem // ring buffer (a power of two long), head at q0, n items
	q0, n   int
	seq     uint64 // last queue sequence number handed out
	maxKeys int
}

// claimKey is a key as 16 bytes: the first half of a 64-digit lower-case
// hex key (what the notification handlers make: a SHA-256), or of the
// SHA-256 of any other key. 128 bits keep an accidental collision among a
// million keys below 1e-26, and a small map without pointers, never scanned
// by the garbage collector, keeps the cost per claim flat at a million keys.
type claimKey [16]byte

// claimEntry is 16 bytes. seq is the queue item tracking the entry (and,
// while in flight, the claim's token); its top bit marks the key done.
type claimEntry struct {
	expires int64 // unix nanoseconds
	seq     uint64
}

const doneBit = 1 << 63

func (e claimEntry) done() bool             { return e.seq&doneBit != 0 }
func (e claimEntry) tracks(seq uint64) bool { return e.seq&^doneBit == seq }

type claimItem struct {
	key     claimKey
	seq     uint64
	expires int64
}

// NewMemoryClaimStore returns a MemoryClaimStore keeping at most maxKeys
// keys (0: DefaultMaxClaimKeys).
func NewMemoryClaimStore(maxKeys int) *MemoryClaimStore {
	return &MemoryClaimStore{MaxKeys: maxKeys}
}

func toClaimKey(key string) claimKey {
	var k claimKey
	if len(key) == 2*sha256.Size {
		// Branch-free: random hex digits would defeat a branch predictor.
		var bad byte
		for i := 0; i < len(key); i += 2 {
			hi, lo := hexDigit[key[i]], hexDigit[key[i+1]]
			bad |= hi | lo
			if i < 2*len(k) {
				k[i/2] = hi<<4 | lo
			}
		}
		if bad < 16 {
			return k
		}
	}
	sum := sha256.Sum256([]byte(key))
	copy(k[:], sum[:])
	return k
}

// hexDigit maps '0'-'9' and 'a'-'f' to their value and every other byte,
// upper-case hex included (it would make two spellings one key), to 0xff.
var hexDigit = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = byte(c - 'a' + 10)
	}
	return t
}()

// init readies the zero value; called with mu held.
func (m *MemoryClaimStore) init() {
	if m.maxKeys == 0 {
		m.maxKeys = m.MaxKeys
		if m.maxKeys <= 0 {
			m.maxKeys = DefaultMaxClaimKeys
		}
	}
}

func (m *MemoryClaimStore) clock() int64 {
	if m.now != nil {
		return m.now().UnixNano()
	}
	return time.Now().UnixNano()
}

// Claim implements ClaimStore.
func (m *MemoryClaimStore) Claim(_ context.Context, key string, ttl time.Duration) (ClaimState, string, error) {
	k := toClaimKey(key)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	now := m.clock()
	m.sweep(now)
	if e, ok := m.keys.get(k); ok && e.expires > now {
		if e.done() {
			return Done, "", nil
		}
		return InFlight, "", nil
	}
	seq := m.push(k, now+int64(ttl))
	m.keys.set(k, claimEntry{expires: now + int64(ttl), seq: seq})
	for m.keys.len() > m.maxKeys {
		m.evictOldest()
	}
	return Claimed, strconv.FormatUint(seq, 10), nil
}

// Complete implements ClaimStore. The key is marked done even when its
// lease ran out meanwhile: the notification was handled either way.
func (m *MemoryClaimStore) Complete(_ context.Context, key, _ string, ttl time.Duration) error {
	k := toClaimKey(key)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	expires := m.clock() + int64(ttl)
	if e, ok := m.keys.get(k); ok {
		// Its queue item stays where it is; sweep moves it to the back
		// when it comes due before the entry does.
		m.keys.set(k, claimEntry{expires: expires, seq: e.seq | doneBit})
		return nil
	}
	m.keys.set(k, claimEntry{expires: expires, seq: m.push(k, expires) | doneBit})
	for m.keys.len() > m.maxKeys {
		m.evictOldest()
	}
	return nil
}

// Release implements ClaimStore.
func (m *MemoryClaimStore) Release(_ context.Context, key, token string) error {
	k := toClaimKey(key)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	if e, ok := m.keys.get(k); ok && !e.done() && strconv.FormatUint(e.seq, 10) == token {
		m.keys.del(k) // its queue item goes stale and is dropped when reached
	}
	return nil
}

// Len returns the number of keys held, expired ones not yet dropped
// included.
func (m *MemoryClaimStore) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.keys.len()
}

// push appends a queue item and returns its sequence number.
func (m *MemoryClaimStore) push(k claimKey, expires int64) uint64 {
	if m.n == len(m.queue) {
		m.grow()
	}
	m.seq++
	m.queue[(m.q0+m.n)&(len(m.queue)-1)] = claimItem{key: k, seq: m.seq, expires: expires}
	m.n++
	return m.seq
}

// grow doubles the ring (its length stays a power of two), dropping stale
// items (of released keys) on the way; when more than half are stale it
// compacts in place instead. Either walks the ring once, after at least as
// many pushes: O(1) amortised.
func (m *MemoryClaimStore) grow() {
	size := 2 * len(m.queue)
	if m.n > 2*m.keys.len()+64 {
		size = len(m.queue)
	}
	if size < 64 {
		size = 64
	}
	next := make([]claimItem, size)
	j := 0
	for i := 0; i < m.n; i++ {
		it := m.queue[(m.q0+i)&(len(m.queue)-1)]
		if e, ok := m.keys.get(it.key); ok && e.tracks(it.seq) {
			next[j] = it
			j++
		}
	}
	m.queue, m.q0, m.n = next, 0, j
}

// pop removes the front item; it reports whether that item was the live
// one of its key (a stale item is just dropped).
func (m *MemoryClaimStore) pop() (claimItem, bool) {
	it := m.queue[m.q0]
	m.q0 = (m.q0 + 1) & (len(m.queue) - 1)
	m.n--
	e, ok := m.keys.get(it.key)
	return it, ok && e.tracks(it.seq)
}

// sweep handles a few items at the front: a bounded step, more than one per
// push, so the queue keeps up without a long pause. A stale item is dropped,
// an expired key deleted, and a key that Complete extended goes to the back.
func (m *MemoryClaimStore) sweep(now int64) {
	for i := 0; i < 4 && m.n > 0; i++ {
		it := m.queue[m.q0]
		if it.expires > now {
			if e, ok := m.keys.get(it.key); ok && e.tracks(it.seq) {
				return // the oldest live item is not due yet
			}
		}
		it, live := m.pop()
		if !live {
			continue
		}
		if e, _ := m.keys.get(it.key); e.expires > now {
			e.seq = m.push(it.key, e.expires) | e.seq&doneBit
			m.keys.set(it.key, e)
		} else {
			m.keys.del(it.key)
		}
	}
}

// evictOldest forgets the oldest live key, expired or not.
func (m *MemoryClaimStore) evictOldest() {
	for m.n > 0 {
		if it, live := m.pop(); live {
			m.keys.del(it.key)
			return
		}
	}
}
