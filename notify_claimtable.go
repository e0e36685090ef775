package snap

import "encoding/binary"

// claimTable is the MemoryClaimStore's hash table: open addressing with
// linear probing over one flat array, kept at most half full. A lookup at a
// million keys touches one or two cache lines, where a Go map touches its
// directory, a table header and a group; that is what keeps a claim as
// cheap at 1M keys as at 1k. Deletion shifts the following run back, so
// there are no tombstones.
type claimTable struct {
	slots []claimSlot // a power of two long, or nil
	count int
}

// claimSlot is 32 bytes: two per cache line. seq 0 marks an empty slot
// (sequence numbers start at 1).
type claimSlot struct {
	key claimKey
	claimEntry
}

// home is the slot a key hashes to. Keys are SHA-256 output, but a caller
// may pass hex of its own making, so both halves are mixed (splitmix64's
// finaliser) rather than the first bytes used as they are.
func (t *claimTable) home(k claimKey) int {
	h := binary.LittleEndian.Uint64(k[:8])*0x9e3779b97f4a7c15 ^ binary.LittleEndian.Uint64(k[8:])
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return int(h & uint64(len(t.slots)-1))
}

// find returns the slot of k, or the empty slot where it would go.
func (t *claimTable) find(k claimKey) (int, bool) {
	mask := len(t.slots) - 1
	for i := t.home(k); ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.seq == 0 {
			return i, false
		}
		if s.key == k {
			return i, true
		}
	}
}

func (t *claimTable) len() int { return t.count }

func (t *claimTable) get(k claimKey) (claimEntry, bool) {
	if t.count == 0 {
		return claimEntry{}, false
	}
	i, ok := t.find(k)
	return t.slots[i].claimEntry, ok
}

func (t *claimTable) set(k claimKey, e claimEntry) {
	if 2*(t.count+1) > len(t.slots) {
		t.resize()
	}
	i, ok := t.find(k)
	if !ok {
		t.count++
	}
	t.slots[i] = claimSlot{key: k, claimEntry: e}
}

func (t *claimTable) del(k claimKey) {
	if t.count == 0 {
		return
	}
	i, ok := t.find(k)
	if !ok {
		return
	}
	t.count--
	mask := len(t.slots) - 1
	// Backward-shift deletion: move up every later slot of the run that
	// may not sit between its home and the hole.
	for j := (i + 1) & mask; t.slots[j].seq != 0; j = (j + 1) & mask {
		h := t.home(t.slots[j].key)
		if (j-h)&mask >= (j-i)&mask { // the hole lies between h and j
			t.slots[i] = t.slots[j]
			i = j
		}
	}
	t.slots[i] = claimSlot{}
}

// resize doubles the array and rehashes: O(n) after n inserts, O(1)
// amortised.
func (t *claimTable) resize() {
	old := t.slots
	size := 2 * len(old)
	if size < 64 {
		size = 64
	}
	t.slots, t.count = make([]claimSlot, size), 0
	for _, s := range old {
		if s.seq != 0 {
			i, _ := t.find(s.key)
			t.slots[i] = s
			t.count++
		}
	}
}
