package debit

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/testkit"
)

// benchCancelAnswer is the page's cancel sample answer, with what
// DefaultProof asks (cancelTime) and the request's references.
const benchCancelAnswer = `{"responseCode":"2005700","responseMessage":"Request has been processed successfully","originalPartnerReferenceNo":"2020102900000000000001","originalReferenceNo":"2020102977770000000009","originalExternalId":"30443786930722726463280097920912","cancelTime":"2020-12-21T17:07:25+07:00","transactionDate":"2020-12-21T17:55:11+07:00","additionalInfo":{"deviceId":"12345679237","channel":"mobilephone"}}`

func benchProvider(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1.0/access-token/b2b" {
			_, _ = io.WriteString(w, `{"responseCode":"2007300","responseMessage":"Successful","accessToken":"tok","expiresIn":900}`)
			return
		}
		_, _ = io.WriteString(w, benchCancelAnswer)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkCancel is a typed debit cancel through the SDK (impl=sdk) and the
// same work by hand with net/http (impl=floor): marshal the request, sign,
// send, decode the typed answer.
func BenchmarkCancel(b *testing.B) {
	srv := benchProvider(b)
	req := sampleCancel()
	ctx := context.Background()
	b.Run("impl=sdk", func(b *testing.B) {
		core, err := snap.NewClient(snap.Config{BaseURL: srv.URL, PartnerID: testPartner, ChannelID: testChannel,
			ClientSecret: testSecret, PrivateKey: snap.NewPrivateKey(testkit.PartnerKey(b)),
			Signature: snap.Symmetric, TokenPath: TokenPath})
		if err != nil {
			b.Fatal(err)
		}
		c, err := Wrap(core)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := c.Cancel(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=floor", func(b *testing.B) {
		hc := &http.Client{Timeout: 15 * time.Second}
		b.ReportAllocs()
		for b.Loop() {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(req)
			body := bytes.TrimRight(buf.Bytes(), "\n")
			ts := time.Now().Format(snap.TimestampLayout)
			sum := sha256.Sum256(body)
			mac := hmac.New(sha512.New, []byte(testSecret))
			mac.Write([]byte("POST:/v1.0/debit/cancel:tok:" + hex.EncodeToString(sum[:]) + ":" + ts))
			r, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/v1.0/debit/cancel", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("X-TIMESTAMP", ts)
			r.Header.Set("X-SIGNATURE", base64.StdEncoding.EncodeToString(mac.Sum(nil)))
			r.Header.Set("X-PARTNER-ID", testPartner)
			r.Header.Set("X-EXTERNAL-ID", snap.NewExternalID())
			r.Header.Set("CHANNEL-ID", testChannel)
			r.Header.Set("Authorization", "Bearer tok")
			resp, err := hc.Do(r)
			if err != nil {
				b.Fatal(err)
			}
			data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
			var out CancelResponse
			if err := json.Unmarshal(data, &out); err != nil || out.ResponseCode != "2005700" {
				b.Fatal(err)
			}
		}
	})
}
