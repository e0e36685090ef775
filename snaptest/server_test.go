package snaptest

import (
	"context"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/base64"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGenericStatusWithTokenAndRecordedRequests(t *testing.T) {
	srv := newTestServer(t, Generic)
	tx := srv.AddTransaction(Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000)})
	c := newClient(t, srv)

	r := call(t, c, "/v1.0/debit/status", 55, statusBody{OriginalPartnerReferenceNo: "order-1", ServiceCode: "54"}, snap.CustomerToken(srv.CustomerToken()))
	require.NoError(t, r.err)
	assert.Equal(t, "2005500", r.code)
	assert.Equal(t, string(debit.StatusSuccess), r.fields["latestTransactionStatus"])
	assert.Equal(t, tx.ReferenceNo, r.fields["originalReferenceNo"])
	assert.Equal(t, map[string]any{"value": "10000.00", "currency": "IDR"}, r.fields["transAmount"])
	assert.Equal(t, "2020-12-23T07:44:11+07:00", r.resp.Header.Get("X-TIMESTAMP"))

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "/v1.0/access-token/b2b", reqs[0].Path)
	assert.Equal(t, "2007300", reqs[0].ResponseCode)
	assert.Equal(t, "/v1.0/debit/status", reqs[1].Path)
	assert.Equal(t, http.StatusOK, reqs[1].Status)
	assert.Equal(t, 1, reqs[1].Attempt)
	assert.Empty(t, reqs[1].Reason)

	// Recompute the HMAC the server accepted, independently of both sides.
	h := reqs[1].Header
	token := strings.TrimPrefix(h.Get("Authorization"), "Bearer ")
	mac := hmac.New(sha512.New, []byte(srv.ClientSecret()))
	mac.Write([]byte("POST:/v1.0/debit/status:" + token + ":" + bodyHash(reqs[1].Body) + ":" + h.Get("X-TIMESTAMP")))
	assert.Equal(t, base64.StdEncoding.EncodeToString(mac.Sum(nil)), h.Get("X-SIGNATURE"))
	assert.Len(t, srv.RequestsTo("/v1.0/debit/status"), 1)
}

func TestTokenAnswerShape(t *testing.T) {
	srv := newTestServer(t, Paydia)
	c := newClient(t, srv)
	srv.AddTransaction(Transaction{PartnerReferenceNo: "p-1", Amount: money.IDR(3000)})
	_ = call(t, c, "/v1.0/auth/void-query", 68, voidQueryBody{OriginalPartnerReferenceNo: "p-1"})
	tok := srv.RequestsTo(TokenPath)
	require.Len(t, tok, 1)
	assert.Equal(t, "/snap/v1.0/access-token/b2b", tok[0].Path)
	assert.Equal(t, "2007300", tok[0].ResponseCode)
	assert.JSONEq(t, `{"grantType":"client_credentials"}`, string(tok[0].Body))
}

func TestRejectsWrongSignature(t *testing.T) {
	t.Run("symmetric secret", func(t *testing.T) {
		srv := newTestServer(t, Generic)
		srv.AddTransaction(Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000)})
		cfg := srv.SNAPConfig()
		cfg.ClientSecret = "not-the-secret"
		r := call(t, newClientWith(t, cfg), "/v1.0/debit/status", 55, statusBody{OriginalPartnerReferenceNo: "order-1", ServiceCode: "54"}, snap.CustomerToken(srv.CustomerToken()))
		assert.Equal(t, "4015500", r.code)
		assert.Equal(t, "Unauthorized. Invalid Signature", r.message)
		assert.Equal(t, snap.Failed, snap.OutcomeOf(r.err))
		assert.Contains(t, srv.RequestsTo("/v1.0/debit/status")[0].Reason, "X-SIGNATURE does not verify")
	})
	t.Run("asymmetric key", func(t *testing.T) {
		srv := newTestServer(t, DANA)
		srv.AddTransaction(Transaction{PartnerReferenceNo: "otc-1", Amount: money.IDR(50000)})
		cfg := srv.SNAPConfig()
		cfg.PrivateKey = snap.NewPrivateKey(testkit.ProviderKey(t)) // not the key the server trusts
		body := otcCancelBody{OriginalPartnerReferenceNo: "otc-1", CustomerNumber: "081234567890", Reason: "timeout"}
		body.AdditionalInfo.Amount = amountOf("50000.00")
		r := call(t, newClientWith(t, cfg), "/v1.0/emoney/otc-cancel.htm", 46, body)
		assert.Equal(t, "4014600", r.code)
		assert.Equal(t, snap.Failed, snap.OutcomeOf(r.err))
		tx, _ := srv.Transaction("otc-1")
		assert.Equal(t, debit.StatusSuccess, tx.Status, "a refused cancel changes nothing")
	})
	t.Run("token request key", func(t *testing.T) {
		srv := newTestServer(t, PayerMax)
		cfg := srv.SNAPConfig()
		cfg.PrivateKey = snap.NewPrivateKey(testkit.ProviderKey(t))
		r := call(t, newClientWith(t, cfg), "/v1.0/debit/status", 55, statusBody{OriginalPartnerReferenceNo: "x", ServiceCode: "54"})
		assert.Equal(t, "4017300", r.code)
		assert.Empty(t, srv.RequestsTo("/v1.0/debit/status"), "nothing is sent without a token")
	})
	t.Run("PayerMax sign header", func(t *testing.T) {
		srv := newTestServer(t, PayerMax)
		srv.AddTransaction(Transaction{PartnerReferenceNo: "pm-1", Amount: money.IDR(100000)})
		cfg := srv.SNAPConfig()
		cfg.BodySignatureHeader = "" // the test sends its own sign header
		c := newClientWith(t, cfg)
		body := cancelBody{OriginalPartnerReferenceNo: "pm-1", AdditionalInfo: map[string]any{"version": "1.4", "keyVersion": "1"}}
		r := call(t, c, "/v1.0/debit/cancel", 57, body, snap.Header("sign", base64.StdEncoding.EncodeToString([]byte("forged"))))
		assert.Equal(t, "4015700", r.code)
		assert.Equal(t, "Unauthorized. Invalid sign", r.message)
		r = call(t, c, "/v1.0/debit/cancel", 57, body)
		assert.Equal(t, "4005702", r.code)
		assert.Equal(t, "Invalid Mandatory Field {sign}", r.message)
	})
	t.Run("unknown partner", func(t *testing.T) {
		srv := newTestServer(t, DANA)
		cfg := srv.SNAPConfig()
		cfg.PartnerID = "someone-else"
		r := call(t, newClientWith(t, cfg), "/v1.0/emoney/otc-cancel.htm", 46, otcCancelBody{})
		assert.Equal(t, "4014600", r.code)
		assert.Equal(t, "Unauthorized. Unknown Client", r.message)
	})
}

