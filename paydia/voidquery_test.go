package paydia_test

import (
	"bytes"
	"context"
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
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/paydia"
	"github.com/snapbi/snap/snaptest"
)

func TestVoidQueryGoldenRequestBytes(t *testing.T) {
	golden := testkit.Fixture(t, "void_query_request.golden.json")

	// The golden file is the page's sample, minified.
	require.Equal(t, string(golden), testkit.Compact(t, testkit.Fixture(t, "void_query_request.seed.json")))

	// The struct marshals to exactly those bytes...
	b, err := jsonbytes.Marshal(seedVoidQuery())
	require.NoError(t, err)
	assert.Equal(t, string(golden), string(b))

	// ...and exactly those bytes go on the wire.
	e := newEnv(t)
	_, err = e.c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
	require.NoError(t, err)
	calls := e.calls(t, paydia.VoidQueryPath)
	require.Len(t, calls, 1)
	assert.Equal(t, string(golden), string(calls[0].Body))
}

func TestVoidQueryHeadersAndSignature(t *testing.T) {
	e := newEnv(t)
	res, err := e.c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken), snap.ExternalID(seedExternalID))
	require.NoError(t, err, "the simulator verified the token request's RSA signature and the HMAC-SHA512")

	tokenReqs := e.srv.RequestsTo(paydia.TokenPath)
	require.Len(t, tokenReqs, 1)
	assert.Equal(t, "/snap/v1.0/access-token/b2b", tokenReqs[0].Path)
	assert.Equal(t, seedTimestamp, tokenReqs[0].Header.Get("X-TIMESTAMP"))
	assert.Equal(t, seedPartnerID, tokenReqs[0].Header.Get("X-CLIENT-KEY"))
	assert.JSONEq(t, `{"grantType":"client_credentials"}`, string(tokenReqs[0].Body))

	calls := e.calls(t, paydia.VoidQueryPath)
	require.Len(t, calls, 1)
	call := calls[0]
	h := call.Header
	assert.Equal(t, "/snap/v1.0/auth/void-query", call.Path)
	token, ok := strings.CutPrefix(h.Get("Authorization"), "Bearer ")
	require.True(t, ok)
	// Seed: "Authorization-Customer: eyJ0eXAiOiJKV1Qi…" — bare, beside "Authorization: Bearer eyJ0…".
	assert.Equal(t, seedCustomerToken, h.Get("Authorization-Customer"))
	assert.Equal(t, seedTimestamp, h.Get("X-TIMESTAMP"), "the sample's X-TIMESTAMP from the same instant")
	assert.Equal(t, seedPartnerID, h.Get("X-PARTNER-ID"))
	assert.Equal(t, seedExternalID, h.Get("X-EXTERNAL-ID"))
	assert.Equal(t, seedChannelID, h.Get("CHANNEL-ID"))
	assert.Equal(t, "application/json", h.Get("Content-Type"))
	assert.Len(t, h.Get("X-SIGNATURE"), 88, "base64 of a 64-byte HMAC-SHA512")

	// The signature covers the path with /snap; one without it would differ.
	withPrefix := snap.SymmetricSignature(testClientSecret, "POST", "/snap/v1.0/auth/void-query", token, call.Body, seedTimestamp)
	noPrefix := snap.SymmetricSignature(testClientSecret, "POST", "/v1.0/auth/void-query", token, call.Body, seedTimestamp)
	assert.Equal(t, withPrefix, h.Get("X-SIGNATURE"))
	assert.NotEqual(t, noPrefix, h.Get("X-SIGNATURE"))

	assert.Equal(t, []string{seedExternalID}, res.Raw.ExternalIDs)
	assert.Equal(t, 1, res.Raw.Attempts)
}

func TestVoidQueryDefaultExternalIDIsNumeric(t *testing.T) {
	e := newEnv(t)
	for range 3 {
		_, err := e.c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
		require.NoError(t, err)
	}
	assert.Len(t, e.srv.RequestsTo(paydia.TokenPath), 1, "the B2B token is cached across calls")
	seen := map[string]bool{}
	for _, call := range e.calls(t, paydia.VoidQueryPath) {
		id := call.Header.Get("X-EXTERNAL-ID")
		assert.Regexp(t, `^[1-9][0-9]{31}$`, id)
		assert.False(t, seen[id], "X-EXTERNAL-ID reused")
		seen[id] = true
	}
}

