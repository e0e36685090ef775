// Package notifytest is the one conformance suite every notification
// handler of this module runs: the snap core's, debit's, dana's and both
// forms of payermax's. Each package describes its handler as a Subject and
// calls Run from its tests, so that the cases are written once and every
// handler is held to the same answers.
package notifytest

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
)

// Form is the signature form a handler is configured for.
type Form int

const (
	// SNAP: X-SIGNATURE over METHOD:path:bodyHash:X-TIMESTAMP.
	SNAP Form = iota
	// BodyOnly: a header carrying base64(SHA256withRSA(body)), no timestamp.
	BodyOnly
)

// Got is what a handler handed to the merchant, the same for every package.
type Got struct {
	// Raw is the verified body handed over.
	Raw []byte
	// ExternalID is the X-EXTERNAL-ID the notification was handed with.
	ExternalID string
	// Status is latestTransactionStatus as decoded ("" for the raw handler).
	Status string
	// DecodeErrors names the fields reported as malformed.
	DecodeErrors []string
}

// Handle is the merchant's func as the suite sees it.
type Handle func(ctx context.Context, got Got) error

// Want is the answer expected to a notification.
type Want struct {
	// HTTP is the status and Code the responseCode of the ack.
	HTTP int
	Code string
	// Message is the responseMessage, checked when not empty.
	Message string
	// Handled says the notification reaches handle (once).
	Handled bool
	// Status and DecodeErrors are checked on what was handed over.
	Status       string
	DecodeErrors []string
}

// Subject is one handler under test.
type Subject struct {
	// Path is where the provider posts.
	Path string
	// Form is the signature form the handler is configured for.
	Form Form
	// SignHeader is the header of the BodyOnly form.
	SignHeader string
	// New builds the handler with the suite's handle, adapted to the
	// package's typed func, and the suite's options (plus the form's).
	New func(pub *rsa.PublicKey, handle Handle, opts ...snap.NotificationOption) http.Handler
	// NewNilHandle builds the handler with a nil handle func.
	NewNilHandle func(pub *rsa.PublicKey)
	// Valid is a body that decodes with every mandatory field.
	Valid []byte
	// Empty is the answer to `{}`.
	Empty Want
	// Malformed is Valid with one field malformed; MalformedWant its answer.
	Malformed     []byte
	MalformedWant Want
}

// Now is the suite's clock: the time notifications are signed at.
var Now = time.Date(2025, 9, 16, 5, 11, 30, 0, time.UTC)

// Keys returns the provider test key pair of testdata/keys.
func Keys(t testing.TB) (*rsa.PrivateKey, *rsa.PublicKey) {
	t.Helper()
	priv, err := snap.ParsePrivateKey(testkit.KeyPEM(t, "provider_pkcs8.pem"))
	require.NoError(t, err)
	return priv, &priv.PublicKey
}

// Notification is a signed request that can be sent again, byte for byte.
type Notification struct {
	// Method and Target (the path) of the request.
	Method, Target string
	// Header and Body exactly as signed.
	Header http.Header
	Body   []byte
}

// Request builds a fresh *http.Request of n.
func (n Notification) Request() *http.Request {
	r := httptest.NewRequest(n.Method, n.Target, bytes.NewReader(n.Body))
	r.Header = n.Header.Clone()
	return r
}

// sign signs body for s's form at at, posted to target (signed path path).
func sign(t testing.TB, s Subject, form Form, method, path string, body []byte, at time.Time) Notification {
	t.Helper()
	key, _ := Keys(t)
	var h http.Header
	switch form {
	case SNAP:
		var err error
		h, err = snap.SignNotification(key, method, path, body, at)
		require.NoError(t, err)
	case BodyOnly:
		sig, err := snap.SignRSA(key, body)
		require.NoError(t, err)
		h = http.Header{}
		h.Set("Content-Type", "application/json")
		h.Set(s.signHeader(), sig)
		h.Set("X-EXTERNAL-ID", snap.NewExternalID())
	}
	return Notification{Method: method, Target: path, Header: h, Body: body}
}