func TestRejectsReusedExternalID(t *testing.T) {
	srv := newTestServer(t, Generic)
	srv.AddTransaction(Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000)})
	c := newClient(t, srv, snap.WithRetry(snap.NoRetry()))
	body := statusBody{OriginalPartnerReferenceNo: "order-1", ServiceCode: "54"}
	ct := snap.CustomerToken(srv.CustomerToken())

	r := call(t, c, "/v1.0/debit/status", 55, body, ct, snap.ExternalID("41807553358950093184162180797837"))
	require.NoError(t, r.err)
	r = call(t, c, "/v1.0/debit/status", 55, body, ct, snap.ExternalID("41807553358950093184162180797837"))
	assert.Equal(t, "4095500", r.code)
	assert.Equal(t, "Conflict", r.message)
	assert.Equal(t, snap.Pending, snap.OutcomeOf(r.err), "409xx00: an earlier message with that id may have been processed")

	// A new day makes the id usable again.
	day := fixedNow
	srv2 := newTestServer(t, Generic, WithClock(func() time.Time { return day }))
	srv2.AddTransaction(Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000)})
	c2 := newClient(t, srv2, snap.WithClock(func() time.Time { return day }))
	require.NoError(t, call(t, c2, "/v1.0/debit/status", 55, body, snap.CustomerToken(srv2.CustomerToken()), snap.ExternalID("7")).err)
	day = fixedNow.Add(24 * time.Hour)
	srv2.ExpireTokens() // the clock jump made nothing expire on the client side
	require.NoError(t, call(t, c2, "/v1.0/debit/status", 55, body, snap.CustomerToken(srv2.CustomerToken()), snap.ExternalID("7")).err)
}

func TestRejectsBadTimestamps(t *testing.T) {
	t.Run("stale", func(t *testing.T) {
		srv := newTestServer(t, DANA)
		c := newClient(t, srv, snap.WithClock(func() time.Time { return fixedNow.Add(-6 * time.Minute) }))
		r := call(t, c, "/v1.0/emoney/otc-cancel.htm", 46, otcCancelBody{})
		assert.Equal(t, "4014600", r.code)
		assert.Equal(t, "Unauthorized. Invalid Timestamp", r.message)
		assert.Contains(t, srv.Requests()[0].Reason, "is 6m0s from the server clock")
	})
	t.Run("within a wider skew", func(t *testing.T) {
		srv := newTestServer(t, DANA, WithTimestampSkew(10*time.Minute))
		c := newClient(t, srv, snap.WithClock(func() time.Time { return fixedNow.Add(-6 * time.Minute) }))
		r := call(t, c, "/v1.0/emoney/otc-cancel.htm", 46, otcCancelBody{})
		assert.Equal(t, "4004602", r.code, "past the timestamp, the body is checked")
	})
	t.Run("layout without milliseconds for PayerMax", func(t *testing.T) {
		srv := newTestServer(t, PayerMax)
		cfg := srv.SNAPConfig()
		cfg.TimestampLayout = snap.TimestampLayout
		r := call(t, newClientWith(t, cfg), "/v1.0/debit/status", 55, statusBody{OriginalPartnerReferenceNo: "x", ServiceCode: "54"})
		assert.Equal(t, "4007301", r.code)
		assert.Equal(t, "Invalid Field Format {X-TIMESTAMP}", r.message)
	})
}

