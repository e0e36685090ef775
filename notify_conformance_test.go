package snap_test

import (
	"bytes"
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/notifytest"
)

// TestNotificationHandlerConformance: the raw core handler knows no fields,
// so `{}` and a malformed amount reach handle as they are.
func TestNotificationHandlerConformance(t *testing.T) {
	notifytest.Run(t, notifytest.Subject{
		Path: "/v1.0/debit/notify",
		Form: notifytest.SNAP,
		New: func(pub *rsa.PublicKey, handle notifytest.Handle, opts ...snap.NotificationOption) http.Handler {
			return snap.NotificationHandler(pub, 56, func(ctx context.Context, r *http.Request, body []byte) error {
				return handle(ctx, notifytest.Got{Raw: body, ExternalID: r.Header.Get("X-EXTERNAL-ID")})
			}, opts...)
		},
		NewNilHandle:  func(pub *rsa.PublicKey) { snap.NotificationHandler(pub, 56, nil) },
		Valid:         notifytest.ValidBody,
		Empty:         notifytest.Want{HTTP: 200, Code: "2005600", Handled: true},
		Malformed:     notifytest.MalformedAmountBody,
		MalformedWant: notifytest.Want{HTTP: 200, Code: "2005600", Handled: true},
	})
}

type notice struct {
	Status string `json:"latestTransactionStatus"`
}

// signed returns a POST of body to path signed with the test provider key.
func signed(t *testing.T, path string, body []byte) *http.Request {
	t.Helper()
	key, _ := notifytest.Keys(t)
	h, err := snap.SignNotification(key, http.MethodPost, path, body, notifytest.Now)
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	r.Header = h
	return r
}

var clock = snap.WithNotificationClock(func() time.Time { return notifytest.Now })

// TestNewNotificationHandlerFieldAnswers: the answers a decoder chooses
// with *FieldError — 400xx02 for a mandatory field, 400xx01 for another.
func TestNewNotificationHandlerFieldAnswers(t *testing.T) {
	_, pub := notifytest.Keys(t)
	tests := []struct {
		name     string
		err      error
		wantHTTP int
		want     snap.NotificationAck
	}{
		{"mandatory", &snap.FieldError{Field: "latestTransactionStatus", Mandatory: true, Err: snap.ErrFieldMissing}, 400,
			snap.NotificationAck{ResponseCode: "4005602", ResponseMessage: "Invalid Mandatory Field latestTransactionStatus"}},
		{"optional, refused by a strict decoder", fmt.Errorf("strict: %w", &snap.FieldError{Field: "amount", Err: errors.New("3 decimals")}), 400,
			snap.NotificationAck{ResponseCode: "4005601", ResponseMessage: "Invalid Field Format amount"}},
		{"anything else", errors.New("not a notice"), 400,
			snap.NotificationAck{ResponseCode: "4005600", ResponseMessage: "Bad Request"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var reported *snap.NotificationError
			h := snap.NewNotificationHandler(pub, 56,
				func(*http.Request, []byte) (notice, error) { return notice{}, tt.err },
				func(context.Context, notice) error { t.Error("handle must not be called"); return nil },
				clock, snap.WithNotificationErrorFunc(func(_ *http.Request, err *snap.NotificationError) { reported = err }))
			w := httptest.NewRecorder()
			h.ServeHTTP(w, signed(t, "/notify", notifytest.ValidBody))
			assert.Equal(t, tt.wantHTTP, w.Code)
			var ack snap.NotificationAck
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &ack))
			assert.Equal(t, tt.want, ack)
			require.NotNil(t, reported)
			assert.ErrorIs(t, reported, tt.err)
		})
	}
}

// TestNotificationHandlersShareAClaimStore: two replicas behind one store
// handle a notification delivered to both once.
func TestNotificationHandlersShareAClaimStore(t *testing.T) {
	_, pub := notifytest.Keys(t)
	store := new(snap.MemoryClaimStore)
	var handled atomic.Int32
	replica := func() http.Handler {
		return snap.NotificationHandler(pub, 56, func(context.Context, *http.Request, []byte) error {
			handled.Add(1)
			return nil
		}, clock, snap.WithClaimStore(store))
	}
	a, b := replica(), replica()
	for _, h := range []http.Handler{a, b, a, b} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, signed(t, "/notify", notifytest.ValidBody))
		assert.Equal(t, http.StatusOK, w.Code)
	}
	assert.EqualValues(t, 1, handled.Load())
}

// failingStore fails the operations named.
type failingStore struct {
	snap.MemoryClaimStore
	claim, complete bool
}

var errDown = errors.New("store down")

func (s *failingStore) Claim(ctx context.Context, key string, ttl time.Duration) (snap.ClaimState, string, error) {
	if s.claim {
		return 0, "", errDown
	}
	return s.MemoryClaimStore.Claim(ctx, key, ttl)
}

func (s *failingStore) Complete(ctx context.Context, key, token string, ttl time.Duration) error {
	if s.complete {
		return errDown
	}
	return s.MemoryClaimStore.Complete(ctx, key, token, ttl)
}

func TestNotificationHandlerClaimStoreFailures(t *testing.T) {
	_, pub := notifytest.Keys(t)
	tests := []struct {
		name        string
		store       *failingStore
		wantCode    string
		wantHandled int32
	}{
		{"claim fails: not handled, the provider resends", &failingStore{claim: true}, "5005601", 0},
		{"complete fails: handled, so acknowledged", &failingStore{complete: true}, "2005600", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var handled atomic.Int32
			var reported *snap.NotificationError
			h := snap.NotificationHandler(pub, 56, func(context.Context, *http.Request, []byte) error {
				handled.Add(1)
				return nil
			}, clock, snap.WithClaimStore(tt.store),
				snap.WithNotificationErrorFunc(func(_ *http.Request, err *snap.NotificationError) { reported = err }))
			w := httptest.NewRecorder()
			h.ServeHTTP(w, signed(t, "/notify", notifytest.ValidBody))
			var ack snap.NotificationAck
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &ack))
			assert.Equal(t, tt.wantCode, ack.ResponseCode)
			assert.Equal(t, tt.wantHandled, handled.Load())
			require.NotNil(t, reported, "a store failure is never silent")
			assert.ErrorIs(t, reported, snap.ErrClaimStore)
			assert.ErrorIs(t, reported, errDown)
		})
	}
}
