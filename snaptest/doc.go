// Package snaptest runs a simulated SNAP provider on a loopback address, the
// way net/http/httptest runs an HTTP server: for the SDK's own tests and
// examples, and for merchants who want to test their payment code without a
// sandbox account or a network.
//
// A Server imitates one provider (a Profile) strictly, as a real provider
// would refuse a request:
//
//   - SNAP headers present and within limits (X-PARTNER-ID ≤36 and equal to
//     PartnerID, X-EXTERNAL-ID ≤36 and numeric for Paydia, CHANNEL-ID ≤5);
//     a missing one is 400xx02, a malformed one 400xx01, naming it;
//   - X-TIMESTAMP in the profile's exact layout with +07:00 (25 characters,
//     29 with PayerMax's milliseconds; Generic takes both, as the standard's
//     text gives yyyy-MM-ddTHH:mm:ss.SSSTZD and its samples seconds; DANA and
//     Paydia seconds only, as their pages say) and within WithTimestampSkew
//     of the server's clock (401xx00 otherwise);
//   - the B2B token request at <base>/v1.0/access-token/b2b, signed with
//     SHA256withRSA over clientId|X-TIMESTAMP (answered 2007300 with
//     accessToken, tokenType and expiresIn "900"), and the Bearer token on
//     every call (unknown or expired: 401xx01);
//   - X-SIGNATURE: HMAC-SHA512 with ClientSecret over
//     METHOD:path:token:bodyHash:X-TIMESTAMP (Generic, PayerMax, Paydia), or
//     SHA256withRSA over METHOD:path:bodyHash:X-TIMESTAMP (DANA); PayerMax's
//     "sign" header over the raw body; NICEPAY's merchantToken in the body.
//     The server checks them with its own code (crypto/hmac, crypto/rsa),
//     not the SDK's, so that it catches the SDK's mistakes;
//   - Authorization-Customer where the profile requires it (CustomerToken),
//     compared literally in the profile's form: "Bearer <token>" (Generic),
//     the bare token (Paydia, as its sample); WithCustomerTokenForm changes
//     it, and WithCustomerTokenRequired(false) lets a B2B direct-debit client
//     send none;
//   - X-EXTERNAL-ID unique per partner per day (a repeat is 409xx00);
//   - bodies decoded strictly: exact key names (encoding/json's
//     case-insensitive matching would let "OriginalPartnerReferenceNo" and
//     the cancel table's "originalpartnerReferenceNo" through), so a
//     top-level key that is not the page's, a key sent twice, or a money
//     object's key other than value/currency is 400xx01 naming it;
//   - mandatory body fields (400xx02 "Invalid Mandatory Field {field}"),
//     lengths and amount formats (400xx01 "Invalid Field Format {field}"),
//     per profile: DANA's payment gateway requires merchantId (status,
//     cancel, refund) and refundAmount, as DANA's models do; Generic takes a
//     payment without amount and a status by originalExternalId alone, as the
//     page's "O" columns allow.
//
// The DANA profile answers a status as DANA's QueryPaymentResponse does:
// amount beside transAmount, and no refundHistory, so a DANA refund is
// settled by resending it (dana.Client.RefundSettled), never through
// debit.RefundSettled.
//
// It keeps state in memory. A payment (service 54) creates a Transaction
// whose status moves per WithPaymentStatuses; status (55) reports it, cancel
// (57, DANA OTC 46) makes it 05 Canceled, refund (58) records a refund and
// makes it 04 Refunded once nothing is left, void (67) records a void that
// void-query (68) reports. A reference repeated with different data is
// 404xx18 Inconsistent Request, an unknown one 404xx01. Seed state with
// AddTransaction and read it back with Transaction.
//
// Faults are injected per path and attempt with Fail: Delay (the request is
// processed and its answer held past the client's timeout), DropConnection,
// Code("5005701"), TooManyRequests, HTMLBadGateway and EmptyBody. Every
// request is recorded with the answer it got (Requests, RequestsTo). Notify
// and NotifyTransaction send notifications signed with ProviderKey, which
// snap.VerifyNotification accepts with ProviderPublicKey; a Notification
// (NewNotification, LastNotification) is sent again byte for byte with Send,
// or in concurrent copies with SendConcurrently, to test that a handler
// handles each notification once.
//
// # Use in a merchant's tests
//
//	srv := snaptest.NewServer(snaptest.Generic)
//	t.Cleanup(srv.Close)
//	srv.AddTransaction(snaptest.Transaction{PartnerReferenceNo: "order-1", Amount: money.IDR(10000)})
//
//	core, err := snap.NewClient(srv.SNAPConfig())       // or your provider config with srv.URL, srv.PartnerID() …
//	// … run the code under test against core, passing snap.CustomerToken(srv.CustomerToken()) …
//
//	srv.Fail("/v1.0/debit/cancel", snaptest.Fault{Times: 3, Kind: snaptest.Delay(2 * time.Second)})
//	tx, _ := srv.Transaction("order-1") // assert what the provider now believes
//
// Give the client and the server the same clock (snap.WithClock and
// WithClock) when a test pins time. Keys are generated per server on first
// use unless WithPartnerKey and WithProviderKey give them; generating costs
// tens of milliseconds, so suites that start many servers should pass keys.
//
// Paths given to Fail and RequestsTo are relative to URL (as the SDK's
// request paths are) or full URL paths; Paydia's live under /snap and
// NICEPAY's under /nicepay.
//
// Provider pages: SNAP direct debit https://apidevportal.aspi-indonesia.or.id
// (API Direct Debit), DANA https://dashboard.dana.id/api-docs, PayerMax
// https://docs.payermax.com, Paydia https://snap-docs.paydia.id, NICEPAY
// https://docs.nicepay.co.id.
package snaptest