func TestCheckTimestampLayouts(t *testing.T) {
	seconds := &Server{spec: profileSpec{layout: layoutSeconds}, skew: time.Minute}
	millis := &Server{spec: profileSpec{layout: layoutMillis}, skew: time.Minute}
	generic := &Server{spec: specOf(Generic), skew: time.Minute}
	danaSrv := &Server{spec: specOf(DANA), skew: time.Minute}
	paydia := &Server{spec: specOf(Paydia), skew: time.Minute}
	for _, tc := range []struct {
		srv *Server
		ts  string
		ok  bool
	}{
		{seconds, "2020-12-23T07:44:11+07:00", true},
		{seconds, "2020-12-23T00:44:11Z", false},
		{seconds, "2020-12-23T00:44:11+00:00", false},
		{seconds, "2020-12-23T07:44:11.000+07:00", false},
		{seconds, "2020-12-23 07:44:11+07:00", false},
		{seconds, "2020-12-23T07:44:11+0700", false},
		{seconds, "2020-12-23T08:44:11+07:00", false}, // an hour off
		{millis, "2020-12-23T07:44:11.123+07:00", true},
		{millis, "2020-12-23T07:44:11+07:00", false},
		{millis, "2020-12-23T07:44:11.12+07:00", false},
		// The standard's text gives yyyy-MM-ddTHH:mm:ss.SSSTZD, its samples
		// seconds: Generic takes both, in +07:00.
		{generic, "2020-12-23T07:44:11+07:00", true},
		{generic, "2020-12-23T07:44:11.123+07:00", true},
		{generic, "2020-12-23T00:44:11.123Z", false},
		{generic, "2020-12-23T07:44:11.12+07:00", false},
		// DANA and Paydia: "in format YYYY-MM-DDTHH:mm:ss+07:00".
		{danaSrv, "2020-12-23T07:44:11+07:00", true},
		{danaSrv, "2020-12-23T07:44:11.123+07:00", false},
		{paydia, "2020-12-23T07:44:11+07:00", true},
		{paydia, "2020-12-23T07:44:11.123+07:00", false},
	} {
		_, ok := tc.srv.checkTimestamp(tc.ts, 55, fixedNow)
		assert.Equal(t, tc.ok, ok, tc.ts)
	}
}

func TestMandatoryAndMalformedFields(t *testing.T) {
	otc := func(customer, reason string, amount any) otcCancelBody {
		b := otcCancelBody{OriginalPartnerReferenceNo: "otc-1", CustomerNumber: customer, Reason: reason}
		b.AdditionalInfo.Amount = amount
		return b
	}
	for _, tc := range []struct {
		name    string
		profile Profile
		path    string
		service int
		body    any
		code    string
		message string
	}{
		{"DANA customerNumber", DANA, "/v1.0/emoney/otc-cancel.htm", 46, otc("", "timeout", amountOf("50000.00")), "4004602", "Invalid Mandatory Field {customerNumber}"},
		{"DANA reason", DANA, "/v1.0/emoney/otc-cancel.htm", 46, otc("0812", "", amountOf("50000.00")), "4004602", "Invalid Mandatory Field {reason}"},
		{"DANA reason of spaces", DANA, "/v1.0/emoney/otc-cancel.htm", 46, otc("0812", "   ", amountOf("50000.00")), "4004602", "Invalid Mandatory Field {reason}"},
		{"DANA amount", DANA, "/v1.0/emoney/otc-cancel.htm", 46, otc("0812", "timeout", nil), "4004602", "Invalid Mandatory Field {additionalInfo.amount}"},
		{"DANA amount without decimals", DANA, "/v1.0/emoney/otc-cancel.htm", 46, otc("0812", "timeout", map[string]any{"value": "50000", "currency": "IDR"}), "4004601", "Invalid Field Format {additionalInfo.amount.value}"},
		{"DANA amount as a number", DANA, "/v1.0/emoney/otc-cancel.htm", 46, otc("0812", "timeout", map[string]any{"value": 50000, "currency": "IDR"}), "4004601", "Invalid Field Format {additionalInfo.amount.value}"},
		{"DANA customerNumber too long", DANA, "/v1.0/emoney/otc-cancel.htm", 46, otc(strings.Repeat("9", 33), "timeout", amountOf("50000.00")), "4004601", "Invalid Field Format {customerNumber}"},
		{"DANA wrong JSON type", DANA, "/v1.0/emoney/otc-cancel.htm", 46, map[string]any{"originalPartnerReferenceNo": 12}, "4004601", "Invalid Field Format {originalPartnerReferenceNo}"},
		{"DANA not JSON", DANA, "/v1.0/emoney/otc-cancel.htm", 46, []byte(`[1]`), "4004600", "Bad Request"},
		{"Generic chargeToken", Generic, "/v1.0/debit/payment-host-to-host", 54, paymentBody{PartnerReferenceNo: "o", Amount: amountOf("1.00")}, "4005402", "Invalid Mandatory Field {chargeToken}"},
		// "amount | Object | O" on the generic page; DANA requires it.
		{"DANA payment amount", DANA, "/payment-gateway/v1.0/debit/payment-host-to-host.htm", 54, paymentBody{PartnerReferenceNo: "o", ChargeToken: "c"}, "4005402", "Invalid Mandatory Field {amount}"},
		// DANA's models require merchantId on status, cancel and refund, and refundAmount on refund.
		{"DANA status merchantId", DANA, "/payment-gateway/v1.0/debit/status.htm", 55, statusBody{OriginalPartnerReferenceNo: "o", ServiceCode: "54"}, "4005502", "Invalid Mandatory Field {merchantId}"},
		{"DANA cancel merchantId", DANA, "/payment-gateway/v1.0/debit/cancel.htm", 57, cancelBody{OriginalPartnerReferenceNo: "o"}, "4005702", "Invalid Mandatory Field {merchantId}"},
		{"DANA refund merchantId", DANA, "/payment-gateway/v1.0/debit/refund.htm", 58, refundBody{OriginalPartnerReferenceNo: "o", PartnerRefundNo: "r"}, "4005802", "Invalid Mandatory Field {merchantId}"},
		{"DANA refund refundAmount", DANA, "/payment-gateway/v1.0/debit/refund.htm", 58, map[string]any{"merchantId": "m", "originalPartnerReferenceNo": "o", "partnerRefundNo": "r"}, "4005802", "Invalid Mandatory Field {refundAmount}"},
		{"Generic status serviceCode", Generic, "/v1.0/debit/status", 55, statusBody{OriginalPartnerReferenceNo: "o"}, "4005502", "Invalid Mandatory Field {serviceCode}"},
		{"Generic status reference", Generic, "/v1.0/debit/status", 55, statusBody{ServiceCode: "54"}, "4005502", "Invalid Mandatory Field {originalPartnerReferenceNo}"},
		{"Generic refund partnerRefundNo", Generic, "/v1.0/debit/refund", 58, refundBody{OriginalPartnerReferenceNo: "o"}, "4005802", "Invalid Mandatory Field {partnerRefundNo}"},
		{"PayerMax additionalInfo", PayerMax, "/v1.0/debit/cancel", 57, cancelBody{OriginalPartnerReferenceNo: "o"}, "4005702", "Invalid Mandatory Field {additionalInfo}"},
		{"PayerMax keyVersion", PayerMax, "/v1.0/debit/cancel", 57, cancelBody{OriginalPartnerReferenceNo: "o", AdditionalInfo: map[string]any{"version": "1.4"}}, "4005702", "Invalid Mandatory Field {additionalInfo.keyVersion}"},
		{"Paydia voidNo", Paydia, "/v1.0/auth/void-query", 68, voidQueryBody{OriginalPartnerReferenceNo: "o", OriginalReferenceNo: "r", MerchantID: "m", PartnerVoidNo: "v"}, "4006802", "Invalid Mandatory Field {voidNo}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newTestServer(t, tc.profile)
			r := call(t, newClient(t, srv), tc.path, tc.service, tc.body, snap.CustomerToken(srv.CustomerToken()))
			assert.Equal(t, tc.code, r.code)
			assert.Equal(t, tc.message, r.message)
			assert.Equal(t, snap.Failed, snap.OutcomeOf(r.err))
		})
	}
}

