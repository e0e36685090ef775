package snap

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
)

const benchAnswer = `{"responseCode":"2005700","responseMessage":"Successful","originalPartnerReferenceNo":"2020102900000000000001","originalReferenceNo":"2020102977770000000009","cancelTime":"2020-12-21T17:07:25+07:00"}`

// benchHandler answers tokens and the cancel sample.
func benchHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if r.URL.Path == "/v1.0/access-token/b2b" {
			io.WriteString(w, `{"responseCode":"2007300","accessToken":"tok","expiresIn":900}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, benchAnswer)
	})
}

func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(benchHandler())
	b.Cleanup(srv.Close)
	return srv
}

type benchCancel struct {
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	Reason                     string `json:"reason"`
}

type benchCancelAnswer struct {
	ResponseCode               string `json:"responseCode"`
	ResponseMessage            string `json:"responseMessage"`
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string `json:"originalReferenceNo"`
	CancelTime                 string `json:"cancelTime"`
}

var benchReq = benchCancel{OriginalPartnerReferenceNo: "2020102900000000000001", Reason: "Network timeout"}

// BenchmarkDo measures one symmetric signed call through the SDK against a
// loopback server (token cached).
func BenchmarkDo(b *testing.B) {
	srv := benchServer(b)
	key := partnerKey(b)
	c, err := NewClient(Config{BaseURL: srv.URL, PartnerID: "partner", ChannelID: "95221", ClientSecret: "secret", PrivateKey: NewPrivateKey(key), Signature: Symmetric, TokenPath: "/v1.0/access-token/b2b"})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	req := &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true, Body: benchReq}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var out benchCancelAnswer
		if _, err := c.Do(ctx, req, &out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDoBaseline does the same signed call with plain net/http and the
// standard library: marshal, hash, HMAC, headers, send, read, decode.
func BenchmarkDoBaseline(b *testing.B) {
	srv := benchServer(b)
	hc := &http.Client{Timeout: 15 * time.Second}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(benchReq)
		body := bytes.TrimRight(buf.Bytes(), "\n")
		ts := time.Now().In(jakarta).Format(TimestampLayout)
		sum := sha256.Sum256(body)
		mac := hmac.New(sha512.New, []byte("secret"))
		mac.Write([]byte("POST:/v1.0/debit/cancel:tok:" + hex.EncodeToString(sum[:]) + ":" + ts))
		r, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/v1.0/debit/cancel", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-TIMESTAMP", ts)
		r.Header.Set("X-SIGNATURE", base64.StdEncoding.EncodeToString(mac.Sum(nil)))
		r.Header.Set("X-PARTNER-ID", "partner")
		r.Header.Set("X-EXTERNAL-ID", NewExternalID())
		r.Header.Set("CHANNEL-ID", "95221")
		r.Header.Set("Authorization", "Bearer tok")
		resp, err := hc.Do(r)
		if err != nil {
			b.Fatal(err)
		}
		data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
		resp.Body.Close()
		var out benchCancelAnswer
		if err := json.Unmarshal(data, &out); err != nil || out.ResponseCode != "2005700" {
			b.Fatal(err)
		}
	}
}
