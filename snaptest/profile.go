package snaptest

import (
	"fmt"

	"github.com/snapbi/snap"
)

// Profile says which provider a Server imitates: its base path, how requests
// are signed, its timestamp layout, its endpoints and its response codes.
type Profile int

const (
	// Generic is SNAP direct debit as the ASPI standard describes it:
	// symmetric signatures with a B2B token, Authorization-Customer on every
	// call, /v1.0/debit/{payment-host-to-host,status,cancel,refund}.
	Generic Profile = iota + 1
	// DANA signs asymmetrically and uses no B2B token. It serves OTC cancel
	// (/v1.0/emoney/otc-cancel.htm, service 46) and the payment-gateway debit
	// APIs /payment-gateway/v1.0/debit/{payment-host-to-host,status,cancel,refund}.htm.
	// An OTC cancel may also be signed symmetrically, as DANA's page allows:
	// with "Authorization: Bearer <token>" from DANATokenPath it is checked
	// as HMAC-SHA512 with ClientSecret.
	DANA
	// PayerMax is symmetric with a B2B token, X-TIMESTAMP with milliseconds
	// and an extra "sign" header (SHA256withRSA over the raw body). It serves
	// /v1.0/debit/{payment,status,cancel}.
	PayerMax
	// Paydia is symmetric with a B2B token under the base path /snap; it
	// requires Authorization-Customer in the bare form of Paydia's sample
	// (no "Bearer "; see WithCustomerTokenForm) and a numeric X-EXTERNAL-ID, and serves
	// /snap/v1.0/auth/void (67) and /snap/v1.0/auth/void-query (68).
	Paydia
	// NICEPAY is NICEPAY's v2 API (not SNAP) under the base path /nicepay:
	// /nicepay/direct/v2/cancel, authenticated by merchantToken in the body.
	NICEPAY
)

// String names the profile.
func (p Profile) String() string {
	switch p {
	case Generic:
		return "Generic"
	case DANA:
		return "DANA"
	case PayerMax:
		return "PayerMax"
	case Paydia:
		return "Paydia"
	case NICEPAY:
		return "NICEPAY"
	}
	return fmt.Sprintf("Profile(%d)", int(p))
}

// TokenPath is the B2B access-token path under the base URL of the profiles
// that use a token (Generic, PayerMax, Paydia).
const TokenPath = "/v1.0/access-token/b2b"

// DANATokenPath is DANA's B2B access-token path, for merchants who sign
// symmetrically (the OTC cancel allows either signature).
const DANATokenPath = "/v1.0/access-token/b2b.htm"

// Layouts of X-TIMESTAMP, written out with the +07:00 the server demands.
const (
	layoutSeconds = "2006-01-02T15:04:05-07:00"
	layoutMillis  = "2006-01-02T15:04:05.000-07:00"
	layoutCompact = "20060102150405"
)

// endpoint is what a path does.
type endpoint int

const (
	epToken endpoint = iota + 1
	epPayment
	epStatus
	epCancel
	epRefund
	epOTCCancel
	epVoid
	epVoidQuery
	epNICEPAYCancel
)

// route is one endpoint of a profile.
type route struct {
	endpoint endpoint
	service  int
}

// profileSpec is everything the server needs to imitate a provider.
type profileSpec struct {
	basePath  string
	signature snap.SignatureMode
	token     bool // symmetric with a B2B token
	// symmetricWhenAuthorized: an OTC cancel carrying Authorization is checked
	// as symmetric with a B2B token, one without as asymmetric (DANA's OTC
	// page: "symmetricSignature or asymmetricSignature", Authorization
	// "Y:= Signature option is symmetric approach").
	symmetricWhenAuthorized bool
	layout                  string // X-TIMESTAMP layout
	// altLayout is a second X-TIMESTAMP layout accepted ("" = none): the
	// generic profile takes the standard text's milliseconds as well.
	altLayout string
	// bodySignHeader names the header carrying SHA256withRSA over the raw body.
	bodySignHeader    string
	numericExternalID bool
	// customerToken: Authorization-Customer is required by default.
	customerToken bool
	// customerTokenCase is the case code of a wrong customer token: 2
	// (401xx02 Invalid Customer Token), or 0 (401xx00 Unauthorized) where the
	// provider's table has no 401xx02.
	customerTokenCase int
	// customerForm is the Authorization-Customer form accepted.
	customerForm snap.CustomerTokenForm
	// checkMerchantID: merchantId must equal the server's (404xx08 otherwise).
	checkMerchantID bool
	// successMessage is the responseMessage of a successful answer.
	successMessage string
	routes         map[string]route // path under the base path
}

func specOf(p Profile) profileSpec {
	switch p {
	case DANA:
		return profileSpec{
			signature: snap.Asymmetric, layout: layoutSeconds, successMessage: "Successful", customerForm: snap.CustomerTokenBearer,
			symmetricWhenAuthorized: true,
			routes: map[string]route{
				DANATokenPath:                 {epToken, 73},
				"/v1.0/emoney/otc-cancel.htm": {epOTCCancel, 46},
				"/payment-gateway/v1.0/debit/payment-host-to-host.htm": {epPayment, 54},
				"/payment-gateway/v1.0/debit/status.htm":               {epStatus, 55},
				"/payment-gateway/v1.0/debit/cancel.htm":               {epCancel, 57},
				"/payment-gateway/v1.0/debit/refund.htm":               {epRefund, 58},
			},
		}
	case PayerMax:
		return profileSpec{
			signature: snap.Symmetric, token: true, layout: layoutMillis, bodySignHeader: "sign", customerForm: snap.CustomerTokenBearer,
			successMessage: "Request has been processed successfully",
			routes: map[string]route{
				TokenPath:             {epToken, 73},
				"/v1.0/debit/payment": {epPayment, 54},
				"/v1.0/debit/status":  {epStatus, 55},
				"/v1.0/debit/cancel":  {epCancel, 57},
			},
		}
	case Paydia:
		return profileSpec{
			basePath: "/snap", signature: snap.Symmetric, token: true, layout: layoutSeconds,
			numericExternalID: true, customerToken: true, checkMerchantID: true,
			// "Authorization-Customer: eyJ0eXAi…" in the void-query sample: bare.
			customerForm:   snap.CustomerTokenBare,
			successMessage: "Request has been processed successfully",
			routes: map[string]route{
				TokenPath:               {epToken, 73},
				"/v1.0/auth/void":       {epVoid, 67},
				"/v1.0/auth/void-query": {epVoidQuery, 68},
			},
		}
	case NICEPAY:
		return profileSpec{
			basePath: "/nicepay", signature: snap.Plain, layout: layoutSeconds,
			routes: map[string]route{
				"/direct/v2/cancel": {epNICEPAYCancel, 0},
			},
		}
	default: // Generic
		return profileSpec{
			// The standard's text: yyyy-MM-ddTHH:mm:ss.SSSTZD; its samples: seconds.
			signature: snap.Symmetric, token: true, layout: layoutSeconds, altLayout: layoutMillis, customerToken: true,
			customerTokenCase: 2, customerForm: snap.CustomerTokenBearer, successMessage: "Request has been processed successfully",
			routes: map[string]route{
				TokenPath:                          {epToken, 73},
				"/v1.0/debit/payment-host-to-host": {epPayment, 54},
				"/v1.0/debit/status":               {epStatus, 55},
				"/v1.0/debit/cancel":               {epCancel, 57},
				"/v1.0/debit/refund":               {epRefund, 58},
			},
		}
	}
}
