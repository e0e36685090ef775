package hostiletest

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/dana"
	"github.com/snapbi/snap/debit"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/nicepay"
	"github.com/snapbi/snap/paydia"
	"github.com/snapbi/snap/payermax"
	"github.com/snapbi/snap/responsecode"
)

// policy is the retry policy every client of the matrix runs under.
var policy = snap.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}

// op is one public operation of one provider package.
type op struct {
	name       string
	service    int // 0: NICEPAY v2, whose codes carry no service
	idempotent bool
	cancel     bool // a cancel: a state it reports must be 05
	proof      *snap.Proof
	// closedTable: the provider's table lists every code (DANA OTC).
	closedTable bool
	// generalErrorFailed: the provider's table makes 500xx00 Failed.
	generalErrorFailed bool
	call               func(ctx context.Context, base string) error
}

// class is one kind of answer, with what it proves.
type class struct {
	name   string
	truth  snap.Outcome // Success, Failed, or Pending: the answer proves neither
	renew  bool         // a 401xx01 answer: one token renewal may add a request
	hang   bool         // never answer
	reset  bool         // close the connection
	answer func(req map[string]any) (status int, body string)
}

// hostile is the loopback provider: the B2B token always, then the class
// under test on every other path.
type hostile struct {
	srv      *httptest.Server
	class    class
	requests atomic.Int32
}