func TestVoidQueryDecodesSeedResponse(t *testing.T) {
	for _, tc := range []struct {
		fixture   string
		rawStatus paydia.VoidStatus
	}{
		{"void_query_response.seed.json", "SUCCESS"},
		{"void_query_response.aspi.json", "00"},
	} {
		t.Run(tc.fixture, func(t *testing.T) {
			body := testkit.Fixture(t, tc.fixture)
			e := newEnv(t)
			e.answerAlways(paydia.VoidQueryPath, http.StatusOK, body)

			res, err := e.c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
			require.NoError(t, err)
			assert.Equal(t, "2006800", res.ResponseCode)
			assert.Equal(t, "Request has been processed successfully", res.ResponseMessage)
			assert.Equal(t, "b57d8895-790b-4da3-a9e7-0387176de9bf", res.OriginalPartnerReferenceNo)
			assert.Equal(t, "c407177ce0842a3fc0f1b11d06c3a9620f48b71cf7ed255b1f2edc3de175798a", res.OriginalReferenceNo)
			assert.Equal(t, "d9484993312140b0bd62c2497021e2edc1992554cb484f6a3a7c53ef59e50b3f", res.VoidNo)
			assert.Equal(t, "4427c748-04b0-43c4-b638-94069999415a", res.PartnerVoidNo)
			assert.True(t, res.VoidAmount.Equal(money.MustNew("3000.00", "IDR")), "voidAmount %s", res.VoidAmount)
			assert.Equal(t, "3000.00", res.VoidAmount.ValueString())
			assert.Equal(t, snap.Timestamp("2024-08-20T13:57:59-07:00"), res.VoidTime, "kept as sent")
			assert.Equal(t, tc.rawStatus, res.LatestVoidStatus, "the raw status is kept as sent")
			assert.Equal(t, paydia.VoidStatusSuccess, res.LatestVoidStatus.Normalized())
			assert.Equal(t, snap.Success, res.VoidOutcome())
			assert.Nil(t, res.AdditionalInfo)

			// voidTime is read with the offset as sent (-07:00), not "fixed" to +07:00.
			vt, err := res.VoidTime.Time()
			require.NoError(t, err)
			assert.True(t, vt.Equal(seedVoidTime))
			assert.Equal(t, "2024-08-20T20:57:59Z", vt.UTC().Format(time.RFC3339))
			assert.Equal(t, "2024-08-21T03:57:59+07:00", vt.Format(time.RFC3339))

			require.NotNil(t, res.Raw)
			assert.Equal(t, body, res.Raw.Body, "the raw answer is kept")
			assert.Equal(t, http.StatusOK, res.Raw.HTTPStatus)
		})
	}
}

// TestVoidQueryAgainstSimulator reads the simulator's own answer about the
// seeded void, for each status it may report.
func TestVoidQueryAgainstSimulator(t *testing.T) {
	for _, tc := range []struct {
		status  string
		outcome snap.Outcome
	}{
		{"SUCCESS", snap.Success},
		{"06", snap.Failed},
		{"INIT", snap.Pending},
		{"PROCESSING", snap.Pending}, // unknown: never Failed
	} {
		t.Run(tc.status, func(t *testing.T) {
			e := newEnv(t, func(o *envOption) { o.void.Status = tc.status })
			res, err := e.c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
			require.NoError(t, err, "the query itself succeeded")
			assert.Equal(t, paydia.VoidStatus(tc.status), res.LatestVoidStatus)
			assert.Equal(t, paydia.VoidStatus(tc.status), res.Status())
			assert.Equal(t, tc.outcome, res.VoidOutcome())
			assert.Equal(t, snap.Success, res.Outcome(), "the query's outcome")
			vt, err := res.VoidTime.Time()
			require.NoError(t, err)
			assert.True(t, vt.Equal(seedVoidTime))
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
			e := newEnv(t)
			req := seedVoidQuery()
			tc.edit(req)
			res, err := e.c.VoidQuery(t.Context(), req, snap.CustomerToken(seedCustomerToken))
			calls := e.srv.RequestsTo(paydia.VoidQueryPath)
			if tc.field == "" {
				// Sent; the simulator knows no such merchant.
				assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
				require.NotNil(t, res)
				assert.Equal(t, "4046808", res.ResponseCode)
				assert.Len(t, calls, 1)
				return
			}
			assert.Nil(t, res)
			var ve *snap.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			assert.Equal(t, tc.reason, ve.Reason)
			assert.Empty(t, calls, "nothing may be sent")
		})
	}
}

