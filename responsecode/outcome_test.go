package responsecode_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/responsecode"
)

// expected is the outcome SPEC §6 (revised) gives each row of the generic
// table: Failed only for the 4xx cases that say the request was refused.
func expected(http, kase int) responsecode.Outcome {
	switch {
	case http == 200 && kase == 0:
		return responsecode.Success
	case http == 400, http == 401, http == 403, http == 404, http == 405:
		return responsecode.Failed
	case http == 202, http == 409, http == 429, http == 500, http == 504:
		return responsecode.Pending
	}
	panic(fmt.Sprintf("no expectation for %d-%02d", http, kase))
}

func TestClassifyEveryGenericCase(t *testing.T) {
	for _, c := range responsecode.Cases() {
		want := expected(c.HTTPStatus, c.Case)
		for _, svc := range []int{responsecode.ServiceOTCCancel, responsecode.ServiceDebitPayment, responsecode.ServiceDebitCancel} {
			code := responsecode.New(c.HTTPStatus, svc, c.Case)
			t.Run(code.String(), func(t *testing.T) {
				assert.Equal(t, want, responsecode.Classify(code))
			})
		}
	}
}

func TestClassify(t *testing.T) {
	S, P, F := responsecode.Success, responsecode.Pending, responsecode.Failed
	tests := []struct {
		code string
		want responsecode.Outcome
	}{
		{"2005400", S},
		{"2025400", P},
		{"4005700", F},
		{"4015704", F},
		{"4035723", F},
		{"4045719", F},
		{"4055701", F},
		{"4095700", P}, // an earlier message with this X-EXTERNAL-ID may have been processed
		{"4095701", P},
		{"4295700", P},
		{"5005700", P}, // revised: DANA's lists say "retry request periodically"
		{"5005701", P},
		{"5005702", P},
		{"5045700", P},
		// Undefined cases are never Failed.
		{"2005401", P},
		{"2025401", P},
		{"4005703", P},
		{"4015705", P},
		{"4035724", P},
		{"4045720", P},
		{"4055702", P},
		{"4095702", P},
		{"4295701", P},
		{"5005703", P},
		{"5045701", P},
		{"3025700", P},
		{"1005700", P},
		{"5025700", P},
		{"5035700", P},
		// 404-18 Inconsistent Request: Failed on a payment or cancel, Pending
		// on a refund or void where the spec says "considered as success".
		{"4045418", F},
		{"4045718", F},
		{"4044618", F},
		{"4045818", P},
		{"4046718", P},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			c, err := responsecode.Parse(tt.code)
			require.NoError(t, err)
			assert.Equal(t, tt.want, responsecode.Classify(c))
		})
	}
}

func TestClassifyZeroAndInvalid(t *testing.T) {
	for _, c := range []responsecode.Code{
		{},
		responsecode.New(404, 100, 1),
		responsecode.New(404, -1, 1),
		responsecode.New(400, 57, -100),
		responsecode.New(4000, 57, 0),
	} {
		assert.Equal(t, responsecode.Pending, responsecode.Classify(c), "%#v", c)
		assert.False(t, responsecode.Retryable(c))
	}
}

// TestClassifyNeverFailsUnknown runs every syntactically valid HTTP+case
// pair with one service code and checks that only table cases can fail.
func TestClassifyNeverFailsUnknown(t *testing.T) {
	for http := 100; http <= 599; http++ {
		for kase := 0; kase <= 99; kase++ {
			c := responsecode.New(http, responsecode.ServiceDebitCancel, kase)
			if o := responsecode.Classify(c); o != responsecode.Pending {
				require.True(t, c.Defined(), "%s classified %s but undefined", c, o)
			}
		}
	}
}

// TestClassifyDANAOTCCancel runs every row of DANA's OTC cancel table
// (seeds/dana-otc-cancel.txt) through the generic Classify and through a
// table holding the rows: the generic rule agrees with DANA everywhere but
// 5004600, which DANA's table makes Failed ("General error non retry-able").
func TestClassifyDANAOTCCancel(t *testing.T) {
	S, P, F := responsecode.Success, responsecode.Pending, responsecode.Failed
	tests := []struct {
		code    string
		message string
		want    responsecode.Outcome
		action  string
	}{
		{"2004600", "Successful", S, "Mark Cancel Payment process as Success (reversal successful) & hold the money"},
		{"4004600", "Bad Request", F, "Mark Cancel Payment process as Failed. Retry request with proper parameter"},
		{"4004601", "Invalid Field Format {field name}", F, "Mark Cancel Payment process as Failed. Retry request with proper parameter"},
		{"4004602", "Invalid Mandatory Field {field name}", F, "Mark Cancel Payment process as Failed. Retry request with proper parameter"},
		{"4014600", "Unauthorized. [reason]", F, "Mark Cancel Payment process as Failed. Retry request with proper parameter"},
		{"4014601", "Invalid Token (B2B)", F, "Mark Cancel Payment process as Failed. Retry request with proper parameter"},
		{"4044600", "Invalid Transaction Status", F, "Mark Cancel Payment process as Failed and hold the money"},
		{"4044601", "Transaction Not Found", F, "Mark Cancel Payment process as Failed and hold the money"},
		{"4044618", "Inconsistent Request", F, "Mark Cancel Payment process as Failed and hold the money"},
		{"4294600", "Too Many Requests", P, "Mark Cancel Payment process as Pending. Hold the money and retry request periodically"},
		{"5004600", "General Error", F, "Mark Cancel Payment process as Failed and hold the money"},
		{"5004601", "Internal Server Error", P, "Mark Cancel Payment process as Pending. Hold the money and retry request periodically"},
	}
	table := responsecode.Table{}
	for _, tt := range tests {
		table[tt.code] = responsecode.Rule{Outcome: tt.want, Action: tt.action}
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			c, err := responsecode.Parse(tt.code)
			require.NoError(t, err)
			assert.Equal(t, responsecode.ServiceOTCCancel, c.Service())
			assert.Equal(t, tt.message, c.Message())
			generic := tt.want
			if tt.code == "5004600" {
				generic = P
			}
			assert.Equal(t, generic, responsecode.Classify(c), "generic Classify")

			r, ok := table.Classify(c)
			assert.True(t, ok)
			assert.Equal(t, responsecode.Rule{Outcome: tt.want, Action: tt.action}, r)
		})
	}
}

