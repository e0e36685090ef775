package paydia

import (
	"context"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/validate"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// VoidQueryPath is the void-query path under the base URL (URL path
// /snap/v1.0/auth/void-query, service 68).
const VoidQueryPath = "/v1.0/auth/void-query"

// Merchant actions for the codes of Paydia's void-query table. A void-query
// only reads the void's state: a Failed query says nothing about the void.
const (
	// VoidQuerySuccessAction is the action for 2006800.
	VoidQuerySuccessAction = "Read latestVoidStatus: it tells whether the void succeeded, failed or is still in progress"
	// VoidQueryFixRequestAction is the action for 4006801, 4006802 and 4016800.
	VoidQueryFixRequestAction = "Mark the void query as Failed; the void's state is still unknown: fix the request or credentials and query again"
	// VoidQueryInvalidTokenAction is the action for 4016801, answered even
	// after the SDK renewed the B2B token once.
	VoidQueryInvalidTokenAction = "Mark the void query as Failed; the void's state is still unknown: the B2B token was refused after renewal, check the partner ID, key and client secret, then query again"
	// VoidQueryNotFoundAction is the action for 4046801.
	VoidQueryNotFoundAction = "Mark the void query as Failed: Paydia found no such void; check the references before voiding again"
	// VoidQueryInvalidMerchantAction is the action for 4046808.
	VoidQueryInvalidMerchantAction = "Mark the void query as Failed: the merchant does not exist or its status is abnormal; check merchantId with Paydia"
	// VoidQueryPendingAction is the action for 5006801 (answered to every
	// attempt). Answers that cannot be read are Pending with the core's
	// generic action.
	VoidQueryPendingAction = "Mark the void query as Pending: the void's state is unknown; query again later"
)

// VoidQueryOutcomes returns Paydia's void-query response-code table as a
// responsecode.Table: each documented code with its outcome and action.
// Other codes follow the generic SNAP rules, and any answer that cannot be
// read is Pending. It is a fresh copy, for inspection: VoidQuery always
// reads Paydia's table, so changing the copy changes nothing.
func VoidQueryOutcomes() responsecode.Table {
	return responsecode.Table{
		"2006800": {Outcome: snap.Success, Action: VoidQuerySuccessAction},
		"4006801": {Outcome: snap.Failed, Action: VoidQueryFixRequestAction},
		"4006802": {Outcome: snap.Failed, Action: VoidQueryFixRequestAction},
		"4016800": {Outcome: snap.Failed, Action: VoidQueryFixRequestAction},
		"4016801": {Outcome: snap.Failed, Action: VoidQueryInvalidTokenAction},
		"4046801": {Outcome: snap.Failed, Action: VoidQueryNotFoundAction},
		"4046808": {Outcome: snap.Failed, Action: VoidQueryInvalidMerchantAction},
		"5006801": {Outcome: snap.Pending, Action: VoidQueryPendingAction},
	}
}

// VoidQueryProof is what a void-query success answer must show, from the
// page's response table, where every field is Mandatory: all nine present
// and the four references echoing the request's. The query reports the
// void's state rather than asserting one: latestVoidStatus is read by
// VoidOutcome, which makes any unknown state Pending. A fresh value on each
// call.
func VoidQueryProof() *snap.Proof {
	return &snap.Proof{
		Mandatory: []string{"responseMessage", "originalPartnerReferenceNo", "originalReferenceNo", "voidNo",
			"partnerVoidNo", "voidAmount", "voidTime", "latestVoidStatus"},
		Echoed: []string{"originalPartnerReferenceNo", "originalReferenceNo", "voidNo", "partnerVoidNo"},
	}
}

// VoidQueryRequest asks Paydia for the state of a void. Every field is
// mandatory, at most 64 characters.
type VoidQueryRequest struct {
	// OriginalPartnerReferenceNo is the payment's id in the partner's system.
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	// OriginalReferenceNo is Paydia's id of the payment.
	OriginalReferenceNo string `json:"originalReferenceNo"`
	// MerchantID identifies the merchant at Paydia.
	MerchantID string `json:"merchantId"`
	// VoidNo is Paydia's id of the void (VoidResponse.VoidNo).
	VoidNo string `json:"voidNo"`
	// PartnerVoidNo is the void's id in the partner's system.
	PartnerVoidNo string `json:"partnerVoidNo"`
}

// Validate checks Paydia's table (all five fields mandatory, max 64) and
// returns the first rule broken as a *snap.ValidationError.
func (r *VoidQueryRequest) Validate() error {
	if r == nil {
		return validate.NilRequest()
	}
	c := checkRefs(r.OriginalPartnerReferenceNo, r.OriginalReferenceNo, r.MerchantID, r.PartnerVoidNo)
	c.RequiredMaxLen("voidNo", r.VoidNo, 64)
	return c.Err()
}

// VoidQueryResponse is Paydia's answer to a void-query. Its embedded
// snap.Result carries Raw, the answer as received, and Outcome (the
// query's; VoidOutcome is the void's).
type VoidQueryResponse struct {
	snap.Result
	// ResponseCode is "2006800" on success.
	ResponseCode string `json:"responseCode"`
	// ResponseMessage is Paydia's message.
	ResponseMessage string `json:"responseMessage"`
	// OriginalPartnerReferenceNo is the payment's id in the partner's system.
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	// OriginalReferenceNo is Paydia's id of the payment.
	OriginalReferenceNo string `json:"originalReferenceNo"`
	// VoidNo is Paydia's id of the void.
	VoidNo string `json:"voidNo"`
	// PartnerVoidNo is the void's id in the partner's system.
	PartnerVoidNo string `json:"partnerVoidNo"`
	// VoidAmount is the amount voided.
	VoidAmount money.Money `json:"voidAmount"`
	// VoidTime is when the void happened, as sent
	// (2006-01-02T15:04:05+07:00). VoidTime.Time() reads it with the offset
	// given: Paydia's sample "2024-08-20T13:57:59-07:00" is 20:57:59 UTC,
	// not corrected to +07:00.
	VoidTime snap.Timestamp `json:"voidTime"`
	// LatestVoidStatus is the void's state, in either of Paydia's forms; see
	// VoidStatus.
	LatestVoidStatus VoidStatus `json:"latestVoidStatus"`
	// AdditionalInfo is kept as sent, when Paydia sends one (ASPI's table
	// has it; Paydia's does not).
	AdditionalInfo map[string]any `json:"additionalInfo,omitempty"`
}

// Status is the void's state, latestVoidStatus, in either of Paydia's
// forms (compare Normalized values).
func (r *VoidQueryResponse) Status() VoidStatus { return r.LatestVoidStatus }

// VoidOutcome is what the answer says about the void itself (not about the
// query): Status().Outcome().
func (r *VoidQueryResponse) VoidOutcome() snap.Outcome { return r.Status().Outcome() }

// VoidQuery asks Paydia for the state of a void (POST
// /snap/v1.0/auth/void-query, service 68). It needs snap.CustomerToken; the
// request is validated before anything is sent. The query is idempotent and
// is retried on timeouts, 429, 5006801, 5006802 and 504, at most 3 attempts
// by default.
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome.
//
// On any code but 2006800 the error is a *snap.Error: read
// snap.OutcomeOf(err), which with the Action follows VoidQueryOutcomes; the
// outcome is the query's, not the void's, and Pending means the query's
// answer is unknown: ask again. On success, Status (and VoidOutcome) tells
// what happened to the void. A 2006800 counts only when its answer passes VoidQueryProof
// and decodes whole; otherwise the error is Pending, naming what is wrong,
// with the raw answer in Error.Body.
func (c *Client) VoidQuery(ctx context.Context, req *VoidQueryRequest, opts ...snap.CallOption) (*VoidQueryResponse, error) {
	return send[VoidQueryResponse](ctx, c, operation{path: VoidQueryPath, service: responsecode.ServiceAuthVoidQuery,
		outcomes: c.voidQueryOutcomes, proof: VoidQueryProof()}, req, opts)
}
