package paydia_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/paydia"
)

func sampleVoid() *paydia.VoidRequest {
	return &paydia.VoidRequest{
		OriginalPartnerReferenceNo: "b57d8895-790b-4da3-a9e7-0387176de9bf",
		OriginalReferenceNo:        "c407177ce0842a3fc0f1b11d06c3a9620f48b71cf7ed255b1f2edc3de175798a",
		PartnerVoidNo:              "4427c748-04b0-43c4-b638-94069999415a",
		MerchantID:                 "240327001000000",
		ExternalStoreID:            "store-01",
		VoidAmount:                 money.MustNew("3000.00", "IDR"),
		Reason:                     "Customer cancelled <order> & asked for a refund",
		AdditionalInfo:             map[string]any{"terminal": "POS-7", "channel": "web"},
	}
}

func TestVoidGoldenRequestAndSignature(t *testing.T) {
	f := newFakePaydia(t)
	f.answer = answerWith(http.StatusOK, string(readFixture(t, "void_response.json")))
	c := newTestClient(t, f)

	res, err := c.Void(t.Context(), sampleVoid(), snap.CustomerToken(seedCustomerToken), snap.ExternalID(seedExternalID))
	require.NoError(t, err)

	calls, _, tokens, problems := f.snapshot()
	require.Empty(t, problems, "the fake's independent checks failed")
	require.Len(t, calls, 1)
	assert.Equal(t, "/snap/v1.0/auth/void", calls[0].Path)
	// Amount as a two-decimal string, '<' '>' '&' unescaped, additionalInfo keys in order.
	assert.Equal(t, string(readFixture(t, "void_request.golden.json")), string(calls[0].Body))
	assert.Equal(t, "Bearer "+tokens[0], calls[0].Header.Get("Authorization"))
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
	vt, err := res.ParsedVoidTime()
	require.NoError(t, err)
	assert.True(t, vt.Equal(time.Date(2024, 8, 20, 6, 57, 59, 0, time.UTC)))
	assert.Equal(t, readFixture(t, "void_response.json"), res.Raw.Body)
}

func TestVoidRetriesWithTheSameBody(t *testing.T) {
	f := newFakePaydia(t)
	ok := readFixture(t, "void_response.json")
	f.answer = func(n int, w http.ResponseWriter) {
		if n == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			w.Write([]byte(`{"responseCode":"5006701","responseMessage":"Internal Server Error"}`))
			return
		}
		w.Write(ok)
	}
	c := newTestClient(t, f)
	res, err := c.Void(t.Context(), sampleVoid(), snap.CustomerToken(seedCustomerToken))
	require.NoError(t, err)
	assert.Equal(t, 2, res.Raw.Attempts)

	calls, _, _, problems := f.snapshot()
	require.Empty(t, problems)
	require.Len(t, calls, 2)
	assert.Equal(t, calls[0].Body, calls[1].Body, "a retry resends the same partnerVoidNo")
	assert.NotEqual(t, calls[0].Header.Get("X-EXTERNAL-ID"), calls[1].Header.Get("X-EXTERNAL-ID"), "with a fresh X-EXTERNAL-ID")
}

func TestVoidOutcomes(t *testing.T) {
	for _, tc := range []struct {
		code     string
		status   int
		outcome  snap.Outcome
		attempts int
	}{
		{"4006702", 400, snap.Failed, 1},
		{"4046701", 404, snap.Failed, 1},
		{"4046718", 404, snap.Pending, 1}, // Inconsistent Request "should be considered as success" on a void
		{"4096701", 409, snap.Pending, 1}, // Duplicate partnerVoidNo: an earlier void went through
		{"5006701", 500, snap.Pending, 3},
		{"5046700", 504, snap.Pending, 3},
	} {
		t.Run(tc.code, func(t *testing.T) {
			f := newFakePaydia(t)
			f.answer = answerWith(tc.status, `{"responseCode":"`+tc.code+`","responseMessage":"x"}`)
			res, err := newTestClient(t, f).Void(t.Context(), sampleVoid(), snap.CustomerToken(seedCustomerToken))
			assert.Nil(t, res)
			assert.Equal(t, tc.outcome, snap.OutcomeOf(err))
			calls, _, _, _ := f.snapshot()
			assert.Len(t, calls, tc.attempts)
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
			f := newFakePaydia(t)
			f.answer = answerWith(http.StatusOK, string(readFixture(t, "void_response.json")))
			req := sampleVoid()
			tc.edit(req)
			_, err := newTestClient(t, f).Void(t.Context(), req, snap.CustomerToken(seedCustomerToken))
			calls, _, _, _ := f.snapshot()
			if tc.field == "" {
				require.NoError(t, err)
				assert.Len(t, calls, 1)
				return
			}
			var ve *snap.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			assert.Empty(t, calls, "nothing may be sent")
		})
	}
}

func TestVoidRequiresCustomerToken(t *testing.T) {
	f := newFakePaydia(t)
	_, err := newTestClient(t, f).Void(t.Context(), sampleVoid())
	var ve *snap.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "Authorization-Customer", ve.Field)
	calls, tokenReqs, _, _ := f.snapshot()
	assert.Empty(t, calls)
	assert.Empty(t, tokenReqs)
}

func TestVoidRejectsNonNumericExternalID(t *testing.T) {
	f := newFakePaydia(t)
	_, err := newTestClient(t, f).Void(t.Context(), sampleVoid(), snap.CustomerToken(seedCustomerToken), snap.ExternalID("ext-1"))
	var ve *snap.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "X-EXTERNAL-ID", ve.Field)
	calls, _, _, _ := f.snapshot()
	assert.Empty(t, calls)
}
