package snaptest

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/snapbi/snap/internal/jsonbytes"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// reply is the answer a handler decided on.
type reply struct {
	status  int
	body    any // marshalled without HTML escaping
	code    string
	message string
	reason  string // why a request was refused, for Recorded.Reason
}

// snapResult is the head of every SNAP answer.
type snapResult struct {
	ResponseCode    string `json:"responseCode"`
	ResponseMessage string `json:"responseMessage"`
}

// snapFail answers a refusal: HTTP status + service + case, and its message.
func snapFail(status, service, caseCode int, message, reason string) reply {
	code := responsecode.New(status, service, caseCode).String()
	return reply{status: status, body: snapResult{code, message}, code: code, message: message, reason: reason}
}

// snapCodeReply answers an arbitrary code (an injected fault); a malformed
// code is sent as it is with HTTP 500.
func snapCodeReply(raw string) reply {
	status, msg := http.StatusInternalServerError, "Internal Server Error"
	if c, err := responsecode.Parse(raw); err == nil {
		status = c.HTTPStatus()
		if m := c.Message(); m != "" {
			msg = m
		}
	} else if len(raw) >= 3 {
		if n, err := strconv.Atoi(raw[:3]); err == nil && n >= 200 && n <= 599 {
			status = n
		}
	}
	return reply{status: status, body: snapResult{raw, msg}, code: raw, message: msg}
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxRequestBytes))
	now := s.now()
	path := r.URL.Path
	rt, known := s.spec.routes[trimBase(path, s.spec.basePath)]

	s.mu.Lock()
	s.attempts[path]++
	attempt := s.attempts[path]
	rec := &Recorded{Method: r.Method, Path: path, Header: r.Header.Clone(), Body: body, Time: now, Attempt: attempt}
	s.recorded = append(s.recorded, rec)
	fault := s.takeFault(path, attempt)
	if fault != nil {
		rec.Fault = fault.faultName()
	}
	s.mu.Unlock()

	if fault != nil {
		if _, isDelay := fault.(Delay); !isDelay {
			s.applyFault(w, fault, rt.service, rec)
			return
		}
	}

	var rep reply
	switch {
	case !known:
		rep = snapFail(http.StatusNotFound, 0, 2, "Invalid Routing", "no endpoint "+path+" in the "+s.profile.String()+" profile")
	case r.Method != http.MethodPost:
		rep = snapFail(http.StatusMethodNotAllowed, rt.service, 0, "Requested Function Is Not Supported", "method "+r.Method+" is not POST")
	default:
		rep = s.handle(r, body, rt, now)
	}

	if d, isDelay := fault.(Delay); isDelay {
		t := time.NewTimer(time.Duration(d))
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			rep.reason = "client gave up during an injected delay; processed, answer never sent"
			rep.status = 0
			s.finish(rec, rep)
			return
		case <-s.done:
			rep.reason = "server closed during an injected delay; processed, answer never sent"
			rep.status = 0
			s.finish(rec, rep)
			return
		}
	}
	s.write(w, rep, rec)
}

// handle dispatches a well-routed POST.
func (s *Server) handle(r *http.Request, body []byte, rt route, now time.Time) reply {
	switch rt.endpoint {
	case epToken:
		return s.serveToken(r, body, now)
	case epNICEPAYCancel:
		return s.serveNICEPAYCancel(r, body, now)
	}
	a, rep, ok := s.authenticate(r, body, rt.service, now)
	if !ok {
		return rep
	}
	if h, known := handlers[rt.endpoint]; known {
		return h(s, a, body, rt.service, now)
	}
	return snapFail(http.StatusNotFound, rt.service, 2, "Invalid Routing", "no handler")
}

// handler serves an authenticated SNAP request.
type handler func(s *Server, a authCtx, body []byte, service int, now time.Time) reply