func TestNilRequestIsValidationError(t *testing.T) {
	e := newEnv(t)
	vq, err := e.c.VoidQuery(t.Context(), nil, snap.CustomerToken(seedCustomerToken))
	assert.Nil(t, vq)
	var ve *snap.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "request", ve.Field)
	v, err := e.c.Void(t.Context(), nil, snap.CustomerToken(seedCustomerToken))
	assert.Nil(t, v)
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "request", ve.Field)
	assert.Empty(t, e.srv.Requests())
}

func TestRequiresCustomerToken(t *testing.T) {
	forEachOperation(t, func(t *testing.T, op operation) {
		for name, opts := range map[string][]snap.CallOption{
			"no option":     nil,
			"empty token":   {snap.CustomerToken("")},
			"bearer only":   {snap.CustomerToken("Bearer ")},
			"other options": {snap.ExternalID("123"), snap.Header("X-IP-ADDRESS", "10.0.0.1")},
		} {
			t.Run(name, func(t *testing.T) {
				e := newEnv(t)
				res, err := op.call(t.Context(), e.c, opts...)
				assert.Nil(t, res)
				var ve *snap.ValidationError
				require.ErrorAs(t, err, &ve)
				assert.Equal(t, "Authorization-Customer", ve.Field)
				assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
				assert.Empty(t, e.srv.Requests(), "nothing may be sent, not even a token request")
			})
		}
	})
}

func TestRejectsNonNumericExternalID(t *testing.T) {
	forEachOperation(t, func(t *testing.T, op operation) {
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
				e := newEnv(t)
				res, err := op.call(t.Context(), e.c, snap.CustomerToken(seedCustomerToken), snap.ExternalID(tc.id))
				calls := e.calls(t, op.path)
				if tc.ok {
					require.NoError(t, err)
					require.Len(t, calls, 1)
					assert.Equal(t, tc.id, calls[0].Header.Get("X-EXTERNAL-ID"))
					return
				}
				assert.Nil(t, res)
				var ve *snap.ValidationError
				require.ErrorAs(t, err, &ve)
				assert.Equal(t, "X-EXTERNAL-ID", ve.Field)
				assert.Contains(t, ve.Reason, "numeric")
				assert.Empty(t, e.srv.Requests())
			})
		}
	})
}

// TestResponseKeptOnRefusal: a refused request still returns its response,
// with Raw and the fields the refusal carries.
func TestResponseKeptOnRefusal(t *testing.T) {
	for _, tc := range []struct {
		name  string
		void  func(*paydia.VoidRequest)      // edits sampleVoid, or
		query func(*paydia.VoidQueryRequest) // edits seedVoidQuery
		code  string
	}{
		{name: "Void of an unknown payment", void: func(r *paydia.VoidRequest) { r.OriginalReferenceNo = "unknown" }, code: "4046701"},
		{name: "Void of more than was paid", void: func(r *paydia.VoidRequest) { r.PartnerVoidNo, r.VoidAmount = "void-big", money.IDR(9000) }, code: "4046713"},
		{name: "VoidQuery of an unknown void", query: func(r *paydia.VoidQueryRequest) { r.VoidNo = "unknown" }, code: "4046801"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			var (
				res  *snap.Result
				code string
				err  error
			)
			if tc.void != nil {
				req := sampleVoid()
				tc.void(req)
				v, verr := e.c.Void(t.Context(), req, snap.CustomerToken(seedCustomerToken))
				require.NotNil(t, v)
				res, code, err = &v.Result, v.ResponseCode, verr
			} else {
				req := seedVoidQuery()
				tc.query(req)
				q, qerr := e.c.VoidQuery(t.Context(), req, snap.CustomerToken(seedCustomerToken))
				require.NotNil(t, q)
				res, code, err = &q.Result, q.ResponseCode, qerr
			}
			assert.Equal(t, snap.Failed, snap.OutcomeOf(err))
			assert.Equal(t, tc.code, code, "the refusal's fields are decoded")
			require.NotNil(t, res.Raw)
			assert.Equal(t, http.StatusNotFound, res.Raw.HTTPStatus)
			assert.Contains(t, string(res.Raw.Body), tc.code)
			assert.Equal(t, snap.Failed, res.Outcome())
			assert.Equal(t, 1, res.Raw.Attempts)
		})
	}
}

