package main

import (
	"crypto/rsa"
	"fmt"
	"io"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
	"github.com/snapbi/snap/responsecode"
)

// sampleBody is the body of DANA's OTC-cancel sample, as the SDK sends it.
const sampleBody = `{"originalPartnerReferenceNo":"14054Q0727520211128121824995","customerNumber":"081234567890","reason":"Abnormal system result","additionalInfo":{"amount":{"value":"50000.00","currency":"IDR"}}}`

func demoSignatures(w io.Writer, key *rsa.PrivateKey) error {
	ts := snap.FormatTimestamp(time.Date(2021, 12, 3, 3, 37, 11, 0, time.UTC), snap.TimestampLayout)
	body := []byte(sampleBody)
	fmt.Fprintln(w, "== Signatures")
	fmt.Fprintf(w, "X-TIMESTAMP      %s (03:37:11 UTC, always written in Jakarta time)\n", ts)
	fmt.Fprintf(w, "bodyHash         %s\n", snap.BodyHash(body))
	fmt.Fprintf(w, "symmetric sts    %s\n", snap.SymmetricStringToSign("POST", "/v1.0/debit/cancel", "<token>", body, ts))
	sym := snap.SymmetricSignature("demo-client-secret", "POST", "/v1.0/debit/cancel", "demo-token", body, ts)
	fmt.Fprintf(w, "HMAC-SHA512      %s… (%d chars)\n", sym[:24], len(sym))
	fmt.Fprintf(w, "asymmetric sts   %s\n", snap.AsymmetricStringToSign("POST", "/v1.0/emoney/otc-cancel.htm", body, ts))
	asym, err := snap.AsymmetricSignature(key, "POST", "/v1.0/emoney/otc-cancel.htm", body, ts)
	if err != nil {
		return err
	}
	if err := snap.VerifyAsymmetric(&key.PublicKey, "POST", "/v1.0/emoney/otc-cancel.htm", body, ts, asym); err != nil {
		return fmt.Errorf("own asymmetric signature does not verify: %w", err)
	}
	fmt.Fprintf(w, "SHA256withRSA    %s… (%d chars, verified)\n\n", asym[:24], len(asym))
	return nil
}

func demoMoney(w io.Writer) error {
	fmt.Fprintln(w, "== Amounts")
	a, err := money.New("50000", "IDR")
	if err != nil {
		return err
	}
	b, _ := a.MarshalJSON()
	fmt.Fprintf(w, "money.New(\"50000\", \"IDR\")  → %s\n", b)
	for _, bad := range []string{"10.005", "-1.00", "1e5"} {
		_, err := money.New(bad, "IDR")
		fmt.Fprintf(w, "money.New(%q, \"IDR\") → %v\n", bad, err)
	}
	n, _ := money.IDR(10000).IntegerString()
	fmt.Fprintf(w, "NICEPAY amt of IDR 10000     → %q\n\n", n)
	return nil
}

func demoCodes(w io.Writer) {
	fmt.Fprintln(w, "== Response codes")
	for _, s := range []string{"2005700", "4045701", "5005701", "4095700", "20054000"} {
		c, err := responsecode.Parse(s)
		if err != nil {
			fmt.Fprintf(w, "%-9s %v → treat as %s\n", s, err, snap.Pending)
			continue
		}
		o := responsecode.Classify(c)
		fmt.Fprintf(w, "%-9s HTTP %d, %s, %q → %s: %s\n", s, c.HTTPStatus(), responsecode.ServiceName(c.Service()), c.Message(), o, responsecode.Action(o))
	}
	fmt.Fprintln(w)
}
