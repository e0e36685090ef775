package paydia_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/paydia"
	"github.com/snapbi/snap/snaptest"
)

func TestVoidGoldenRequestAndDecoding(t *testing.T) {
	e := newEnv(t)
	fixture := testkit.Fixture(t, "void_response.json")
	e.answerAlways(paydia.VoidPath, http.StatusOK, fixture)

	res, err := e.c.Void(t.Context(), sampleVoid(), snap.CustomerToken(seedCustomerToken), snap.ExternalID(seedExternalID))
	require.NoError(t, err)

	calls := e.calls(t, paydia.VoidPath)
	require.Len(t, calls, 1)
	assert.Equal(t, http.StatusOK, calls[0].Status, "the simulator accepted the void: %s", calls[0].Reason)
	assert.Equal(t, "/snap/v1.0/auth/void", calls[0].Path)
	// Amount as a two-decimal string, '<' '>' '&' unescaped, additionalInfo keys in order.
	assert.Equal(t, string(testkit.Fixture(t, "void_request.golden.json")), string(calls[0].Body))
	assert.Equal(t, seedCustomerToken, calls[0].Header.Get("Authorization-Customer"), "bare, as Paydia's sample sends it")
	assert.Equal(t, seedExternalID, calls[0].Header.Get("X-EXTERNAL-ID"))

	assert.Equal(t, "2006700", res.ResponseCode)
	assert.Equal(t, "Request has been processed successfully", res.ResponseMessage)
	assert.Equal(t, "b57d8895-790b-4da3-a9e7-0387176de9bf", res.OriginalPartnerReferenceNo)
	assert.Equal(t, "c407177ce0842a3fc0f1b11d06c3a9620f48b71cf7ed255b1f2edc3de175798a", res.OriginalReferenceNo)
	assert.Equal(t, "4427c748-04b0-43c4-b638-94069999415a", res.PartnerVoidNo)
	assert.Equal(t, "d9484993312140b0bd62c2497021e2edc1992554cb484f6a3a7c53ef59e50b3f", res.VoidNo)
	assert.True(t, res.VoidAmount.Equal(money.MustNew("3000", "IDR")))
	assert.Equal(t, map[string]any{"terminal": "POS-7"}, res.AdditionalInfo)
	assert.Equal(t, snap.Timestamp("2024-08-20T13:57:59+07:00"), res.VoidTime)
	vt, err := res.VoidTime.Time()
	require.NoError(t, err)
	assert.True(t, vt.Equal(time.Date(2024, 8, 20, 6, 57, 59, 0, time.UTC)))
	assert.Equal(t, fixture, res.Raw.Body)
	assert.Equal(t, snap.Success, res.Outcome())
}

// TestVoidAgainstSimulator voids a fresh payment: the simulator records
// the void, and its answer decodes.
func TestVoidAgainstSimulator(t *testing.T) {
	e := newEnv(t)
	tx := e.srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "order-2", Amount: money.IDR(5000)})
	res, err := e.c.Void(t.Context(), &paydia.VoidRequest{OriginalPartnerReferenceNo: "order-2", OriginalReferenceNo: tx.ReferenceNo,
		PartnerVoidNo: "void-2", MerchantID: e.srv.MerchantID(), VoidAmount: money.IDR(2000)}, snap.CustomerToken(seedCustomerToken))
	require.NoError(t, err)
	assert.Equal(t, "void-2", res.PartnerVoidNo)
	assert.Equal(t, "2000.00", res.VoidAmount.ValueString())
	vt, err := res.VoidTime.Time()
	require.NoError(t, err)
	assert.True(t, vt.Equal(seedNow))
	got, _ := e.srv.Transaction("order-2")
	require.Len(t, got.Voids, 1)
	assert.Equal(t, res.VoidNo, got.Voids[0].VoidNo)
}

func TestVoidRetriesWithTheSameBody(t *testing.T) {
	e := newEnv(t)
	e.srv.Fail(paydia.VoidPath, snaptest.Fault{Attempts: []int{1}, Kind: snaptest.Code("5006701")})
	res, err := e.c.Void(t.Context(), sampleVoid(), snap.CustomerToken(seedCustomerToken))
	require.NoError(t, err)
	assert.Equal(t, 2, res.Raw.Attempts)

	calls := e.calls(t, paydia.VoidPath)
	require.Len(t, calls, 2)
	assert.Equal(t, calls[0].Body, calls[1].Body, "a retry resends the same partnerVoidNo")
	assert.NotEqual(t, calls[0].Header.Get("X-EXTERNAL-ID"), calls[1].Header.Get("X-EXTERNAL-ID"), "with a fresh X-EXTERNAL-ID")
}