func TestRetryable(t *testing.T) {
	yes := []string{"4295700", "5005701", "5005702", "5045700", "4294600", "5004601"}
	no := []string{"2005700", "2025700", "4005700", "4045701", "4095700", "4095701", "5005700",
		"5005703", "5045701", "4295701", "5025700", "5035700"}
	for _, s := range yes {
		c, err := responsecode.Parse(s)
		require.NoError(t, err)
		assert.True(t, responsecode.Retryable(c), s)
		assert.Equal(t, responsecode.Pending, responsecode.Classify(c), "retryable codes are Pending: %s", s)
	}
	for _, s := range no {
		c, err := responsecode.Parse(s)
		require.NoError(t, err)
		assert.False(t, responsecode.Retryable(c), s)
	}
}

func TestAction(t *testing.T) {
	assert.Equal(t, "Mark as Success", responsecode.Action(responsecode.Success))
	assert.Equal(t, "Mark as Failed", responsecode.Action(responsecode.Failed))
	assert.Equal(t, "Mark as Pending: hold the money and check the status later", responsecode.Action(responsecode.Pending))
	assert.Equal(t, responsecode.Action(responsecode.Pending), responsecode.Action(""))
	assert.Equal(t, responsecode.Action(responsecode.Pending), responsecode.Action("bogus"))
	assert.Equal(t, responsecode.Outcome("success"), responsecode.Success)
	assert.Equal(t, responsecode.Outcome("pending"), responsecode.Pending)
	assert.Equal(t, responsecode.Outcome("failed"), responsecode.Failed)
}

func TestTable(t *testing.T) {
	table := responsecode.Table{
		"4044601": {Outcome: responsecode.Failed, Action: "Mark as Failed and hold the money"},
		"5004600": {Outcome: responsecode.Failed, Action: "Failed by the provider's table"},
		"4095700": {Outcome: responsecode.Failed, Action: "conflict"},
		"4005700": {Outcome: "bogus", Action: "ignored"},
	}
	pending := responsecode.Rule{Outcome: responsecode.Pending, Action: responsecode.Action(responsecode.Pending)}
	tests := []struct {
		code   string
		want   responsecode.Rule
		listed bool
	}{
		{"4044601", responsecode.Rule{Outcome: responsecode.Failed, Action: "Mark as Failed and hold the money"}, true},
		{"5004600", responsecode.Rule{Outcome: responsecode.Failed, Action: "Failed by the provider's table"}, true},
		{"4095700", pending, true}, // a 409 is never Failed, whatever a table says
		{"4005700", pending, true}, // an unknown outcome counts as Pending
		{"2005700", responsecode.Rule{Outcome: responsecode.Success, Action: "Mark as Success"}, false},
		{"4035724", pending, false},
		{"5005700", pending, false},
		{"4045700", responsecode.Rule{Outcome: responsecode.Failed, Action: "Mark as Failed"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			c, err := responsecode.Parse(tt.code)
			require.NoError(t, err)
			r, listed := table.Classify(c)
			assert.Equal(t, tt.want, r)
			assert.Equal(t, tt.listed, listed)
		})
	}
	assert.False(t, table.Closed())

	var empty responsecode.Table
	r, listed := empty.Classify(responsecode.Code{})
	assert.False(t, listed)
	assert.Equal(t, responsecode.Pending, r.Outcome)
	_, ok := empty.Lookup(responsecode.New(200, 0, 0))
	assert.False(t, ok)
	assert.Equal(t, pending, empty.PendingRule(responsecode.NoAnswer))
}

// TestClosedTable: a table with an Unexpected rule (DANA's "undefined
// response code" row) makes every code outside it Pending with that action,
// even one the generic rules would call Failed.
func TestClosedTable(t *testing.T) {
	const unexpected = "provider's unexpected-answer action"
	table := responsecode.Table{
		"4044601":               {Outcome: responsecode.Failed, Action: "hold"},
		responsecode.Unexpected: {Outcome: responsecode.Failed, Action: unexpected}, // Failed is ignored
		responsecode.NoAnswer:   {Action: "retry 3 times"},
	}
	require.True(t, table.Closed())
	for _, code := range []string{"4034605", "4045701", "2005700", "4004699"} {
		c, err := responsecode.Parse(code)
		require.NoError(t, err)
		r, listed := table.Classify(c)
		assert.False(t, listed, code)
		assert.Equal(t, responsecode.Rule{Outcome: responsecode.Pending, Action: unexpected}, r, code)
	}
	r, listed := table.Classify(responsecode.New(404, 46, 1))
	assert.True(t, listed)
	assert.Equal(t, responsecode.Failed, r.Outcome)
	assert.Equal(t, responsecode.Rule{Outcome: responsecode.Pending, Action: "retry 3 times"}, table.PendingRule(responsecode.NoAnswer))
}
