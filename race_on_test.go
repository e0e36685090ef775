//go:build race

package snap

// raceEnabled: the race detector changes allocation counts.
const raceEnabled = true
