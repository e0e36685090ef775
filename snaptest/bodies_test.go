package snaptest

import (
	"encoding/json"
	"errors"

	"github.com/snapbi/snap/money"
)

// The tests' own request bodies, written from the seeds; snaptest's tests do
// not use the provider packages.

type statusBody struct {
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo,omitempty"`
	OriginalReferenceNo        string `json:"originalReferenceNo,omitempty"`
	ServiceCode                string `json:"serviceCode"`
}

type paymentBody struct {
	PartnerReferenceNo string       `json:"partnerReferenceNo"`
	ChargeToken        string       `json:"chargeToken,omitempty"`
	Amount             *money.Money `json:"amount,omitempty"`
}

type cancelBody struct {
	OriginalPartnerReferenceNo string         `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string         `json:"originalReferenceNo,omitempty"`
	Reason                     string         `json:"reason,omitempty"`
	Amount                     *money.Money   `json:"amount,omitempty"`
	AdditionalInfo             map[string]any `json:"additionalInfo,omitempty"`
}

type refundBody struct {
	OriginalPartnerReferenceNo string       `json:"originalPartnerReferenceNo"`
	PartnerRefundNo            string       `json:"partnerRefundNo,omitempty"`
	RefundAmount               *money.Money `json:"refundAmount,omitempty"`
	Reason                     string       `json:"reason,omitempty"`
}

type otcCancelBody struct {
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	CustomerNumber             string `json:"customerNumber,omitempty"`
	Reason                     string `json:"reason,omitempty"`
	AdditionalInfo             struct {
		Amount any `json:"amount,omitempty"`
	} `json:"additionalInfo"`
}

type voidQueryBody struct {
	OriginalPartnerReferenceNo string `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string `json:"originalReferenceNo"`
	MerchantID                 string `json:"merchantId"`
	VoidNo                     string `json:"voidNo,omitempty"`
	PartnerVoidNo              string `json:"partnerVoidNo"`
}

type voidBody struct {
	OriginalPartnerReferenceNo string      `json:"originalPartnerReferenceNo"`
	OriginalReferenceNo        string      `json:"originalReferenceNo"`
	PartnerVoidNo              string      `json:"partnerVoidNo"`
	MerchantID                 string      `json:"merchantId"`
	VoidAmount                 money.Money `json:"voidAmount"`
}

type nicepayCancelBody struct {
	TimeStamp     string `json:"timeStamp"`
	TXID          string `json:"tXid"`
	IMID          string `json:"iMid"`
	PayMethod     string `json:"payMethod"`
	CancelType    string `json:"cancelType"`
	CancelMsg     string `json:"cancelMsg,omitempty"`
	MerchantToken string `json:"merchantToken"`
	Amt           string `json:"amt"`
}

func amountOf(v string) *money.Money { m := money.MustNew(v, "IDR"); return &m }

func errorAs(err error, target any) bool { return errors.As(err, target) }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
