package responsecode_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/responsecode"
)

// expected is the outcome SPEC §6 gives each row of the generic table, for a
// first attempt and for a retry.
func expected(http, kase int) (first, retry responsecode.Outcome) {
	S, P, F := responsecode.Success, responsecode.Pending, responsecode.Failed
	switch {
	case http == 200 && kase == 0:
		return S, S
	case http == 202:
		return P, P
	case http == 400, http == 401, http == 403, http == 404, http == 405:
		return F, F
	case http == 409 && kase == 0:
		return F, P
	case http == 409 && kase == 1:
		return P, P
	case http == 429:
		return P, P
	case http == 500 && kase == 0:
		return F, F
	case http == 500, http == 504:
		return P, P
	}
	panic(fmt.Sprintf("no expectation for %d-%02d", http, kase))
}

func TestClassifyEveryGenericCase(t *testing.T) {
	for _, c := range responsecode.Cases() {
		first, retry := expected(c.HTTPStatus, c.Case)
		for _, svc := range []int{responsecode.ServiceOTCCancel, responsecode.ServiceDebitPayment, responsecode.ServiceDebitCancel} {
			code := responsecode.New(c.HTTPStatus, svc, c.Case)
			t.Run(code.String(), func(t *testing.T) {
				assert.Equal(t, first, responsecode.Classify(code, false), "first attempt")
				assert.Equal(t, retry, responsecode.Classify(code, true), "retry")
			})
		}
	}
}

func TestClassify(t *testing.T) {
	S, P, F := responsecode.Success, responsecode.Pending, responsecode.Failed
	tests := []struct {
		code         string
		first, retry responsecode.Outcome
	}{
		{"2005400", S, S},
		{"2025400", P, P},
		{"4005700", F, F},
		{"4015704", F, F},
		{"4035723", F, F},
		{"4045719", F, F},
		{"4055701", F, F},
		{"4095700", F, P},
		{"4095701", P, P},
		{"4295700", P, P},
		{"5005700", F, F},
		{"5005701", P, P},
		{"5005702", P, P},
		{"5045700", P, P},
		// Undefined cases are never Failed.
		{"2005401", P, P},
		{"2025401", P, P},
		{"4005703", P, P},
		{"4015705", P, P},
		{"4035724", P, P},
		{"4045720", P, P},
		{"4055702", P, P},
		{"4095702", P, P},
		{"4295701", P, P},
		{"5005703", P, P},
		{"5045701", P, P},
		{"3025700", P, P},
		{"1005700", P, P},
		{"5025700", P, P},
		{"5035700", P, P},
		// 404-18 Inconsistent Request: Failed on a payment or cancel, Pending
		// on a refund or void where the spec says "considered as success".
		{"4045418", F, F},
		{"4045718", F, F},
		{"4044618", F, F},
		{"4045818", P, P},
		{"4046718", P, P},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			c, err := responsecode.Parse(tt.code)
			require.NoError(t, err)
			assert.Equal(t, tt.first, responsecode.Classify(c, false), "first attempt")
			assert.Equal(t, tt.retry, responsecode.Classify(c, true), "retry")
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
		for _, retry := range []bool{false, true} {
			assert.Equal(t, responsecode.Pending, responsecode.Classify(c, retry), "%#v", c)
		}
		assert.False(t, responsecode.Retryable(c))
	}
}

// TestClassifyNeverFailsUnknown runs every syntactically valid HTTP+case
// pair with one service code and checks that only table cases can fail.
func TestClassifyNeverFailsUnknown(t *testing.T) {
	for http := 100; http <= 599; http++ {
		for kase := 0; kase <= 99; kase++ {
			c := responsecode.New(http, responsecode.ServiceDebitCancel, kase)
			for _, retry := range []bool{false, true} {
				if o := responsecode.Classify(c, retry); o != responsecode.Pending {
					require.True(t, c.Defined(), "%s classified %s but undefined", c, o)
				}
			}
		}
	}
}

// TestClassifyDANAOTCCancel runs every row of DANA's OTC cancel table
// (seeds/dana-otc-cancel.txt) through the generic Classify: the generic rule
// must agree with what DANA tells the merchant to do.
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
			assert.Equal(t, tt.want, responsecode.Classify(c, false), "generic Classify")
			assert.Equal(t, tt.want, responsecode.Classify(c, true), "generic Classify, retry")

			r, ok := table.Classify(c, false)
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
		assert.Equal(t, responsecode.Pending, responsecode.Classify(c, false), "retryable codes are Pending: %s", s)
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
		"5004600": {Outcome: responsecode.Pending}, // a provider stricter than the generic rule
		"4095700": {Outcome: responsecode.Failed, Action: "conflict"},
		"4005700": {Outcome: "bogus", Action: "ignored"},
	}
	tests := []struct {
		code   string
		retry  bool
		want   responsecode.Rule
		listed bool
	}{
		{"4044601", false, responsecode.Rule{Outcome: responsecode.Failed, Action: "Mark as Failed and hold the money"}, true},
		{"5004600", false, responsecode.Rule{Outcome: responsecode.Pending, Action: responsecode.Action(responsecode.Pending)}, true},
		{"4095700", false, responsecode.Rule{Outcome: responsecode.Failed, Action: "conflict"}, true},
		{"4095700", true, responsecode.Rule{Outcome: responsecode.Pending, Action: responsecode.Action(responsecode.Pending)}, true},
		{"4005700", false, responsecode.Rule{Outcome: responsecode.Pending, Action: responsecode.Action(responsecode.Pending)}, true},
		{"2005700", false, responsecode.Rule{Outcome: responsecode.Success, Action: "Mark as Success"}, false},
		{"4035724", false, responsecode.Rule{Outcome: responsecode.Pending, Action: responsecode.Action(responsecode.Pending)}, false},
		{"4045700", false, responsecode.Rule{Outcome: responsecode.Failed, Action: "Mark as Failed"}, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/retry=%v", tt.code, tt.retry), func(t *testing.T) {
			c, err := responsecode.Parse(tt.code)
			require.NoError(t, err)
			r, listed := table.Classify(c, tt.retry)
			assert.Equal(t, tt.want, r)
			assert.Equal(t, tt.listed, listed)
		})
	}

	var empty responsecode.Table
	r, listed := empty.Classify(responsecode.Code{}, false)
	assert.False(t, listed)
	assert.Equal(t, responsecode.Pending, r.Outcome)
	_, ok := empty.Lookup(responsecode.New(200, 0, 0))
	assert.False(t, ok)
}
