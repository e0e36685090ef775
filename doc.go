// Package snap is the core of a Go SDK for Indonesia's SNAP BI payment APIs
// (Standar Nasional Open API Pembayaran): signed calls, B2B access tokens,
// retries, outcomes and inbound notifications. Provider packages (debit, dana,
// payermax, nicepay, paydia) stand on it; use it directly for any other SNAP
// provider.
//
// # One signed call
//
// [Client.Do] is the only place that builds headers and signs: it marshals
// the body once (no HTML escaping, no trailing newline), signs those exact
// bytes — symmetric HMAC-SHA512 over METHOD:path:token:bodyHash:timestamp, or
// asymmetric SHA256withRSA over METHOD:path:bodyHash:timestamp — and sends
// them with every SNAP header (X-TIMESTAMP in Jakarta time, X-SIGNATURE,
// X-PARTNER-ID, X-EXTERNAL-ID, CHANNEL-ID, ORIGIN, Authorization,
// Authorization-Customer).
//
// # Outcomes
//
// Every call ends in exactly one [Outcome]: [Success], [Failed] (definitive:
// the operation did not happen) or [Pending] (unknown: hold the money and
// check the status later). [OutcomeOf] reads it from the error a call
// returns. Unexpected answers — HTML pages, empty bodies, malformed or
// undefined codes, a code that disagrees with the HTTP status — are Pending,
// with the raw answer kept in [Error]. Nothing turns an unknown into Failed.
//
// # Retries
//
// [DefaultRetryPolicy] retries idempotent requests (cancel, status, refund,
// void-query) on transport errors, timeouts, 429, 500xx01, 500xx02 and 504,
// up to 3 attempts with jittered backoff that waits on the context. Each
// attempt gets a fresh X-TIMESTAMP, X-EXTERNAL-ID and signature. A payment is
// not retried unless the policy says so.
//
// # Notifications
//
// [VerifyNotification] and [NotificationHandler] check inbound notifications
// over the raw bytes received, with a timestamp tolerance and optional replay
// protection; [SignNotification] signs test notifications for your own tests.
//
// # Secrets
//
// Client secrets and keys are held as [Secret] and [PrivateKey], which print
// "<redacted>" through fmt, slog and encoding/json; [Client] and every
// provider client format themselves the same way. An [Error] keeps an
// answer's body only after [RedactTokens].
package snap