func newHostile(t *testing.T, c class) *hostile {
	h := &hostile{class: c}
	h.srv = httptest.NewServer(http.HandlerFunc(h.serve))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hostile) serve(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if strings.HasSuffix(r.URL.Path, "/access-token/b2b") {
		_, _ = w.Write([]byte(`{"responseCode":"2007300","responseMessage":"Successful","accessToken":"tok","tokenType":"Bearer","expiresIn":"900"}`))
		return
	}
	h.requests.Add(1)
	var req map[string]any
	_ = json.NewDecoder(r.Body).Decode(&req)
	switch {
	case h.class.hang:
		<-r.Context().Done()
	case h.class.reset:
		if conn, _, err := w.(http.Hijacker).Hijack(); err == nil {
			if tc, ok := conn.(*net.TCPConn); ok {
				_ = tc.SetLinger(0)
			}
			_ = conn.Close()
		}
	default:
		status, body := h.class.answer(req)
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
}

// TestHostileMatrix sends every answer class to every public operation:
// no false Failed, no false Success, never more requests than the policy
// allows.
func TestHostileMatrix(t *testing.T) {
	var falseFailed, falseSuccess, cases int
	for _, o := range operations(t) {
		for _, c := range classesFor(o) {
			t.Run(o.name+"/"+c.name, func(t *testing.T) {
				cases++
				h := newHostile(t, c)
				err := o.call(context.Background(), h.srv.URL)
				got := snap.OutcomeOf(err)
				switch {
				case got == snap.Failed && c.truth != snap.Failed:
					falseFailed++
				case got == snap.Success && c.truth != snap.Success:
					falseSuccess++
				}
				assert.Equal(t, c.truth, got, "%v", err)
				assert.LessOrEqual(t, int(h.requests.Load()), allowed(o, c), "requests")
				assert.False(t, snap.IsValidation(err), "the request itself is valid: %v", err)
			})
		}
	}
	t.Logf("%d cases: %d false Failed, %d false Success", cases, falseFailed, falseSuccess)
	assert.Zero(t, falseFailed)
	assert.Zero(t, falseSuccess)
}

// allowed is how many requests of the operation the policy permits.
func allowed(o op, c class) int {
	n := 1
	if o.idempotent {
		n = policy.MaxAttempts
	}
	if c.renew && n < 2 {
		n = 2 // a call whose only answer is 401xx01 may renew once
	}
	return n
}

// classesFor builds the answer classes for one operation.
func classesFor(o op) []class {
	if o.service == 0 {
		return nicepayClasses()
	}
	code := func(http, kase int) string { return responsecode.New(http, o.service, kase).String() }
	other := responsecode.ServiceDebitStatus
	if o.service == other {
		other = responsecode.ServiceDebitCancel
	}
	fixed := func(status int, body string) func(map[string]any) (int, string) {
		return func(map[string]any) (int, string) { return status, body }
	}
	snapBody := func(c string) string { return `{"responseCode":"` + c + `","responseMessage":"msg"}` }
	proven := func(req map[string]any) map[string]any { return provenAnswer(o, req) }
	withCode := func(status int, c string, edit func(m, req map[string]any)) func(map[string]any) (int, string) {
		return func(req map[string]any) (int, string) {
			m := proven(req)
			m["responseCode"] = c
			if edit != nil {
				edit(m, req)
			}
			return status, marshal(m)
		}
	}
	generalError := snap.Pending
	if o.generalErrorFailed {
		generalError = snap.Failed
	}
	cs := []class{
		{name: "proven success", truth: snap.Success, answer: withCode(200, code(200, 0), nil)},
		{name: "duplicate responseCode, success last", truth: snap.Pending, answer: func(req map[string]any) (int, string) {
			return 200, `{"responseCode":"` + code(404, 1) + `",` + strings.TrimPrefix(marshal(proven(req)), "{")
		}},
		{name: "duplicate responseCode, refusal last", truth: snap.Pending, answer: func(req map[string]any) (int, string) {
			b := marshal(proven(req))
			return 404, strings.TrimSuffix(b, "}") + `,"responseCode":"` + code(404, 1) + `"}`
		}},
		{name: "another service's success", truth: snap.Pending, answer: withCode(200, responsecode.New(200, other, 0).String(), nil)},
		{name: "another service's refusal", truth: snap.Pending, answer: fixed(404, snapBody(responsecode.New(404, other, 1).String()))},
		{name: "success code on HTTP 202", truth: snap.Pending, answer: withCode(202, code(200, 0), nil)},
		{name: "202 in progress", truth: snap.Pending, answer: fixed(202, snapBody(code(202, 0)))},
		{name: "409 conflict", truth: snap.Pending, answer: fixed(409, snapBody(code(409, 0)))},
		{name: "409 duplicate reference", truth: snap.Pending, answer: fixed(409, snapBody(code(409, 1)))},
		{name: "500 general error", truth: generalError, answer: fixed(500, snapBody(code(500, 0)))},
		{name: "500 internal error", truth: snap.Pending, answer: fixed(500, snapBody(code(500, 1)))},
		{name: "500 external error", truth: snap.Pending, answer: fixed(500, snapBody(code(500, 2)))},
		{name: "504 timeout", truth: snap.Pending, answer: fixed(504, snapBody(code(504, 0)))},
		{name: "429 too many", truth: snap.Pending, answer: fixed(429, snapBody(code(429, 0)))},
		{name: "undefined case", truth: snap.Pending, answer: fixed(403, snapBody(code(403, 99)))},
		{name: "code disagrees with HTTP status", truth: snap.Pending, answer: fixed(200, snapBody(code(404, 1)))},
		{name: "numeric code", truth: snap.Pending, answer: fixed(200, `{"responseCode":`+code(200, 0)+`}`)},
		{name: "null code", truth: snap.Pending, answer: fixed(200, `{"responseCode":null,"responseMessage":"Successful"}`)},
		{name: "no code", truth: snap.Pending, answer: fixed(200, `{"responseMessage":"Successful"}`)},
		{name: "8-digit code", truth: snap.Pending, answer: withCode(200, code(200, 0)+"0", nil)},
		{name: "HTML 502", truth: snap.Pending, answer: fixed(502, `<html><body>Bad Gateway</body></html>`)},
		{name: "HTML 200", truth: snap.Pending, answer: fixed(200, `<html>ok</html>`)},
		{name: "empty 200", truth: snap.Pending, answer: fixed(200, ``)},
		{name: "JSON array", truth: snap.Pending, answer: fixed(200, `[{"responseCode":"`+code(200, 0)+`"}]`)},
		{name: "truncated JSON", truth: snap.Pending, answer: fixed(200, `{"responseCode":"`+code(200, 0)+`"`)},
		{name: "timeout", truth: snap.Pending, hang: true},
		{name: "connection reset", truth: snap.Pending, reset: true},
		{name: "invalid token every time", truth: snap.Failed, renew: true, answer: fixed(401, snapBody(code(401, 1)))},
		{name: "documented refusal 400xx02", truth: snap.Failed, answer: fixed(400, snapBody(code(400, 2)))},
		{name: "documented refusal 404xx01", truth: snap.Failed, answer: fixed(404, snapBody(code(404, 1)))},
	}
	if o.closedTable {
		cs = append(cs, class{name: "a code outside the closed table", truth: snap.Pending, answer: fixed(403, snapBody(code(403, 5)))})
	} else {
		cs = append(cs, class{name: "a generic refusal", truth: snap.Failed, answer: fixed(403, snapBody(code(403, 5)))})
	}
	for _, f := range o.proof.Mandatory {
		cs = append(cs, class{name: "success without " + f, truth: snap.Pending,
			answer: withCode(200, code(200, 0), func(m, _ map[string]any) { deletePath(m, f) })})
	}
	for _, f := range o.proof.Echoed {
		cs = append(cs, class{name: "success echoing another " + f, truth: snap.Pending,
			answer: withCode(200, code(200, 0), func(m, req map[string]any) {
				if v, ok := getPath(req, f); ok {
					setPath(m, f, otherValue(v))
				}
			})})
	}
	if o.cancel {
		for _, state := range []string{"00", "03"} {
			cs = append(cs, class{name: "cancel answer reporting state " + state, truth: snap.Pending,
				answer: withCode(200, code(200, 0), func(m, _ map[string]any) {
					field := "latestTransactionStatus"
					if _, nested := getPath(m, "additionalInfo.latestTransactionStatus"); nested {
						field = "additionalInfo.latestTransactionStatus"
					}
					setPath(m, field, state)
				})})
		}
	}
	return dropNotApplicable(o, cs)
}

// dropNotApplicable removes echo classes for fields the request does not
// carry (there is nothing to contradict).
func dropNotApplicable(o op, cs []class) []class {
	out := cs[:0]
	for _, c := range cs {
		if f, ok := strings.CutPrefix(c.name, "success echoing another "); ok && !requestCarries(o, f) {
			continue
		}
		out = append(out, c)
	}
	return out
}

func nicepayClasses() []class {
	answer := func(status int, edit func(m map[string]any)) func(map[string]any) (int, string) {
		return func(req map[string]any) (int, string) {
			m := map[string]any{"resultCd": "0000", "resultMsg": "SUCCESS", "tXid": req["tXid"], "amt": req["amt"],
				"referenceNo": "ord-1", "transDt": "20160303", "transTm": "135959"}
			if edit != nil {
				edit(m)
			}
			return status, marshal(m)
		}
	}
	code := func(c string) func(m map[string]any) { return func(m map[string]any) { m["resultCd"] = c } }
	fixed := func(status int, body string) func(map[string]any) (int, string) {
		return func(map[string]any) (int, string) { return status, body }
	}
	return []class{
		{name: "proven success", truth: snap.Success, answer: answer(200, nil)},
		{name: "0000 on HTTP 202", truth: snap.Pending, answer: answer(202, nil)},
		{name: "0000 with a space", truth: snap.Pending, answer: answer(200, code("0000 "))},
		{name: "five zeros", truth: snap.Pending, answer: answer(200, code("00000"))},
		{name: "undocumented code", truth: snap.Pending, answer: answer(200, code("Z999"))},
		{name: "generic cancel error", truth: snap.Pending, answer: answer(200, code("8061"))},
		{name: "busy", truth: snap.Pending, answer: answer(200, code("9302"))},
		{name: "documented refusal 9314", truth: snap.Failed, answer: answer(200, code("9314"))},
		{name: "documented refusal 9301", truth: snap.Failed, answer: answer(200, code("9301"))},
		{name: "refusal on HTTP 400", truth: snap.Pending, answer: answer(400, code("9314"))},
		{name: "numeric resultCd", truth: snap.Pending, answer: answer(200, func(m map[string]any) { m["resultCd"] = 0 })},
		{name: "duplicate resultCd, success last", truth: snap.Pending, answer: fixed(200, `{"resultCd":"9314","resultCd":"0000"}`)},
		{name: "duplicate resultCd, refusal last", truth: snap.Pending, answer: func(req map[string]any) (int, string) {
			_, b := answer(200, nil)(req)
			return 200, strings.TrimSuffix(b, "}") + `,"resultCd":"9314"}`
		}},
		{name: "another tXid", truth: snap.Pending, answer: answer(200, func(m map[string]any) { m["tXid"] = "IONPAYTEST00000000000000000000" })},
		{name: "another amt", truth: snap.Pending, answer: answer(200, func(m map[string]any) { m["amt"] = "1" })},
		{name: "without tXid", truth: snap.Pending, answer: answer(200, func(m map[string]any) { delete(m, "tXid") })},
		{name: "without amt", truth: snap.Pending, answer: answer(200, func(m map[string]any) { delete(m, "amt") })},
		{name: "HTML 502", truth: snap.Pending, answer: fixed(502, `<html>Bad Gateway</html>`)},
		{name: "empty 200", truth: snap.Pending, answer: fixed(200, ``)},
		{name: "JSON array", truth: snap.Pending, answer: fixed(200, `[{"resultCd":"0000"}]`)},
		{name: "timeout", truth: snap.Pending, hang: true},
		{name: "connection reset", truth: snap.Pending, reset: true},
	}
}

// provenAnswer builds the success answer o's proof asks for, about req.
func provenAnswer(o op, req map[string]any) map[string]any {
	m := map[string]any{"responseCode": responsecode.New(200, o.service, 0).String(), "responseMessage": "Successful"}
	for _, f := range o.proof.Echoed {
		if v, ok := getPath(req, f); ok {
			setPath(m, f, v)
		}
	}
	for _, f := range o.proof.Mandatory {
		if _, ok := getPath(m, f); ok {
			continue
		}
		if v, ok := getPath(req, f); ok {
			setPath(m, f, v)
			continue
		}
		setPath(m, f, plausible(o, f))
	}
	return m
}

// plausible is a well-formed value of a mandatory field the request lacks.
func plausible(o op, field string) any {
	last := field[strings.LastIndex(field, ".")+1:]
	switch {
	case last == "latestTransactionStatus" && o.cancel:
		return "05"
	case last == "latestTransactionStatus":
		return "00"
	case last == "latestVoidStatus":
		return "SUCCESS"
	case strings.HasSuffix(last, "Time"), strings.HasSuffix(last, "Date"):
		return "2024-08-20T07:11:20+07:00"
	case strings.HasSuffix(last, "Amount"):
		return map[string]any{"value": "1000.00", "currency": "IDR"}
	case last == "serviceCode":
		return "54"
	}
	return "REF-1"
}

// otherValue is a value that differs from v: another string, another amount.
func otherValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return map[string]any{"value": "1.23", "currency": x["currency"]}
	case string:
		return x + "9"
	}
	return "other"
}