func (s Subject) signHeader() string {
	if s.SignHeader == "" {
		return "sign"
	}
	return s.SignHeader
}

// harness is one handler with what it handled, reported and logged.
type harness struct {
	t       *testing.T
	handler http.Handler
	mu      sync.Mutex
	got     []Got
	errs    []*snap.NotificationError
	log     bytes.Buffer
	fail    func(call int) error // nil: succeed
	block   chan struct{}        // when set, the first call waits on it
}

func newHarness(t *testing.T, s Subject, opts ...snap.NotificationOption) *harness {
	h := &harness{t: t}
	_, pub := Keys(t)
	logger := slog.New(slog.NewTextHandler(lockedWriter{h}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	all := append([]snap.NotificationOption{
		snap.WithNotificationClock(func() time.Time { return Now }),
		snap.WithNotificationLogger(logger),
		snap.WithNotificationErrorFunc(func(_ *http.Request, err *snap.NotificationError) {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.errs = append(h.errs, err)
		}),
	}, opts...)
	h.handler = s.New(pub, h.handle, all...)
	return h
}

type lockedWriter struct{ h *harness }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.h.mu.Lock()
	defer w.h.mu.Unlock()
	return w.h.log.Write(p)
}

func (h *harness) handle(_ context.Context, got Got) error {
	h.mu.Lock()
	h.got = append(h.got, got)
	call, fail, block := len(h.got), h.fail, h.block
	h.mu.Unlock()
	if block != nil && call == 1 {
		<-block
	}
	if fail != nil {
		return fail(call)
	}
	return nil
}

func (h *harness) handled() []Got {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Got(nil), h.got...)
}

func (h *harness) lastErr() *snap.NotificationError {
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.errs) == 0 {
		return nil
	}
	return h.errs[len(h.errs)-1]
}

// answer is what the provider got back.
type answer struct {
	HTTP   int
	Ack    snap.NotificationAck
	Header http.Header
}

func (h *harness) send(n Notification) answer {
	h.t.Helper()
	w := httptest.NewRecorder()
	h.handler.ServeHTTP(w, n.Request())
	var a answer
	a.HTTP, a.Header = w.Code, w.Header()
	require.NoError(h.t, json.Unmarshal(w.Body.Bytes(), &a.Ack), "every answer is a SNAP ack: %q", w.Body.String())
	return a
}

func (h *harness) expect(n Notification, want Want) answer {
	h.t.Helper()
	before := len(h.handled())
	a := h.send(n)
	assert.Equal(h.t, want.HTTP, a.HTTP)
	assert.Equal(h.t, want.Code, a.Ack.ResponseCode)
	if want.Message != "" {
		assert.Equal(h.t, want.Message, a.Ack.ResponseMessage)
	}
	got := h.handled()
	if !want.Handled {
		assert.Len(h.t, got, before, "not handed to the merchant")
		return a
	}
	if assert.Len(h.t, got, before+1, "handed to the merchant once") {
		g := got[len(got)-1]
		assert.Equal(h.t, n.Body, g.Raw, "the verified bytes as received")
		if want.Status != "" {
			assert.Equal(h.t, want.Status, g.Status)
		}
		assert.Equal(h.t, want.DecodeErrors, g.DecodeErrors)
	}
	return a
}

var (
	ok       = Want{HTTP: 200, Code: "2005600", Message: "Successful", Handled: true}
	dup      = Want{HTTP: 200, Code: "2005600", Message: "Successful"}
	unsigned = Want{HTTP: 401, Code: "4015600"}
	bad      = Want{HTTP: 400, Code: "4005600"}
)

