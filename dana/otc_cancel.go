package dana

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/jsonbytes"
	"github.com/snapbi/snap/internal/notifydecode"
	"github.com/snapbi/snap/internal/validate"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// OTCCancelPath is the path of DANA's OTC cashout cancel (service 46).
const OTCCancelPath = "/v1.0/emoney/otc-cancel.htm"

// The merchant actions of DANA's OTC cancel response table, word for word.
const (
	// OTCCancelSuccessAction is DANA's action for 2004600.
	OTCCancelSuccessAction = "Mark Cancel Payment process as Success (reversal successful) & hold the money"
	// OTCCancelFixRequestAction is DANA's action for the 400 and 401 codes.
	OTCCancelFixRequestAction = "Mark Cancel Payment process as Failed. Retry request with proper parameter"
	// OTCCancelFailedHoldAction is DANA's action for 4044600, 4044601,
	// 4044618 and 5004600.
	OTCCancelFailedHoldAction = "Mark Cancel Payment process as Failed and hold the money"
	// OTCCancelPendingAction is DANA's action for 4294600 and 5004601.
	OTCCancelPendingAction = "Mark Cancel Payment process as Pending. Hold the money and retry request periodically"
	// OTCCancelTimeoutAction is DANA's action when no answer came at all
	// ("total timeout"); the client has then made its 3 attempts.
	OTCCancelTimeoutAction = "Do a retry maximum 3 attempts, if still fails mark Cancel Payment process as Pending and hold the money"
)

// OTCCancelOutcomes returns DANA's response table for OTC cancel as a
// responsecode.Table: every documented code with its outcome and DANA's
// action, the "total timeout" row (NoAnswer) and the "unexpected response"
// row (Unexpected). DANA files "undefined response code" under unexpected
// responses, so the table is closed: a code outside it (4034605, another
// service's 4045701) is Pending, not a case for the generic rules. That row
// names no action in DANA's table; DANA's own Pending wording is used. It
// is a fresh copy on each call, for reading and inspection: the Client uses
// its own, and changing this one changes nothing.
func OTCCancelOutcomes() responsecode.Table {
	return responsecode.Table{
		responsecode.NoAnswer:   {Outcome: snap.Pending, Action: OTCCancelTimeoutAction},
		responsecode.Unexpected: {Outcome: snap.Pending, Action: OTCCancelPendingAction},
		"2004600":               {Outcome: snap.Success, Action: OTCCancelSuccessAction},
		"4004600":               {Outcome: snap.Failed, Action: OTCCancelFixRequestAction},
		"4004601":               {Outcome: snap.Failed, Action: OTCCancelFixRequestAction},
		"4004602":               {Outcome: snap.Failed, Action: OTCCancelFixRequestAction},
		"4014600":               {Outcome: snap.Failed, Action: OTCCancelFixRequestAction},
		"4014601":               {Outcome: snap.Failed, Action: OTCCancelFixRequestAction},
		"4044600":               {Outcome: snap.Failed, Action: OTCCancelFailedHoldAction},
		"4044601":               {Outcome: snap.Failed, Action: OTCCancelFailedHoldAction},
		"4044618":               {Outcome: snap.Failed, Action: OTCCancelFailedHoldAction},
		"4294600":               {Outcome: snap.Pending, Action: OTCCancelPendingAction},
		"5004600":               {Outcome: snap.Failed, Action: OTCCancelFailedHoldAction},
		"5004601":               {Outcome: snap.Pending, Action: OTCCancelPendingAction},
	}
}

// OTCCancelProof is what DANA's 2004600 must show, from the page's response
// table: originalPartnerReferenceNo (Required), originalReferenceNo
// ("Successfully processed") and cancelTime ("Cancellation successfully
// processed") present, and the references echoing the request's. A fresh
// value on each call.
func OTCCancelProof() *snap.Proof {
	return &snap.Proof{
		Mandatory: []string{"responseMessage", "originalPartnerReferenceNo", "originalReferenceNo", "cancelTime"},
		Echoed:    []string{"originalPartnerReferenceNo", "originalReferenceNo", "originalExternalId"},
	}
}

// OTCCancelRequest cancels an over-the-counter cashout whose final result
// the merchant did not receive from DANA.
type OTCCancelRequest struct {
	// OriginalPartnerReferenceNo is the cashout's id in the merchant's
	// system (required, max 64).
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	// OriginalReferenceNo is DANA's id of the cashout, when a previous call
	// returned it (max 64).
	OriginalReferenceNo string `json:"originalReferenceNo,omitempty"`
	// OriginalExternalID is the X-EXTERNAL-ID of the original request (max 36).
	OriginalExternalID string `json:"originalExternalId,omitempty"`
	// CustomerNumber is the customer's account number (required, max 32).
	CustomerNumber string `json:"customerNumber"`
	// Reason says why the cashout is cancelled (required, max 512).
	Reason string `json:"reason"`
	// AdditionalInfo carries the amount (required) and any other keys.
	AdditionalInfo OTCCancelAdditionalInfo `json:"additionalInfo"`
}

// OTCCancelAdditionalInfo is additionalInfo of an OTC cancel request.
type OTCCancelAdditionalInfo struct {
	// Amount is the cashout's amount, additionalInfo.amount (required).
	Amount money.Money
	// Extra holds further additionalInfo keys, sent after amount in key order.
	Extra map[string]any
}

