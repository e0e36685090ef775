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
// # B2B tokens and fleets
//
// A Client fetches the B2B access token when it first needs one and keeps
// it until a margin before it expires (a tenth of its lifetime, at most a
// minute): one fetch in flight however many calls wait, and one renewal
// after 401xx01. The token sits in a [TokenStore] — the Client's own
// [MemoryTokenStore] by default. Replicas that pass one shared store with
// [WithTokenStore] (package redisstore, on Redis) fetch one token per
// expiry for the whole fleet: a lease lets one replica fetch while the
// others wait and read what it stored. Each Client keeps a local copy, so
// the store is read once per expiry, not on every call; and a store that
// fails or stalls never fails a call — the Client logs it once and fetches
// the token itself until the store answers again.
//
// # Notifications
//
// [NewNotificationHandler] is the one notification pipeline every provider
// handler configures: POST only, a bounded body, the signature verified over
// the raw bytes received (SNAP's form, or a body-only form chosen with
// [WithBodySignature]), X-TIMESTAMP within the tolerance, decode, mandatory
// fields, claim, handle, then complete or release the claim and ack. Each
// notification is handled once: its key is the SHA-256 of its signature
// (never the unsigned X-EXTERNAL-ID) and a [ClaimStore] claims it atomically
// — a [MemoryClaimStore] per handler by default, a shared store for several
// replicas (redisstore.ClaimStore). The answers follow the notify page's table: 200xx00 when handled
// (or already handled), 500xx01 when handle fails or panics (the claim is
// released, so the resend is handled) or a copy is still in flight, 400xx00
// for an authentic body that is not JSON, 400xx02 "Invalid Mandatory Field
// {field}", 401xx00 for a bad signature or timestamp, 405xx00 for anything
// but POST.
//
// A single malformed field that is not mandatory is not refused: the
// provider packages hand the notification over with the fields that parsed
// and the failure in its DecodeErrors (a decoder of your own may instead
// return a [FieldError] for 400xx01 "Invalid Field Format {field}"). Refusing
// it would leave a readable final status unseen, since the provider resends
// the same signed bytes; the handler decides, and can reconcile by status.
//
// Refusals and failures reach [WithNotificationLogger] and
// [WithNotificationErrorFunc] as a [*NotificationError] that keeps its
// causes. [VerifyNotification] verifies without deduplicating;
// [SignNotification] signs test notifications for your own tests.
//
// # Secrets
//
// Client secrets and keys are held as [Secret] and [PrivateKey], which print
// "<redacted>" through fmt, slog and encoding/json; [Client] and every
// provider client format themselves the same way. An [Error] keeps an
// answer's body only after [RedactTokens].
//
// # Conventions
//
// Every provider package follows one shape, so that a merchant who has
// learnt one knows them all (the README's provider table lists them):
//
//   - A Config and NewClient(cfg Config, opts ...Option) (*Client, error);
//     Core returns the [*Client] the package calls through.
//   - Operations are methods named with the verb the provider's page uses:
//     Cancel, Status, Refund, Payment, Void, VoidQuery, CancelOTC.
//   - Every operation returns (*XxxResponse, error). The response is nil only
//     when nothing was sent (a [*ValidationError]); whenever a request went
//     out it is non-nil, Success or not, answered or not (go-github's rule),
//     and carries the raw answer as Raw (the embedded [Result]). [Call] is
//     the one place that does this; [OutcomeOf] reads the outcome from the
//     error.
//   - Every request type has Validate, the check the operation makes before
//     sending (a *ValidationError naming the field, the rule and the
//     value's length); every status answer has Status, the state it
//     reports; the proofs a success must pass are XxxProof functions.
//   - A package that receives notifications has one NotifyHandler, an
//     http.Handler built on [NewNotificationHandler], and one ParseXxx(r,
//     pub, opts...) built on [ParseNotification] that verifies and decodes
//     with the same decode function, for a merchant whose framework is not
//     net/http's.
//   - Request paths are exported constants named XxxPath (TokenPath,
//     CancelPath, StatusPath, OTCCancelPath).
//   - Times are one type, [Timestamp]: it keeps the provider's text,
//     marshals it back byte for byte and reads every layout in scope with
//     its Time method; a package whose requests carry a time has
//     NewTimestamp(t) in its provider's layout.
//   - Amounts are money.Money values with `json:",omitzero"`, never pointers
//     and never floats; an unset amount is left out.
//   - Status values and service codes are typed once, in the package that
//     owns them (debit, responsecode), and reused by the other packages and
//     by snaptest rather than redeclared as strings or other numbers.
package snap