func TestPaydiaCustomerTokenAndExternalID(t *testing.T) {
	srv := newTestServer(t, Paydia)
	tx := srv.AddTransaction(Transaction{PartnerReferenceNo: "b57d8895", Amount: money.IDR(3000),
		Voids: []Void{{PartnerVoidNo: "4427c748", Amount: money.IDR(3000), Time: fixedNow}}})
	body := voidQueryBody{OriginalPartnerReferenceNo: "b57d8895", OriginalReferenceNo: tx.ReferenceNo, MerchantID: srv.MerchantID(),
		VoidNo: tx.Voids[0].VoidNo, PartnerVoidNo: "4427c748"}
	c := newClient(t, srv)

	r := call(t, c, "/v1.0/auth/void-query", 68, body)
	assert.Equal(t, "4006802", r.code)
	assert.Equal(t, "Invalid Mandatory Field {Authorization-Customer}", r.message)

	r = call(t, c, "/v1.0/auth/void-query", 68, body, snap.CustomerToken("not-issued"))
	assert.Equal(t, "4016800", r.code)

	r = call(t, c, "/v1.0/auth/void-query", 68, body, snap.CustomerToken(srv.CustomerToken()), snap.ExternalID("ABC-1"))
	assert.Equal(t, "4006801", r.code)
	assert.Equal(t, "Invalid Field Format {X-EXTERNAL-ID}", r.message)

	r = call(t, c, "/v1.0/auth/void-query", 68, body, snap.CustomerToken(srv.CustomerToken()))
	require.NoError(t, r.err)
	assert.Equal(t, "2006800", r.code)
	assert.Equal(t, "SUCCESS", r.fields["latestVoidStatus"])
	assert.Equal(t, "2020-12-23T07:44:11+07:00", r.fields["voidTime"])
	assert.Equal(t, map[string]any{"value": "3000.00", "currency": "IDR"}, r.fields["voidAmount"])
	assert.Equal(t, "/snap/v1.0/auth/void-query", srv.Requests()[len(srv.Requests())-1].Path)

	body.MerchantID = "other"
	r = call(t, c, "/v1.0/auth/void-query", 68, body, snap.CustomerToken(srv.CustomerToken()))
	assert.Equal(t, "4046808", r.code)
	body.MerchantID, body.VoidNo = srv.MerchantID(), "unknown"
	r = call(t, c, "/v1.0/auth/void-query", 68, body, snap.CustomerToken(srv.CustomerToken()))
	assert.Equal(t, "4046801", r.code)
}