// TestVoidOutcomes: Paydia publishes no void table, so the generic SNAP
// rules decide; the response comes back with the refusal.
func TestVoidOutcomes(t *testing.T) {
	for _, tc := range []struct {
		code     string
		outcome  snap.Outcome
		attempts int
	}{
		{"4006702", snap.Failed, 1},
		{"4046701", snap.Failed, 1},
		{"4046718", snap.Pending, 1}, // Inconsistent Request "should be considered as success" on a void
		{"4096701", snap.Pending, 1}, // Duplicate partnerVoidNo: an earlier void went through
		{"5006701", snap.Pending, 3},
		{"5046700", snap.Pending, 3},
	} {
		t.Run(tc.code, func(t *testing.T) {
			e := newEnv(t)
			e.srv.Fail(paydia.VoidPath, snaptest.Fault{Kind: snaptest.Code(tc.code)})
			res, err := e.c.Void(t.Context(), sampleVoid(), snap.CustomerToken(seedCustomerToken))
			assert.Equal(t, tc.outcome, snap.OutcomeOf(err))
			require.NotNil(t, res, "an answer arrived")
			assert.Equal(t, tc.code, res.ResponseCode)
			assert.Equal(t, tc.outcome, res.Outcome())
			assert.Equal(t, tc.attempts, res.Raw.Attempts)
			assert.Len(t, e.calls(t, paydia.VoidPath), tc.attempts)
		})
	}
}

func TestVoidValidation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(*paydia.VoidRequest)
		field string
	}{
		{"missing originalPartnerReferenceNo", func(r *paydia.VoidRequest) { r.OriginalPartnerReferenceNo = "" }, "originalPartnerReferenceNo"},
		{"missing originalReferenceNo", func(r *paydia.VoidRequest) { r.OriginalReferenceNo = "" }, "originalReferenceNo"},
		{"missing partnerVoidNo", func(r *paydia.VoidRequest) { r.PartnerVoidNo = "" }, "partnerVoidNo"},
		{"missing merchantId", func(r *paydia.VoidRequest) { r.MerchantID = "" }, "merchantId"},
		{"long originalPartnerReferenceNo", func(r *paydia.VoidRequest) { r.OriginalPartnerReferenceNo = strings.Repeat("x", 65) }, "originalPartnerReferenceNo"},
		{"long partnerVoidNo", func(r *paydia.VoidRequest) { r.PartnerVoidNo = strings.Repeat("x", 65) }, "partnerVoidNo"},
		{"long subMerchantId", func(r *paydia.VoidRequest) { r.SubMerchantID = strings.Repeat("x", 33) }, "subMerchantId"},
		{"long externalStoreId", func(r *paydia.VoidRequest) { r.ExternalStoreID = strings.Repeat("x", 65) }, "externalStoreId"},
		{"long reason", func(r *paydia.VoidRequest) { r.Reason = strings.Repeat("x", 257) }, "reason"},
		{"missing voidAmount", func(r *paydia.VoidRequest) { r.VoidAmount = money.Money{} }, "voidAmount"},
		{"zero voidAmount", func(r *paydia.VoidRequest) { r.VoidAmount = money.IDR(0) }, "voidAmount"},
		{"negative voidAmount", func(r *paydia.VoidRequest) { r.VoidAmount = money.IDR(-1) }, "voidAmount"},
		{"bad currency", func(r *paydia.VoidRequest) { r.VoidAmount.Currency = "idr" }, "voidAmount"},
		{"additionalInfo that cannot be encoded", func(r *paydia.VoidRequest) { r.AdditionalInfo = map[string]any{"f": func() {}} }, "body"},
		{"all limits exactly", func(r *paydia.VoidRequest) {
			r.SubMerchantID, r.ExternalStoreID, r.Reason = strings.Repeat("s", 32), strings.Repeat("e", 64), strings.Repeat("r", 256)
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			req := sampleVoid()
			tc.edit(req)
			res, err := e.c.Void(t.Context(), req, snap.CustomerToken(seedCustomerToken))
			calls := e.calls(t, paydia.VoidPath)
			if tc.field == "" {
				require.NoError(t, err)
				assert.Len(t, calls, 1)
				return
			}
			assert.Nil(t, res, "nothing was sent")
			var ve *snap.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			assert.Empty(t, calls, "nothing may be sent")
		})
	}
}
