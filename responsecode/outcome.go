package responsecode

// Outcome is what a call means for the merchant. Every call ends in exactly
// one of [Success], [Pending] and [Failed]. The root package snap aliases it.
type Outcome string

const (
	// Success: the operation happened. The merchant is done (mark it
	// successful).
	Success Outcome = "success"
	// Pending: the outcome is unknown. The merchant must hold the money and
	// the goods, check the status later (a status or query call, or the
	// notification) and never treat it as failed.
	Pending Outcome = "pending"
	// Failed: definitive, the operation did not happen. The merchant may act
	// on that (fix the request and try again, or give up).
	Failed Outcome = "failed"
)

// Action returns the default merchant action for an outcome: "Mark as
// Success", "Mark as Failed", or, for Pending and anything else, "Mark as
// Pending: hold the money and check the status later".
func Action(o Outcome) string {
	switch o {
	case Success:
		return "Mark as Success"
	case Failed:
		return "Mark as Failed"
	default:
		return "Mark as Pending: hold the money and check the status later"
	}
}

// Classify is the generic outcome of a response code (SPEC §6, "What the
// merchant must do"), used where a provider's own table is silent. Failed
// means the operation certainly did not happen; everything else that is not
// Success is Pending.
//
//   - 200xx00: Success.
//   - 400-00..02, 401-00..04, 403-00..23, 404-00..19, 405-00..01 (the cases of
//     the generic table): Failed. Exception: 404xx18 Inconsistent Request on
//     a refund (service 58) or an auth void (67) is Pending, because the
//     specification says it "should be considered as success" there.
//   - 409xx00 Conflict and 409xx01 Duplicate partnerReferenceNo: Pending on
//     any attempt (an earlier message with that id or reference may have
//     been processed; check its status).
//   - 500xx00 General Error: Pending (DANA's payment and query tables say
//     "retry request periodically"); a provider table may say otherwise.
//   - 202xx00, 429xx00, 500xx01, 500xx02, 504xx00: Pending.
//   - Anything else: the zero Code, an invalid Code, a case the generic table
//     does not define (403-24, 200-01, 404-20): Pending.
//
// Nothing unknown is ever Failed.
func Classify(c Code) Outcome {
	if !c.Valid() || !c.Defined() {
		return Pending
	}
	switch c.http {
	case 200:
		return Success // Defined: only 200-00
	case 400, 401, 403, 405:
		return Failed
	case 404:
		if c.caseCode == 18 && (c.service == ServiceDebitRefund || c.service == ServiceAuthVoid) {
			return Pending
		}
		return Failed
	default: // 202, 409, 429, 500, 504
		return Pending
	}
}

// Retryable reports whether the provider asks for the same request to be
// sent again: 429xx00, 500xx01, 500xx02 and 504xx00. Whether a given
// operation is retried is decided by the transport's retry policy.
func Retryable(c Code) bool {
	if !c.Valid() {
		return false
	}
	switch {
	case c.http == 429 && c.caseCode == 0,
		c.http == 500 && (c.caseCode == 1 || c.caseCode == 2),
		c.http == 504 && c.caseCode == 0:
		return true
	}
	return false
}

// Rule is a provider's instruction for one response code: the outcome and
// the action text from its documentation, e.g. {Failed, "Mark Cancel
// Payment process as Failed and hold the money"}.
type Rule struct {
	// Outcome is Success, Pending or Failed; anything else counts as Pending.
	Outcome Outcome
	// Action is the provider's instruction; "" means [Action](Outcome).
	Action string
}

// Table maps full 7-digit response codes ("4044601") to a provider's rules.
// Provider packages declare their own tables; a nil Table is empty.
//
// Two keys that are not codes hold the provider's rules for answers no code
// row covers: [NoAnswer] (the "total timeout" row) and [Unexpected] (the
// "unexpected response" row). A table holding Unexpected is closed: every
// code outside it is an unexpected answer (Pending with that action), not a
// case for the generic rules.
type Table map[string]Rule

// Keys of a [Table] that are not response codes.
const (
	// NoAnswer is the rule when no answer came at all (a total timeout).
	NoAnswer = "no answer"
	// Unexpected is the rule for an unexpected answer (an empty or
	// undecodable body, an undefined code, a success that does not prove
	// itself); its presence closes the table.
	Unexpected = "unexpected"
)

// Lookup returns the rule the table holds for c, if any.
func (t Table) Lookup(c Code) (Rule, bool) {
	if c.IsZero() {
		return Rule{}, false
	}
	r, ok := t[c.String()]
	return r, ok
}

// Closed reports whether the table lists every code the provider may send
// (it holds an [Unexpected] rule).
func (t Table) Closed() bool {
	_, ok := t[Unexpected]
	return ok
}

// PendingRule returns the table's rule for key ([NoAnswer] or
// [Unexpected]) as a Pending rule: an unknown is never Failed or Success,
// whatever the table says, and a missing action is the default one.
func (t Table) PendingRule(key string) Rule {
	return Rule{Outcome: Pending, Action: orDefault(t[key].Action, Pending)}
}

// Classify returns the provider's rule for c when the table has one, and
// otherwise the generic [Classify] with the default [Action] (or, when the
// table is [Table.Closed], its Unexpected rule); the boolean says whether
// the table had the code. The safe side always wins: a rule with an
// unknown outcome counts as Pending, and a 409 code is Pending whatever the
// table says (an earlier message with that id may have gone through). An
// empty Action is filled with the default.
func (t Table) Classify(c Code) (Rule, bool) {
	r, ok := t.Lookup(c)
	if !ok {
		if t.Closed() && c.Valid() && !c.IsZero() {
			return t.PendingRule(Unexpected), false
		}
		o := Classify(c)
		return Rule{Outcome: o, Action: Action(o)}, false
	}
	switch r.Outcome {
	case Success, Failed, Pending:
	default:
		r = Rule{Outcome: Pending}
	}
	if c.http == 409 && r.Outcome != Pending {
		r = Rule{Outcome: Pending}
	}
	r.Action = orDefault(r.Action, r.Outcome)
	return r, true
}

func orDefault(action string, o Outcome) string {
	if action == "" {
		return Action(o)
	}
	return action
}
