package paydia_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/jsonbytes"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/paydia"
)

func TestVoidQueryGoldenRequestBytes(t *testing.T) {
	golden := readFixture(t, "void_query_request.golden.json")

	// The golden file is the page's sample, minified.
	var minified bytes.Buffer
	require.NoError(t, json.Compact(&minified, readFixture(t, "void_query_request.seed.json")))
	require.Equal(t, string(golden), minified.String())

	// The struct marshals to exactly those bytes...
	b, err := jsonbytes.Marshal(seedVoidQuery())
	require.NoError(t, err)
	assert.Equal(t, string(golden), string(b))

	// ...and exactly those bytes go on the wire.
	f := newFakePaydia(t)
	c := newTestClient(t, f)
	_, err = c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
	require.NoError(t, err)
	calls, _, _, problems := f.snapshot()
	require.Empty(t, problems)
	require.Len(t, calls, 1)
	assert.Equal(t, string(golden), string(calls[0].Body))
}

func TestVoidQueryHeadersAndSignature(t *testing.T) {
	f := newFakePaydia(t)
	c := newTestClient(t, f)

	res, err := c.VoidQuery(t.Context(), seedVoidQuery(),
		snap.CustomerToken(seedCustomerToken), snap.ExternalID(seedExternalID))
	require.NoError(t, err)

	calls, tokenReqs, tokens, problems := f.snapshot()
	require.Empty(t, problems, "the fake's independent checks failed")
	require.Len(t, tokenReqs, 1)
	assert.Equal(t, "/snap/v1.0/access-token/b2b", tokenReqs[0].Path)
	assert.Equal(t, seedTimestamp, tokenReqs[0].Header.Get("X-TIMESTAMP"))
	require.Len(t, calls, 1)

	call := calls[0]
	h := call.Header
	assert.Equal(t, "/snap/v1.0/auth/void-query", call.Path)
	assert.Equal(t, "Bearer "+tokens[0], h.Get("Authorization"))
	// Seed: "Authorization-Customer: eyJ0eXAiOiJKV1Qi…" — bare, beside "Authorization: Bearer eyJ0…".
	assert.Equal(t, seedCustomerToken, h.Get("Authorization-Customer"))
	assert.Equal(t, seedTimestamp, h.Get("X-TIMESTAMP"), "the sample's X-TIMESTAMP from the same instant")
	assert.Equal(t, seedPartnerID, h.Get("X-PARTNER-ID"))
	assert.Equal(t, seedExternalID, h.Get("X-EXTERNAL-ID"))
	assert.Equal(t, seedChannelID, h.Get("CHANNEL-ID"))
	assert.Equal(t, "application/json", h.Get("Content-Type"))
	assert.Len(t, h.Get("X-SIGNATURE"), 88, "base64 of a 64-byte HMAC-SHA512")

	// A signature over the path without /snap would not be the one sent.
	noPrefix := snap.SymmetricSignature(testClientSecret, "POST", "/v1.0/auth/void-query", tokens[0], call.Body, seedTimestamp)
	assert.NotEqual(t, noPrefix, h.Get("X-SIGNATURE"))

	assert.Equal(t, []string{seedExternalID}, res.Raw.ExternalIDs)
	assert.Equal(t, 1, res.Raw.Attempts)
}

func TestVoidQueryDefaultExternalIDIsNumeric(t *testing.T) {
	f := newFakePaydia(t)
	c := newTestClient(t, f)
	for range 3 {
		_, err := c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
		require.NoError(t, err)
	}
	calls, tokenReqs, _, problems := f.snapshot()
	require.Empty(t, problems)
	assert.Len(t, tokenReqs, 1, "the B2B token is cached across calls")
	seen := map[string]bool{}
	for _, call := range calls {
		id := call.Header.Get("X-EXTERNAL-ID")
		assert.Regexp(t, `^[1-9][0-9]{31}$`, id)
		assert.False(t, seen[id], "X-EXTERNAL-ID reused")
		seen[id] = true
	}
}