// Run runs the conformance suite against s.
func Run(t *testing.T, s Subject) {
	valid := func(t *testing.T) Notification { return sign(t, s, s.Form, http.MethodPost, s.Path, s.Valid, Now) }
	post := func(body []byte) func(t *testing.T) Notification {
		return func(t *testing.T) Notification { return sign(t, s, s.Form, http.MethodPost, s.Path, body, Now) }
	}
	otherForm := SNAP
	if s.Form == SNAP {
		otherForm = BodyOnly
	}
	var tooBig *http.MaxBytesError
	var fieldErr *snap.FieldError

	// One request each: what it is, the answer, and the causes reported.
	single := []struct {
		name     string
		snapOnly bool // the body-only form signs no timestamp
		req      func(t *testing.T) Notification
		want     Want
		errIs    []error // each in the reported error's chain
		errAs    any     // a target the chain must reach
	}{
		{name: "valid", req: valid, want: ok},
		{name: "tampered body", req: func(t *testing.T) Notification {
			n := valid(t)
			n.Body = bytes.Replace(n.Body, []byte(`"00"`), []byte(`"06"`), 1)
			require.NotEqual(t, s.Valid, n.Body)
			return n
		}, want: unsigned, errIs: []error{snap.ErrNotificationSignature, snap.ErrSignatureMismatch}},
		{name: "tampered header", req: func(t *testing.T) Notification {
			n := valid(t)
			if s.Form == SNAP {
				n.Header.Set("X-TIMESTAMP", snap.FormatTimestamp(Now.Add(time.Second), ""))
			} else {
				other := sign(t, s, BodyOnly, http.MethodPost, s.Path, []byte(`{"other":true}`), Now)
				n.Header.Set(s.signHeader(), other.Header.Get(s.signHeader()))
			}
			return n
		}, want: unsigned, errIs: []error{snap.ErrNotificationSignature, snap.ErrSignatureMismatch}},
		{name: "stale timestamp", snapOnly: true, req: func(t *testing.T) Notification {
			return sign(t, s, SNAP, http.MethodPost, s.Path, s.Valid, Now.Add(-time.Hour))
		}, want: unsigned, errIs: []error{snap.ErrNotificationTimestamp, snap.ErrStale}},
		{name: "future timestamp", snapOnly: true, req: func(t *testing.T) Notification {
			return sign(t, s, SNAP, http.MethodPost, s.Path, s.Valid, Now.Add(time.Hour))
		}, want: unsigned, errIs: []error{snap.ErrNotificationTimestamp, snap.ErrStale}},
		{name: "the other signature form", req: func(t *testing.T) Notification {
			return sign(t, s, otherForm, http.MethodPost, s.Path, s.Valid, Now)
		}, want: unsigned, errIs: []error{snap.ErrNotificationHeader}},
		{name: "empty object", req: post([]byte(`{}`)), want: s.Empty, errAs: func() any {
			if s.Empty.Handled {
				return nil
			}
			return &fieldErr
		}()},
		{name: "not JSON", req: post([]byte(`<html>oops</html>`)), want: Want{HTTP: 400, Code: "4005600", Message: "Bad Request"},
			errIs: []error{snap.ErrNotificationParse}},
		{name: "malformed single field", req: post(s.Malformed), want: s.MalformedWant},
		{name: "oversize", req: post([]byte(`{"pad":"` + strings.Repeat("x", snap.MaxNotificationBytes) + `"}`)), want: bad,
			errIs: []error{snap.ErrNotificationBody}, errAs: &tooBig},
		{name: "GET", req: func(t *testing.T) Notification {
			return sign(t, s, s.Form, http.MethodGet, s.Path, nil, Now)
		}, want: Want{HTTP: 405, Code: "4055600"}, errIs: []error{snap.ErrNotificationMethod}},
	}
	for _, tc := range single {
		t.Run(tc.name, func(t *testing.T) {
			if tc.snapOnly && s.Form != SNAP {
				t.Skip("the body-only form signs no timestamp: see \"replayed\"")
			}
			h := newHarness(t, s)
			n := tc.req(t)
			a := h.expect(n, tc.want)
			err := h.lastErr()
			if tc.want.HTTP == http.StatusOK {
				assert.Nil(t, err, "nothing to report")
				if tc.want.Handled {
					assert.Equal(t, n.Header.Get("X-EXTERNAL-ID"), h.handled()[0].ExternalID)
					h.expect(n, dup) // handled once, not refused for ever
				}
				return
			}
			require.NotNil(t, err, "every refusal is reported")
			assert.Equal(t, tc.want.Code, err.Code.String())
			for _, target := range tc.errIs {
				assert.ErrorIs(t, err, target, "the cause is kept, not flattened")
			}
			if tc.errAs != nil {
				assert.ErrorAs(t, err, tc.errAs)
			}
			if tc.want.HTTP == http.StatusMethodNotAllowed {
				assert.Equal(t, http.MethodPost, a.Header.Get("Allow"))
			}
		})
	}
	if fieldErr != nil {
		assert.True(t, fieldErr.Mandatory)
		assert.ErrorIs(t, fieldErr, snap.ErrFieldMissing)
	}

	if s.Form == BodyOnly {
		t.Run("replayed", func(t *testing.T) {
			// An old notice cannot be told from a new one: its replays are
			// stopped by the dedupe window instead (the PayerMax downgrade
			// handled an hour-old notice 3 times).
			h := newHarness(t, s)
			n := valid(t)
			h.expect(n, ok)
			h.expect(n, dup)
			h.expect(n, dup)
		})
	}

	t.Run("X-EXTERNAL-ID changed or removed", func(t *testing.T) {
		h := newHarness(t, s)
		n := valid(t)
		h.expect(n, ok)
		changed := n
		changed.Header = n.Header.Clone()
		changed.Header.Set("X-EXTERNAL-ID", snap.NewExternalID())
		h.expect(changed, dup)
		removed := n
		removed.Header = n.Header.Clone()
		removed.Header.Del("X-EXTERNAL-ID")
		h.expect(removed, dup)
		assert.Len(t, h.handled(), 1, "the header is not signed: one notification")
	})

	t.Run("50 concurrent copies", func(t *testing.T) {
		const copies = 50
		h := newHarness(t, s)
		h.block = make(chan struct{})
		n := valid(t)
		answers := make(chan answer, copies)
		for range copies {
			go func() {
				w := httptest.NewRecorder()
				h.handler.ServeHTTP(w, n.Request())
				var a answer
				a.HTTP = w.Code
				_ = json.Unmarshal(w.Body.Bytes(), &a.Ack)
				answers <- a
			}()
		}
		// The first copy to claim holds it until every other copy has
		// been answered: each of those arrived while it was in flight.
		codes := map[string]int{}
		for range copies - 1 {
			codes[(<-answers).Ack.ResponseCode]++
		}
		close(h.block)
		codes[(<-answers).Ack.ResponseCode]++
		assert.Len(t, h.handled(), 1, "handled exactly once")
		assert.Equal(t, map[string]int{"5005601": copies - 1, "2005600": 1}, codes,
			"copies in flight are asked to come again, the first acknowledged")
		assert.ErrorIs(t, h.lastErr(), snap.ErrNotificationInFlight)
		h.expect(n, dup) // and once done, a copy is acknowledged
	})

	t.Run("resend after a failed handle", func(t *testing.T) {
		h := newHarness(t, s)
		dbDown := errors.New("database down")
		h.fail = func(call int) error {
			if call == 1 {
				return dbDown
			}
			return nil
		}
		n := valid(t)
		h.expect(n, Want{HTTP: 500, Code: "5005601", Message: "Internal Server Error", Handled: true})
		assert.ErrorIs(t, h.lastErr(), snap.ErrNotificationHandle)
		assert.ErrorIs(t, h.lastErr(), dbDown, "the merchant's error is kept")
		h.expect(n, ok) // the same bytes again: the claim was released
		h.expect(n, dup)
	})

	t.Run("nil handle or key panics at construction", func(t *testing.T) {
		_, pub := Keys(t)
		assert.Panics(t, func() { s.NewNilHandle(pub) })
		assert.Panics(t, func() { s.New(nil, func(context.Context, Got) error { return nil }) })
	})

	t.Run("panicking handle", func(t *testing.T) {
		h := newHarness(t, s)
		h.fail = func(call int) error {
			if call == 1 {
				panic("nil map")
			}
			return nil
		}
		n := valid(t)
		h.expect(n, Want{HTTP: 500, Code: "5005601", Handled: true})
		assert.ErrorIs(t, h.lastErr(), snap.ErrNotificationPanic)
		h.mu.Lock()
		assert.Contains(t, h.log.String(), "nil map")
		h.mu.Unlock()
		h.expect(n, ok) // the claim was released
	})

	if s.Form == SNAP {
		t.Run("under http.StripPrefix", func(t *testing.T) {
			const prefix = "/shop"
			posted := sign(t, s, SNAP, http.MethodPost, prefix+s.Path, s.Valid, Now)
			h := newHarness(t, s)
			h.handler = http.StripPrefix(prefix, h.handler)
			h.expect(posted, unsigned)
			assert.Equal(t, s.Path, h.lastErr().SignedPath)
			h.mu.Lock()
			logged := h.log.String()
			h.mu.Unlock()
			assert.Contains(t, logged, "signed_path="+s.Path, "the refusal names the path it verified")
			assert.Contains(t, logged, "snap.WithSignedPath")

			fixed := newHarness(t, s, snap.WithSignedPath(prefix+s.Path))
			fixed.handler = http.StripPrefix(prefix, fixed.handler)
			fixed.expect(posted, ok)
		})
	}
}

