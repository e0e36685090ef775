package debit

import (
	"encoding/json"
	"fmt"

	"github.com/snapbi/snap/internal/validate"
)

// Rules are the limits and conditional requirements of request fields that
// differ by provider: the generic page says one thing, a provider's own
// schema another. Limits belong to the provider, so a provider package
// passes its own with WithRules; DefaultRules are the generic page's.
type Rules struct {
	// OriginalExternalIDMax is the longest originalExternalId of status,
	// cancel and refund requests: 32 on the generic page ("originalExternalId
	// | String | O | 32"); DANA takes 36, the length of its X-EXTERNAL-ID.
	OriginalExternalIDMax int
	// MerchantIDRequired makes merchantId mandatory on status, cancel and
	// refund (optional on the generic page, required by DANA's models).
	MerchantIDRequired bool
	// RefundAmountRequired makes refundAmount mandatory on refund (optional
	// on the generic page, required by DANA's models).
	RefundAmountRequired bool
}

// DefaultRules are the generic SNAP direct-debit page's.
func DefaultRules() Rules { return Rules{OriginalExternalIDMax: 32} }

// WithRules replaces DefaultRules for every request the client sends.
func WithRules(r Rules) Option {
	return func(c *Client) error {
		if r.OriginalExternalIDMax < 1 || r.OriginalExternalIDMax > 64 {
			return fmt.Errorf("debit: WithRules: OriginalExternalIDMax %d is not within 1..64", r.OriginalExternalIDMax)
		}
		c.rules = r
		return nil
	}
}

// original is what status, cancel and refund requests carry of the
// payment they refer to.
type original struct {
	partnerReferenceNo, referenceNo, externalID string
	// anyReference lets partnerReferenceNo be empty when referenceNo or
	// externalID is given (status); cancel and refund require it.
	anyReference bool
}

// checkOriginal validates a status, cancel or refund request: the
// references to the payment first, then own (the operation's own fields),
// then the merchant's fields, and returns the first failure in that order.
// merchantId is mandatory where the provider's rules say so.
func (r Rules) checkOriginal(o original, m merchantFields, own func(v *validate.Checker)) error {
	var v validate.Checker
	if !o.anyReference {
		v.Required("originalPartnerReferenceNo", o.partnerReferenceNo)
	} else if o.partnerReferenceNo == "" && o.referenceNo == "" && o.externalID == "" {
		v.Fail("originalPartnerReferenceNo", "is required when originalReferenceNo and originalExternalId are empty")
	}
	v.MaxLen("originalPartnerReferenceNo", o.partnerReferenceNo, 64)
	v.MaxLen("originalReferenceNo", o.referenceNo, 64)
	v.MaxLen("originalExternalId", o.externalID, r.OriginalExternalIDMax)
	if r.MerchantIDRequired {
		v.Required("merchantId", m.merchantID)
	}
	own(&v)
	m.check(&v)
	return v.Err()
}

// merchantFields are the fields every direct-debit body has with the same
// limits on every page's table.
type merchantFields struct {
	merchantID, subMerchantID, externalStoreID string
	additionalInfo                             json.RawMessage
}

// check applies the page's limits: merchantId 64, subMerchantId 32,
// externalStoreId 64, additionalInfo a JSON object.
func (f merchantFields) check(v *validate.Checker) {
	v.MaxLen("merchantId", f.merchantID, 64)
	v.MaxLen("subMerchantId", f.subMerchantID, 32)
	v.MaxLen("externalStoreId", f.externalStoreID, 64)
	checkObject(v, "additionalInfo", f.additionalInfo)
}