func TestVoidQueryDecodesSeedResponse(t *testing.T) {
	jakartaMinus7 := time.FixedZone("", -7*60*60)
	for _, tc := range []struct {
		fixture   string
		rawStatus paydia.VoidStatus
	}{
		{"void_query_response.seed.json", "SUCCESS"},
		{"void_query_response.aspi.json", "00"},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			body := readFixture(t, tc.fixture)
			f := newFakePaydia(t)
			f.answer = answerWith(http.StatusOK, string(body))
			c := newTestClient(t, f)

			res, err := c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
			require.NoError(t, err)
			assert.Equal(t, "2006800", res.ResponseCode)
			assert.Equal(t, "Request has been processed successfully", res.ResponseMessage)
			assert.Equal(t, "b57d8895-790b-4da3-a9e7-0387176de9bf", res.OriginalPartnerReferenceNo)
			assert.Equal(t, "c407177ce0842a3fc0f1b11d06c3a9620f48b71cf7ed255b1f2edc3de175798a", res.OriginalReferenceNo)
			assert.Equal(t, "d9484993312140b0bd62c2497021e2edc1992554cb484f6a3a7c53ef59e50b3f", res.VoidNo)
			assert.Equal(t, "4427c748-04b0-43c4-b638-94069999415a", res.PartnerVoidNo)
			assert.True(t, res.VoidAmount.Equal(money.MustNew("3000.00", "IDR")), "voidAmount %s", res.VoidAmount)
			assert.Equal(t, "3000.00", res.VoidAmount.ValueString())
			assert.Equal(t, "2024-08-20T13:57:59-07:00", res.VoidTime)
			assert.Equal(t, tc.rawStatus, res.LatestVoidStatus, "the raw status is kept as sent")
			assert.Equal(t, paydia.VoidStatusSuccess, res.LatestVoidStatus.Normalized())
			assert.Equal(t, snap.Success, res.VoidOutcome())
			assert.Nil(t, res.AdditionalInfo)

			// voidTime is read with the offset as sent (-07:00), not "fixed" to +07:00.
			vt, err := res.ParsedVoidTime()
			require.NoError(t, err)
			assert.True(t, vt.Equal(time.Date(2024, 8, 20, 13, 57, 59, 0, jakartaMinus7)))
			assert.Equal(t, "2024-08-20T20:57:59Z", vt.UTC().Format(time.RFC3339))
			assert.Equal(t, "2024-08-21T03:57:59+07:00", vt.In(snap.Jakarta()).Format(time.RFC3339))

			require.NotNil(t, res.Raw)
			assert.Equal(t, body, res.Raw.Body, "the raw answer is kept")
			assert.Equal(t, http.StatusOK, res.Raw.HTTPStatus)
		})
	}
}

func TestVoidQueryRequiresCustomerToken(t *testing.T) {
	for name, opts := range map[string][]snap.CallOption{
		"no option":     nil,
		"empty token":   {snap.CustomerToken("")},
		"bearer only":   {snap.CustomerToken("Bearer ")},
		"other options": {snap.ExternalID("123"), snap.Header("X-IP-ADDRESS", "10.0.0.1")},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFakePaydia(t)
			c := newTestClient(t, f)
			res, err := c.VoidQuery(t.Context(), seedVoidQuery(), opts...)
			assert.Nil(t, res)
			var ve *snap.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, "Authorization-Customer", ve.Field)
			assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
			calls, tokenReqs, _, _ := f.snapshot()
			assert.Empty(t, calls, "nothing may be sent")
			assert.Empty(t, tokenReqs, "not even a token request")
		})
	}
}