func TestPaydiaVoidThenQuery(t *testing.T) {
	srv := newTestServer(t, Paydia)
	tx := srv.AddTransaction(Transaction{PartnerReferenceNo: "auth-1", Amount: money.IDR(3000)})
	c := newClient(t, srv)
	ct := snap.CustomerToken(srv.CustomerToken())
	void := voidBody{OriginalPartnerReferenceNo: "auth-1", OriginalReferenceNo: tx.ReferenceNo, PartnerVoidNo: "pv-1", MerchantID: srv.MerchantID(), VoidAmount: money.IDR(1000)}

	r := call(t, c, "/v1.0/auth/void", 67, void, ct)
	require.NoError(t, r.err)
	assert.Equal(t, "2006700", r.code)
	voidNo := r.fields["voidNo"].(string)

	again := call(t, c, "/v1.0/auth/void", 67, void, ct)
	require.NoError(t, again.err, "the same void asked again is answered again")
	assert.Equal(t, voidNo, again.fields["voidNo"])

	void.VoidAmount = money.IDR(2000)
	assert.Equal(t, "4046718", call(t, c, "/v1.0/auth/void", 67, void, ct).code)
	void.PartnerVoidNo, void.VoidAmount = "pv-2", money.IDR(2001)
	assert.Equal(t, "4046713", call(t, c, "/v1.0/auth/void", 67, void, ct).code)
	void.VoidAmount = money.IDR(2000)
	require.NoError(t, call(t, c, "/v1.0/auth/void", 67, void, ct).err)
	got, _ := srv.Transaction("auth-1")
	assert.Equal(t, debit.StatusCanceled, got.Status, "fully voided")
	require.Len(t, got.Voids, 2)

	q := call(t, c, "/v1.0/auth/void-query", 68, voidQueryBody{OriginalPartnerReferenceNo: "auth-1", OriginalReferenceNo: tx.ReferenceNo,
		MerchantID: srv.MerchantID(), VoidNo: voidNo, PartnerVoidNo: "pv-1"}, ct)
	require.NoError(t, q.err)
	assert.Equal(t, map[string]any{"value": "1000.00", "currency": "IDR"}, q.fields["voidAmount"])
}