// MarshalJSON writes {"amount":{"currency":"IDR","value":"50000.00"},...}:
// the amount's keys in the order of DANA's own sample, then Extra's keys
// sorted, so the same request always gives the same signed bytes.
func (a OTCCancelAdditionalInfo) MarshalJSON() ([]byte, error) {
	if err := a.Amount.Validate(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(`{"amount":{"currency":"`)
	b.WriteString(a.Amount.Currency) // three upper-case letters: nothing to escape
	b.WriteString(`","value":"`)
	b.WriteString(a.Amount.ValueString())
	b.WriteString(`"}`)
	keys := make([]string, 0, len(a.Extra))
	for k := range a.Extra {
		if k != "amount" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		kb, _ := jsonbytes.Marshal(k)
		vb, err := jsonbytes.Marshal(a.Extra[k])
		if err != nil {
			return nil, fmt.Errorf("additionalInfo.%s: %w", k, err)
		}
		if vb == nil {
			vb = []byte("null")
		}
		b.WriteByte(',')
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads amount into Amount and every other key into Extra.
func (a *OTCCancelAdditionalInfo) UnmarshalJSON(data []byte) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return err
	}
	var out OTCCancelAdditionalInfo
	for k, raw := range fields {
		if k == "amount" {
			if err := json.Unmarshal(raw, &out.Amount); err != nil {
				return fmt.Errorf("additionalInfo.amount: %w", err)
			}
			continue
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return fmt.Errorf("additionalInfo.%s: %w", k, err)
		}
		if out.Extra == nil {
			out.Extra = map[string]any{}
		}
		out.Extra[k] = v
	}
	*a = out
	return nil
}

// Validate checks the lengths and mandatory fields of DANA's table and
// returns the first rule broken as a *snap.ValidationError.
func (r *OTCCancelRequest) Validate() error {
	if r == nil {
		return validate.NilRequest()
	}
	var c validate.Checker
	c.RequiredMaxLen("originalPartnerReferenceNo", r.OriginalPartnerReferenceNo, 64)
	c.MaxLen("originalReferenceNo", r.OriginalReferenceNo, 64)
	c.MaxLen("originalExternalId", r.OriginalExternalID, 36)
	c.RequiredMaxLen("customerNumber", r.CustomerNumber, 32)
	c.RequiredMaxLen("reason", r.Reason, 512)
	if r.AdditionalInfo.Amount.IsZero() {
		c.Fail("additionalInfo.amount", "is required")
	}
	// The amount of a cashout to give back: 0.00 would reverse nothing.
	c.PositiveMoney("additionalInfo.amount", r.AdditionalInfo.Amount)
	if _, ok := r.AdditionalInfo.Extra["amount"]; ok {
		c.Fail("additionalInfo.amount", "must be set in AdditionalInfo.Amount, not in Extra")
	}
	return c.Err()
}

// OTCCancelResponse is DANA's answer to an OTC cancel. CancelOTC returns
// it whenever a request was sent, answered or not: Raw and Outcome (from
// snap.Result) tell what happened, and an answer that is not a proven
// success fills as many fields as could be read.
type OTCCancelResponse struct {
	// Result holds Raw, the answer whole, and Outcome.
	snap.Result
	// ResponseCode is "2004600" on success.
	ResponseCode string `json:"responseCode"`
	// ResponseMessage is DANA's message.
	ResponseMessage string `json:"responseMessage"`
	// OriginalReferenceNo is DANA's id of the cashout (when processed).
	OriginalReferenceNo string `json:"originalReferenceNo,omitempty"`
	// OriginalPartnerReferenceNo is the merchant's id of the cashout.
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	// OriginalExternalID is the X-EXTERNAL-ID of the original request.
	OriginalExternalID string `json:"originalExternalId,omitempty"`
	// CancelTime is when DANA cancelled, 2006-01-02T15:04:05+07:00; read it
	// with its Time method.
	CancelTime snap.Timestamp `json:"cancelTime,omitzero"`
	// TransactionDate is the cashout's date, same layout.
	TransactionDate snap.Timestamp `json:"transactionDate,omitzero"`
	// AdditionalInfo is kept as DANA sent it.
	AdditionalInfo map[string]any `json:"additionalInfo,omitempty"`
}

// CancelOTC cancels an OTC cashout (POST /v1.0/emoney/otc-cancel.htm,
// service 46); the request is validated before anything is sent. It is
// idempotent, so dana.DefaultRetryPolicy (unless snap.WithRetry) retries it
// on timeouts, 4294600 and 5004601, at most 3 attempts.
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome.
//
// On anything but a 2004600 that passes OTCCancelProof, the error is a
// *snap.Error (snap.OutcomeOf(err)) whose Outcome and Action follow DANA's
// table (OTCCancelOutcomes): Failed means the cancel did not happen;
// Pending means it may or may not have happened: hold the money and retry
// later. When no answer came at all, Action is OTCCancelTimeoutAction.
func (c *Client) CancelOTC(ctx context.Context, req *OTCCancelRequest, opts ...snap.CallOption) (*OTCCancelResponse, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	return snap.Call(ctx, c.otcCore, &snap.Request{
		Path:        OTCCancelPath,
		ServiceCode: responsecode.ServiceOTCCancel,
		Body:        req,
		Idempotent:  true,
		Outcomes:    c.otcOutcomes,
		Proof:       OTCCancelProof(),
	}, func(body []byte, out *OTCCancelResponse) error { return notifydecode.Answer(body, out) }, opts...)
}