func TestVoidQueryValidation(t *testing.T) {
	long := strings.Repeat("x", 65)
	max := strings.Repeat("é", 64) // 64 characters, 128 bytes: the limit counts characters
	for _, tc := range []struct {
		name   string
		edit   func(*paydia.VoidQueryRequest)
		field  string
		reason string
	}{
		{"missing originalPartnerReferenceNo", func(r *paydia.VoidQueryRequest) { r.OriginalPartnerReferenceNo = "" }, "originalPartnerReferenceNo", "is required"},
		{"missing originalReferenceNo", func(r *paydia.VoidQueryRequest) { r.OriginalReferenceNo = "" }, "originalReferenceNo", "is required"},
		{"missing merchantId", func(r *paydia.VoidQueryRequest) { r.MerchantID = "" }, "merchantId", "is required"},
		{"missing voidNo", func(r *paydia.VoidQueryRequest) { r.VoidNo = "" }, "voidNo", "is required"},
		{"missing partnerVoidNo", func(r *paydia.VoidQueryRequest) { r.PartnerVoidNo = "" }, "partnerVoidNo", "is required"},
		{"long originalPartnerReferenceNo", func(r *paydia.VoidQueryRequest) { r.OriginalPartnerReferenceNo = long }, "originalPartnerReferenceNo", "must be at most 64 characters (got 65)"},
		{"long originalReferenceNo", func(r *paydia.VoidQueryRequest) { r.OriginalReferenceNo = long }, "originalReferenceNo", "must be at most 64 characters (got 65)"},
		{"long merchantId", func(r *paydia.VoidQueryRequest) { r.MerchantID = long }, "merchantId", "must be at most 64 characters (got 65)"},
		{"long voidNo", func(r *paydia.VoidQueryRequest) { r.VoidNo = long }, "voidNo", "must be at most 64 characters (got 65)"},
		{"long partnerVoidNo", func(r *paydia.VoidQueryRequest) { r.PartnerVoidNo = long }, "partnerVoidNo", "must be at most 64 characters (got 65)"},
		{"64 characters everywhere", func(r *paydia.VoidQueryRequest) {
			r.OriginalPartnerReferenceNo, r.OriginalReferenceNo, r.MerchantID, r.VoidNo, r.PartnerVoidNo = max, max, max, max, max
		}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakePaydia(t)
			c := newTestClient(t, f)
			req := seedVoidQuery()
			tc.edit(req)
			_, err := c.VoidQuery(t.Context(), req, snap.CustomerToken(seedCustomerToken))
			calls, _, _, _ := f.snapshot()
			if tc.field == "" {
				require.NoError(t, err)
				assert.Len(t, calls, 1)
				return
			}
			var ve *snap.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			assert.Equal(t, tc.reason, ve.Reason)
			assert.Empty(t, calls, "nothing may be sent")
		})
	}

	t.Run("nil request", func(t *testing.T) {
		f := newFakePaydia(t)
		_, err := newTestClient(t, f).VoidQuery(t.Context(), nil, snap.CustomerToken(seedCustomerToken))
		var ve *snap.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "request", ve.Field)
	})
}

func TestVoidQueryRejectsNonNumericExternalID(t *testing.T) {
	for _, tc := range []struct {
		id string
		ok bool
	}{
		{"1724137901", true},
		{"0012345", true},
		{strings.Repeat("9", 36), true},
		{"abc123", false},
		{"12-34", false},
		{"123 ", false},
		{"１２３", false}, // full-width digits are not ASCII digits
		{"7f3c2a10-0d6e-4b43-9a55-2f0c1e7b9d21", false},
	} {
		t.Run(tc.id, func(t *testing.T) {
			f := newFakePaydia(t)
			c := newTestClient(t, f)
			_, err := c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken), snap.ExternalID(tc.id))
			calls, tokenReqs, _, _ := f.snapshot()
			if tc.ok {
				require.NoError(t, err)
				require.Len(t, calls, 1)
				assert.Equal(t, tc.id, calls[0].Header.Get("X-EXTERNAL-ID"))
				return
			}
			var ve *snap.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, "X-EXTERNAL-ID", ve.Field)
			assert.Contains(t, ve.Reason, "numeric")
			assert.Empty(t, calls)
			assert.Empty(t, tokenReqs)
		})
	}
}