// TestResponseKeptOnTimeout: every attempt timed out (the simulator
// processed each and held its answer back): Pending, and the response
// still tells what was sent.
func TestResponseKeptOnTimeout(t *testing.T) {
	forEachOperation(t, func(t *testing.T, op operation) {
		e := newEnv(t, withClient(snap.WithTimeout(50*time.Millisecond)))
		e.srv.Fail(op.path, snaptest.Fault{Kind: snaptest.Delay(5 * time.Second)})
		res, err := op.call(t.Context(), e.c, snap.CustomerToken(seedCustomerToken))
		require.Error(t, err)
		assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
		require.NotNil(t, res, "requests went out")
		require.NotNil(t, res.Raw)
		assert.Equal(t, snap.Pending, res.Outcome())
		assert.Equal(t, 3, res.Raw.Attempts)
		assert.Len(t, res.Raw.ExternalIDs, 3)
		assert.Empty(t, res.Raw.Body, "no answer arrived")
		assert.Len(t, e.calls(t, op.path), 3)
	})
}

func TestContextCanceledIsPending(t *testing.T) {
	forEachOperation(t, func(t *testing.T, op operation) {
		e := newEnv(t)
		e.srv.Fail(op.path, snaptest.Fault{Kind: snaptest.Delay(5 * time.Second)})
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		res, err := op.call(ctx, e.c, snap.CustomerToken(seedCustomerToken))
		require.Error(t, err)
		assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
		require.NotNil(t, res)
		assert.Equal(t, snap.Pending, res.Outcome())
	})
}

func TestNilContextIsValidationError(t *testing.T) {
	forEachOperation(t, func(t *testing.T, op operation) {
		e := newEnv(t)
		res, err := op.call(nil, e.c, snap.CustomerToken(seedCustomerToken))
		assert.Nil(t, res)
		assert.True(t, snap.IsValidation(err))
		assert.False(t, errors.Is(err, context.Canceled))
	})
}

func TestKeepsSecretsOutOfLogsAndErrors(t *testing.T) {
	forEachOperation(t, func(t *testing.T, op operation) {
		var logs bytes.Buffer
		e := newEnv(t, withClient(snap.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))))
		e.srv.Fail(op.path, snaptest.Fault{Kind: snaptest.Code("4046701")})
		_, err := op.call(t.Context(), e.c, snap.CustomerToken(seedCustomerToken))
		require.Error(t, err)

		calls := e.calls(t, op.path)
		require.NotEmpty(t, calls)
		require.NotEmpty(t, logs.String(), "the logger was used")
		token := strings.TrimPrefix(calls[0].Header.Get("Authorization"), "Bearer ")
		for _, s := range []string{testClientSecret, seedCustomerToken, token, calls[0].Header.Get("X-SIGNATURE")} {
			assert.NotContains(t, logs.String(), s)
			assert.NotContains(t, err.Error(), s)
		}
	})
}

// TestVoidQueryRetries: outside Paydia's table the generic SNAP rules
// decide whether a query is resent; these ask for it (3 attempts), then the
// query is Pending.
func TestVoidQueryRetries(t *testing.T) {
	for _, code := range []string{"4296800", "5006802", "5046800"} {
		t.Run(code, func(t *testing.T) {
			e := newEnv(t)
			e.srv.Fail(paydia.VoidQueryPath, snaptest.Fault{Kind: snaptest.Code(code)})
			res, err := e.c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
			assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
			require.NotNil(t, res)
			assert.Equal(t, code, res.ResponseCode)
			assert.Len(t, e.calls(t, paydia.VoidQueryPath), 3)
		})
	}
}

