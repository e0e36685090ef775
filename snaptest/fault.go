package snaptest

import (
	"fmt"
	"net/http"
	"slices"
	"time"
)

// Fault is a failure injected into the requests on one path.
type Fault struct {
	// Attempts lists which requests on the path get the fault, counted from
	// the Fail call: []int{1, 2} hits the next two requests, []int{2} only the
	// second. When empty, Times applies.
	Attempts []int
	// Times hits the next Times requests on the path; 0 (with no Attempts)
	// hits every request until ClearFaults.
	Times int
	// Kind is what happens: Delay(d), Code("5005701"), DropConnection,
	// TooManyRequests, HTMLBadGateway or EmptyBody.
	Kind FaultKind
}

// FaultKind is what an injected fault does. It is one of Delay, Code or a
// Malfunction.
type FaultKind interface {
	faultName() string
}

// Delay processes the request normally and holds the answer back for the
// given duration: set it past the client's timeout to simulate an answer
// lost on the way back (the operation did happen). The hold ends early when
// the client gives up or the server closes; the answer is then never sent.
type Delay time.Duration

func (d Delay) faultName() string { return "delay " + time.Duration(d).String() }

// Code answers with the given response code and its HTTP status (the code's
// first three digits) without processing the request, e.g. Code("5005701").
// On the NICEPAY profile it is the resultCd of an HTTP 200 answer.
type Code string

func (c Code) faultName() string { return "code " + string(c) }

// Malfunction is a fault that needs no parameter. None of them processes
// the request.
type Malfunction int

const (
	// DropConnection closes the connection without an answer.
	DropConnection Malfunction = iota + 1
	// TooManyRequests answers HTTP 429 with responseCode 429xx00.
	TooManyRequests
	// HTMLBadGateway answers HTTP 502 with an HTML page, as a proxy in front
	// of the provider would.
	HTMLBadGateway
	// EmptyBody answers HTTP 200 with an empty body.
	EmptyBody
)

func (m Malfunction) faultName() string {
	switch m {
	case DropConnection:
		return "drop connection"
	case TooManyRequests:
		return "429 too many requests"
	case HTMLBadGateway:
		return "HTML 502 bad gateway"
	case EmptyBody:
		return "empty body"
	}
	return fmt.Sprintf("Malfunction(%d)", int(m))
}

// faultState is a Fault armed on a path.
type faultState struct {
	Fault
	start int // requests on the path before Fail was called
	hits  int
}

// matches reports whether the attempt-th request on the path gets the fault.
func (f *faultState) matches(attempt int) bool {
	rel := attempt - f.start
	switch {
	case len(f.Attempts) > 0:
		return slices.Contains(f.Attempts, rel)
	case f.Times > 0:
		return f.hits < f.Times
	default:
		return true
	}
}

// Fail arms f on path (under the base URL, e.g. "/v1.0/debit/cancel", or
// the full URL path). Faults armed on the same path are tried in order; the
// first that matches a request is applied.
func (s *Server) Fail(path string, f Fault) {
	if f.Kind == nil {
		return
	}
	full := s.fullPath(path)
	s.mu.Lock()
	defer s.mu.Unlock()
	f.Attempts = slices.Clone(f.Attempts)
	s.faults[full] = append(s.faults[full], &faultState{Fault: f, start: s.attempts[full]})
}

// ClearFaults disarms every fault on path.
func (s *Server) ClearFaults(path string) {
	s.mu.Lock()
	delete(s.faults, s.fullPath(path))
	s.mu.Unlock()
}

// takeFault returns the fault for the attempt-th request on path, if any.
// The caller holds s.mu.
func (s *Server) takeFault(path string, attempt int) FaultKind {
	for _, f := range s.faults[path] {
		if f.matches(attempt) {
			f.hits++
			return f.Kind
		}
	}
	return nil
}

const badGatewayPage = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>nginx</center>
</body>
</html>
`

// applyFault answers a request with a fault that does not process it.
func (s *Server) applyFault(w http.ResponseWriter, kind FaultKind, service int, rec *Recorded) {
	switch k := kind.(type) {
	case Code:
		var rep reply
		if s.profile == NICEPAY {
			rep = nicepayFail(string(k), "injected fault")
		} else {
			rep = snapCodeReply(string(k))
		}
		rep.reason = "injected fault"
		s.write(w, rep, rec)
	case Malfunction:
		switch k {
		case DropConnection:
			s.finish(rec, reply{reason: "connection dropped by an injected fault"})
			if hj, ok := w.(http.Hijacker); ok {
				if conn, _, err := hj.Hijack(); err == nil {
					_ = conn.Close()
					return
				}
			}
			panic(http.ErrAbortHandler)
		case TooManyRequests:
			rep := snapFail(http.StatusTooManyRequests, service, 0, "Too Many Requests", "injected fault")
			s.write(w, rep, rec)
		case HTMLBadGateway:
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusBadGateway)
			_, _ = w.Write([]byte(badGatewayPage))
			s.finish(rec, reply{status: http.StatusBadGateway, reason: "injected fault"})
		case EmptyBody:
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "0")
			w.WriteHeader(http.StatusOK)
			s.finish(rec, reply{status: http.StatusOK, reason: "injected fault"})
		}
	}
}
