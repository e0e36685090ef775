package debit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
)

// TransactionStatus is latestTransactionStatus of SNAP direct debit:
// a two-digit category code.
type TransactionStatus string

// The latestTransactionStatus values of the SNAP direct-debit tables (00–07)
// and the two some providers add (08, 09).
const (
	// StatusSuccess (00): the transaction succeeded; final.
	StatusSuccess TransactionStatus = "00"
	// StatusInitiated (01): created, not yet paid.
	StatusInitiated TransactionStatus = "01"
	// StatusPaying (02): the payment is in progress.
	StatusPaying TransactionStatus = "02"
	// StatusPending (03): waiting for the provider; not final.
	StatusPending TransactionStatus = "03"
	// StatusRefunded (04): paid, then refunded; final.
	StatusRefunded TransactionStatus = "04"
	// StatusCanceled (05): canceled; final.
	StatusCanceled TransactionStatus = "05"
	// StatusFailed (06): the transaction failed; final.
	StatusFailed TransactionStatus = "06"
	// StatusNotFound (07): the provider does not know the transaction
	// (yet); not final.
	StatusNotFound TransactionStatus = "07"
	// StatusExpired (08, a provider's addition): expired; final.
	StatusExpired TransactionStatus = "08"
	// StatusRejected (09, a provider's addition): rejected; final.
	StatusRejected TransactionStatus = "09"
)

var statusNames = map[TransactionStatus]string{
	StatusSuccess: "Success", StatusInitiated: "Initiated", StatusPaying: "Paying", StatusPending: "Pending",
	StatusRefunded: "Refunded", StatusCanceled: "Canceled", StatusFailed: "Failed", StatusNotFound: "Not found",
	StatusExpired: "Expired", StatusRejected: "Rejected",
}

// String returns the status name ("Success"), or the raw code when unknown.
func (s TransactionStatus) String() string {
	if n, ok := statusNames[s]; ok {
		return n
	}
	return string(s)
}

// Known reports whether s is one of the defined codes.
func (s TransactionStatus) Known() bool {
	_, ok := statusNames[s]
	return ok
}

// IsFinal reports whether the transaction will not change by itself any more:
// Success, Refunded, Canceled, Failed, Expired, Rejected. Initiated, Paying,
// Pending, Not found (it may still appear) and unknown codes are not final.
func (s TransactionStatus) IsFinal() bool {
	switch s {
	case StatusSuccess, StatusRefunded, StatusCanceled, StatusFailed, StatusExpired, StatusRejected:
		return true
	}
	return false
}

// RefundStatus is refundStatus in a status answer's refundHistory.
type RefundStatus string

// The refundStatus values of the SNAP direct-debit tables.
const (
	// RefundSuccess (00): the refund is done; final.
	RefundSuccess RefundStatus = "00"
	// RefundPending (03): the refund is in progress; not final.
	RefundPending RefundStatus = "03"
	// RefundFailed (06): the refund failed; final.
	RefundFailed RefundStatus = "06"
)

// String returns the refund status name, or the raw code when unknown.
func (s RefundStatus) String() string {
	switch s {
	case RefundSuccess:
		return "Success"
	case RefundPending:
		return "Pending"
	case RefundFailed:
		return "Failed"
	}
	return string(s)
}

// IsFinal reports whether the refund status is Success or Failed.
func (s RefundStatus) IsFinal() bool { return s == RefundSuccess || s == RefundFailed }

// Known reports whether s is one of the defined refund status codes.
func (s RefundStatus) Known() bool {
	return s == RefundSuccess || s == RefundPending || s == RefundFailed
}

// UnmarshalJSON reads a status sent as a string ("00") or, by lenient
// providers, as a number (0 → "00"); null leaves s unchanged.
func (s *TransactionStatus) UnmarshalJSON(data []byte) error {
	v, err := unmarshalStatus(data, "latestTransactionStatus")
	if err == nil && v != nil {
		*s = TransactionStatus(*v)
	}
	return err
}

// UnmarshalJSON reads a refund status sent as a string or a number, like
// TransactionStatus.
func (s *RefundStatus) UnmarshalJSON(data []byte) error {
	v, err := unmarshalStatus(data, "refundStatus")
	if err == nil && v != nil {
		*s = RefundStatus(*v)
	}
	return err
}

// unmarshalStatus returns the status text, nil for null. A whole number
// from 0 to 99 becomes two digits; any other number is kept as written.
func unmarshalStatus(data []byte, field string) (*string, error) {
	data = bytes.TrimSpace(data)
	switch {
	case len(data) == 0:
		return nil, fmt.Errorf("debit: %s: empty JSON value", field)
	case string(data) == "null":
		return nil, nil
	case data[0] == '"':
		var str string
		if err := json.Unmarshal(data, &str); err != nil {
			return nil, fmt.Errorf("debit: %s: %w", field, err)
		}
		return &str, nil
	case data[0] == '-' || (data[0] >= '0' && data[0] <= '9'):
		str := string(data)
		if n, err := strconv.Atoi(str); err == nil && n >= 0 && n <= 99 {
			str = fmt.Sprintf("%02d", n)
		}
		return &str, nil
	}
	return nil, fmt.Errorf("debit: %s: want a string or a number, got %.20s", field, data)
}