func TestDirectDebitStateMachine(t *testing.T) {
	srv := newTestServer(t, Generic, WithPaymentStatuses(debit.StatusInitiated, debit.StatusSuccess))
	c := newClient(t, srv)
	ct := snap.CustomerToken(srv.CustomerToken())

	// Payment: accepted, in progress.
	r := call(t, c, "/v1.0/debit/payment-host-to-host", 54, paymentBody{PartnerReferenceNo: "order-1", ChargeToken: "00007100010926", Amount: amountOf("10000.00")}, ct)
	assert.Equal(t, "2025400", r.code)
	assert.Equal(t, snap.Pending, snap.OutcomeOf(r.err))
	tx, ok := srv.Transaction("order-1")
	require.True(t, ok)
	assert.Equal(t, debit.StatusInitiated, tx.Status)
	assert.NotEmpty(t, tx.ExternalID)

	// The same reference again: duplicate; with another amount: inconsistent.
	assert.Equal(t, "4095401", call(t, c, "/v1.0/debit/payment-host-to-host", 54, paymentBody{PartnerReferenceNo: "order-1", ChargeToken: "c", Amount: amountOf("10000.00")}, ct).code)
	assert.Equal(t, "4045418", call(t, c, "/v1.0/debit/payment-host-to-host", 54, paymentBody{PartnerReferenceNo: "order-1", ChargeToken: "c", Amount: amountOf("9999.00")}, ct).code)

	// Status moves it to Success.
	r = call(t, c, "/v1.0/debit/status", 55, statusBody{OriginalPartnerReferenceNo: "order-1", ServiceCode: "54"}, ct)
	require.NoError(t, r.err)
	assert.Equal(t, string(debit.StatusSuccess), r.fields["latestTransactionStatus"])
	assert.Equal(t, tx.ExternalID, r.fields["originalExternalId"])
	assert.Equal(t, "2020-12-23T07:44:11+07:00", r.fields["paidTime"])
	assert.Equal(t, "4045501", call(t, c, "/v1.0/debit/status", 55, statusBody{OriginalPartnerReferenceNo: "nope", ServiceCode: "54"}, ct).code)

	// A partial refund, its idempotent repeat, an inconsistent repeat, too much.
	r = call(t, c, "/v1.0/debit/refund", 58, refundBody{OriginalPartnerReferenceNo: "order-1", PartnerRefundNo: "rf-1", RefundAmount: amountOf("4000.00")}, ct)
	require.NoError(t, r.err)
	refundNo := r.fields["refundNo"]
	r = call(t, c, "/v1.0/debit/refund", 58, refundBody{OriginalPartnerReferenceNo: "order-1", PartnerRefundNo: "rf-1", RefundAmount: amountOf("4000.00")}, ct)
	require.NoError(t, r.err)
	assert.Equal(t, refundNo, r.fields["refundNo"])
	assert.Equal(t, "4045818", call(t, c, "/v1.0/debit/refund", 58, refundBody{OriginalPartnerReferenceNo: "order-1", PartnerRefundNo: "rf-1", RefundAmount: amountOf("5000.00")}, ct).code)
	assert.Equal(t, "4045813", call(t, c, "/v1.0/debit/refund", 58, refundBody{OriginalPartnerReferenceNo: "order-1", PartnerRefundNo: "rf-2", RefundAmount: amountOf("6000.01")}, ct).code)

	r = call(t, c, "/v1.0/debit/status", 55, statusBody{OriginalPartnerReferenceNo: "order-1", ServiceCode: "54"}, ct)
	require.NoError(t, r.err)
	assert.Equal(t, string(debit.StatusSuccess), r.fields["latestTransactionStatus"], "partly refunded is still Success")
	require.Len(t, r.fields["refundHistory"], 1)
	assert.Equal(t, "rf-1", r.fields["refundHistory"].([]any)[0].(map[string]any)["partnerRefundNo"])

	// Refund the rest (no amount: all that is left): Refunded.
	r = call(t, c, "/v1.0/debit/refund", 58, refundBody{OriginalPartnerReferenceNo: "order-1", PartnerRefundNo: "rf-2"}, ct)
	require.NoError(t, r.err)
	assert.Equal(t, map[string]any{"value": "6000.00", "currency": "IDR"}, r.fields["refundAmount"])
	tx, _ = srv.Transaction("order-1")
	assert.Equal(t, debit.StatusRefunded, tx.Status)

	// A refunded payment cannot be canceled.
	r = call(t, c, "/v1.0/debit/cancel", 57, cancelBody{OriginalPartnerReferenceNo: "order-1"}, ct)
	assert.Equal(t, "4045700", r.code)
	assert.Equal(t, "Invalid Transaction Status", r.message)

	// Another payment: canceled, and a repeated cancel is answered again.
	srv.AddTransaction(Transaction{PartnerReferenceNo: "order-2", Amount: money.IDR(500)})
	r = call(t, c, "/v1.0/debit/cancel", 57, cancelBody{OriginalPartnerReferenceNo: "order-2", Amount: amountOf("500.00")}, ct)
	require.NoError(t, r.err)
	assert.Equal(t, "2020-12-23T07:44:11+07:00", r.fields["cancelTime"])
	require.NoError(t, call(t, c, "/v1.0/debit/cancel", 57, cancelBody{OriginalPartnerReferenceNo: "order-2"}, ct).err)
	tx, _ = srv.Transaction("order-2")
	assert.Equal(t, debit.StatusCanceled, tx.Status)
	assert.Equal(t, "4045718", call(t, c, "/v1.0/debit/cancel", 57, cancelBody{OriginalPartnerReferenceNo: "order-2", Amount: amountOf("501.00")}, ct).code)
	assert.Equal(t, "4045701", call(t, c, "/v1.0/debit/cancel", 57, cancelBody{OriginalPartnerReferenceNo: "order-3"}, ct).code)
	assert.Equal(t, "4045800", call(t, c, "/v1.0/debit/refund", 58, refundBody{OriginalPartnerReferenceNo: "order-2", PartnerRefundNo: "rf-9"}, ct).code)
}

func TestDANAOTCCancel(t *testing.T) {
	srv := newTestServer(t, DANA)
	tx := srv.AddTransaction(Transaction{PartnerReferenceNo: "14054Q0727520211128121824995", Amount: money.IDR(50000), CustomerNumber: "081234567890", ExternalID: "30443786930722726463280097920912"})
	c := newClient(t, srv)
	body := otcCancelBody{OriginalPartnerReferenceNo: tx.PartnerReferenceNo, CustomerNumber: "081234567890", Reason: "Abnormal system result"}
	body.AdditionalInfo.Amount = amountOf("50000.00")

	r := call(t, c, "/v1.0/emoney/otc-cancel.htm", 46, body)
	require.NoError(t, r.err)
	assert.Equal(t, "2004600", r.code)
	assert.Equal(t, "Successful", r.message)
	assert.Equal(t, tx.ReferenceNo, r.fields["originalReferenceNo"])
	assert.Equal(t, "30443786930722726463280097920912", r.fields["originalExternalId"])
	assert.Empty(t, srv.Requests()[0].Header.Get("Authorization"), "DANA uses no B2B token")

	body.CustomerNumber = "089999"
	assert.Equal(t, "4044618", call(t, c, "/v1.0/emoney/otc-cancel.htm", 46, body).code)
	body.OriginalPartnerReferenceNo = "unknown"
	assert.Equal(t, "4044601", call(t, c, "/v1.0/emoney/otc-cancel.htm", 46, body).code)
}

