package reconcile

import (
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/snapbi/snap"
)

// Providers, as RecordOf and WithSettler name them. Any other name works
// as long as the record and the settler agree.
const (
	// ProviderDebit is a generic SNAP direct-debit provider (package debit).
	ProviderDebit = "debit"
	// ProviderDANA is DANA (package dana).
	ProviderDANA = "dana"
	// ProviderPayerMax is PayerMax (package payermax).
	ProviderPayerMax = "payermax"
	// ProviderPaydia is Paydia (package paydia).
	ProviderPaydia = "paydia"
)

// Operations, as RecordOf and WithSettler name them.
const (
	// OpPayment is a direct-debit payment (service 54).
	OpPayment = "payment"
	// OpCancel is a direct-debit cancel (service 57).
	OpCancel = "cancel"
	// OpRefund is a direct-debit refund (service 58).
	OpRefund = "refund"
	// OpOTCCancel is DANA's OTC cashout cancel (service 46).
	OpOTCCancel = "otc-cancel"
	// OpVoid is Paydia's void (service 67).
	OpVoid = "void"
	// OpVoidQuery is Paydia's void-query (service 68).
	OpVoidQuery = "void-query"
)

// Record is one Pending call, as the ledger keeps it: plain data, stored as
// JSON, with no secret in it (see snap.PendingRecord).
type Record struct {
	// ID identifies the entry in the ledger: adding a record whose ID is
	// already there keeps the first. RecordOf derives it from the provider,
	// the operation and the business key, so the same Pending added twice
	// is one entry.
	ID string `json:"id"`
	// Provider and Operation pick the Settler (WithSettler).
	Provider  string `json:"provider"`
	Operation string `json:"operation"`
	snap.PendingRecord
}

// RecordOf returns the record of a Pending call's error, and false when
// err is not a Pending *snap.Error (nil, Success, Failed, or a
// *snap.ValidationError: nothing to settle).
func RecordOf(provider, operation string, err error) (Record, bool) {
	var e *snap.Error
	if !errors.As(err, &e) {
		return Record{}, false
	}
	p, ok := e.PendingRecord()
	if !ok {
		return Record{}, false
	}
	rec := Record{Provider: provider, Operation: operation, PendingRecord: p}
	rec.ID = rec.key()
	return rec, true
}

// businessKeys name an operation's business key, most specific first: a
// refund is its partnerRefundNo, a void its partnerVoidNo, a payment or a
// cancel its transaction's reference.
var businessKeys = []string{"partnerRefundNo", "partnerVoidNo", "partnerReferenceNo", "originalPartnerReferenceNo", "tXid", "originalReferenceNo"}

// key is provider:operation:business key, or the first X-EXTERNAL-ID when
// the body carries no reference.
func (r Record) key() string {
	k := ""
	for _, name := range businessKeys {
		if v := r.References[name]; v != "" {
			k = v
			break
		}
	}
	if k == "" && len(r.ExternalIDs) > 0 {
		k = "x-external-id=" + r.ExternalIDs[0]
	}
	return strings.Join([]string{r.Provider, r.Operation, k}, ":")
}

// Ref returns the first non-empty reference among names.
func (r Record) Ref(names ...string) string {
	for _, n := range names {
		if v := r.References[n]; v != "" {
			return v
		}
	}
	return ""
}

// clonePending copies r's maps and slices.
func clonePending(r Record) snap.PendingRecord {
	p := r.PendingRecord
	p.References = maps.Clone(p.References)
	p.Amounts = maps.Clone(p.Amounts)
	p.ExternalIDs = slices.Clone(p.ExternalIDs)
	return p
}
