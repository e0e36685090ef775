package responsecode_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/responsecode"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in                  string
		http, service, kase int
		err                 string
	}{
		{in: "4045701", http: 404, service: 57, kase: 1},
		{in: "2005400", http: 200, service: 54},
		{in: "5004601", http: 500, service: 46, kase: 1},
		{in: "1000000", http: 100},
		{in: "5999999", http: 599, service: 99, kase: 99},
		{in: "20054000", err: `responsecode: "20054000" has 8 characters, want 7`},
		{in: "200540", err: `responsecode: "200540" has 6 characters, want 7`},
		{in: "", err: `responsecode: "" has 0 characters, want 7`},
		{in: "40A5701", err: `responsecode: "40A5701" has a non-digit at position 3, want 7 digits`},
		{in: " 404570", err: `responsecode: " 404570" has a non-digit at position 1, want 7 digits`},
		{in: "-404570", err: `responsecode: "-404570" has a non-digit at position 1, want 7 digits`},
		{in: "40457٠1", err: `responsecode: "40457٠1" has 7 characters, want 7`},
		{in: "0995700", err: `responsecode: "0995700" has HTTP status 099, want 100..599`},
		{in: "6005700", err: `responsecode: "6005700" has HTTP status 600, want 100..599`},
		{in: "0000000", err: `responsecode: "0000000" has HTTP status 000, want 100..599`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			c, err := responsecode.Parse(tt.in)
			if tt.err != "" {
				require.EqualError(t, err, tt.err)
				var pe *responsecode.ParseError
				assert.ErrorAs(t, err, &pe)
				assert.True(t, c.IsZero())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.http, c.HTTPStatus())
			assert.Equal(t, tt.service, c.Service())
			assert.Equal(t, tt.kase, c.Case())
			assert.Equal(t, tt.in, c.String())
			assert.True(t, c.Valid())
			assert.False(t, c.IsZero())
			assert.Equal(t, responsecode.New(tt.http, tt.service, tt.kase), c)
		})
	}
}

func TestParseLongInputTruncated(t *testing.T) {
	long := make([]byte, 10000)
	for i := range long {
		long[i] = '1'
	}
	_, err := responsecode.Parse(string(long))
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 120)
	assert.Contains(t, err.Error(), "has 10000 characters, want 7")
}

func TestNewAndString(t *testing.T) {
	assert.Equal(t, "4045701", responsecode.New(404, 57, 1).String())
	assert.Equal(t, "2004600", responsecode.New(200, 46, 0).String())
	assert.Equal(t, "", responsecode.Code{}.String())
	assert.True(t, responsecode.Code{}.IsZero())
	assert.False(t, responsecode.Code{}.Valid())
	assert.False(t, responsecode.New(404, 100, 1).Valid())
	assert.False(t, responsecode.New(404, 57, -1).Valid())
	assert.False(t, responsecode.New(99, 57, 1).Valid())
}

func TestMessageAndDefined(t *testing.T) {
	tests := []struct {
		code    string
		message string
	}{
		{"4045701", "Transaction Not Found"},
		{"2005400", "Successful"},
		{"2025500", "Request In Progress"},
		{"4005802", "Invalid Mandatory Field {field name}"},
		{"4034614", "Insufficient Funds"},
		{"4095700", "Conflict"},
		{"5045500", "Timeout"},
		{"4035724", ""},
		{"2005401", ""},
		{"4045720", ""},
		{"3025700", ""},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			c, err := responsecode.Parse(tt.code)
			require.NoError(t, err)
			assert.Equal(t, tt.message, c.Message())
			assert.Equal(t, tt.message != "", c.Defined())
		})
	}
	assert.False(t, responsecode.Code{}.Defined())
	assert.Equal(t, "", responsecode.Code{}.Message())
	assert.False(t, responsecode.New(404, 123, 1).Defined())
}