func requestCarries(o op, field string) bool {
	// The requests below carry these references; the others are not sent.
	carried := map[string]bool{
		"originalPartnerReferenceNo": true, "originalReferenceNo": true, "partnerReferenceNo": true,
		"partnerRefundNo": true, "refundAmount": true, "serviceCode": true, "voidNo": true,
		"partnerVoidNo": true, "voidAmount": true, "tXid": true, "amt": true,
	}
	return carried[field]
}

func marshal(m map[string]any) string {
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func getPath(m map[string]any, path string) (any, bool) {
	cur := m
	parts := strings.Split(path, ".")
	for i, p := range parts {
		v, ok := cur[p]
		if !ok {
			return nil, false
		}
		if i == len(parts)-1 {
			return v, v != nil && v != ""
		}
		if cur, ok = v.(map[string]any); !ok {
			return nil, false
		}
	}
	return nil, false
}

func setPath(m map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	cur := m
	for _, p := range parts[:len(parts)-1] {
		next, ok := cur[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[p] = next
		}
		cur = next
	}
	cur[parts[len(parts)-1]] = v
}

func deletePath(m map[string]any, path string) {
	parts := strings.Split(path, ".")
	cur := m
	for _, p := range parts[:len(parts)-1] {
		next, ok := cur[p].(map[string]any)
		if !ok {
			return
		}
		cur = next
	}
	delete(cur, parts[len(parts)-1])
}

// operations lists every public operation with a valid request.
func operations(t *testing.T) []op {
	key := snap.NewPrivateKey(testkit.PartnerKey(t))
	opts := []snap.Option{snap.WithRetry(policy), snap.WithTimeout(150 * time.Millisecond)}
	amount := money.IDR(10000)
	ctoken := snap.CustomerToken("cust-token")

	danaClient := func(base string) *dana.Client {
		c, err := dana.NewClient(dana.Config{BaseURL: base, PartnerID: "p", ChannelID: "95221", PrivateKey: key}, opts...)
		require.NoError(t, err)
		return c
	}
	payermaxClient := func(base string) *payermax.Client {
		c, err := payermax.NewClient(payermax.Config{BaseURL: base, PartnerID: "p", ChannelID: "95221", ClientSecret: "s", PrivateKey: key}, opts...)
		require.NoError(t, err)
		return c
	}
	paydiaClient := func(base string) *paydia.Client {
		c, err := paydia.NewClient(paydia.Config{BaseURL: base + "/snap", PartnerID: "p", ChannelID: "95221", ClientSecret: "s", PrivateKey: key}, opts...)
		require.NoError(t, err)
		return c
	}
	debitClient := func(base string) *debit.Client {
		core, err := snap.NewClient(snap.Config{BaseURL: base, PartnerID: "p", ChannelID: "95221", ClientSecret: "s", PrivateKey: key,
			Signature: snap.Symmetric, TokenPath: "/v1.0/access-token/b2b"}, opts...)
		require.NoError(t, err)
		c, err := debit.Wrap(core)
		require.NoError(t, err)
		return c
	}
	nicepayClient := func(base string) *nicepay.Client {
		c, err := nicepay.NewClient(nicepay.Config{BaseURL: base + "/nicepay", IMID: "IONPAYTEST", MerchantKey: "key"}, opts...)
		require.NoError(t, err)
		return c
	}

	status := func() *debit.StatusRequest {
		return &debit.StatusRequest{OriginalPartnerReferenceNo: "P1", OriginalReferenceNo: "R1", ServiceCode: responsecode.ServiceDebitPayment, MerchantID: "M1"}
	}
	cancel := func() *debit.CancelRequest {
		return &debit.CancelRequest{OriginalPartnerReferenceNo: "P1", OriginalReferenceNo: "R1", MerchantID: "M1", Reason: "r", Amount: amount}
	}
	refund := func() *debit.RefundRequest {
		return &debit.RefundRequest{OriginalPartnerReferenceNo: "P1", OriginalReferenceNo: "R1", PartnerRefundNo: "RF1", MerchantID: "M1", RefundAmount: amount, Reason: "r"}
	}
	errOf := func(_ any, err error) error { return err }

	return []op{
		{name: "dana/CancelOTC", service: 46, idempotent: true, proof: dana.OTCCancelProof(), closedTable: true, generalErrorFailed: true,
			call: func(ctx context.Context, base string) error {
				return errOf(danaClient(base).CancelOTC(ctx, &dana.OTCCancelRequest{OriginalPartnerReferenceNo: "P1", OriginalReferenceNo: "R1",
					CustomerNumber: "0812", Reason: "r", AdditionalInfo: dana.OTCCancelAdditionalInfo{Amount: money.IDR(50000)}}))
			}},
		{name: "dana/Status", service: 55, idempotent: true, proof: dana.DebitProof(55),
			call: func(ctx context.Context, base string) error {
				return errOf(danaClient(base).Status(ctx, status()))
			}},
		{name: "dana/Cancel", service: 57, idempotent: true, cancel: true, proof: dana.DebitProof(57),
			call: func(ctx context.Context, base string) error {
				return errOf(danaClient(base).Cancel(ctx, cancel()))
			}},
		{name: "dana/Refund", service: 58, idempotent: true, proof: dana.DebitProof(58),
			call: func(ctx context.Context, base string) error {
				return errOf(danaClient(base).Refund(ctx, refund()))
			}},
		{name: "payermax/CancelDebit", service: 57, idempotent: true, cancel: true, proof: payermax.CancelProof(),
			call: func(ctx context.Context, base string) error {
				return errOf(payermaxClient(base).Cancel(ctx, &payermax.CancelRequest{OriginalPartnerReferenceNo: "P1", OriginalReferenceNo: "R1", MerchantID: "M1", Amount: amount}))
			}},
		{name: "payermax/DebitStatus", service: 55, idempotent: true, proof: payermax.StatusProof(),
			call: func(ctx context.Context, base string) error {
				return errOf(payermaxClient(base).Status(ctx, &payermax.StatusRequest{OriginalPartnerReferenceNo: "P1", OriginalReferenceNo: "R1", MerchantID: "M1"}))
			}},
		{name: "payermax/DebitPayment", service: 54, proof: debit.DefaultProof(54),
			call: func(ctx context.Context, base string) error {
				return errOf(payermaxClient(base).Payment(ctx, &payermax.PaymentRequest{MerchantID: "M1", PartnerReferenceNo: "P1", Amount: amount,
					ValidUpTo: payermax.NewTimestamp(time.Now().Add(30 * time.Minute))}))
			}},
		{name: "nicepay/Cancel", idempotent: true, proof: nicepay.CancelProof(),
			call: func(ctx context.Context, base string) error {
				return errOf(nicepayClient(base).Cancel(ctx, &nicepay.CancelRequest{TXID: "IONPAYTEST02201603091207051498", PayMethod: nicepay.PayMethodEWallet,
					CancelType: nicepay.CancelFull, Amt: money.IDR(1000)}))
			}},
		{name: "paydia/Void", service: 67, idempotent: true, proof: paydia.VoidProof(),
			call: func(ctx context.Context, base string) error {
				return errOf(paydiaClient(base).Void(ctx, &paydia.VoidRequest{OriginalPartnerReferenceNo: "P1", OriginalReferenceNo: "R1", PartnerVoidNo: "V1",
					MerchantID: "M1", VoidAmount: money.IDR(3000)}, ctoken))
			}},
		{name: "paydia/VoidQuery", service: 68, idempotent: true, proof: paydia.VoidQueryProof(),
			call: func(ctx context.Context, base string) error {
				return errOf(paydiaClient(base).VoidQuery(ctx, &paydia.VoidQueryRequest{OriginalPartnerReferenceNo: "P1", OriginalReferenceNo: "R1", MerchantID: "M1",
					VoidNo: "VN1", PartnerVoidNo: "V1"}, ctoken))
			}},
		{name: "debit/Payment", service: 54, proof: debit.DefaultProof(54),
			call: func(ctx context.Context, base string) error {
				return errOf(debitClient(base).Payment(ctx, &debit.PaymentRequest{PartnerReferenceNo: "P1", ChargeToken: "c", MerchantID: "M1", Amount: amount}))
			}},
		{name: "debit/Status", service: 55, idempotent: true, proof: debit.DefaultProof(55),
			call: func(ctx context.Context, base string) error { return errOf(debitClient(base).Status(ctx, status())) }},
		{name: "debit/Cancel", service: 57, idempotent: true, cancel: true, proof: debit.DefaultProof(57),
			call: func(ctx context.Context, base string) error { return errOf(debitClient(base).Cancel(ctx, cancel())) }},
		{name: "debit/Refund", service: 58, idempotent: true, proof: debit.DefaultProof(58),
			call: func(ctx context.Context, base string) error { return errOf(debitClient(base).Refund(ctx, refund())) }},
	}
}
