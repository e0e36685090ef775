package snap

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/snapbi/snap/internal/jsonbytes"
	"github.com/snapbi/snap/responsecode"
)

// Reasons a notification is refused or not handled. Every error a
// notification handler reports, and every error VerifyNotification
// returns, wraps one of them; the underlying cause (ErrSignatureMismatch, a
// *http.MaxBytesError, the handle func's own error…) is wrapped as well.
var (
	// ErrNotificationMethod: the request is not a POST (answered 405).
	ErrNotificationMethod = errors.New("snap: notification method is not POST")
	// ErrNotificationHeader: a signature header (X-TIMESTAMP, X-SIGNATURE,
	// or the body-signature header) is missing.
	ErrNotificationHeader = errors.New("snap: notification header missing")
	// ErrNotificationTimestamp: X-TIMESTAMP is unreadable or outside the
	// tolerance (then ErrStale is wrapped too).
	ErrNotificationTimestamp = errors.New("snap: notification timestamp refused")
	// ErrStale: X-TIMESTAMP is further from now than the tolerance, in the
	// past or in the future.
	ErrStale = errors.New("snap: notification timestamp outside tolerance")
	// ErrNotificationSignature: the signature does not verify over the raw
	// body; the verification error (ErrSignatureMismatch…) is wrapped.
	ErrNotificationSignature = errors.New("snap: notification signature invalid")
	// ErrNotificationBody: the body could not be read or is too large (a
	// *http.MaxBytesError is wrapped then).
	ErrNotificationBody = errors.New("snap: notification body unreadable")
	// ErrNotificationParse: an authentic body that is not a JSON object of
	// the expected shape (answered 400xx00).
	ErrNotificationParse = errors.New("snap: notification body could not be parsed")
	// ErrFieldMissing: a mandatory field is absent, null or empty; wrapped
	// by the *FieldError naming it (answered 400xx02).
	ErrFieldMissing = errors.New("is missing")
	// ErrNotificationInFlight: the same notification is being handled by
	// another delivery right now; answered 500xx01 so that the provider
	// sends it again, and the copy is acknowledged once the first is done.
	ErrNotificationInFlight = errors.New("snap: notification already being handled")
	// ErrNotificationHandle: the handle func returned an error (wrapped);
	// answered 500xx01 so that the provider sends it again.
	ErrNotificationHandle = errors.New("snap: notification handling failed")
	// ErrNotificationPanic: the handle func panicked; answered 500xx01.
	ErrNotificationPanic = errors.New("snap: notification handler panicked")
	// ErrClaimStore: the ClaimStore failed (wrapped). Before handling, the
	// notification is answered 500xx01; after, it is still acknowledged.
	ErrClaimStore = errors.New("snap: claim store failed")
)

// FieldError is a field of an authentic notification that is missing or
// could not be decoded. Returned by a decoder for a mandatory field it
// makes the answer 400xx02 "Invalid Mandatory Field {field}"; for another
// field, 400xx01 "Invalid Field Format {field}". The provider packages
// refuse only mandatory fields and hand any other malformed field to the
// merchant's handle in the notification's DecodeErrors.
type FieldError struct {
	// Field is the JSON name, e.g. "amount" or "latestTransactionStatus".
	Field string
	// Mandatory says the notify table requires the field.
	Mandatory bool
	// Err is ErrFieldMissing or the decode error (e.g. a *money.Error).
	Err error
}

// Error returns e.g. "snap: notification field amount: money: ...".
func (e *FieldError) Error() string {
	return "snap: notification field " + e.Field + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *FieldError) Unwrap() error { return e.Err }

// NotificationError is what a notification handler reports (to
// WithNotificationErrorFunc and its logger) when a notification is refused
// or not handled. Its chain keeps every cause: errors.Is(err,
// ErrSignatureMismatch), errors.Is(err, ErrStale), errors.As(err,
// new(*http.MaxBytesError)), errors.As(err, new(*FieldError)) and the
// handle func's own error all work.
type NotificationError struct {
	// Code is the answer sent, e.g. 4015600.
	Code responsecode.Code
	// SignedPath is the path the signature was checked against ("" when the
	// form signs no path or verification was not reached). Behind
	// http.StripPrefix or a rewriting proxy it differs from the path the
	// provider posted to: see WithSignedPath.
	SignedPath string
	// Key is the dedupe key ("" before the signature verified).
	Key string
	// ExternalID is X-EXTERNAL-ID as received: not signed, for logs only.
	ExternalID string
	// Err is the reason, wrapping one of the Err… sentinels of this file.
	Err error
}