func TestText(t *testing.T) {
	type resp struct {
		Code responsecode.Code `json:"responseCode"`
	}
	var r resp
	require.NoError(t, json.Unmarshal([]byte(`{"responseCode":"4045701"}`), &r))
	assert.Equal(t, responsecode.New(404, 57, 1), r.Code)
	b, err := json.Marshal(r)
	require.NoError(t, err)
	assert.Equal(t, `{"responseCode":"4045701"}`, string(b))

	require.NoError(t, json.Unmarshal([]byte(`{"responseCode":""}`), &r))
	assert.True(t, r.Code.IsZero())
	b, err = json.Marshal(r)
	require.NoError(t, err)
	assert.Equal(t, `{"responseCode":""}`, string(b))

	err = json.Unmarshal([]byte(`{"responseCode":"20054000"}`), &r)
	var pe *responsecode.ParseError
	assert.ErrorAs(t, err, &pe)

	_, err = json.Marshal(resp{Code: responsecode.New(404, 100, 1)})
	assert.Error(t, err)
}

func TestCasesTable(t *testing.T) {
	cs := responsecode.Cases()
	require.Len(t, cs, 63)
	assert.Equal(t, responsecode.Case{HTTPStatus: 200, Case: 0, Category: responsecode.CategorySuccess, Message: "Successful", Description: "Successful"}, cs[0])
	assert.Equal(t, 504, cs[len(cs)-1].HTTPStatus)

	// Exactly the ranges of SPEC §6.
	want := map[int][]int{200: {0}, 202: {0}, 400: seq(0, 2), 401: seq(0, 4), 403: seq(0, 23),
		404: seq(0, 19), 405: seq(0, 1), 409: seq(0, 1), 429: {0}, 500: seq(0, 2), 504: {0}}
	got := map[int][]int{}
	seen := map[[2]int]bool{}
	for _, c := range cs {
		got[c.HTTPStatus] = append(got[c.HTTPStatus], c.Case)
		k := [2]int{c.HTTPStatus, c.Case}
		assert.False(t, seen[k], "duplicate %v", k)
		seen[k] = true
		assert.NotEmpty(t, c.Message)
		assert.NotEmpty(t, c.Description)
		assert.Contains(t, []string{responsecode.CategorySuccess, responsecode.CategorySystem,
			responsecode.CategoryMessage, responsecode.CategoryBusiness}, c.Category)
		l, ok := responsecode.Lookup(c.HTTPStatus, c.Case)
		assert.True(t, ok)
		assert.Equal(t, c, l)
	}
	assert.Equal(t, want, got)

	_, ok := responsecode.Lookup(403, 24)
	assert.False(t, ok)

	// Cases returns a copy.
	cs[0].Message = "changed"
	assert.Equal(t, "Successful", responsecode.Cases()[0].Message)
}

func seq(from, to int) []int {
	var s []int
	for i := from; i <= to; i++ {
		s = append(s, i)
	}
	return s
}

func TestServiceName(t *testing.T) {
	tests := map[int]string{
		responsecode.ServiceOTCCancel:     "OTC Cancel",
		responsecode.ServiceDebitPayment:  "Direct Debit Payment",
		responsecode.ServiceDebitStatus:   "Direct Debit Status",
		responsecode.ServiceDebitNotify:   "Direct Debit Notify",
		responsecode.ServiceDebitCancel:   "Direct Debit Cancel",
		responsecode.ServiceDebitRefund:   "Direct Debit Refund",
		responsecode.ServiceAuthVoid:      "Auth Void",
		responsecode.ServiceAuthVoidQuery: "Auth Void Query",
		responsecode.ServiceB2BToken:      "B2B Access Token",
		responsecode.ServiceB2B2CToken:    "B2B2C Access Token",
		0:                                 "",
		99:                                "",
	}
	for code, name := range tests {
		assert.Equal(t, name, responsecode.ServiceName(code), "service %d", code)
	}
	assert.Equal(t, []int{46, 54, 55, 56, 57, 58, 67, 68, 73, 74}, []int{
		responsecode.ServiceOTCCancel, responsecode.ServiceDebitPayment, responsecode.ServiceDebitStatus,
		responsecode.ServiceDebitNotify, responsecode.ServiceDebitCancel, responsecode.ServiceDebitRefund,
		responsecode.ServiceAuthVoid, responsecode.ServiceAuthVoidQuery, responsecode.ServiceB2BToken,
		responsecode.ServiceB2B2CToken})
}
