package snaptest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
)

// A real provider binds exact key names: a client whose only bug is one
// misspelled key (the cancel table's own "originalpartnerReferenceNo", a Go
// field name "OriginalPartnerReferenceNo") must fail here, not in production.
// Each case sends a body that succeeds, then the same body with one key
// misspelled, which must be 400xx01 naming that key.
func TestStrictKeysRefuseOneMisspelledKey(t *testing.T) {
	type tcase struct {
		name    string
		profile Profile
		path    string
		service int
		body    string // succeeds as is
		good    string // a key of body
		bad     string // its misspelling
		opts    func(srv *Server) []snap.CallOption
	}
	customer := func(srv *Server) []snap.CallOption { return []snap.CallOption{snap.CustomerToken(srv.CustomerToken())} }
	cases := []tcase{
		{"Generic status, table spelling", Generic, "/v1.0/debit/status", 55,
			`{"originalPartnerReferenceNo":"p-1","serviceCode":"54"}`, `"originalPartnerReferenceNo"`, `"originalpartnerReferenceNo"`, customer},
		{"Generic status, Go field name", Generic, "/v1.0/debit/status", 55,
			`{"originalPartnerReferenceNo":"p-1","serviceCode":"54"}`, `"originalPartnerReferenceNo"`, `"OriginalPartnerReferenceNo"`, customer},
		{"Generic cancel", Generic, "/v1.0/debit/cancel", 57,
			`{"originalPartnerReferenceNo":"p-1","reason":"Network timeout"}`, `"reason"`, `"Reason"`, customer},
		{"Generic refund", Generic, "/v1.0/debit/refund", 58,
			`{"originalPartnerReferenceNo":"p-1","partnerRefundNo":"r-1","refundAmount":{"value":"1000.00","currency":"IDR"}}`,
			`"partnerRefundNo"`, `"partnerRefundno"`, customer},
		{"Generic refund, nested amount key", Generic, "/v1.0/debit/refund", 58,
			`{"originalPartnerReferenceNo":"p-1","partnerRefundNo":"r-1","refundAmount":{"value":"1000.00","currency":"IDR"}}`,
			`"value"`, `"Value"`, customer},
		{"Generic payment", Generic, "/v1.0/debit/payment-host-to-host", 54,
			`{"partnerReferenceNo":"p-2","chargeToken":"c","amount":{"value":"1000.00","currency":"IDR"}}`, `"chargeToken"`, `"chargetoken"`, customer},
		{"DANA OTC cancel", DANA, "/v1.0/emoney/otc-cancel.htm", 46,
			`{"originalPartnerReferenceNo":"p-1","customerNumber":"081234567890","reason":"Abnormal system result","additionalInfo":{"amount":{"currency":"IDR","value":"50000.00"}}}`,
			`"customerNumber"`, `"customerNo"`, nil},
		{"DANA payment-gateway status", DANA, "/payment-gateway/v1.0/debit/status.htm", 55,
			`{"originalPartnerReferenceNo":"p-1","serviceCode":"54","merchantId":"m-1"}`, `"merchantId"`, `"merchantID"`, nil},
		{"Paydia void-query", Paydia, "/v1.0/auth/void-query", 68,
			`{"originalPartnerReferenceNo":"p-1","originalReferenceNo":"REF","merchantId":"240327001000000","voidNo":"VOID","partnerVoidNo":"v-1"}`,
			`"partnerVoidNo"`, `"partnerVoidNO"`, customer},
		{"PayerMax cancel", PayerMax, "/v1.0/debit/cancel", 57,
			`{"originalPartnerReferenceNo":"p-1","additionalInfo":{"version":"1.0","keyVersion":"1"}}`, `"originalPartnerReferenceNo"`, `"originalPartnerReferenceNumber"`, nil},
		{"refund with a key only DANA knows", Generic, "/v1.0/debit/refund", 58,
			`{"originalPartnerReferenceNo":"p-1","partnerRefundNo":"r-1"}`, `"partnerRefundNo":"r-1"`, `"partnerRefundNo":"r-1","originalCaptureNo":"c-1"`, customer},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Contains(t, tc.body, tc.good)
			for _, misspelled := range []bool{false, true} {
				srv := newTestServer(t, tc.profile)
				want := Transaction{PartnerReferenceNo: "p-1", Amount: money.IDR(50000), CustomerNumber: "081234567890"}
				if tc.profile == Paydia {
					want.Voids = []Void{{PartnerVoidNo: "v-1", Amount: money.IDR(1000), Time: fixedNow}}
				}
				tx := srv.AddTransaction(want)
				body := strings.ReplaceAll(tc.body, `"REF"`, `"`+tx.ReferenceNo+`"`)
				if tc.profile == Paydia {
					body = strings.ReplaceAll(body, `"VOID"`, `"`+tx.Voids[0].VoidNo+`"`)
				}
				if misspelled {
					body = strings.Replace(body, tc.good, tc.bad, 1)
				}
				var opts []snap.CallOption
				if tc.opts != nil {
					opts = tc.opts(srv)
				}
				r := call(t, newClient(t, srv), tc.path, tc.service, []byte(body), opts...)
				if !misspelled {
					require.NoError(t, r.err, "the body as spelled is accepted")
					continue
				}
				key := strings.Trim(tc.bad, `"`)
				if tc.name == "refund with a key only DANA knows" {
					key = "originalCaptureNo" // not on the generic page
				}
				assert.Equal(t, "400"+twoDigits(tc.service)+"01", r.code, "one misspelled key is refused")
				assert.Equal(t, "Invalid Field Format {"+key+"}", r.message)
			}
		})
	}
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

// The same key twice is no better than a misspelled one.
func TestStrictKeysRefuseARepeatedKey(t *testing.T) {
	srv := newTestServer(t, DANA)
	r := call(t, newClient(t, srv), "/payment-gateway/v1.0/debit/status.htm", 55,
		[]byte(`{"originalPartnerReferenceNo":"p-1","serviceCode":"54","merchantId":"m","merchantId":"n"}`))
	assert.Equal(t, "4005501", r.code)
	assert.Equal(t, "Invalid Field Format {merchantId}", r.message)
}

// NICEPAY's v2 names are case-sensitive too: "txid" is not tXid.
func TestStrictKeysNICEPAY(t *testing.T) {
	srv := newTestServer(t, NICEPAY)
	ts := fixedNow.In(jakarta).Format(layoutCompact)
	token := nicepayToken(ts, "IONPAYTEST", "IONPAYTEST05202603091207051498", "1000", srv.MerchantKey().Reveal())
	body := `{"timeStamp":"` + ts + `","tXid":"IONPAYTEST05202603091207051498","iMid":"IONPAYTEST","payMethod":"05","cancelType":"1","merchantToken":"` + token + `","amt":"1000"}`
	c := newClientWith(t, srv.SNAPConfig())
	bad := strings.Replace(body, `"tXid"`, `"txid"`, 1)
	var out map[string]any
	_, err := c.Do(t.Context(), &snap.Request{Path: "/direct/v2/cancel", Body: []byte(bad)}, &out)
	require.Error(t, err)
	recs := srv.Requests()
	require.NotEmpty(t, recs)
	assert.Contains(t, recs[len(recs)-1].Reason, "Undefined parameter: txid")

	_, err = c.Do(t.Context(), &snap.Request{Path: "/direct/v2/cancel", Body: []byte(body)}, &out)
	recs = srv.Requests()
	assert.NotContains(t, recs[len(recs)-1].Reason, "Undefined parameter", "the body as spelled passes the key check (%v)", err)
}