// Error returns e.g. "snap: notification answered 4015600: snap:
// notification signature invalid: ...".
func (e *NotificationError) Error() string {
	return "snap: notification answered " + e.Code.String() + ": " + e.Err.Error()
}

// Unwrap returns the reason.
func (e *NotificationError) Unwrap() error { return e.Err }

// DefaultNotificationTolerance is how far X-TIMESTAMP may be from now.
const DefaultNotificationTolerance = 5 * time.Minute

// DefaultDedupeWindow is how long a handled notification is remembered.
// DANA resends an unacknowledged notification for up to 7 days; a SNAP
// copy older than the tolerance is refused as stale anyway.
const DefaultDedupeWindow = 7 * 24 * time.Hour

// DefaultClaimLease is how long a delivery may hold a notification's claim
// while its handle runs; a claim whose handler never returns is freed then.
const DefaultClaimLease = 2 * time.Minute

// MaxNotificationBytes bounds a notification body.
const MaxNotificationBytes = 1 << 20

// NotificationOption adjusts VerifyNotification and the notification
// handlers.
type NotificationOption func(*notifySettings)

type notifySettings struct {
	tolerance  time.Duration
	now        func() time.Time
	path       string
	bodySigHdr string // "" = SNAP form
	store      ClaimStore
	lease      time.Duration
	window     time.Duration
	logger     *slog.Logger
	onError    func(*http.Request, *NotificationError)
}

func newNotifySettings(opts []NotificationOption) notifySettings {
	s := notifySettings{tolerance: DefaultNotificationTolerance, now: time.Now, lease: DefaultClaimLease, window: DefaultDedupeWindow}
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	return s
}

// WithTolerance sets how far X-TIMESTAMP may be from now (default 5 minutes;
// 0 or less turns the check off, leaving replays to the dedupe window).
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

// WithSignedPath verifies against path instead of r.URL.Path: the provider
// signs the path it posted to, which a handler behind http.StripPrefix or
// a rewriting proxy does not see.
func WithSignedPath(path string) NotificationOption {
	return func(s *notifySettings) { s.path = path }
}

// WithBodySignature selects the body-only signature form instead of SNAP's:
// header carries base64(SHA256withRSA(raw body)) and no X-TIMESTAMP is
// signed, so there is no tolerance check and replays are stopped by the
// dedupe window alone (PayerMax's Debit-Notice page signs this way, with
// header "sign"). A handler accepts exactly one form: a notification in the
// other form is refused, never verified the other way.
func WithBodySignature(header string) NotificationOption {
	return func(s *notifySettings) { s.bodySigHdr = header }
}

// WithClaimStore sets where the notification handlers claim notifications
// (default: a MemoryClaimStore per handler). Share one store, such as a
// database, between the replicas that receive the same notifications. A nil
// store keeps the default: deduplication cannot be turned off.
func WithClaimStore(store ClaimStore) NotificationOption {
	return func(s *notifySettings) {
		if store != nil {
			s.store = store
		}
	}
}

// WithDedupeWindow sets how long a handled notification is remembered
// (default DefaultDedupeWindow); 0 or less keeps the default.
func WithDedupeWindow(window time.Duration) NotificationOption {
	return func(s *notifySettings) { setPositive(&s.window, window) }
}

// WithClaimLease sets how long one delivery may hold a notification's claim
// while handling it (default DefaultClaimLease). Make it longer than handle's
// slowest run: a copy arriving after the lease ran out is handled again.
// 0 or less keeps the default.
func WithClaimLease(lease time.Duration) NotificationOption {
	return func(s *notifySettings) { setPositive(&s.lease, lease) }
}

// setPositive sets *dst to d when d > 0: 0 or less keeps the default.
func setPositive(dst *time.Duration, d time.Duration) {
	if d > 0 {
		*dst = d
	}
}

// WithNotificationLogger logs refused notifications (Warn), failed ones
// (Error), duplicates (Info) and handled ones (Debug) to logger; nil (the
// default) logs nothing.
// Signatures, keys and bodies are never logged.
func WithNotificationLogger(logger *slog.Logger) NotificationOption {
	return func(s *notifySettings) { s.logger = logger }
}

// WithNotificationErrorFunc calls f with the request and the error each
// time a notification is refused or not handled, after the answer is
// decided and before it is written. f must not write to the response.
func WithNotificationErrorFunc(f func(r *http.Request, err *NotificationError)) NotificationOption {
	return func(s *notifySettings) { s.onError = f }
}

// verified is a notification that passed the signature and timestamp
// checks.
type verified struct {
	body       []byte
	key        string // hex SHA-256 of the decoded signature
	signedPath string // "" for the body-only form
}