// TestVoidQueryResponseCodes answers each row of Paydia's void-query table
// with its HTTP status and checks the outcome, the action and the attempts.
// The simulator checks every attempt (signature, the token valid at that
// time) before its answer is replaced by the row's.
func TestVoidQueryResponseCodes(t *testing.T) {
	for _, tc := range []struct {
		code, message string
		status        int
		outcome       snap.Outcome
		action        string
		attempts      int // requests sent to void-query
		tokens        int // B2B token requests
	}{
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
			e := newEnv(t)
			body := `{"responseCode":"` + tc.code + `","responseMessage":"` + tc.message + `"}`
			e.answerAlways(paydia.VoidQueryPath, tc.status, []byte(body))
			res, err := e.c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
			calls := e.calls(t, paydia.VoidQueryPath)
			assert.Len(t, calls, tc.attempts)
			assert.Len(t, e.srv.RequestsTo(paydia.TokenPath), tc.tokens)
			assert.Equal(t, tc.outcome, snap.OutcomeOf(err))
			for _, call := range calls {
				assert.Equal(t, http.StatusOK, call.Status, "attempt %d refused by the simulator: %s", call.Attempt, call.Reason)
			}
			if tc.tokens == 2 {
				assert.NotEqual(t, calls[0].Header.Get("Authorization"), calls[1].Header.Get("Authorization"), "the resend carries the renewed token")
			}

			require.NotNil(t, res)
			assert.Equal(t, tc.code, res.ResponseCode)
			assert.Equal(t, tc.message, res.ResponseMessage)
			assert.Equal(t, tc.action, res.Raw.Action)
			var se *snap.Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tc.outcome, se.Outcome)
			assert.Equal(t, tc.code, se.RawCode)
			assert.Equal(t, tc.code, se.Code.String())
			assert.Equal(t, tc.message, se.Message)
			assert.Equal(t, tc.action, se.Action)
			assert.Equal(t, tc.status, se.HTTPStatus)
			assert.Equal(t, tc.attempts, se.Attempts)
			assert.Equal(t, body, string(se.Body), "the raw answer is kept")
			assert.Len(t, se.ExternalIDs, tc.attempts)
		})
	}
}

func TestVoidQuerySuccessAction(t *testing.T) {
	e := newEnv(t)
	res, err := e.c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
	require.NoError(t, err)
	assert.Equal(t, "2006800", res.ResponseCode)
	assert.Equal(t, paydia.VoidQuerySuccessAction, res.Raw.Action)
}

func TestVoidQueryOutcomesTable(t *testing.T) {
	table := paydia.VoidQueryOutcomes()
	assert.Len(t, table, 8, "one entry per row of Paydia's table")
	table["2006800"] = table["4006801"]
	assert.Equal(t, snap.Success, paydia.VoidQueryOutcomes()["2006800"].Outcome, "each call returns a fresh table")
}

func TestVoidQueryInvalidTokenRenewedThenSuccess(t *testing.T) {
	e := newEnv(t)
	_, err := e.c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
	require.NoError(t, err)
	e.srv.ExpireTokens() // the next call is answered 4016801 Invalid Token
	res, err := e.c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
	require.NoError(t, err)
	assert.True(t, res.LatestVoidStatus.IsSuccess())

	calls := e.calls(t, paydia.VoidQueryPath)
	require.Len(t, calls, 3)
	assert.Equal(t, "4016801", calls[1].ResponseCode)
	assert.Len(t, e.srv.RequestsTo(paydia.TokenPath), 2)
	assert.Equal(t, calls[0].Header.Get("Authorization"), calls[1].Header.Get("Authorization"), "the expired token")
	assert.NotEqual(t, calls[1].Header.Get("Authorization"), calls[2].Header.Get("Authorization"), "the resend carries the renewed token")
	assert.Equal(t, calls[1].Body, calls[2].Body)
	assert.NotEqual(t, calls[1].Header.Get("X-EXTERNAL-ID"), calls[2].Header.Get("X-EXTERNAL-ID"))
}

