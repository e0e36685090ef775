package main

import (
	"flag"
	"strings"
	"time"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/nicepay"
)

func nicepayTokenCommand() *command {
	return &command{
		name:    "nicepay-token",
		args:    "-imid IMID -txid TXID -amt AMT [-timestamp YYYYMMDDHHMMSS] [-expect TOKEN] [flags]",
		summary: "compute NICEPAY v2's merchantToken from its five inputs",
		help: `
Nicepay-token computes the merchantToken of NICEPAY's v2 (non-SNAP) API,
lowercase hex(SHA-256(timeStamp + iMid + tXid + amt + merchantKey)), as
nicepay.MerchantToken does. The merchant key comes from an environment
variable or a file.

	export NICEPAY_MERCHANT_KEY=...
	snapbi nicepay-token -timestamp 20180123100505 -imid IONPAYTEST \
		-txid IONPAYTEST01202103311759347262 -amt 10000

With -expect it compares against a token (e.g. from a request log) and exits
1 on a mismatch, naming the usual mistake when it finds one.`,
		setup: func(fs *flag.FlagSet) func(*app, []string) error {
			ts := fs.String("timestamp", "", "the body's timeStamp, yyyyMMddHHmmss in Jakarta time (default now)")
			iMid := fs.String("imid", "", "the merchant `ID` (iMid), e.g. IONPAYTEST")
			tXid := fs.String("txid", "", "the transaction `ID` (tXid)")
			amt := fs.String("amt", "", "the `AMOUNT` as sent in amt: an integer string such as 10000")
			expect := fs.String("expect", "", "compare with this merchantToken `HEX`")
			showSecret := fs.Bool("show-secret", false, "print the merchant key instead of [redacted, N chars]")
			key := newSecretSource(fs, "merchant key", "merchant-key", "NICEPAY_MERCHANT_KEY")
			return func(a *app, _ []string) error {
				for _, req := range [...]struct{ name, value string }{{"imid", *iMid}, {"txid", *tXid}, {"amt", *amt}} {
					if req.value == "" {
						return usagef("-%s is required", req.name)
					}
				}
				merchantKey, keyFrom, err := key.load(explicitFlags(fs), a.env, readLimited)
				if err != nil {
					return err
				}
				stamp, why := *ts, "as given"
				if stamp == "" {
					stamp, why = snap.FormatTimestamp(a.now(), snap.CompactTimestampLayout), "now in Jakarta time"
				}
				token := nicepay.MerchantToken(stamp, *iMid, *tXid, *amt, merchantKey)

				o := out{a.stdout}
				o.title("snapbi nicepay-token, lowercase hex(SHA-256(timeStamp + iMid + tXid + amt + merchantKey))")
				o.blank()
				o.line("timeStamp", stamp+" ("+why+")")
				if len(stamp) != 14 || strings.Trim(stamp, "0123456789") != "" {
					o.more("warning: NICEPAY's timeStamp is 14 digits, yyyyMMddHHmmss")
				}
				o.line("iMid", *iMid)
				o.line("tXid", *tXid)
				o.line("amt", *amt)
				if strings.Trim(*amt, "0123456789") != "" {
					o.more("warning: amt is an integer string without decimals (10000, not 10000.00)")
				}
				o.line("merchantKey", redact(merchantKey, *showSecret)+" (from "+keyFrom+")")
				o.blank()
				o.line("hashed", stamp+*iMid+*tXid+*amt+redact(merchantKey, *showSecret))
				o.line("merchantToken", token)
				if *expect == "" {
					return nil
				}
				o.line("expected", *expect)
				want := strings.TrimSpace(*expect)
				if want == token {
					o.line("result", "MATCH")
					return nil
				}
				o.line("result", "MISMATCH")
				for _, m := range nicepayMistakes(stamp, *iMid, *tXid, *amt, merchantKey) {
					if m.token == want {
						o.line("MATCH", "the expected token was made with "+m.desc)
						return errInvalid
					}
				}
				if strings.EqualFold(want, token) {
					o.line("MATCH", "the expected token is the same hash in upper-case hex; NICEPAY's is lower case")
					return errInvalid
				}
				o.more("none of the usual mistakes (decimals in amt, timeStamp in UTC, spaces around the key) explains it")
				return errInvalid
			}
		},
	}
}

type nicepayMistake struct{ desc, token string }

// nicepayMistakes are the usual ways a merchantToken goes wrong.
func nicepayMistakes(stamp, iMid, tXid, amt, key string) []nicepayMistake {
	var ms []nicepayMistake
	add := func(desc, ts, a, k string) {
		ms = append(ms, nicepayMistake{desc, nicepay.MerchantToken(ts, iMid, tXid, a, k)})
	}
	if !strings.Contains(amt, ".") {
		add("amt "+amt+".00 (with decimals; NICEPAY hashes the integer string)", stamp, amt+".00", key)
	} else if i := strings.IndexByte(amt, '.'); i > 0 {
		add("amt "+amt[:i]+" (without decimals)", stamp, amt[:i], key)
	}
	if t, err := time.ParseInLocation(snap.CompactTimestampLayout, stamp, snap.Jakarta()); err == nil {
		utc := t.UTC().Format(snap.CompactTimestampLayout)
		add("timeStamp "+utc+" (UTC wall-clock time; NICEPAY wants Jakarta time)", utc, amt, key)
	}
	if trimmed := strings.TrimSpace(key); trimmed != key {
		add("the merchant key without its surrounding whitespace", stamp, amt, trimmed)
	}
	add("the merchant key with a trailing newline", stamp, amt, key+"\n")
	return ms
}