// handlers are the SNAP endpoints behind authentication, each an operation.
var handlers = map[endpoint]handler{
	epPayment:   operation[paymentRequest]{decode: decodePayment, check: (*paymentRequest).check, serve: (*Server).servePayment}.handle,
	epStatus:    operation[statusRequest]{check: (*statusRequest).check, serve: (*Server).serveStatus}.handle,
	epCancel:    operation[cancelRequest]{check: (*cancelRequest).check, serve: (*Server).serveCancel}.handle,
	epRefund:    operation[refundRequest]{decode: decodeRefund, check: (*refundRequest).check, serve: (*Server).serveRefund}.handle,
	epOTCCancel: operation[otcCancelRequest]{check: (*otcCancelRequest).check, serve: (*Server).serveOTCCancel}.handle,
	epVoid:      operation[voidRequest]{check: (*voidRequest).check, serve: (*Server).serveVoid}.handle,
	epVoidQuery: operation[voidQueryRequest]{check: (*voidQueryRequest).check, serve: (*Server).serveVoidQuery}.handle,
}

// operation is a SNAP endpoint declared as its steps, which every endpoint
// takes in the same order: read the body strictly, check its fields in the
// order of the provider's table, then serve it holding s.mu. A refusal at
// either of the first two steps leaves the state untouched.
type operation[R any] struct {
	// decode reads body into req; nil is decodeBody with R's names only.
	decode func(s *Server, body []byte, req *R, service int) (reply, bool)
	// check checks req's fields and returns its amount, when it has one
	// (every SNAP request here carries at most one).
	check func(req *R, s *Server, c *checker) (amount money.Money, present bool)
	// serve looks up the transaction, changes it and answers.
	serve func(s *Server, o opCtx, req *R) reply
}

// opCtx is what an operation's serve step knows besides its request.
type opCtx struct {
	authCtx
	service   int
	now       time.Time
	amount    money.Money // the request's amount, as check read it
	hasAmount bool
}

func (op operation[R]) handle(s *Server, a authCtx, body []byte, service int, now time.Time) reply {
	var req R
	decode := op.decode
	if decode == nil {
		decode = func(_ *Server, body []byte, req *R, service int) (reply, bool) { return decodeBody(body, req, service) }
	}
	if rep, ok := decode(s, body, &req, service); !ok {
		return rep
	}
	var c checker
	amount, hasAmount := op.check(&req, s, &c)
	if rep, ok := c.result(service); !ok {
		return rep
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return op.serve(s, opCtx{authCtx: a, service: service, now: now, amount: amount, hasAmount: hasAmount}, &req)
}

// sameAmount refuses a request whose amount, when it has one, is not the
// payment's.
func (o opCtx) sameAmount(tx *txState) (reply, bool) {
	if o.hasAmount && !tx.Amount.Equal(o.amount) {
		return inconsistent(o.service, "amount "+o.amount.String()+" differs from the payment's "+tx.Amount.String()), false
	}
	return reply{}, true
}

// write sends rep and records it.
func (s *Server) write(w http.ResponseWriter, rep reply, rec *Recorded) {
	b, err := jsonbytes.Marshal(rep.body)
	if err != nil { // a bug in the simulator, not in the client
		rep = snapFail(http.StatusInternalServerError, 0, 1, "Internal Server Error", "snaptest: encoding the answer: "+err.Error())
		b, _ = jsonbytes.Marshal(rep.body)
	}
	w.Header().Set("Content-Type", "application/json")
	if s.profile != NICEPAY {
		w.Header().Set("X-TIMESTAMP", formatTime(s.now(), s.spec.layout))
	}
	w.WriteHeader(rep.status)
	_, _ = w.Write(b)
	s.finish(rec, rep)
}

// finish stores the verdict of a request.
func (s *Server) finish(rec *Recorded, rep reply) {
	s.mu.Lock()
	rec.Status, rec.ResponseCode, rec.ResponseMessage, rec.Reason = rep.status, rep.code, rep.message, rep.reason
	s.mu.Unlock()
}

func trimBase(path, base string) string {
	if base == "" {
		return path
	}
	if len(path) > len(base) && path[:len(base)] == base && path[len(base)] == '/' {
		return path[len(base):]
	}
	return "\x00" + path // outside the base path: no route
}