func TestPayerMaxCancel(t *testing.T) {
	srv := newTestServer(t, PayerMax)
	srv.AddTransaction(Transaction{PartnerReferenceNo: "20240302141539079100054", Amount: money.IDR(100000)})
	c := newClient(t, srv)
	r := call(t, c, "/v1.0/debit/cancel", 57, map[string]any{
		"originalPartnerReferenceNo": "20240302141539079100054",
		"reason":                     "Network timeout",
		"amount":                     map[string]any{"value": 100000, "currency": "IDR"}, // PayerMax types it a number
		"additionalInfo":             map[string]any{"version": "1.4", "keyVersion": "1"},
	})
	require.NoError(t, r.err)
	assert.Equal(t, "2005700", r.code)
	assert.Equal(t, map[string]any{"latestTransactionStatus": "05"}, r.fields["additionalInfo"])
	assert.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$`, r.fields["cancelTime"])
	assert.NotEmpty(t, srv.Requests()[1].Header.Get("sign"))
}

func TestNICEPAYCancel(t *testing.T) {
	srv := newTestServer(t, NICEPAY)
	tx := srv.AddTransaction(Transaction{PartnerReferenceNo: "OrdNo20160525000-52104", Amount: money.IDR(10000)})
	require.Len(t, tx.ReferenceNo, 30)
	require.True(t, strings.HasPrefix(tx.ReferenceNo, "IONPAYTEST"))
	c := newClient(t, srv)
	interpret := func(status int, body []byte) snap.Verdict {
		var a struct{ ResultCd, ResultMsg string }
		if jsonErr := jsonUnmarshal(body, &a); jsonErr != nil || a.ResultCd == "" {
			return snap.Unexpected(status, "", "no resultCd")
		}
		if a.ResultCd == "0000" {
			return snap.Verdict{Outcome: snap.Success, RawCode: a.ResultCd, Message: a.ResultMsg}
		}
		return snap.Verdict{Outcome: snap.Failed, RawCode: a.ResultCd, Message: a.ResultMsg}
	}
	cancel := func(b nicepayCancelBody) result {
		var r result
		r.resp, r.err = c.Do(context.Background(), &snap.Request{Path: "/direct/v2/cancel", Body: b, Idempotent: true, Interpret: interpret}, &r.fields)
		var e *snap.Error
		if errorAs(r.err, &e) {
			r.code, r.message = e.RawCode, e.Message
		} else if r.err == nil {
			r.code, r.message = r.fields["resultCd"].(string), r.fields["resultMsg"].(string)
		}
		return r
	}
	ts := fixedNow.In(jakarta).Format(layoutCompact)
	b := nicepayCancelBody{TimeStamp: ts, TXID: tx.ReferenceNo, IMID: srv.IMID(), PayMethod: "05", CancelType: "1", Amt: "10000", CancelMsg: "Request Cancel"}

	b.MerchantToken = nicepayToken(ts, b.IMID, b.TXID, b.Amt, "not-the-merchant-key")
	assert.Equal(t, NICEPAYInvalidToken, cancel(b).code)

	b.MerchantToken = nicepayToken(ts, b.IMID, b.TXID, b.Amt, srv.MerchantKey().Reveal())
	r := cancel(b)
	require.NoError(t, r.err)
	assert.Equal(t, "0000", r.code)
	assert.Equal(t, "SUCCESS", r.message)
	assert.Equal(t, tx.ReferenceNo, r.fields["tXid"])
	assert.Equal(t, "OrdNo20160525000-52104", r.fields["referenceNo"])
	assert.Equal(t, "20201223", r.fields["transDt"])
	assert.Equal(t, "074411", r.fields["transTm"])
	assert.Equal(t, "10000", r.fields["amt"])
	assert.NotEmpty(t, r.fields["description"])
	got, _ := srv.Transaction(tx.PartnerReferenceNo)
	assert.Equal(t, debit.StatusCanceled, got.Status)

	b.TXID = "IONPAYTEST05052012230744110099"
	b.MerchantToken = nicepayToken(ts, b.IMID, b.TXID, b.Amt, srv.MerchantKey().Reveal())
	r = cancel(b)
	assert.Equal(t, NICEPAYUnknownTXID, r.code)
	assert.NotEqual(t, "0000", r.code)

	utc := fixedNow.UTC().Format(layoutCompact) // the classic bug: host time, not Jakarta
	b.TimeStamp, b.TXID = utc, tx.ReferenceNo
	b.MerchantToken = nicepayToken(utc, b.IMID, b.TXID, b.Amt, srv.MerchantKey().Reveal())
	assert.Equal(t, NICEPAYInvalidField, cancel(b).code)
}

func TestNICEPAYTokenKnownAnswer(t *testing.T) {
	// NICEPAY's documented example (e-wallet cancel page).
	assert.Equal(t, "66141d60572e570045c4f3e9965f3452d511496841981e8a2af6a24a7038a119",
		nicepayToken("20180123100505", "IONPAYTEST", "IONPAYTEST01202103311759347262", "10000",
			"33F49GnCMS1mFYlGXisbUDzVf2ATWCl9k3R++d5hDd3Frmuos/XLx8XhXpe+LDYAbpGKZYSwtlyyLOtS/8aD7A=="))
}

func TestExpiredTokenIsRefetched(t *testing.T) {
	srv := newTestServer(t, Generic)
	srv.AddTransaction(Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000)})
	c := newClient(t, srv)
	body := statusBody{OriginalPartnerReferenceNo: "order-1", ServiceCode: "54"}
	ct := snap.CustomerToken(srv.CustomerToken())
	require.NoError(t, call(t, c, "/v1.0/debit/status", 55, body, ct).err)
	srv.ExpireTokens()
	require.NoError(t, call(t, c, "/v1.0/debit/status", 55, body, ct).err)
	assert.Len(t, srv.RequestsTo(TokenPath), 2)
	statuses := srv.RequestsTo("/v1.0/debit/status")
	require.Len(t, statuses, 3)
	assert.Equal(t, "4015501", statuses[1].ResponseCode)
	assert.Equal(t, "Invalid Token (B2B)", statuses[1].ResponseMessage)
}

func TestTokenLifetime(t *testing.T) {
	now := fixedNow
	srv := newTestServer(t, Generic, WithClock(func() time.Time { return now }), WithTokenLifetime(time.Minute))
	srv.AddTransaction(Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000)})
	// A client whose clock stands still keeps its token; the server's moves on.
	c := newClient(t, srv, snap.WithRetry(snap.NoRetry()))
	body := statusBody{OriginalPartnerReferenceNo: "order-1", ServiceCode: "54"}
	ct := snap.CustomerToken(srv.CustomerToken())
	require.NoError(t, call(t, c, "/v1.0/debit/status", 55, body, ct).err)
	now = fixedNow.Add(61 * time.Second)
	require.NoError(t, call(t, c, "/v1.0/debit/status", 55, body, ct).err, "the SDK renews after 401xx01")
	assert.Equal(t, "4015501", srv.RequestsTo("/v1.0/debit/status")[1].ResponseCode)
}

func TestRouting(t *testing.T) {
	srv := newTestServer(t, Paydia)
	resp, err := http.Post(srv.URL+"/v1.0/debit/status", "application/json", strings.NewReader(`{}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	resp, err = http.Get(srv.URL + "/v1.0/auth/void-query")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "4040002", reqs[0].ResponseCode)
	assert.Equal(t, "4056800", reqs[1].ResponseCode)
}

