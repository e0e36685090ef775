package main

import (
	"flag"
	"fmt"

	"github.com/snapbi/snap"
)

func signCommand() *command {
	return &command{
		name:    "sign",
		args:    "[-mode symmetric|asymmetric] (-path PATH | -url URL) [-body-file FILE] [flags]",
		summary: "compute X-SIGNATURE of a request, printing every step",
		help: `
Sign computes the X-SIGNATURE of a SNAP transactional request exactly as the
SDK does (snap.SymmetricSignature, snap.AsymmetricSignature) and prints every
intermediate step: the path it signs and why, the minified body and whether
minifying changed it, the body's SHA-256, the string to sign, the signature
and the headers to send.

Symmetric mode needs the client secret and the B2B access token; asymmetric
mode needs the partner's RSA private key. Secrets come from environment
variables or files, never from the command line:

	export SNAP_CLIENT_SECRET=... SNAP_ACCESS_TOKEN=...
	snapbi sign -url https://api.paydia.co.id/snap/v1.0/auth/void-query -body-file body.json
	snapbi sign -mode asymmetric -key-file partner.pem -path /v1.0/debit/cancel.htm < body.json

The body comes from -body-file, -body or stdin (empty when none is given);
-body-hash signs a given body hash instead, for a provider's worked example.`,
		setup: func(fs *flag.FlagSet) func(*app, []string) error {
			r := registerRequestFlags(fs, "symmetric (HMAC-SHA512) or asymmetric (SHA256withRSA)")
			partnerID := fs.String("partner-id", "", "X-PARTNER-ID to show in the headers (your client `ID`)")
			channelID := fs.String("channel-id", "", "CHANNEL-ID to show in the headers")
			externalID := fs.String("external-id", "", "X-EXTERNAL-ID to show in the headers (default a fresh snap.NewExternalID)")
			return func(a *app, _ []string) error {
				res, err := r.resolve(a, fs, true)
				if err != nil {
					return err
				}
				p := res.pieces()
				sig, err := signPieces(p, res)
				if err != nil {
					return err
				}
				o := out{a.stdout}
				o.title("snapbi sign, " + describeMode(res.mode))
				o.blank()
				res.printInputs(o, r.showSecret)
				o.blank()
				o.line("string to sign", res.displayed(p, r.showSecret))
				o.line("X-SIGNATURE", sig)
				o.blank()
				o.title("headers to send")
				hdr := func(k, v string) { fmt.Fprintf(a.stdout, "  %-15s %s\n", k+":", v) }
				hdr("Content-Type", "application/json")
				hdr("X-TIMESTAMP", res.ts.value)
				hdr("X-SIGNATURE", sig)
				if res.mode == modeSymmetric {
					hdr("Authorization", "Bearer "+redact(res.token, r.showSecret))
				}
				hdr("X-PARTNER-ID", orDefault(*partnerID, "<your client id: -partner-id>"))
				hdr("X-EXTERNAL-ID", orDefault(*externalID, snap.NewExternalID()))
				hdr("CHANNEL-ID", orDefault(*channelID, "<given by the provider: -channel-id>"))
				return nil
			}
		},
	}
}

// signPieces signs p with the SDK: its own functions when they cover p,
// otherwise the SDK's primitives over the string to sign.
func signPieces(p pieces, res *resolved) (string, error) {
	switch {
	case p.mode == modeSymmetric && p.sdkDirect():
		return snap.SymmetricSignature(res.secret, p.method, p.path, p.token, p.body, p.timestamp), nil
	case p.mode == modeSymmetric:
		return snap.HMACSHA512(res.secret, []byte(p.stringToSign())), nil
	case p.sdkDirect():
		return snap.AsymmetricSignature(res.key, p.method, p.path, p.body, p.timestamp)
	default:
		return snap.SignRSA(res.key, []byte(p.stringToSign()))
	}
}

func tokenSignatureCommand() *command {
	return &command{
		name:    "token-signature",
		args:    "-client-id ID [-timestamp TS] [-key-file FILE] [flags]",
		summary: "compute X-SIGNATURE of a B2B access-token request (clientId|timestamp)",
		help: `
Token-signature computes the X-SIGNATURE of a B2B access-token request,
base64(SHA256withRSA(privateKey, clientId|X-TIMESTAMP)), as
snap.TokenSignature does, and prints the request to send.

	snapbi token-signature -client-id G1234325-SNAP -key-file partner.pem

To check a token signature someone else made, use
'snapbi verify -mode token -client-id ID -timestamp TS -signature SIG -public-key-file FILE'.`,
		setup: func(fs *flag.FlagSet) func(*app, []string) error {
			clientID := fs.String("client-id", "", "the partner's client `ID` (X-CLIENT-KEY)")
			ts := fs.String("timestamp", "", "the X-TIMESTAMP `STRING`, signed as given (default now in Jakarta time)")
			layout := fs.String("layout", "seconds", "`LAYOUT` of the default timestamp: seconds or millis")
			tokenPath := fs.String("token-path", "/v1.0/access-token/b2b", "the token endpoint `PATH` to show")
			key := newPrivateKeySource(fs)
			return func(a *app, _ []string) error {
				if *clientID == "" {
					return usagef("-client-id is required")
				}
				set := explicitFlags(fs)
				tc, err := resolveTimestamp(*ts, *layout, set, a.now())
				if err != nil {
					return err
				}
				priv, keyFrom, err := key.load(set, a.env)
				if err != nil {
					return err
				}
				sig, err := snap.TokenSignature(priv, *clientID, tc.value)
				if err != nil {
					return err
				}
				o := out{a.stdout}
				o.title("snapbi token-signature, " + describeMode(modeToken))
				o.blank()
				o.line("client id", *clientID)
				o.line("timestamp", tc.value+" ("+tc.why+")")
				o.more(tc.notes...)
				o.line("private key", keyFrom)
				o.blank()
				o.line("string to sign", snap.TokenStringToSign(*clientID, tc.value))
				o.line("X-SIGNATURE", sig)
				o.blank()
				o.title("request to send")
				fmt.Fprintf(a.stdout, "  POST %s\n", *tokenPath)
				hdr := func(k, v string) { fmt.Fprintf(a.stdout, "  %-15s %s\n", k+":", v) }
				hdr("Content-Type", "application/json")
				hdr("X-TIMESTAMP", tc.value)
				hdr("X-CLIENT-KEY", *clientID)
				hdr("X-SIGNATURE", sig)
				fmt.Fprintf(a.stdout, "\n  %s\n", `{"grantType":"client_credentials"}`)
				return nil
			}
		},
	}
}
