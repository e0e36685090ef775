package responsecode

// Categories of the generic case table.
const (
	CategorySuccess  = "Success"
	CategorySystem   = "System"
	CategoryMessage  = "Message"
	CategoryBusiness = "Business"
)

// Case is one row of the generic SNAP case table: an HTTP status and case
// code that mean the same for every service code.
type Case struct {
	// HTTPStatus is the first three digits of the response code, e.g. 404.
	HTTPStatus int
	// Case is the last two digits of the response code, e.g. 1.
	Case int
	// Category is CategorySuccess, CategorySystem, CategoryMessage or
	// CategoryBusiness.
	Category string
	// Message is the responseMessage as the specification writes it, with
	// its placeholders ("{field name}", "[reason]") and typos kept.
	Message string
	// Description explains the case, as the specification writes it.
	Description string
}

// cases is the generic case table of the SNAP direct debit specification
// ("Daftar Response Code"), in its order.
var cases = []Case{
	{200, 0, CategorySuccess, "Successful", "Successful"},
	{202, 0, CategorySuccess, "Request In Progress", "Transaction still on process"},
	{400, 0, CategorySystem, "Bad Request", "General request failed error, including message parsing failed."},
	{400, 1, CategoryMessage, "Invalid Field Format {field name}", "Invalid format"},
	{400, 2, CategoryMessage, "Invalid Mandatory Field {field name}", "Missing or invalid format on mandatory field"},
	{401, 0, CategorySystem, "Unauthorized. [reason]", "General unauthorized error (No Interface Def, API is Invalid, Oauth Failed, Verify Client Secret Fail, Client Forbidden Access API, Unknown Client, Key not Found)"},
	{401, 1, CategorySystem, "Invalid Token (B2B)", "Token found in request is invalid (Access Token Not Exist, Access Token Expiry)"},
	{401, 2, CategorySystem, "Invalid Customer Token", "Token found in request is invalid (Access Token Not Exist, Access Token Expiry)"},
	{401, 3, CategorySystem, "Token Not Found (B2B)", "Token not found in the system. This occurs on any API that requires token as input parameter"},
	{401, 4, CategorySystem, "Customer Token Not Found", "Token not found in the system. This occurs on any API that requires token as input parameter"},
	{403, 0, CategoryBusiness, "Transaction Expired", "Transaction expired"},
	{403, 1, CategorySystem, "Feature Not Allowed [Reason]", "This merchant is not allowed to call Direct Debit APIs"},
	{403, 2, CategoryBusiness, "Exceeds Transaction Amount Limit", "Exceeds Transaction Amount Limit"},
	{403, 3, CategoryBusiness, "Suspected Fraud", "Suspected Fraud"},
	{403, 4, CategoryBusiness, "Activity Count Limit Exceeded", "Too many request, Exceeds Transaction Frequency Limit"},
	{403, 5, CategoryBusiness, "Do Not Honor", "Account or User status is abnormal"},
	{403, 6, CategorySystem, "Feature Not Allowed At This Time. [reason]", "Cut off In Progress"},
	{403, 7, CategoryBusiness, "Card Blocked", "The payment card is blocked"},
	{403, 8, CategoryBusiness, "Card Expired", "The payment card is expired"},
	{403, 9, CategoryBusiness, "Dormant Account", "The account is dormant"},
	{403, 10, CategoryBusiness, "Need To Set Token Limit", "Need to set token limit"},
	{403, 11, CategorySystem, "OTP Blocked", "OTP has been blocked"},
	{403, 12, CategorySystem, "OTP Lifetime Expired", "OTP has been expired"},
	{403, 13, CategorySystem, "OTP Sent To Cardholer", "initiates request OTP to the issuer"},
	{403, 14, CategoryBusiness, "Insufficient Funds", "Insufficient Funds"},
	{403, 15, CategoryBusiness, "Transaction Not Permitted.[reason]", "Transaction Not Permitted"},
	{403, 16, CategoryBusiness, "Suspend Transaction", "Suspend Transaction"},
	{403, 17, CategoryBusiness, "Token Limit Exceeded", "Purchase amount exceeds the token limit set prior"},
	{403, 18, CategoryBusiness, "Inactive Card/Account/Customer", "Indicates inactive account"},
	{403, 19, CategoryBusiness, "Merchant Blacklisted", "Merchant is suspended from calling any APIs"},
	{403, 20, CategoryBusiness, "Merchant Limit Exceed", "Merchant aggregated purchase amount on that day exceeds the agreed limit"},
	{403, 21, CategoryBusiness, "Set Limit Not Allowed", "Set limit not allowed on particular token"},
	{403, 22, CategoryBusiness, "Token Limit Invalid", "The token limit desired by the merchant is not within the agreed range between the merchant and the Issuer"},
	{403, 23, CategoryBusiness, "Account Limit Exceed", "Account aggregated purchase amount on that day exceeds the agreed limit"},
	{404, 0, CategoryBusiness, "Invalid Transaction Status", "Invalid transaction status"},
	{404, 1, CategoryBusiness, "Transaction Not Found", "Transaction not found"},
	{404, 2, CategorySystem, "Invalid Routing", "Invalid Routing"},
	{404, 3, CategorySystem, "Bank Not Supported By Switch", "Bank not supported by switch"},
	{404, 4, CategoryBusiness, "Transaction Cancelled", "Transaction is cancelled by customer"},
	{404, 5, CategoryBusiness, "Merchant Is Not Registered For Card Registration Services", "Merchant is not registered for Card Registration services"},
	{404, 6, CategorySystem, "Need To Request OTP", "Need to request OTP"},
	{404, 7, CategorySystem, "Journey Not Found", "The journeyID cannot be found in the system"},
	{404, 8, CategoryBusiness, "Invalid Merchant", "Merchant does not exist or status abnormal"},
	{404, 9, CategoryBusiness, "No Issuer", "No issuer"},
	{404, 10, CategorySystem, "Invalid API Transition", "Invalid API transition within a journey"},
	{404, 11, CategoryBusiness, "Invalid Card/Account/Customer [info]/Virtual Account", "Card information may be invalid, or the card account may be blacklisted, or Virtual Account number maybe invalid."},
	{404, 12, CategoryBusiness, "Invalid Bill/Virtual Account [Reason]", "The bill is blocked/ suspended/not found.\nVirtual account is suspend/not found."},
	{404, 13, CategoryBusiness, "Invalid Amount", "The amount doesn't match with what supposed to"},
	{404, 14, CategoryBusiness, "Paid Bill", "The bill has been paid"},
	{404, 15, CategorySystem, "Invalid OTP", "OTP is incorrect"},
	{404, 16, CategoryBusiness, "Partner Not Found", "Partner number can't be found"},
	{404, 17, CategoryBusiness, "Invalid Terminal", "Terminal does not exist in the system"},
	{404, 18, CategoryBusiness, "Inconsistent Request", "Inconsistent request parameter found for the same partner reference number/transaction id\nIt can be considered as failed in transfer debit, but it should be considered as success in transfer credit.\nConsidered as success:\n- Transfer credit = (i) Intrabank transfer; (ii) Interbank transfer; (iii) RTGS transfer; (iv) SKNBI transfer;\n- Virtual account = (i) Payment VA; (ii) Payment to VA;\n- Transfer debit = (i) Refund payment; (ii) Void;\nConsidered as failed:\n- Transfer credit = (i) Transfer to OTC;\n- Transfer debit = (i) Direct debit payment; (ii) QR CPM payment; (iii) Auth payment; (iv) Capture;"},
	{404, 19, CategoryBusiness, "Invalid Bill/Virtual Account", "The bill is expired.\nVirtual account is expired."},
	{405, 0, CategorySystem, "Requested Function Is Not Supported", "Requested function is not supported"},
	{405, 1, CategoryBusiness, "Requested Opearation Is Not Allowed", "Requested operation to cancel/refund transaction Is not allowed at this time."},
	{409, 0, CategorySystem, "Conflict", "Cannot use same X-EXTERNAL-ID in same day"},
	{409, 1, CategorySystem, "Duplicate partnerReferenceNo", "Transaction has previously been processed indicates the same partnerReferenceNo already success"},
	{429, 0, CategorySystem, "Too Many Requests", "Maximum transaction limit exceeded"},
	{500, 0, CategorySystem, "General Error", "General Error"},
	{500, 1, CategorySystem, "Internal Server Error", "Unknown Internal Server Failure, Please retry the process again"},
	{500, 2, CategorySystem, "External Server Error", "Backend system failure, etc"},
	{504, 0, CategorySystem, "Timeout", "timeout from the issuer"},
}

type pair struct{ http, caseCode int }

var byPair = func() map[pair]Case {
	m := make(map[pair]Case, len(cases))
	for _, c := range cases {
		m[pair{c.HTTPStatus, c.Case}] = c
	}
	return m
}()

// Lookup returns the generic case for an HTTP status and case code, and
// whether there is one. Lookup(404, 1) is "Transaction Not Found".
func Lookup(httpStatus, caseCode int) (Case, bool) {
	c, ok := byPair[pair{httpStatus, caseCode}]
	return c, ok
}

// Cases returns a copy of the whole generic case table, from 200-00 to
// 504-00, in the specification's order.
func Cases() []Case {
	out := make([]Case, len(cases))
	copy(out, cases)
	return out
}