// TestVoidQueryUnexpectedAnswers: answers that cannot be read are Pending
// with the raw answer kept, never Failed.
func TestVoidQueryUnexpectedAnswers(t *testing.T) {
	seed := string(testkit.Fixture(t, "void_query_response.seed.json"))
	for _, tc := range []struct {
		name   string
		fault  snaptest.FaultKind // the simulator's malfunction, or
		status int                // a recorded answer
		body   string
		// decode: the call answered 2006800 but the body could not be
		// decoded: the reason says so.
		decode bool
	}{
		{name: "HTML gateway page", fault: snaptest.HTMLBadGateway},
		{name: "empty body", fault: snaptest.EmptyBody},
		{name: "undefined code", fault: snaptest.Code("2006899")},
		{name: "malformed code", fault: snaptest.Code("20068000")},
		{name: "not JSON", status: http.StatusOK, body: "OK"},
		{name: "code disagrees with HTTP status", status: http.StatusOK, body: `{"responseCode":"4046801","responseMessage":"Transaction Not Found"}`},
		{name: "numeric code", status: http.StatusOK, body: `{"responseCode":2006800}`},
		{name: "bad voidAmount", status: http.StatusOK, body: strings.Replace(seed, `"3000.00"`, `"3000.005"`, 1), decode: true},
		{name: "latestVoidStatus not a string", status: http.StatusOK, body: strings.Replace(seed, `"SUCCESS"`, `0`, 1), decode: true},
		{name: "voidTime missing", status: http.StatusOK, body: strings.Replace(seed, `"voidTime"`, `"voidTimes"`, 1)},
		{name: "another voidNo", status: http.StatusOK, body: strings.Replace(seed, `"voidNo": "d948`, `"voidNo": "0948`, 1)},
		{name: "another service's success", status: http.StatusOK, body: strings.Replace(seed, `"2006800"`, `"2006700"`, 1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			if tc.fault != nil {
				e.srv.Fail(paydia.VoidQueryPath, snaptest.Fault{Kind: tc.fault})
			} else {
				e.answerAlways(paydia.VoidQueryPath, tc.status, []byte(tc.body))
			}
			res, err := e.c.VoidQuery(t.Context(), seedVoidQuery(), snap.CustomerToken(seedCustomerToken))
			require.Error(t, err)
			assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
			var se *snap.Error
			require.ErrorAs(t, err, &se)
			assert.Contains(t, se.Reason, "unexpected answer")
			require.NotNil(t, res, "an answer arrived")
			assert.Equal(t, res.Raw.Body, se.Body, "the raw answer is kept")
			assert.Equal(t, snap.Pending, res.Outcome())
			if tc.fault == nil {
				assert.Equal(t, tc.body, string(se.Body))
			}
			if tc.decode {
				assert.Equal(t, "2006800", se.RawCode)
				assert.Contains(t, se.Reason, "does not decode")
				// The other fields are read, also those after the bad one
				// (partnerVoidNo comes last in the sample).
				assert.Equal(t, "d9484993312140b0bd62c2497021e2edc1992554cb484f6a3a7c53ef59e50b3f", res.VoidNo)
				assert.Equal(t, "4427c748-04b0-43c4-b638-94069999415a", res.PartnerVoidNo)
				assert.Equal(t, snap.Timestamp("2024-08-20T13:57:59-07:00"), res.VoidTime)
			}
		})
	}
}

func TestNewClientConfig(t *testing.T) {
	key := testkit.PartnerKey(t)
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
	_, err := paydia.NewClient(valid, snap.WithTimeout(-time.Second))
	assert.Error(t, err, "options are checked")
}

func BenchmarkVoidQuery(b *testing.B) {
	e := newEnv(b)
	req := seedVoidQuery()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.c.VoidQuery(b.Context(), req, snap.CustomerToken(seedCustomerToken)); err != nil {
			b.Fatal(err)
		}
	}
}
