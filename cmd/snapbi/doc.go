// Snapbi answers the question every SNAP BI integration asks: "why doesn't my
// signature match?". It signs, verifies and explains with the SDK's own
// functions (snap.SymmetricSignature, snap.AsymmetricSignature,
// snap.TokenSignature, snap.VerifySymmetric, snap.VerifyAsymmetric,
// nicepay.MerchantToken, responsecode.Classify), so what it prints is
// exactly what the SDK does.
//
// Install it with
//
//	go install github.com/snapbi/snap/cmd/snapbi@latest
//
// or run it from the repository with "go run ./cmd/snapbi".
//
// Usage:
//
//	snapbi <command> [flags]
//
// The commands are:
//
//	sign             compute X-SIGNATURE of a request, printing every step
//	verify           check a received X-SIGNATURE and find the usual mistake when it does not match
//	token-signature  compute X-SIGNATURE of a B2B access-token request (clientId|timestamp)
//	nicepay-token    compute NICEPAY v2's merchantToken from its five inputs
//	code             explain a SNAP response code: HTTP status, service, case, outcome, action
//
// "snapbi help <command>" (or "snapbi <command> -h") prints a command's flags.
//
// Examples:
//
//	export SNAP_CLIENT_SECRET=... SNAP_ACCESS_TOKEN=...
//	snapbi sign -url https://api.paydia.co.id/snap/v1.0/auth/void-query -body-file body.json
//	snapbi sign -url https://dev.nicepay.co.id/nicepay/api/v1.0/debit/cancel -trim-prefix /nicepay < body.json
//	snapbi verify -path /v1.0/debit/cancel -timestamp 2024-05-01T10:00:00+07:00 -signature 'FSli...==' -body-file body.json
//	snapbi verify -mode asymmetric -public-key-file dana.pem -path /v1.0/debit/notify -timestamp ... -signature ... < notify.json
//	snapbi token-signature -client-id G1234325-SNAP -key-file partner.pem
//	snapbi nicepay-token -imid IONPAYTEST -txid IONPAYTEST012021... -amt 10000 -timestamp 20180123100505
//	snapbi code 4045701
//
// Sign prints the signed path and why (a URL's path, the query left out, a
// provider prefix dropped with -trim-prefix as snap.Config.SignedPathPrefix
// does), the minified body and whether minifying changed it, its SHA-256,
// the string to sign, the signature and the headers to send. Verify says
// valid or invalid; on invalid it tries the usual mistakes alone and
// together (provider prefix in the path, &<> HTML-escaped or literal, keys
// re-ordered, body pretty instead of minified, "Bearer " in the token,
// timestamp in UTC or with other precision, method case, base64url) and
// names the variant the signature was made over.
//
// Secrets (client secret, access token, private key, NICEPAY merchant key)
// are read from environment variables (SNAP_CLIENT_SECRET,
// SNAP_ACCESS_TOKEN, SNAP_PRIVATE_KEY, NICEPAY_MERCHANT_KEY, or the name
// given with -secret-env, -token-env, -key-env, -merchant-key-env) or from
// files (-secret-file, -token-file, -key-file, -merchant-key-file), never
// from the command line, so they stay out of shell history. They are printed
// as [redacted, N chars] unless -show-secret is given; key material is never
// printed.
//
// Exit status is 0 when all is well, 1 when the answer is "invalid" (a
// signature does not match, a response code is malformed) and 2 when the
// tool could not do what was asked (bad flags, unreadable input), with a
// one-line reason on standard error.
package main
