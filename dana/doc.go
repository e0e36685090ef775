// Package dana calls DANA's SNAP APIs: the OTC cashout cancel (service 46),
// the payment-gateway direct-debit cancel, status and refund, and verifies
// DANA's finish notifications.
//
// DANA signs every transaction asymmetrically with the merchant's RSA key
// (SHA256withRSA over METHOD:path:bodyHash:X-TIMESTAMP), sends no B2B access
// token, stamps requests to the second in Jakarta time and expects an answer
// within 8 seconds. [NewClient] sets all of that up over [snap.Client]; every
// header and signature is made by the core's Client.Do.
//
// Where DANA's page and DANA's SDKs disagree, this package follows the page
// and keeps the limit overridable: CHANNEL-ID is "1 - 5 characters" on the
// page while DANA's Node SDK sends 32 (Config.MaxChannelIDLength raises it).
//
// DANA's documentation: https://dashboard.dana.id/api-docs (OTC cancel:
// "Cancel Payment", POST /v1.0/emoney/otc-cancel.htm).
//
// # Quick start
//
//	client, err := dana.NewClient(dana.Config{BaseURL: dana.SandboxBaseURL, PartnerID: clientID,
//		ChannelID: "95221", PrivateKey: snap.NewPrivateKey(key)}) // DANA holds the public half
//	if err != nil {
//		return err // it names the field at fault, never a secret
//	}
//	_, err = client.Cancel(ctx, &debit.CancelRequest{OriginalPartnerReferenceNo: "ORDER-1", MerchantID: merchantID})
//	switch snap.OutcomeOf(err) {
//	case snap.Failed:  // not canceled: err says why
//	case snap.Pending: // unknown: check it with Status, never treat it as Failed
//	}
//
// # Outcomes
//
// Every call ends Success, Failed or Pending (see [snap.OutcomeOf]); its
// response comes back with the error whenever a request went out, and is
// nil only when nothing was sent (a *snap.ValidationError). For OTC
// cancel the outcome and the merchant action follow DANA's own response
// table ([OTCCancelOutcomes]); the action is on the returned *snap.Error:
//
//	_, err := client.CancelOTC(ctx, req)
//	var e *snap.Error
//	if errors.As(err, &e) {
//		log.Printf("cancel %s: %s", e.Outcome, e.Action) // e.g. "Mark Cancel Payment process as Failed and hold the money"
//	}
//
// Never treat Pending as Failed: hold the money and retry or check later.
//
// DANA's OTC table is closed: it files an "undefined response code" under
// "unexpected response", so a code outside it (4034605, another service's
// 4045701) is Pending, never a case for the generic SNAP rules; the row has
// no action text, so DANA's own Pending action is used. A 2004600 is Success
// only when the answer proves it (OTCCancelProof): originalPartnerReferenceNo,
// originalReferenceNo and cancelTime present (Required, or conditional on
// "successfully processed") and the references equal to the request's. The
// payment-gateway answers are proven the same way (DebitProof).
//
// # Payment gateway
//
// The payment-gateway calls (Status, Cancel, Refund) take the
// SNAP direct-debit types with DANA's rules (DebitRules, from DANA's own
// schema in dana-id/dana-go): merchantId required on all three,
// refundAmount on refunds, originalExternalId up to 36 characters where the
// generic page says 32, originalCaptureNo for auth-capture refunds; the
// status answer keeps DANA's amount and title and carries no refundHistory,
// so a Pending refund is settled with RefundSettled, which resends the
// refund with the same partnerRefundNo as DANA's UAT scenarios do.
//
// # Notifications
//
// [NotifyHandler] serves DANA's finish notification through the core's
// notification pipeline: each notification handled once, a failed handle
// answered 5005601 so that DANA resends it, content DANA would resend
// unchanged answered 400xx00/400xx02 rather than retried for 7 days. It
// needs DANA's public key, which the merchant must always pass: this package
// holds no key and never uses one the merchant did not give.
package dana
