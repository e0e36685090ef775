package main

import (
	"crypto/rsa"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/snapbi/snap"
)

const (
	fakeClientSecret = "fake-client-secret"
	fakeTokenPath    = "/v1.0/access-token/b2b"
	fakeAccessToken  = "fake-b2b-access-token"
)

// fakeAnswers are the SNAP direct-debit page's sample answers, with the
// payment's 8-digit code corrected to 2005400 and the refund's " refundNo"
// key without its stray space.
var fakeAnswers = map[string]string{
	"/v1.0/debit/payment-host-to-host": `{"responseCode":"2005400","responseMessage":"Request has been processed successfully","referenceNo":"2020102977770000000009","partnerReferenceNo":"2020102900000000000001","approvalCode":"201039000200","appRedirectUrl":"https://pjsp.com/app?bizNo=REF993883&...","webRedirectUrl":"https://pjsp.com/universal?bizNo=REF993883&...","additionalInfo":{"deviceId":"12345679237","channel":"mobilephone"}}`,
	"/v1.0/debit/status":               `{"responseCode":"2005500","responseMessage":"Request has been processed successfully","originalPartnerReferenceNo":"2020102900000000000001","originalReferenceNo":"2020102977770000000009","approvalCode":"201039000200","originalExternalId":"30443786930722726463280097920912","serviceCode":"54","latestTransactionStatus":"00","transactionStatusDesc":"success","transAmount":{"value":"10000.00","currency":"IDR"},"feeAmount":{"value":"0.00","currency":"IDR"},"paidTime":"2020-12-21T14:56:11+07:00"}`,
	"/v1.0/debit/refund":               `{"responseCode":"2005800","responseMessage":"Request has been processed successfully","originalPartnerReferenceNo":"2020102900000000000001","originalReferenceNo":"2020102977770000000009","originalExternalId":"10052019","partnerTrxId":"LA001","refundNo":"REF993883","partnerRefundNo":"239850918204981205970","refundAmount":{"value":"10000.00","currency":"IDR"},"refundTime":"2020-12-21T17:21:41+07:00","additionalInfo":null}`,
	"/v1.0/debit/cancel":               `{"responseCode":"2005700","responseMessage":"Request has been processed successfully","originalPartnerReferenceNo":"2020102900000000000001","originalReferenceNo":"2020102977770000000009","originalExternalId":"30443786930722726463280097920912","cancelTime":"2020-12-21T17:07:25+07:00","transactionDate":"2020-12-21T17:55:11+07:00","additionalInfo":{"deviceId":"12345679237","channel":"mobilephone"}}`,
}

// newFakeProvider starts a loopback provider that issues B2B tokens, checks
// each request's HMAC signature and answers with fakeAnswers. A later task
// replaces it with the snaptest simulator.
func newFakeProvider(merchantPub *rsa.PublicKey) *httptest.Server {
	answer := func(w http.ResponseWriter, status int, body string) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-TIMESTAMP", snap.FormatTimestamp(time.Now(), snap.TimestampLayout))
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		ts := r.Header.Get("X-TIMESTAMP")
		if r.URL.Path == fakeTokenPath {
			if snap.VerifyRSA(merchantPub, []byte(snap.TokenStringToSign(r.Header.Get("X-CLIENT-KEY"), ts)), r.Header.Get("X-SIGNATURE")) != nil {
				answer(w, 401, `{"responseCode":"4017300","responseMessage":"Unauthorized. Invalid Signature"}`)
				return
			}
			answer(w, 200, `{"responseCode":"2007300","responseMessage":"Successful","accessToken":"`+fakeAccessToken+`","tokenType":"Bearer","expiresIn":"900"}`)
			return
		}
		sample, ok := fakeAnswers[r.URL.Path]
		if !ok {
			answer(w, 404, `{"responseCode":"4040002","responseMessage":"Invalid Routing"}`)
			return
		}
		if r.Header.Get("Authorization") != "Bearer "+fakeAccessToken ||
			snap.VerifySymmetric(fakeClientSecret, r.Method, r.URL.Path, fakeAccessToken, body, ts, r.Header.Get("X-SIGNATURE")) != nil {
			answer(w, 401, `{"responseCode":"4010000","responseMessage":"Unauthorized. Invalid Signature"}`)
			return
		}
		answer(w, 200, sample)
	}))
}
