package snap

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/snapbi/snap/responsecode"
)

// NewNotificationHandler returns the notification pipeline every handler
// of this module is a configuration of. For each request it:
//
//  1. refuses anything but POST (405xx00);
//  2. reads the body, at most MaxNotificationBytes (400xx00 beyond);
//  3. verifies the signature over the raw bytes and X-TIMESTAMP within the
//     tolerance (401xx00; see VerifyNotification and WithBodySignature);
//  4. decodes the verified bytes with decode: an error wrapping a mandatory
//     *FieldError is answered 400xx02 naming the field, another *FieldError
//     400xx01, anything else 400xx00 — an authentic notification the
//     provider would resend unchanged is never answered 5xx;
//  5. claims the notification in the ClaimStore under a key derived from
//     its signature (X-EXTERNAL-ID, which is not signed, plays no part): a
//     copy arriving while another is being handled is answered 500xx01 so
//     that the provider sends it again, a copy of one already handled is
//     acknowledged 200xx00 without calling handle;
//  6. calls handle; on nil it completes the claim and answers 200xx00
//     "Successful"; on an error or a panic it releases the claim, so that
//     the resend is handled, and answers 500xx01.
//
// Deduplication is on by default, with a MemoryClaimStore per handler
// (WithClaimStore shares one). Delivery is still at least once when an ack
// is lost or a replica restarts: key handle's effects on the merchant's own
// reference (originalPartnerReferenceNo).
//
// A nil pub or handle panics here, as http.Handle does, rather than on
// every request.
func NewNotificationHandler[T any](pub *rsa.PublicKey, service int, decode func(r *http.Request, body []byte) (T, error), handle func(ctx context.Context, n T) error, opts ...NotificationOption) http.Handler {
	if pub == nil {
		panic("snap: notification handler without the provider's public key")
	}
	if decode == nil || handle == nil {
		panic("snap: notification handler with a nil handle func")
	}
	p := &pipeline[T]{pub: pub, service: service, decode: decode, handle: handle, s: newNotifySettings(opts)}
	if p.s.store == nil {
		p.s.store = new(MemoryClaimStore)
	}
	return p
}

// NotificationHandler returns a handler for notifications of the given SNAP
// service (56 for direct-debit notify) that hands the verified raw body to
// handle. It is NewNotificationHandler with a decoder that only requires a
// JSON object (400xx00 otherwise); it knows no fields, so mandatory fields
// are handle's to check. Prefer a provider package's handler (debit, dana,
// payermax), which decodes and checks the notify table.
func NotificationHandler(pub *rsa.PublicKey, service int, handle func(ctx context.Context, r *http.Request, body []byte) error, opts ...NotificationOption) http.Handler {
	if handle == nil {
		panic("snap: NotificationHandler: nil handle func")
	}
	return NewNotificationHandler(pub, service, decodeRaw, func(ctx context.Context, n rawNotification) error {
		return handle(ctx, n.r, n.body)
	}, opts...)
}

type rawNotification struct {
	r    *http.Request
	body []byte
}

func decodeRaw(r *http.Request, body []byte) (rawNotification, error) {
	if !isJSONObject(body) {
		return rawNotification{}, fmt.Errorf("%w: not a JSON object (%d bytes)", ErrNotificationParse, len(body))
	}
	return rawNotification{r: r, body: body}, nil
}

type pipeline[T any] struct {
	pub     *rsa.PublicKey
	service int
	decode  func(*http.Request, []byte) (T, error)
	handle  func(context.Context, T) error
	s       notifySettings
}

// answer is the ack decided for one request.
type answer struct {
	http, caseCode int
	message        string
}

func (p *pipeline[T]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a, nerr := p.serve(r)
	code := responsecode.New(a.http, p.service, a.caseCode)
	if nerr != nil {
		nerr.Code = code
		nerr.ExternalID = r.Header.Get("X-EXTERNAL-ID")
		p.report(r, nerr)
	}
	if a.http == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", http.MethodPost)
	}
	WriteAck(w, code, a.message)
}

var (
	ackOK       = answer{200, 0, "Successful"}
	ackRetry    = answer{500, 1, "Internal Server Error"}
	ackBad      = answer{400, 0, "Bad Request"}
	ackMethod   = answer{405, 0, "Requested Function Is Not Supported"}
	ackUnsigned = answer{401, 0, "Unauthorized. Invalid Signature"}
	ackStale    = answer{401, 0, "Unauthorized. Invalid Timestamp"}
)

