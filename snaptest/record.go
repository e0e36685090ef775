package snaptest

import (
	"net/http"
	"time"
)

// Recorded is one request the server received and what it answered, for
// assertions in tests.
type Recorded struct {
	// Method, Path (the URL path as received, base path included), Header
	// and Body are the request as it arrived.
	Method string
	Path   string
	Header http.Header
	Body   []byte
	// Time is the server clock's reading on arrival.
	Time time.Time
	// Attempt is the request's number on its path, counted from 1 since the
	// server started.
	Attempt int
	// Fault names the fault injected into this request, "" when none.
	Fault string
	// Status is the HTTP status answered; 0 when the connection was dropped
	// or the client had gone before a delayed answer.
	Status int
	// ResponseCode and ResponseMessage are the answer's responseCode and
	// responseMessage (NICEPAY: resultCd and resultMsg).
	ResponseCode    string
	ResponseMessage string
	// Reason explains a refusal in more detail than the message (which
	// check failed, e.g. "X-SIGNATURE does not verify"); "" when the request
	// was served.
	Reason string
}

// Requests returns every request received so far, in order of arrival.
// Requests still being answered show Status 0.
func (s *Server) Requests() []Recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Recorded, len(s.recorded))
	for i, r := range s.recorded {
		out[i] = *r
		out[i].Header = r.Header.Clone()
		out[i].Body = append([]byte(nil), r.Body...)
	}
	return out
}

// RequestsTo returns the requests received on path (a path under the base
// URL, or the full URL path).
func (s *Server) RequestsTo(path string) []Recorded {
	full := s.fullPath(path)
	var out []Recorded
	for _, r := range s.Requests() {
		if r.Path == full {
			out = append(out, r)
		}
	}
	return out
}