func TestConcurrentCalls(t *testing.T) {
	srv := newTestServer(t, Generic)
	c := newClient(t, srv)
	ct := snap.CustomerToken(srv.CustomerToken())
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ref := "order-" + string(rune('a'+i))
			r := call(t, c, "/v1.0/debit/payment-host-to-host", 54, paymentBody{PartnerReferenceNo: ref, ChargeToken: "c", Amount: amountOf("100.00")}, ct)
			assert.NoError(t, r.err)
			r = call(t, c, "/v1.0/debit/cancel", 57, cancelBody{OriginalPartnerReferenceNo: ref}, ct)
			assert.NoError(t, r.err)
			_ = srv.Requests()
		}()
	}
	wg.Wait()
	assert.Len(t, srv.RequestsTo(TokenPath), 1, "one token for all")
	for i := range 20 {
		tx, ok := srv.Transaction("order-" + string(rune('a'+i)))
		require.True(t, ok)
		assert.Equal(t, debit.StatusCanceled, tx.Status)
	}
}

func TestGeneratedKeys(t *testing.T) {
	srv := NewServer(DANA) // keys generated on first use
	defer srv.Close()
	srv.AddTransaction(Transaction{PartnerReferenceNo: "otc-1", Amount: money.IDR(1)})
	c, err := snap.NewClient(srv.SNAPConfig())
	require.NoError(t, err)
	body := otcCancelBody{OriginalPartnerReferenceNo: "otc-1", CustomerNumber: "0812", Reason: "r"}
	body.AdditionalInfo.Amount = amountOf("1.00")
	r := call(t, c, "/v1.0/emoney/otc-cancel.htm", 46, body)
	require.NoError(t, r.err)
	assert.Equal(t, "2004600", r.code)
	assert.Equal(t, srv.PartnerKey().Public(), srv.SNAPConfig().PrivateKey.Public())
	assert.NotEqual(t, srv.PartnerKey().N, srv.ProviderPublicKey().N)
}

func TestSNAPConfigPerProfile(t *testing.T) {
	for _, tc := range []struct {
		p         Profile
		sig       snap.SignatureMode
		tokenPath string
		layout    string
		bodySig   string
		suffix    string
	}{
		{Generic, snap.Symmetric, TokenPath, "", "", ""},
		{DANA, snap.Asymmetric, "", "", "", ""},
		{PayerMax, snap.Symmetric, TokenPath, snap.TimestampLayoutMillis, "sign", ""},
		{Paydia, snap.Symmetric, TokenPath, "", "", "/snap"},
		{NICEPAY, snap.Plain, "", "", "", "/nicepay"},
	} {
		t.Run(tc.p.String(), func(t *testing.T) {
			srv := newTestServer(t, tc.p)
			cfg := srv.SNAPConfig()
			assert.Equal(t, tc.sig, cfg.Signature)
			assert.Equal(t, tc.tokenPath, cfg.TokenPath)
			assert.Equal(t, tc.layout, cfg.TimestampLayout)
			assert.Equal(t, tc.bodySig, cfg.BodySignatureHeader)
			assert.True(t, strings.HasSuffix(cfg.BaseURL, "127.0.0.1:"+strings.Split(srv.ts.URL, ":")[2]+tc.suffix))
			_, err := snap.NewClient(cfg)
			assert.NoError(t, err)
		})
	}
	assert.Equal(t, "Profile(9)", Profile(9).String())
}
