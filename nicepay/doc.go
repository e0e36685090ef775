// Package nicepay calls NICEPAY's v2 direct API: the cancel of
// POST /nicepay/direct/v2/cancel ("Cancel & Remove - DANA Recurring API",
// https://docs.nicepay.co.id/).
//
// NICEPAY v2 is not SNAP: there are no SNAP headers and no X-SIGNATURE. A
// request authenticates with merchantToken in its JSON body,
// lowercase hex(SHA-256(timeStamp + iMid + tXid + amt + merchantKey)) (see
// MerchantToken), and its timeStamp is yyyyMMddHHmmss in Jakarta time. The
// Client stands on the core snap.Client in snap.Plain mode, so transport,
// timeouts, retries, logging and outcomes are those of the SNAP providers.
//
// Every field of NICEPAY's JSON is a string, the numeric (N) ones included:
// cancelType is "1", amt is "10000". Amounts are given as money.Money in
// IDR and sent as whole rupiah; a fraction or zero is refused before
// sending. timeStamp must be a real time (14 digits are not enough:
// "20179999999999" is refused; NICEPAY's own documentation vector
// "20221212101278", second 78, would be too), tXid letters and digits only
// (AN), and payMethod one of NICEPAY's codes (PayMethodCreditCard …
// PayMethodPayloan; the DANA recurring page itself lists only 05).
//
// # Quick start
//
//	client, err := nicepay.NewClient(nicepay.Config{BaseURL: nicepay.SandboxBaseURL, IMID: iMid, MerchantKey: key})
//	if err != nil {
//		return err
//	}
//	resp, err := client.Cancel(ctx, &nicepay.CancelRequest{TXID: txid, PayMethod: nicepay.PayMethodEWallet,
//		CancelType: nicepay.CancelFull, Amt: money.IDR(150000)})
//	if err != nil { // Failed: refused or never sent; Pending: it may or may not have happened
//		return fmt.Errorf("cancel %s: %s: %w", txid, snap.OutcomeOf(err), err)
//	}
//	log.Println("cancelled", resp.TXID)
//
// # Outcomes
//
// resultCd "0000" on HTTP 200 is Success when the answer also proves it
// (CancelProof): tXid and amt present and equal to the request's. A
// resultCd that NICEPAY's published v2 error table documents as a refusal
// (Refusals: 9314 "Can not cancel your request transaction number", 9301
// "Invalid Cancel Type", ...) is a Failed *snap.Error with RawCode =
// resultCd and Message = resultMsg. Everything else is Pending, because the
// cancellation may have happened: a code the table documents as a
// connection, busy, database, ledger or duplicate-registration error; a code
// it does not document at all ("Z999", "0000 " with a space, "00000"); a
// duplicated resultCd; any HTTP status but 200 (a "0000" on 202 included);
// an empty, HTML or non-JSON answer; a transport failure or a timeout. The
// raw answer is kept in snap.Error.Body and in the response's Raw. Never
// treat Pending as Failed: check the transaction's status later.
//
// The response is nil only when nothing was sent (the error is then a
// *snap.ValidationError); whenever a request went out it is non-nil, with
// Raw, whatever the outcome.
//
// These Pending codes ask to try again and are retried:
//
//	1001 1002 1003 1004 9507  connection, socket, server, timeout errors
//	9002 9302 9303            server is busy
//	9308 9309                 database or bank connection error
//
// Config.ResultOutcomes changes the outcome of any non-"0000" code.
//
// A full cancel and a stop-recurring are retried (same tXid, same bytes) on
// the answers above marked retried, on gateway answers (HTTP 429, 502, 503,
// 504) and on transport errors; a partial cancel is not, since sending it
// twice could cancel twice.
package nicepay
