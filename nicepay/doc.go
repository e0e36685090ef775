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
// IDR and sent as whole rupiah; a fraction is refused before sending.
//
// # Outcomes
//
// resultCd "0000" is Success. Any other resultCd is a *snap.Error with
// RawCode = resultCd and Message = resultMsg, Failed — except the codes of
// NICEPAY's error table that leave the result unknown, which are Pending:
//
//	1001 1002 1003 1004 9507  connection, socket, server, timeout errors (retried)
//	9002 9302 9303            server is busy (retried)
//	9308 9309                 database or bank connection error (retried)
//	9304 9305 9306 9310       history or ledger bookkeeping error (not retried)
//	9315                      a cancellation is already registered (not retried)
//
// Config.ResultOutcomes changes the outcome of any non-"0000" code. An
// empty, HTML or non-JSON answer, a JSON answer without a string resultCd,
// or any non-2xx HTTP status is Pending, the raw answer kept in
// snap.Error.Body; so is a transport failure or a timeout. Never treat
// Pending as Failed: check the transaction's status later.
//
// A full cancel and a stop-recurring are retried (same tXid, same bytes) on
// the answers above marked retried and on transport errors; a partial
// cancel is not, since sending it twice could cancel twice.
package nicepay