// VerifyNotification checks an inbound notification (provider → merchant)
// and returns the verified raw bytes: parse those, never a re-marshal. It
// requires a POST, reads the body (at most MaxNotificationBytes), and
// verifies the configured form — by default SNAP's: X-SIGNATURE with the
// provider's public key over METHOD:path:bodyHash:X-TIMESTAMP, path being
// the merchant's own path the provider posted to (WithSignedPath), and
// X-TIMESTAMP within the tolerance. It does not deduplicate: the
// notification handlers do (see NewNotificationHandler).
func VerifyNotification(r *http.Request, pub *rsa.PublicKey, opts ...NotificationOption) ([]byte, error) {
	s := newNotifySettings(opts)
	v, err := s.verify(r, pub)
	return v.body, err
}

// ParseNotification verifies a notification as VerifyNotification does and
// decodes the verified bytes with decode — the same decode a provider's
// handler uses — for a merchant whose framework is not net/http's handler.
// It does not deduplicate: the notification handlers do. Provider packages
// expose it as their ParseXxx.
func ParseNotification[N any](r *http.Request, pub *rsa.PublicKey, decode func(r *http.Request, body []byte) (*N, error), opts ...NotificationOption) (*N, error) {
	body, err := VerifyNotification(r, pub, opts...)
	if err != nil {
		return nil, err
	}
	return decode(r, body)
}

func (s *notifySettings) verify(r *http.Request, pub *rsa.PublicKey) (verified, error) {
	var v verified
	if r.Method != http.MethodPost {
		return v, fmt.Errorf("%w: %s", ErrNotificationMethod, r.Method)
	}
	if pub == nil {
		return v, errors.New("snap: no provider public key to verify the notification with")
	}
	rc := r.Body
	if rc == nil { // a client request built without a body
		rc = http.NoBody
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, rc, MaxNotificationBytes))
	if err != nil {
		return v, fmt.Errorf("%w: %w", ErrNotificationBody, err)
	}
	var sig string
	if s.bodySigHdr != "" {
		if sig = r.Header.Get(s.bodySigHdr); sig == "" {
			return v, fmt.Errorf("%w: %s is required", ErrNotificationHeader, s.bodySigHdr)
		}
		if err := VerifyRSA(pub, body, sig); err != nil {
			return v, fmt.Errorf("%w: %s header: %w", ErrNotificationSignature, s.bodySigHdr, err)
		}
	} else {
		ts := r.Header.Get("X-TIMESTAMP")
		if sig = r.Header.Get("X-SIGNATURE"); ts == "" || sig == "" {
			return v, fmt.Errorf("%w: X-TIMESTAMP and X-SIGNATURE are required", ErrNotificationHeader)
		}
		v.signedPath = s.path
		if v.signedPath == "" {
			v.signedPath = r.URL.Path
		}
		if err := VerifyAsymmetric(pub, r.Method, v.signedPath, body, ts, sig); err != nil {
			return v, fmt.Errorf("%w: %w", ErrNotificationSignature, err)
		}
		if s.tolerance > 0 {
			t, err := ParseTimestamp(ts)
			if err != nil {
				return v, fmt.Errorf("%w: %w", ErrNotificationTimestamp, err)
			}
			if d := s.now().Sub(t); d > s.tolerance || d < -s.tolerance {
				return v, fmt.Errorf("%w: %w: %s is %v from now (tolerance %v)", ErrNotificationTimestamp, ErrStale, ts, d.Round(time.Second), s.tolerance)
			}
		}
	}
	v.body, v.key = body, dedupeKey(sig)
	return v, nil
}

// dedupeKey is the hex SHA-256 of the decoded signature. An RSA PKCS #1
// v1.5 signature is deterministic and covers method, path, X-TIMESTAMP and
// the body hash (or the body), so one signed notification has exactly one
// key whatever its unsigned headers say; decoding first makes re-encodings
// of the same signature (line breaks, spaces) the same key.
func dedupeKey(sig string) string {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(sig))
	if err != nil { // unreachable: the signature verified
		raw = []byte(sig)
	}
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:])
}

// NotificationAck is the SNAP answer to a notification.
type NotificationAck struct {
	ResponseCode    string `json:"responseCode"`
	ResponseMessage string `json:"responseMessage"`
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

// isJSONObject reports whether body is one valid JSON object.
func isJSONObject(body []byte) bool {
	t := bytes.TrimSpace(body)
	return len(t) > 0 && t[0] == '{' && json.Valid(t)
}
