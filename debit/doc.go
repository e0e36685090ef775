// Package debit is the generic SNAP BI direct-debit lifecycle: Payment
// (service 54), Status (55), Notify (56, provider → merchant), Cancel (57)
// and Refund (58), as published by ASPI on the SNAP developer portal,
// https://apidevportal.aspi-indonesia.or.id (API Services, API Direct Debit).
// Any SNAP direct-debit provider — a bank, an e-wallet — is usable with only
// a snap.Config; provider packages (DANA, PayerMax) reuse it with their own
// paths (WithPaths) and response-code tables (WithOutcomes).
//
// Requests are validated before anything is sent: mandatory fields (a value
// of whitespace only is missing), lengths, amounts (0.00 is refused where
// money moves: a refund, a cancel of an amount). Limits and conditional
// requirements belong to the provider: DefaultRules are the page's
// (originalExternalId at most 32), and a provider package passes its own
// with WithRules (DANA: originalExternalId 36, merchantId and refundAmount
// required).
//
// additionalInfo is a json.RawMessage everywhere: requests send its bytes
// in the caller's key order (a map would sort them), and answers keep
// whatever the provider sent, numbers included, without loss.
//
// # Quick start
//
//	client, err := debit.NewClient(debit.Config{BaseURL: baseURL, PartnerID: partnerID,
//		ChannelID: "95221", ClientSecret: secret, PrivateKey: snap.NewPrivateKey(key)})
//	if err != nil {
//		return err // it names the field at fault, never a secret
//	}
//	_, err = client.Cancel(ctx, &debit.CancelRequest{OriginalPartnerReferenceNo: "ORDER-1"})
//	switch snap.OutcomeOf(err) {
//	case snap.Failed:  // not canceled: err says why
//	case snap.Pending: // unknown: settle it with Reconcile, never treat it as Failed
//	}
//
// # Outcomes
//
// Every call ends Success, Failed or Pending (snap.OutcomeOf). A method
// returns its typed response together with the error whenever a request
// went out, answered or not, so the fields of a non-success answer are
// readable too, and Raw keeps the answer whole; the response is nil only
// when nothing was sent (a *snap.ValidationError). A Pending payment,
// cancel or refund is settled with Reconcile, which polls Status until the
// status is final (RefundSettled reads the refund in refundHistory); at a
// provider whose status answer has no refundHistory but whose refund is
// idempotent on partnerRefundNo (DANA), ResendRefund sends the same refund
// again until its answer is final.
//
// A payment is not idempotent: no retry policy resends it (a resent
// payment could charge twice); its unknown outcome is Pending.
//
// # What a success must prove
//
// A success code counts only when the whole answer proves it (DefaultProof,
// checked by snap.Client.Do): the code is of the service called; the
// fields the page marks mandatory in the answer are there (a cancel's
// cancelTime, a refund's refundNo, partnerRefundNo and refundTime, a
// payment's referenceNo, a status's serviceCode and latestTransactionStatus);
// the references it echoes (originalPartnerReferenceNo, originalReferenceNo,
// originalExternalId, partnerRefundNo, refundAmount, serviceCode,
// partnerReferenceNo) equal the request's; and a cancel's answer that
// reports a transaction state reports 05 Canceled. Anything else is Pending,
// with Error.Reason naming the rule and the field.
//
// # Notifications
//
// NotifyHandler serves the notify endpoint (service 56): it verifies each
// notification with the provider's public key, handles it once and answers
// as the page says (2005600; 5005601 when handle fails, so the provider
// resends). ParseNotify verifies and decodes one without the handler.
//
// # Decisions on the provider page
//
// The page's samples and tables disagree in places; this package:
//   - sends originalPartnerReferenceNo (the samples' camelCase) for a
//     cancel, where the table says originalpartnerReferenceNo, and reads
//     either in answers;
//   - sends externalStoreId (as the samples and the payment and status
//     tables) where the notify, cancel and refund tables say
//     externalStoreID, and reads either;
//   - reads keys with stray spaces (the refund sample's " refundNo");
//   - treats the payment sample's 8-digit code "20054000" as an unexpected
//     answer: Pending, with the raw answer kept;
//   - keeps partnerReferenceNo of refundHistory items (the status sample)
//     beside the table's partnerRefundNo;
//   - reads refundDate in ISO 8601 as the sample does, or dd-MM-yyyy
//     [HH:mm:ss] as the table says (Timestamp.Time reads both).
//   - asks a status request for at least one of originalPartnerReferenceNo,
//     originalReferenceNo and originalExternalId, which the table marks all
//     optional: a status inquiry about nothing cannot be answered;
//   - decodes a non-success answer field by field when one field is
//     malformed (an amount with three decimals): that field stays empty, the
//     others are read and Raw.Body has it all. A success answer with a
//     malformed field proves nothing: it is Pending, the error says which
//     field, the fields that could be read are filled.
package debit