// TestVoidQueryResponseCodes answers each row of Paydia's void-query table
// with its HTTP status and checks the outcome, the action and the attempts.
func TestVoidQueryResponseCodes(t *testing.T) {
	for _, tc := range []struct {
		code, message string
		status        int
		outcome       snap.Outcome
		action        string
		attempts      int // requests sent to void-query
		tokens        int // B2B token requests
	}{
		{"2006800", "Request has been processed successfully", 200, snap.Success, paydia.VoidQuerySuccessAction, 1, 1},
		{"4006801", "Invalid Field Format", 400, snap.Failed, paydia.VoidQueryFixRequestAction, 1, 1},
		{"4006802", "Invalid Mandatory Field", 400, snap.Failed, paydia.VoidQueryFixRequestAction, 1, 1},
		{"4016800", "Unauthorized. Signature", 401, snap.Failed, paydia.VoidQueryFixRequestAction, 1, 1},
		// Invalid Token: the core renews the B2B token once and resends; the
		// second answer (the same code again here) decides.
		{"4016801", "Invalid Token (B2B)", 401, snap.Failed, paydia.VoidQueryInvalidTokenAction, 2, 2},
		{"4046801", "Transaction Not Found", 404, snap.Failed, paydia.VoidQueryNotFoundAction, 1, 1},
		{"4046808", "Invalid Merchant", 404, snap.Failed, paydia.VoidQueryInvalidMerchantAction, 1, 1},
		// Internal Server Error is retried (3 attempts), then Pending.
		{"5006801", "Internal Server Error", 500, snap.Pending, paydia.VoidQueryPendingAction, 3, 1},
	} {
		t.Run(tc.code, func(t *testing.T) {
			f := newFakePaydia(t)
			body := `{"responseCode":"` + tc.code + `","responseMessage":"` + tc.message + `"}`
			if tc.outcome == snap.Success {
				body = string(readFixture(t, "void_query_response.seed.json"))
			}
			f.answer = answerWith(tc.status, body)
			c := newTestClient(t, f)

			res, err := c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
			calls, tokenReqs, tokens, problems := f.snapshot()
			require.Empty(t, problems)
			assert.Len(t, calls, tc.attempts)
			assert.Len(t, tokenReqs, tc.tokens)
			assert.Equal(t, tc.outcome, snap.OutcomeOf(err))
			// Every attempt carried the token valid at that time.
			for i, call := range calls {
				assert.Equal(t, "Bearer "+tokens[min(i, len(tokens)-1)], call.Header.Get("Authorization"), "attempt %d", i+1)
			}

			if tc.outcome == snap.Success {
				require.NoError(t, err)
				assert.Equal(t, tc.code, res.ResponseCode)
				assert.Equal(t, tc.action, res.Raw.Action)
				return
			}
			assert.Nil(t, res)
			var e *snap.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.outcome, e.Outcome)
			assert.Equal(t, tc.code, e.RawCode)
			assert.Equal(t, tc.code, e.Code.String())
			assert.Equal(t, tc.message, e.Message)
			assert.Equal(t, tc.action, e.Action)
			assert.Equal(t, tc.status, e.HTTPStatus)
			assert.Equal(t, tc.attempts, e.Attempts)
			assert.Equal(t, body, string(e.Body), "the raw answer is kept")
			assert.Len(t, e.ExternalIDs, tc.attempts)
		})
	}
}

func TestVoidQueryOutcomesTable(t *testing.T) {
	table := paydia.VoidQueryOutcomes()
	assert.Len(t, table, 8, "one entry per row of Paydia's table")
	table["2006800"] = table["4006801"]
	assert.Equal(t, snap.Success, paydia.VoidQueryOutcomes()["2006800"].Outcome, "each call returns a fresh table")
}

