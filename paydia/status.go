package paydia

import (
	"strings"

	"github.com/snapbi/snap"
)

// VoidStatus is latestVoidStatus of a void-query answer. Paydia's sample
// sends words ("SUCCESS"); its table and ASPI's use two-digit category codes
// ("00"). Both are accepted: compare Normalized() values, or use IsSuccess,
// IsFailed, IsFinal and Outcome, which normalise first.
type VoidStatus string

// The normalised void statuses (Paydia's words).
const (
	// VoidStatusSuccess: the void went through; the money went back.
	VoidStatusSuccess VoidStatus = "SUCCESS"
	// VoidStatusInit: the void was received and is not final yet.
	VoidStatusInit VoidStatus = "INIT"
	// VoidStatusFailed: the void did not happen.
	VoidStatusFailed VoidStatus = "FAILED"
)

// Normalized maps both forms to VoidStatusSuccess, VoidStatusInit or
// VoidStatusFailed: "SUCCESS" or "00"; "INIT", "INITIATED" or "01"; "FAILED"
// or "06" (SPEC §6 latestTransactionStatus codes), ignoring case and
// surrounding spaces. Any other value is returned unchanged, so an unknown
// status is never mistaken for a known one.
func (s VoidStatus) Normalized() VoidStatus {
	switch strings.ToUpper(strings.TrimSpace(string(s))) {
	case "SUCCESS", "00":
		return VoidStatusSuccess
	case "INIT", "INITIATED", "01":
		return VoidStatusInit
	case "FAILED", "06":
		return VoidStatusFailed
	}
	return s
}

// Known reports whether s is one of the statuses Normalized recognises.
func (s VoidStatus) Known() bool {
	switch s.Normalized() {
	case VoidStatusSuccess, VoidStatusInit, VoidStatusFailed:
		return true
	}
	return false
}

// IsSuccess reports whether the void went through.
func (s VoidStatus) IsSuccess() bool { return s.Normalized() == VoidStatusSuccess }

// IsFailed reports whether the void definitively did not happen.
func (s VoidStatus) IsFailed() bool { return s.Normalized() == VoidStatusFailed }

// IsFinal reports whether the void will not change by itself any more
// (success or failed). INIT, empty and unknown statuses are not final.
func (s VoidStatus) IsFinal() bool { return s.IsSuccess() || s.IsFailed() }

// Outcome is what the status means for the money: Success, Failed, or
// Pending for INIT, an empty or an unknown status (query again later).
func (s VoidStatus) Outcome() snap.Outcome {
	switch s.Normalized() {
	case VoidStatusSuccess:
		return snap.Success
	case VoidStatusFailed:
		return snap.Failed
	}
	return snap.Pending
}

// String names the status ("Success", "Initiated", "Failed"), or returns the
// raw value when it is unknown.
func (s VoidStatus) String() string {
	switch s.Normalized() {
	case VoidStatusSuccess:
		return "Success"
	case VoidStatusInit:
		return "Initiated"
	case VoidStatusFailed:
		return "Failed"
	}
	return string(s)
}