// ValidBody is a direct-debit notify with every mandatory field.
var ValidBody = []byte(`{"originalPartnerReferenceNo":"2020102900000000000001","originalReferenceNo":"2020102977770000000009",` +
	`"amount":{"value":"10000.00","currency":"IDR"},"latestTransactionStatus":"00","transactionStatusDesc":"success"}`)

// MalformedAmountBody is ValidBody with a third decimal place in the amount.
var MalformedAmountBody = bytes.Replace(ValidBody, []byte(`"10000.00"`), []byte(`"10000.001"`), 1)

// MissingMandatory is the answer of the provider handlers to `{}`.
var MissingMandatory = Want{HTTP: 400, Code: "4005602", Message: "Invalid Mandatory Field originalReferenceNo"}

// DeliveredDespiteAmount is the answer of the provider handlers to
// MalformedAmountBody: handled, with the status that did parse and the
// amount reported.
var DeliveredDespiteAmount = Want{HTTP: 200, Code: "2005600", Handled: true, Status: "00", DecodeErrors: []string{"amount"}}

// FieldNames returns the fields of errs, nil when there are none.
func FieldNames(errs []*snap.FieldError) []string {
	var names []string
	for _, e := range errs {
		names = append(names, e.Field)
	}
	return names
}

// Provider describes a provider package's SNAP-form handler: build is the
// package's constructor (NotifyHandler…), got reads what it handed over.
// Valid, Empty and Malformed get the answers every provider handler owes.
func Provider[N any](path string, build func(pub *rsa.PublicKey, handle func(context.Context, N) error, opts ...snap.NotificationOption) http.Handler, got func(N) Got) Subject {
	return Subject{
		Path: path,
		Form: SNAP,
		New: func(pub *rsa.PublicKey, handle Handle, opts ...snap.NotificationOption) http.Handler {
			return build(pub, func(ctx context.Context, n N) error { return handle(ctx, got(n)) }, opts...)
		},
		NewNilHandle:  func(pub *rsa.PublicKey) { build(pub, nil) },
		Valid:         ValidBody,
		Empty:         MissingMandatory,
		Malformed:     MalformedAmountBody,
		MalformedWant: DeliveredDespiteAmount,
	}
}
