// Package payermax calls PayerMax's Indonesia SNAP direct-debit APIs: debit
// cancel (service 57), status (55) and payment (54), and receives its debit
// notices (56).
//
// Provider page: https://docs.payermax.com (Indonesia SNAP, "Debit-Cancel",
// POST /v1.0/debit/cancel). The status, payment and notice bodies follow the
// generic SNAP BI direct-debit tables, as PayerMax's pages for them were not
// in hand.
//
// What PayerMax does differently from plain SNAP, all handled by NewClient:
//
//   - X-SIGNATURE is symmetric: base64(HMAC-SHA512(clientSecret,
//     "POST:/v1.0/debit/cancel:"+accessToken+":"+hex(sha256(body))+":"+X-TIMESTAMP)),
//     with a B2B token from /v1.0/access-token/b2b.
//   - X-TIMESTAMP has milliseconds: 2024-03-02T14:15:39.079+07:00 (29 characters).
//   - A second header, sign, carries base64(SHA256withRSA(raw body bytes))
//     made with the merchant's private key. The SNAP pages only say "see the
//     technical docs"; this is PayerMax's general signature rule, a decision
//     of this SDK that Config.DisableSignHeader turns off.
//   - additionalInfo.version and additionalInfo.keyVersion are mandatory:
//     left empty they are sent as "1.4" and "1" (a decision: the page gives
//     them as "current values").
//   - amount.value is typed "number" in the field table but a string in the
//     example: the SDK sends a string ("100000.00") and accepts both forms.
//
// Every call ends in one outcome, read with snap.OutcomeOf(err): Success,
// Failed (definitive) or Pending (unknown: hold the money and ask
// DebitStatus). Cancel and status are idempotent and retried by the default
// policy; a payment is never retried.
package payermax