func TestVoidQueryInvalidTokenRenewedThenSuccess(t *testing.T) {
	f := newFakePaydia(t)
	seed := readFixture(t, "void_query_response.seed.json")
	f.answer = func(n int, w http.ResponseWriter) {
		if n == 1 {
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"responseCode":"4016801","responseMessage":"Invalid Token (B2B)"}`))
			return
		}
		w.Write(seed)
	}
	c := newTestClient(t, f)
	res, err := c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
	require.NoError(t, err)
	assert.True(t, res.LatestVoidStatus.IsSuccess())

	calls, tokenReqs, tokens, problems := f.snapshot()
	require.Empty(t, problems)
	require.Len(t, calls, 2)
	assert.Len(t, tokenReqs, 2)
	assert.Equal(t, "Bearer "+tokens[0], calls[0].Header.Get("Authorization"))
	assert.Equal(t, "Bearer "+tokens[1], calls[1].Header.Get("Authorization"), "the resend carries the renewed token")
	assert.Equal(t, calls[0].Body, calls[1].Body)
	assert.NotEqual(t, calls[0].Header.Get("X-EXTERNAL-ID"), calls[1].Header.Get("X-EXTERNAL-ID"))
}

// TestVoidQueryUnexpectedAnswers: answers that cannot be read are Pending
// with the raw answer kept, never Failed.
func TestVoidQueryUnexpectedAnswers(t *testing.T) {
	seed := string(readFixture(t, "void_query_response.seed.json"))
	for _, tc := range []struct {
		name   string
		status int
		body   string
		// decode: the call answered 2006800 but the body could not be
		// decoded: the reason says so.
		decode bool
	}{
		{"HTML gateway page", http.StatusBadGateway, "<html><body>502 Bad Gateway</body></html>", false},
		{"empty body", http.StatusOK, "", false},
		{"not JSON", http.StatusOK, "OK", false},
		{"undefined code", http.StatusOK, `{"responseCode":"2006899","responseMessage":"?"}`, false},
		{"code disagrees with HTTP status", http.StatusOK, `{"responseCode":"4046801","responseMessage":"Transaction Not Found"}`, false},
		{"malformed code", http.StatusOK, `{"responseCode":"20068000","responseMessage":"Successful"}`, false},
		{"numeric code", http.StatusOK, `{"responseCode":2006800}`, false},
		{"bad voidAmount", http.StatusOK, strings.Replace(seed, `"3000.00"`, `"3000.005"`, 1), true},
		{"latestVoidStatus not a string", http.StatusOK, strings.Replace(seed, `"SUCCESS"`, `0`, 1), true},
		{"voidTime missing", http.StatusOK, strings.Replace(seed, `"voidTime"`, `"voidTimes"`, 1), false},
		{"another voidNo", http.StatusOK, strings.Replace(seed, `"voidNo": "d948`, `"voidNo": "0948`, 1), false},
		{"another service's success", http.StatusOK, strings.Replace(seed, `"2006800"`, `"2006700"`, 1), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakePaydia(t)
			f.answer = answerWith(tc.status, tc.body)
			c := newTestClient(t, f)
			res, err := c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
			require.Error(t, err)
			assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
			var e *snap.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.body, string(e.Body))
			assert.Contains(t, e.Reason, "unexpected answer")
			assert.Nil(t, res)
			if tc.decode {
				assert.Equal(t, "2006800", e.RawCode)
				assert.Contains(t, e.Reason, "does not decode")
			}
		})
	}
}

func TestVoidQueryUnknownVoidStatusIsPending(t *testing.T) {
	f := newFakePaydia(t)
	seed := string(readFixture(t, "void_query_response.seed.json"))
	f.answer = answerWith(http.StatusOK, strings.Replace(seed, `"SUCCESS"`, `"PROCESSING"`, 1))
	res, err := newTestClient(t, f).VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
	require.NoError(t, err, "the query itself succeeded")
	assert.Equal(t, paydia.VoidStatus("PROCESSING"), res.LatestVoidStatus)
	assert.Equal(t, snap.Pending, res.VoidOutcome(), "an unknown void status is never Failed")
}

func TestVoidQueryContextCanceledIsPending(t *testing.T) {
	f := newFakePaydia(t)
	block := make(chan struct{})
	t.Cleanup(func() { close(block) })
	f.answer = func(int, http.ResponseWriter) { <-block }
	c := newTestClient(t, f)
	// The fake holds its lock while answering; the token comes first.
	ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
	defer cancel()
	_, err := c.VoidQuery(ctx, seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
	require.Error(t, err)
	assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
}

func TestVoidQueryKeepsSecretsOutOfLogsAndErrors(t *testing.T) {
	f := newFakePaydia(t)
	f.answer = answerWith(http.StatusNotFound, `{"responseCode":"4046801","responseMessage":"Transaction Not Found"}`)
	var logs bytes.Buffer
	c := newTestClient(t, f, snap.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	_, err := c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
	require.Error(t, err)

	calls, _, tokens, _ := f.snapshot()
	require.NotEmpty(t, calls)
	require.NotEmpty(t, logs.String(), "the logger was used")
	secrets := []string{testClientSecret, seedCustomerToken, tokens[0], calls[0].Header.Get("X-SIGNATURE")}
	for _, s := range secrets {
		assert.NotContains(t, logs.String(), s)
		assert.NotContains(t, err.Error(), s)
	}
}

func TestNewClientConfig(t *testing.T) {
	key, err := snap.ParsePrivateKey(readKeyFile(t, "partner_pkcs8.pem"))
	require.NoError(t, err)
	valid := paydia.Config{BaseURL: paydia.SandboxBaseURL, PartnerID: seedPartnerID, ChannelID: seedChannelID, ClientSecret: testClientSecret, PrivateKey: snap.NewPrivateKey(key)}
	for _, tc := range []struct {
		name string
		edit func(*paydia.Config)
		want string
	}{
		{"valid", func(*paydia.Config) {}, ""},
		{"production", func(c *paydia.Config) { c.BaseURL = paydia.ProductionBaseURL }, ""},
		{"no base URL", func(c *paydia.Config) { c.BaseURL = "" }, "BaseURL is required"},
		{"base URL not http", func(c *paydia.Config) { c.BaseURL = "ftp://api.paydia.id/snap" }, "is not an http(s) URL"},
		{"no partner", func(c *paydia.Config) { c.PartnerID = "" }, "PartnerID"},
		{"partner too long", func(c *paydia.Config) { c.PartnerID = strings.Repeat("p", 37) }, "PartnerID must be at most 36"},
		{"no channel", func(c *paydia.Config) { c.ChannelID = "" }, "ChannelID"},
		{"channel too long", func(c *paydia.Config) { c.ChannelID = "123456" }, "ChannelID must be at most 5"},
		{"no secret", func(c *paydia.Config) { c.ClientSecret = "" }, "ClientSecret is required"},
		{"no key", func(c *paydia.Config) { c.PrivateKey = snap.PrivateKey{} }, "PrivateKey is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := valid
			tc.edit(&cfg)
			c, err := paydia.NewClient(cfg)
			if tc.want == "" {
				require.NoError(t, err)
				require.NotNil(t, c.Core())
				assert.Equal(t, paydia.TokenPath, c.Core().Config().TokenPath)
				assert.Equal(t, snap.Symmetric, c.Core().Config().Signature)
				assert.Empty(t, c.Core().Config().SignedPathPrefix, "Paydia signs the /snap prefix")
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), "paydia: "), err.Error())
			assert.NotContains(t, err.Error(), testClientSecret)
		})
	}
	_, err = paydia.NewClient(valid, snap.WithTimeout(-time.Second))
	assert.Error(t, err, "options are checked")
}

func TestVoidQueryNilContextIsValidationError(t *testing.T) {
	f := newFakePaydia(t)
	//lint:ignore SA1012 a nil context is the case under test
	_, err := newTestClient(t, f).VoidQuery(nil, seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
	assert.True(t, snap.IsValidation(err))
	assert.False(t, errors.Is(err, context.Canceled))
}

func BenchmarkVoidQuery(b *testing.B) {
	f := &fakePaydia{partnerPub: readPublicKey(b, "partner_public.pem")}
	f.srv = httptestServer(b, f)
	key, err := snap.ParsePrivateKey(readKeyFile(b, "partner_pkcs8.pem"))
	require.NoError(b, err)
	c, err := paydia.NewClient(paydia.Config{BaseURL: f.baseURL(), PartnerID: seedPartnerID, ChannelID: seedChannelID,
		ClientSecret: testClientSecret, PrivateKey: snap.NewPrivateKey(key)})
	require.NoError(b, err)
	req := seedVoidQuery()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.VoidQuery(b.Context(), req, snap.CustomerToken(seedCustomerToken)); err != nil {
			b.Fatal(err)
		}
	}
}
