// Package paydia calls Paydia's SNAP "Auth Payment" void APIs: Void
// (service 67, POST /snap/v1.0/auth/void) and Void Query (service 68, POST
// /snap/v1.0/auth/void-query).
//
// Provider pages: https://snap-docs.paydia.id/snap-api/void-query/v1.0.0 and
// https://snap-docs.paydia.id/snap-api/void/v1.0.0.
//
// What is Paydia-specific, and handled here:
//
//   - The base URLs end in /snap and the signed path keeps that prefix: the
//     X-SIGNATURE of a void-query signs "POST:/snap/v1.0/auth/void-query:...".
//   - Signatures are symmetric (HMAC-SHA512 keyed by the client secret) over a
//     B2B access token obtained from /snap/v1.0/access-token/b2b with an RSA
//     signature of clientId|timestamp; the core caches and renews the token,
//     and renews it once on 4016801 Invalid Token.
//   - Both calls need the customer's B2B2C token: pass
//     snap.CustomerToken(token). It is sent bare, as the void-query page's
//     sample sends it ("Authorization-Customer: eyJ0eXAi…", right beside
//     "Authorization: Bearer eyJ0…"); ASPI's samples send "Bearer <token>",
//     and Config.CustomerTokenForm = snap.CustomerTokenBearer switches to
//     that form. A call without the token is a *snap.ValidationError before
//     anything is sent.
//   - X-EXTERNAL-ID must be a numeric string (max 36). The default generator
//     makes 32 random digits; an id given with snap.ExternalID that is not
//     all digits is refused before sending. A generator given with
//     snap.WithExternalIDs must return digits only.
//   - latestVoidStatus arrives as Paydia's words ("SUCCESS", "INIT",
//     "FAILED") or as ASPI's two-digit codes ("00", "01", "06"): VoidStatus
//     accepts both and VoidStatus.Normalized maps them to one form.
//
// Times are snap.Timestamp values, kept as Paydia sends them; Time reads
// them. Note that Paydia's own void-query sample carries voidTime
// "2024-08-20T13:57:59-07:00", an offset of -07:00 where the table promises
// +07:00: Time reads the instant with the offset that was sent rather than
// guessing (20:57:59 UTC, shown in Jakarta time).
//
// # Quick start
//
//	client, err := paydia.NewClient(paydia.Config{BaseURL: paydia.SandboxBaseURL, PartnerID: partnerID,
//		ChannelID: channelID, ClientSecret: secret, PrivateKey: snap.NewPrivateKey(key)})
//	if err != nil {
//		return err
//	}
//	resp, err := client.VoidQuery(ctx, req, snap.CustomerToken(customerToken))
//	if err != nil { // the query's outcome, not the void's: the void's state is still unknown
//		return fmt.Errorf("void query: %s: %w", snap.OutcomeOf(err), err)
//	}
//	log.Println("void:", resp.Status(), resp.VoidOutcome())
//
// # Outcomes
//
// A call's error tells what happened to the call (see snap.OutcomeOf); for
// a void-query, a successful call then tells what happened to the void in
// VoidQueryResponse.Status (see VoidQueryResponse.VoidOutcome). Paydia's
// response-code table for the void-query is VoidQueryOutcomes; any answer
// outside it that cannot be read is Pending, never Failed.
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw (snap.Result, the answer as received), whatever the outcome.
package paydia
