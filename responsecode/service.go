package responsecode

// Service codes in scope: the middle two digits of a response code.
const (
	// ServiceOTCCancel is DANA's OTC (over the counter) cancel.
	ServiceOTCCancel = 46
	// ServiceDebitPayment is a direct debit payment.
	ServiceDebitPayment = 54
	// ServiceDebitStatus is a direct debit status inquiry.
	ServiceDebitStatus = 55
	// ServiceDebitNotify is a direct debit payment notification.
	ServiceDebitNotify = 56
	// ServiceDebitCancel is a direct debit cancel.
	ServiceDebitCancel = 57
	// ServiceDebitRefund is a direct debit refund.
	ServiceDebitRefund = 58
	// ServiceAuthVoid is the void of an auth payment.
	ServiceAuthVoid = 67
	// ServiceAuthVoidQuery is the query of an auth void.
	ServiceAuthVoidQuery = 68
	// ServiceB2BToken is the B2B access token request.
	ServiceB2BToken = 73
	// ServiceB2B2CToken is the B2B2C (customer) access token request.
	ServiceB2B2CToken = 74
)

var serviceNames = map[int]string{
	ServiceOTCCancel:     "OTC Cancel",
	ServiceDebitPayment:  "Direct Debit Payment",
	ServiceDebitStatus:   "Direct Debit Status",
	ServiceDebitNotify:   "Direct Debit Notify",
	ServiceDebitCancel:   "Direct Debit Cancel",
	ServiceDebitRefund:   "Direct Debit Refund",
	ServiceAuthVoid:      "Auth Void",
	ServiceAuthVoidQuery: "Auth Void Query",
	ServiceB2BToken:      "B2B Access Token",
	ServiceB2B2CToken:    "B2B2C Access Token",
}

// ServiceName returns the name of a service code in scope, e.g.
// ServiceName(57) is "Direct Debit Cancel", or "" for an unknown code.
func ServiceName(service int) string {
	return serviceNames[service]
}
