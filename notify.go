package snap

import (
	"context"
	"crypto"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/snapbi/snap/internal/jsonbytes"
	"github.com/snapbi/snap/responsecode"
)

// Reasons a notification is refused. Errors from VerifyNotification wrap one.
var (
	// ErrNotificationHeader: X-TIMESTAMP or X-SIGNATURE is missing.
	ErrNotificationHeader = errors.New("snap: notification header missing")
	// ErrNotificationTimestamp: X-TIMESTAMP is unreadable or outside the tolerance.
	ErrNotificationTimestamp = errors.New("snap: notification timestamp outside tolerance")
	// ErrNotificationSignature: the signature does not verify over the raw body.
	ErrNotificationSignature = errors.New("snap: notification signature invalid")
	// ErrNotificationBody: the body could not be read or is too large.
	ErrNotificationBody = errors.New("snap: notification body unreadable")
	// ErrNotificationReplay: this X-EXTERNAL-ID was already accepted.
	ErrNotificationReplay = errors.New("snap: notification replayed")
)

// DefaultNotificationTolerance is how far X-TIMESTAMP may be from now.
const DefaultNotificationTolerance = 5 * time.Minute

// MaxNotificationBytes bounds a notification body.
const MaxNotificationBytes = 1 << 20

// NotificationOption adjusts VerifyNotification and NotificationHandler.
type NotificationOption func(*notifySettings)

type notifySettings struct {
	tolerance time.Duration
	now       func() time.Time
	path      string
	replay    ReplayStore
}

// WithTolerance sets how far X-TIMESTAMP may be from now (default 5 minutes;
// 0 or less turns the check off).
func WithTolerance(d time.Duration) NotificationOption {
	return func(s *notifySettings) { s.tolerance = d }
}

// WithNotificationClock replaces time.Now for the tolerance check (tests).
func WithNotificationClock(now func() time.Time) NotificationOption {
	return func(s *notifySettings) {
		if now != nil {
			s.now = now
		}
	}
}

// WithSignedPath verifies against path instead of r.URL.Path — for handlers
// behind a proxy that rewrites the path the provider posted to.
func WithSignedPath(path string) NotificationOption {
	return func(s *notifySettings) { s.path = path }
}

// WithReplayStore drops notifications whose X-EXTERNAL-ID the store has seen.
func WithReplayStore(store ReplayStore) NotificationOption {
	return func(s *notifySettings) { s.replay = store }
}

// ReplayStore remembers the X-EXTERNAL-IDs of handled notifications, so that
// a repeat is acknowledged without being handled twice. Seen only looks;
// Record is called once a notification was handled, so a notification whose
// handling failed is handled again when the provider resends it.
// Implementations must be safe for concurrent use; back it with a database
// where several instances receive notifications.
type ReplayStore interface {
	// Seen reports whether id was recorded (and not yet forgotten).
	Seen(ctx context.Context, id string) (bool, error)
	// Record remembers id as handled.
	Record(ctx context.Context, id string) error
}

// MemoryReplayStore is an in-memory ReplayStore that forgets ids after a TTL.
type MemoryReplayStore struct {
	ttl time.Duration
	now func() time.Time
	mu  sync.Mutex
	ids map[string]time.Time
}

// NewMemoryReplayStore returns a store that remembers ids for ttl (at least a
// day is advised: X-EXTERNAL-ID is unique per day).
func NewMemoryReplayStore(ttl time.Duration) *MemoryReplayStore {
	return &MemoryReplayStore{ttl: ttl, now: time.Now, ids: map[string]time.Time{}}
}

// Seen implements ReplayStore.
func (m *MemoryReplayStore) Seen(_ context.Context, id string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.ids[id]
	return ok && m.now().Sub(t) <= m.ttl, nil
}

// Record implements ReplayStore.
func (m *MemoryReplayStore) Record(_ context.Context, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if len(m.ids) >= 1024 {
		for k, t := range m.ids {
			if now.Sub(t) > m.ttl {
				delete(m.ids, k)
			}
		}
	}
	m.ids[id] = now
	return nil
}

