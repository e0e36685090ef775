package snaptest

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
)

// seedFixture reads a page's sample, kept byte for byte in a provider
// package's testdata.
func seedFixture(t *testing.T, pkg, name string) []byte {
	t.Helper()
	return testkit.Read(t, filepath.Join(testkit.Root(), pkg, "testdata", name))
}

// keySet returns the keys of a JSON object, nested objects' keys as
// "parent.child", with stray spaces trimmed (the refund sample's " refundNo").
func keySet(t *testing.T, body []byte) map[string]bool {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(body, &m))
	out := map[string]bool{}
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			k = prefix + strings.TrimSpace(k)
			out[k] = true
			if sub, ok := v.(map[string]any); ok && !strings.HasSuffix(k, "additionalInfo") {
				walk(k+".", sub)
			}
		}
	}
	walk("", m)
	return out
}

// The pages' own sample requests, sent byte for byte, pass snaptest's
// strict decoding and are served; each answer uses only keys the page's
// sample answer has, so a client that reads the page's answers reads
// snaptest's.
func TestSeedSamplesThroughSnaptest(t *testing.T) {
	at := func(s string) time.Time { tm, _ := time.Parse(time.RFC3339, s); return tm }
	cases := []struct {
		name     string
		profile  Profile
		path     string
		service  int
		pkg      string
		request  string
		response string
		tx       Transaction
		opts     []Option
	}{
		{"direct-debit payment", Generic, "/v1.0/debit/payment-host-to-host", 54, "debit", "payment_request.json", "payment_response.json",
			Transaction{}, nil},
		{"direct-debit status", Generic, "/v1.0/debit/status", 55, "debit", "status_request.json", "status_response.json",
			Transaction{PartnerReferenceNo: "2020102900000000000001", ReferenceNo: "2020102977770000000009",
				ExternalID: "30443786930722726463280097920912", Amount: money.MustNew("12345678.00", "IDR"), PaidAt: at("2020-12-21T14:56:11+07:00")}, nil},
		{"direct-debit cancel", Generic, "/v1.0/debit/cancel", 57, "debit", "cancel_request.json", "cancel_response.json",
			Transaction{PartnerReferenceNo: "2020102900000000000001", ReferenceNo: "2020102977770000000009",
				ExternalID: "30443786930722726463280097920912", Amount: money.MustNew("10000.00", "IDR")}, nil},
		{"direct-debit refund", Generic, "/v1.0/debit/refund", 58, "debit", "refund_request.json", "refund_response.json",
			Transaction{PartnerReferenceNo: "2020102900000000000001", ReferenceNo: "2020102977770000000009",
				ExternalID: "10052019", Amount: money.MustNew("10000.00", "IDR")}, nil},
		{"DANA OTC cancel", DANA, "/v1.0/emoney/otc-cancel.htm", 46, "dana", "otc_cancel_request.json", "otc_cancel_response.json",
			Transaction{PartnerReferenceNo: "14054Q0727520211128121824995", ReferenceNo: "2021112810121482030100166514528830697",
				ExternalID: "30443786930722726463280097920912", CustomerNumber: "081234567890", Amount: money.IDR(50000)}, nil},
		{"Paydia void-query", Paydia, "/v1.0/auth/void-query", 68, "paydia", "void_query_request.seed.json", "void_query_response.seed.json",
			Transaction{PartnerReferenceNo: "b57d8895-790b-4da3-a9e7-0387176de9bf",
				ReferenceNo: "c407177ce0842a3fc0f1b11d06c3a9620f48b71cf7ed255b1f2edc3de175798a", Amount: money.IDR(3000),
				Voids: []Void{{VoidNo: "d9484993312140b0bd62c2497021e2edc1992554cb484f6a3a7c53ef59e50b3f",
					PartnerVoidNo: "4427c748-04b0-43c4-b638-94069999415a", Amount: money.IDR(3000), Time: fixedNow}}},
			[]Option{WithCustomerToken("eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newTestServer(t, tc.profile, tc.opts...)
			if tc.tx.PartnerReferenceNo != "" {
				srv.AddTransaction(tc.tx)
			}
			sample := seedFixture(t, tc.pkg, tc.request)
			var opts []snap.CallOption
			if tc.profile != DANA {
				opts = append(opts, snap.CustomerToken(srv.CustomerToken()))
			}
			r := call(t, newClient(t, srv), tc.path, tc.service, sample, opts...)
			require.NoError(t, r.err, "the page's own sample is accepted")

			recs := srv.RequestsTo(tc.path)
			require.NotEmpty(t, recs)
			assert.Equal(t, testkit.Compact(t, sample), string(recs[len(recs)-1].Body), "the sample's bytes, minified")

			page := keySet(t, seedFixture(t, tc.pkg, tc.response))
			require.NotEmpty(t, keySet(t, r.resp.Body))
			for k := range keySet(t, r.resp.Body) {
				assert.True(t, page[k], "answer key %q is not in the page's sample answer", k)
			}
		})
	}
}
