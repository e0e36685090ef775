// Package payermax calls PayerMax's Indonesia SNAP direct-debit APIs — debit
// cancel (service 57), status (55) and payment (54) — and receives its debit
// notices (56).
//
// Provider pages:
//   - Debit-Cancel: https://docs.payermax.com/public/api/New%20Version/en/v1.0/v1.0_debit_cancel.html
//   - Debit-Status: https://docs.payermax.com/public/api/New%20Version/en/v1.0/v1.0_debit_status.html
//   - Debit-Payment: https://docs.payermax.com/public/api/New%20Version/en/v1.0/v1.0_debit_payment.html
//   - Debit-Notice: https://docs.payermax.com/public/api/New%20Version/en/v1.0/Debit-Notice.html
//
// The cancel structs follow PayerMax's page field by field. The status and
// payment structs take the fields PayerMax's pages mark required and fill in
// the rest from the generic SNAP BI direct-debit tables; the notice follows
// the generic notify table.
//
// What PayerMax does differently from plain SNAP, all handled by NewClient:
//
//   - X-SIGNATURE is symmetric: base64(HMAC-SHA512(clientSecret,
//     "POST:/v1.0/debit/cancel:"+accessToken+":"+hex(sha256(body))+":"+X-TIMESTAMP)),
//     with a B2B token from /v1.0/access-token/b2b.
//   - X-TIMESTAMP has milliseconds: 2024-03-02T14:15:39.079+07:00 (29 characters).
//   - A second header, sign, carries base64(SHA256withRSA(raw body bytes))
//     made with the merchant's private key. The SNAP pages only say "see the
//     technical docs"; this is PayerMax's general signature rule ("sign: use
//     the merchant's private key to sign the HTTP body"), a decision of this
//     SDK that Config.DisableSignHeader turns off.
//   - additionalInfo.version and additionalInfo.keyVersion are mandatory:
//     left empty they are sent as "1.4" and "1", the pages' "current values"
//     (a decision). The cancel page's example omits keyVersion; its table
//     requires it, so it is always sent.
//   - amount.value is typed "number" in the cancel table but a string in the
//     example: the SDK sends a string ("100000.00") and accepts both.
//
// # Quick start
//
//	client, err := payermax.NewClient(payermax.Config{BaseURL: baseURL, PartnerID: partnerID,
//		ChannelID: channelID, ClientSecret: secret, PrivateKey: snap.NewPrivateKey(key)})
//	if err != nil {
//		return err
//	}
//	resp, err := client.Cancel(ctx, &payermax.CancelRequest{OriginalPartnerReferenceNo: ref})
//	if err != nil { // Failed: refused or never sent; Pending: it may or may not have happened, ask Status
//		return fmt.Errorf("cancel %s: %s: %w", ref, snap.OutcomeOf(err), err)
//	}
//	log.Println("cancelled at", resp.CancelTime) // confirmed: resp.Status() is 05
//
// # Outcomes
//
// Every call ends in one outcome, read with snap.OutcomeOf(err): Success,
// Failed (definitive) or Pending (unknown: hold the money and ask
// Status). Cancel and status are idempotent and retried by the default
// policy; a payment is never resent after an attempt whose result is
// unknown.
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome.
//
// # A cancel is Success only when PayerMax confirms it
//
// The cancel page's table makes additionalInfo.latestTransactionStatus
// Required in the answer: 00 "successfully in final state and paid", 03 "in
// process ... payment is success", 05 "the order has been closed", 06
// "failed". A 2005700 counts as a confirmed cancel only with 05 and with the
// request's references echoed (CancelProof); with 00 or 03 the customer may
// have been charged, so the call is Pending. The page contradicts itself
// here: its own response example answers 2005700 with status 00, about
// another reference than its request example. Read safely, that example is
// Pending, and this package's tests say so.
//
// # Notifications
//
// Debit notices come in two forms, both verified with PayerMax's public key:
// the SNAP form (X-SIGNATURE over METHOD:path:bodyHash:X-TIMESTAMP, checked
// by snap.VerifyNotification) and the form PayerMax's Debit-Notice page
// shows, with only a sign header over the raw body. A handler accepts the
// one it is configured for — SNAP by default, SignOnlyNotify for the other
// — never whichever a request carries: a notice stripped of its SNAP
// headers is refused, not checked the weaker way. See NotifyHandler.
package payermax
