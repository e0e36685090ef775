package snap

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap/internal/testkit"
)

type callAnswer struct {
	ResponseCode               string `json:"responseCode"`
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	Result
}

func TestCallResponseWheneverSomethingWasSent(t *testing.T) {
	tests := []struct {
		name    string
		answer  func(int, http.ResponseWriter, *http.Request)
		outcome Outcome
		ref     string // read from the answer, success or not
		body    bool   // the raw answer carries a body
	}{
		{"success", script(200, `{"responseCode":"2005700","responseMessage":"Successful","originalPartnerReferenceNo":"ref-1"}`), Success, "ref-1", true},
		{"refusal decoded as far as it goes", script(404, `{"responseCode":"4045701","responseMessage":"Transaction Not Found","originalPartnerReferenceNo":"ref-1"}`), Failed, "ref-1", true},
		{"undecodable success is Pending, kept raw", script(200, `{"responseCode":"2005700","responseMessage":"Successful","originalPartnerReferenceNo":7}`), Pending, "", true},
		{"no answer", func(_ int, w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
		}, Pending, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeProvider(t)
			f.answer = tt.answer
			c := symmetricClient(t, f, WithTimeout(100*time.Millisecond), WithRetry(NoRetry()))
			out, err := Call[callAnswer](context.Background(), c, &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true, Body: cancelBody{OriginalPartnerReferenceNo: "ref-1"}}, nil)
			require.NotNil(t, out, "a request went out: the response must be there")
			require.NotNil(t, out.Raw)
			assert.Equal(t, tt.outcome, OutcomeOf(err))
			assert.Equal(t, tt.outcome, out.Outcome())
			assert.Equal(t, tt.ref, out.OriginalPartnerReferenceNo)
			assert.Equal(t, tt.body, len(out.Raw.Body) > 0)
			assert.Equal(t, 1, out.Raw.Attempts)
		})
	}
}

func TestCallNilOnlyWhenNothingWasSent(t *testing.T) {
	f := newFakeProvider(t)
	c := symmetricClient(t, f)
	out, err := Call[callAnswer](context.Background(), c, &Request{Path: "no-slash"}, nil)
	assert.Nil(t, out)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Zero(t, f.calls.Load())
	assert.Equal(t, Pending, (*Result)(nil).Outcome(), "no answer to read is never Success")
}

func TestCallUsesTheProvidersDecoder(t *testing.T) {
	f := newFakeProvider(t)
	f.answer = script(200, `{"responseCode":"2005700","responseMessage":"Successful","originalPartnerReferenceNo":"ref-1"}`)
	c := symmetricClient(t, f)
	refuse := func(body []byte, out *callAnswer) error { return errors.New("provider reader refuses") }
	out, err := Call(context.Background(), c, &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true}, refuse)
	require.NotNil(t, out)
	assert.Equal(t, Pending, OutcomeOf(err), "a success the provider's reader cannot read proves nothing")
	assert.Contains(t, err.Error(), "provider reader refuses")
}

func TestParseNotification(t *testing.T) {
	pub, err := ParsePublicKey(testkit.KeyPEM(t, "provider_public.pem"))
	require.NoError(t, err)
	sign := notificationSigner(t)
	now := time.Now()
	body := []byte(`{"originalReferenceNo":"A1","latestTransactionStatus":"00"}`)
	type note struct{ Ref, ExternalID string }
	decode := func(r *http.Request, b []byte) (*note, error) {
		return &note{Ref: string(b[24:26]), ExternalID: r.Header.Get("X-EXTERNAL-ID")}, nil
	}
	r := sign("POST", "/hooks", body, now)
	r.Header.Set("X-EXTERNAL-ID", "ext-1")
	n, err := ParseNotification(r, pub, decode)
	require.NoError(t, err)
	assert.Equal(t, &note{Ref: "A1", ExternalID: "ext-1"}, n)

	r = sign("POST", "/hooks", []byte(`{"originalReferenceNo":"B2","latestTransactionStatus":"00"}`), now)
	r.Body = http.NoBody
	_, err = ParseNotification(r, pub, decode)
	assert.ErrorIs(t, err, ErrNotificationSignature, "an unverified body is never decoded")
}
