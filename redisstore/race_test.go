//go:build race

package redisstore_test

// raceDetector: the race detector slows every call about tenfold.
const raceDetector = true