func (p *pipeline[T]) serve(r *http.Request) (answer, *NotificationError) {
	v, err := p.s.verify(r, p.pub)
	if err != nil {
		nerr := &NotificationError{SignedPath: v.signedPath, Err: err}
		switch {
		case errors.Is(err, ErrNotificationMethod):
			return ackMethod, nerr
		case errors.Is(err, ErrNotificationBody):
			return ackBad, nerr
		case errors.Is(err, ErrNotificationTimestamp):
			return ackStale, nerr
		default:
			return ackUnsigned, nerr
		}
	}
	fail := func(err error) *NotificationError {
		return &NotificationError{SignedPath: v.signedPath, Key: v.key, Err: err}
	}
	n, err := p.decode(r, v.body)
	if err != nil {
		var fe *FieldError
		switch {
		case errors.As(err, &fe) && fe.Mandatory:
			return answer{400, 2, "Invalid Mandatory Field " + fe.Field}, fail(err)
		case fe != nil:
			return answer{400, 1, "Invalid Field Format " + fe.Field}, fail(err)
		case !errors.Is(err, ErrNotificationParse):
			err = fmt.Errorf("%w: %w", ErrNotificationParse, err)
		}
		return ackBad, fail(err)
	}

	ctx := r.Context()
	state, token, err := p.s.store.Claim(ctx, v.key, p.s.lease)
	switch {
	case err != nil:
		return ackRetry, fail(fmt.Errorf("%w: claim: %w", ErrClaimStore, err))
	case state == InFlight:
		return ackRetry, fail(ErrNotificationInFlight)
	case state == Done:
		p.log(ctx, slog.LevelInfo, "snap: duplicate notification acknowledged without handling", r, v.signedPath, v.key)
		return ackOK, nil
	case state != Claimed:
		return ackRetry, fail(fmt.Errorf("%w: claim answered %v", ErrClaimStore, state))
	}

	// The claim must be settled even when the provider hung up.
	settle := context.WithoutCancel(ctx)
	if herr := p.call(ctx, n); herr != nil {
		if rerr := p.s.store.Release(settle, v.key, token); rerr != nil {
			herr = errors.Join(herr, fmt.Errorf("%w: release: %w", ErrClaimStore, rerr))
		}
		return ackRetry, fail(herr)
	}
	if err := p.s.store.Complete(settle, v.key, token, p.s.window); err != nil {
		// Handled: acknowledge, or the provider resends what was done.
		return ackOK, fail(fmt.Errorf("%w: complete: %w", ErrClaimStore, err))
	}
	p.log(ctx, slog.LevelDebug, "snap: notification handled", r, v.signedPath, v.key)
	return ackOK, nil
}

// call runs handle, turning a panic into an error so that the claim is
// released and the provider gets its answer.
func (p *pipeline[T]) call(ctx context.Context, n T) (err error) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler { //nolint:errorlint // the sentinel itself is the contract
				panic(v)
			}
			stack := debug.Stack()
			if e, ok := v.(error); ok {
				err = &panicError{err: fmt.Errorf("%w: %w", ErrNotificationPanic, e), stack: stack}
			} else {
				err = &panicError{err: fmt.Errorf("%w: %v", ErrNotificationPanic, v), stack: stack}
			}
		}
	}()
	if err := p.handle(ctx, n); err != nil {
		return fmt.Errorf("%w: %w", ErrNotificationHandle, err)
	}
	return nil
}

// panicError keeps the stack of a recovered panic for the log.
type panicError struct {
	err   error
	stack []byte
}

func (e *panicError) Error() string { return e.err.Error() }
func (e *panicError) Unwrap() error { return e.err }

func (p *pipeline[T]) report(r *http.Request, nerr *NotificationError) {
	if p.s.logger != nil {
		level := slog.LevelWarn
		switch {
		case errors.Is(nerr, ErrNotificationInFlight):
			level = slog.LevelInfo // a provider retrying early: expected
		case nerr.Code.HTTPStatus() >= 500:
			level = slog.LevelError
		}
		attrs := []slog.Attr{
			slog.String("response_code", nerr.Code.String()),
			slog.String("error", nerr.Err.Error()),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
		}
		if nerr.SignedPath != "" {
			attrs = append(attrs, slog.String("signed_path", nerr.SignedPath))
		}
		if nerr.ExternalID != "" {
			attrs = append(attrs, slog.String("external_id", nerr.ExternalID))
		}
		if nerr.Key != "" {
			attrs = append(attrs, slog.String("key", nerr.Key))
		}
		if errors.Is(nerr, ErrNotificationSignature) && nerr.SignedPath != "" {
			attrs = append(attrs, slog.String("hint", "the signature was checked over signed_path; "+
				"if the provider posted to another path (http.StripPrefix, a proxy), pass snap.WithSignedPath"))
		}
		var pe *panicError
		if errors.As(nerr, &pe) {
			attrs = append(attrs, slog.String("stack", string(pe.stack)))
		}
		p.s.logger.LogAttrs(r.Context(), level, "snap: notification not handled", attrs...)
	}
	if p.s.onError != nil {
		p.s.onError(r, nerr)
	}
}

func (p *pipeline[T]) log(ctx context.Context, level slog.Level, msg string, r *http.Request, signedPath, key string) {
	if p.s.logger == nil || !p.s.logger.Enabled(ctx, level) {
		return
	}
	attrs := []slog.Attr{slog.String("path", r.URL.Path), slog.String("key", key)}
	if signedPath != "" {
		attrs = append(attrs, slog.String("signed_path", signedPath))
	}
	if id := r.Header.Get("X-EXTERNAL-ID"); id != "" {
		attrs = append(attrs, slog.String("external_id", id))
	}
	p.s.logger.LogAttrs(ctx, level, msg, attrs...)
}
