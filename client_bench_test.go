package snap

import (
	"bytes"
	"context"
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/snapbi/snap/internal/testkit"
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
	c := benchClient(b, srv.URL, Symmetric)
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
		floorCall(b, ctx, hc, srv.URL, benchReq, floorSymmetric)
	}
}

// BenchmarkCall is the suite of BENCHMARKS.md: each case through the SDK
// (impl=sdk) and through plain net/http doing the same work (impl=floor),
// side by side for benchstat -col /impl.
func BenchmarkCall(b *testing.B) {
	srv := benchServer(b)
	hc := &http.Client{Timeout: 15 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	ctx := context.Background()
	for _, size := range []struct {
		name string
		n    int
	}{{"1KiB", 1 << 10}, {"64KiB", 64 << 10}, {"1MiB", 1 << 20}} {
		body := benchCancel{OriginalPartnerReferenceNo: "2020102900000000000001", Reason: strings.Repeat("x", size.n)}
		for _, mode := range []SignatureMode{Symmetric, Asymmetric} {
			if mode == Asymmetric && size.n > 1<<10 {
				continue // RSA signs a hash: the body size adds nothing new
			}
			name := "sig=" + mode.String() + "/body=" + size.name
			b.Run(name+"/impl=sdk", func(b *testing.B) {
				c := benchClient(b, srv.URL, mode)
				req := &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true, Body: body}
				b.ReportAllocs()
				for b.Loop() {
					var out benchCancelAnswer
					if _, err := c.Do(ctx, req, &out); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(name+"/impl=floor", func(b *testing.B) {
				signer := floorSymmetric
				if mode == Asymmetric {
					key := testkit.PartnerKey(b)
					signer = floorSigner{sign: func(sts string) string {
						sum := sha256.Sum256([]byte(sts))
						sig, _ := key.Sign(rand.Reader, sum[:], crypto.SHA256) // as crypto.Signer users do
						return base64.StdEncoding.EncodeToString(sig)
					}}
				}
				b.ReportAllocs()
				for b.Loop() {
					floorCall(b, ctx, hc, srv.URL, body, signer)
				}
			})
		}
	}
	b.Run("sig=symmetric/body=1KiB/callers=64/impl=sdk", func(b *testing.B) {
		c := benchClient(b, srv.URL, Symmetric)
		req := &Request{Path: "/v1.0/debit/cancel", ServiceCode: 57, Idempotent: true, Body: benchReq}
		b.ReportAllocs()
		b.SetParallelism(32) // 64 goroutines on 2 cores
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				var out benchCancelAnswer
				if _, err := c.Do(ctx, req, &out); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("sig=symmetric/body=1KiB/callers=64/impl=floor", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(32)
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				floorCall(b, ctx, hc, srv.URL, benchReq, floorSymmetric)
			}
		})
	})
}

// BenchmarkVerifyNotification: the SDK's verification of an inbound
// notification against the floor (hash the raw bytes, RSA-verify), for a
// compact body and a pretty-printed one (DANA signs the raw bytes).
func BenchmarkVerifyNotification(b *testing.B) {
	provider := testkit.PartnerKey(b)
	compactBody := []byte(`{"originalPartnerReferenceNo":"2020102900000000000001","originalReferenceNo":"2020102977770000000009","latestTransactionStatus":"00","amount":{"value":"10000.00","currency":"IDR"}}`)
	var pretty bytes.Buffer
	_ = json.Indent(&pretty, compactBody, "", "  ")
	for _, tc := range []struct {
		name string
		body []byte
	}{{"compact", compactBody}, {"pretty", pretty.Bytes()}} {
		ts := FormatTimestamp(time.Now(), "")
		raw := sha256.Sum256(tc.body)
		sts := "POST:/v1.0/debit/notify:" + hex.EncodeToString(raw[:]) + ":" + ts
		sum := sha256.Sum256([]byte(sts))
		sigBytes, _ := provider.Sign(rand.Reader, sum[:], crypto.SHA256)
		sig := base64.StdEncoding.EncodeToString(sigBytes)
		newRequest := func() *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/v1.0/debit/notify", bytes.NewReader(tc.body))
			r.Header.Set("X-TIMESTAMP", ts)
			r.Header.Set("X-SIGNATURE", sig)
			return r
		}
		b.Run("body="+tc.name+"/impl=sdk", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := VerifyNotification(newRequest(), &provider.PublicKey); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("body="+tc.name+"/impl=floor", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r := newRequest()
				body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
				h := sha256.Sum256(body)
				s := sha256.Sum256([]byte(r.Method + ":" + r.URL.Path + ":" + hex.EncodeToString(h[:]) + ":" + r.Header.Get("X-TIMESTAMP")))
				sb, _ := base64.StdEncoding.DecodeString(r.Header.Get("X-SIGNATURE"))
				if err := rsa.VerifyPKCS1v15(&provider.PublicKey, crypto.SHA256, s[:], sb); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func benchClient(b *testing.B, base string, mode SignatureMode) *Client {
	cfg := Config{BaseURL: base, PartnerID: "partner", ChannelID: "95221", PrivateKey: NewPrivateKey(testkit.PartnerKey(b)), Signature: mode}
	if mode == Symmetric {
		cfg.ClientSecret, cfg.TokenPath = "secret", "/v1.0/access-token/b2b"
	}
	c, err := NewClient(cfg)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// floorSigner signs a string to sign the way a hand-written client does;
// token says whether the mode sends the B2B token (and signs it).
type floorSigner struct {
	sign  func(sts string) string
	token bool
}

var floorSymmetric = floorSigner{token: true, sign: func(sts string) string {
	mac := hmac.New(sha512.New, []byte("secret"))
	mac.Write([]byte(sts))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}}

// floorCall is one signed call with plain net/http and the standard library:
// marshal, hash, sign, headers, send, read, decode.
func floorCall(b *testing.B, ctx context.Context, hc *http.Client, base string, v any, signer floorSigner) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	body := bytes.TrimRight(buf.Bytes(), "\n")
	ts := time.Now().In(jakarta).Format(TimestampLayout)
	sum := sha256.Sum256(body)
	sts := "POST:/v1.0/debit/cancel:" + hex.EncodeToString(sum[:]) + ":" + ts
	if signer.token {
		sts = "POST:/v1.0/debit/cancel:tok:" + hex.EncodeToString(sum[:]) + ":" + ts
	}
	sig := signer.sign(sts)
	r, _ := http.NewRequestWithContext(ctx, "POST", base+"/v1.0/debit/cancel", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-TIMESTAMP", ts)
	r.Header.Set("X-SIGNATURE", sig)
	r.Header.Set("X-PARTNER-ID", "partner")
	r.Header.Set("X-EXTERNAL-ID", NewExternalID())
	r.Header.Set("CHANNEL-ID", "95221")
	if signer.token {
		r.Header.Set("Authorization", "Bearer tok")
	}
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