// VerifyNotification checks an inbound SNAP notification (provider →
// merchant): it reads the raw body (bounded), verifies X-SIGNATURE with the
// provider's public key over METHOD:path:bodyHash:X-TIMESTAMP — path being
// the merchant's own path the provider posted to — checks X-TIMESTAMP within
// the tolerance and, with a ReplayStore, refuses an X-EXTERNAL-ID already
// recorded (call the store's Record once you have handled the notification;
// NotificationHandler does). It returns the verified raw bytes: parse those,
// never a re-marshal.
func VerifyNotification(r *http.Request, pub *rsa.PublicKey, opts ...NotificationOption) ([]byte, error) {
	s := notifySettings{tolerance: DefaultNotificationTolerance, now: time.Now}
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	if pub == nil {
		return nil, errors.New("snap: VerifyNotification: no provider public key")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, MaxNotificationBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotificationBody, err)
	}
	if len(body) > MaxNotificationBytes {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrNotificationBody, MaxNotificationBytes)
	}
	ts, sig := r.Header.Get("X-TIMESTAMP"), r.Header.Get("X-SIGNATURE")
	if ts == "" || sig == "" {
		return nil, fmt.Errorf("%w: X-TIMESTAMP and X-SIGNATURE are required", ErrNotificationHeader)
	}
	path := s.path
	if path == "" {
		path = r.URL.Path
	}
	if err := VerifyAsymmetric(pub, r.Method, path, body, ts, sig); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotificationSignature, err)
	}
	if s.tolerance > 0 {
		t, err := ParseTimestamp(ts)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNotificationTimestamp, err)
		}
		if d := s.now().Sub(t); d > s.tolerance || d < -s.tolerance {
			return nil, fmt.Errorf("%w: %s is %v from now", ErrNotificationTimestamp, ts, d.Round(time.Second))
		}
	}
	if s.replay != nil {
		if id := r.Header.Get("X-EXTERNAL-ID"); id != "" {
			seen, err := s.replay.Seen(r.Context(), id)
			if err != nil {
				return nil, fmt.Errorf("snap: replay store: %w", err)
			}
			if seen {
				return nil, fmt.Errorf("%w: X-EXTERNAL-ID %s", ErrNotificationReplay, id)
			}
		}
	}
	return body, nil
}

// NotificationAck is the SNAP answer to a notification.
type NotificationAck struct {
	ResponseCode    string `json:"responseCode"`
	ResponseMessage string `json:"responseMessage"`
}

// NotificationHandler returns an http.Handler for a notification of the
// given SNAP service (56 for direct-debit notify). It verifies the request
// (VerifyNotification), hands the raw verified body to handle and answers the
// SNAP ack: 200 <svc>00 "Successful" when handle returns nil; 500 <svc>01 when
// it fails, so the provider retries (DANA retries for days); 401 <svc>00 when
// the signature or timestamp is refused; 400 <svc>00 for an unreadable body.
// With a ReplayStore, a notification already handled is acknowledged without
// calling handle again, and an id is recorded only after handle succeeded.
func NotificationHandler(pub *rsa.PublicKey, service int, handle func(ctx context.Context, r *http.Request, body []byte) error, opts ...NotificationOption) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := VerifyNotification(r, pub, opts...)
		switch {
		case err == nil:
			if herr := handle(r.Context(), r, body); herr != nil {
				WriteAck(w, responsecode.New(500, service, 1), "Internal Server Error")
				return
			}
			if store := replayStoreOf(opts); store != nil {
				if id := r.Header.Get("X-EXTERNAL-ID"); id != "" {
					// Handled already: a failed Record only risks a second, idempotent handling.
					_ = store.Record(r.Context(), id)
				}
			}
			WriteAck(w, responsecode.New(200, service, 0), "Successful")
		case errors.Is(err, ErrNotificationReplay):
			WriteAck(w, responsecode.New(200, service, 0), "Successful")
		case errors.Is(err, ErrNotificationBody):
			WriteAck(w, responsecode.New(400, service, 0), "Bad Request")
		case errors.Is(err, ErrNotificationSignature), errors.Is(err, ErrNotificationTimestamp), errors.Is(err, ErrNotificationHeader):
			WriteAck(w, responsecode.New(401, service, 0), "Unauthorized. Invalid Signature")
		default:
			WriteAck(w, responsecode.New(500, service, 1), "Internal Server Error")
		}
	})
}

func replayStoreOf(opts []NotificationOption) ReplayStore {
	var s notifySettings
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	return s.replay
}

// WriteAck writes a SNAP ack with the code's HTTP status.
func WriteAck(w http.ResponseWriter, code responsecode.Code, message string) {
	b, _ := jsonbytes.Marshal(NotificationAck{ResponseCode: code.String(), ResponseMessage: message})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-TIMESTAMP", FormatTimestamp(time.Now(), ""))
	w.WriteHeader(code.HTTPStatus())
	_, _ = w.Write(b)
}

// SignNotification signs a test notification as a provider would, so that
// merchants can test their handlers: it returns the X-TIMESTAMP, X-SIGNATURE
// and X-EXTERNAL-ID headers for POSTing body to path at time t.
func SignNotification(key crypto.Signer, method, path string, body []byte, t time.Time) (http.Header, error) {
	ts := FormatTimestamp(t, "")
	sig, err := AsymmetricSignature(key, method, path, body, ts)
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("X-TIMESTAMP", ts)
	h.Set("X-SIGNATURE", sig)
	h.Set("X-EXTERNAL-ID", NewExternalID())
	return h, nil
}
