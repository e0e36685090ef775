package debit

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/notifydecode"
	"github.com/snapbi/snap/internal/testkit"
	"github.com/snapbi/snap/money"
)

func amount(v string) money.Money { return money.MustNew(v, "IDR") }

var sampleInfo = json.RawMessage(`{"deviceId":"12345679237","channel":"mobilephone"}`)

// The seed's sample requests, built with this package's structs.
func samplePayment() *PaymentRequest {
	opt := func(payOption string) PayOptionDetail {
		return PayOptionDetail{
			PayMethod: "CREDIT_CARD", PayOption: payOption,
			TransAmount: amount("12345678.00"), FeeAmount: amount("12345678.00"),
			CardToken: "d89ca90ua90sd80as9809", MerchantToken: "a90ua90sd80d89cas9809",
			AdditionalInfo: sampleInfo,
		}
	}
	return &PaymentRequest{
		PartnerReferenceNo: "2020102900000000000001",
		BankCardToken:      "00007100010926",
		ChargeToken:        "00007100010926",
		OTP:                "12345678",
		MerchantID:         "23489182303312",
		TerminalID:         "489182303312",
		JourneyID:          "861023713017210",
		SubMerchantID:      "310928924949487",
		Amount:             amount("12345678.00"),
		URLParam: []URLParam{
			{URL: "https://test1.bi.go.id/v1/test", Type: URLPayReturn, IsDeeplink: "Y"},
			{URL: "https://test2.bi.go.id/v1/test", Type: URLPayReturn, IsDeeplink: "Y"},
		},
		ExternalStoreID:    "239840198240795109",
		ValidUpTo:          "2020-12-23T07:44:11+07:00",
		PointOfInitiation:  "Mobile App",
		FeeType:            "SHA|1000",
		DisabledPayMethods: "CREDIT_CARD",
		PayOptionDetails:   []PayOptionDetail{opt("CREDIT_CARD_VISA"), opt("CREDIT_CARD_MASTER")},
		AdditionalInfo:     sampleInfo,
	}
}

func sampleStatus() *StatusRequest {
	return &StatusRequest{
		OriginalPartnerReferenceNo: "2020102900000000000001",
		OriginalReferenceNo:        "2020102977770000000009",
		OriginalExternalID:         "30443786930722726463280097920912",
		ServiceCode:                17,
		TransactionDate:            "2020-12-21T14:56:11+07:00",
		Amount:                     amount("12345678.00"),
		MerchantID:                 "23489182303312",
		SubMerchantID:              "23489182303312",
		ExternalStoreID:            "183908924912387",
		AdditionalInfo:             sampleInfo,
	}
}

func sampleCancel() *CancelRequest {
	return &CancelRequest{
		OriginalPartnerReferenceNo: "2020102900000000000001",
		OriginalReferenceNo:        "2020102977770000000009",
		ApprovalCode:               "201039000200",
		OriginalExternalID:         "30443786930722726463280097920912",
		MerchantID:                 "23489182303312",
		SubMerchantID:              "23489182303312",
		Reason:                     "Network timeout",
		ExternalStoreID:            "124928924949487",
		Amount:                     amount("10000.00"),
		AdditionalInfo:             sampleInfo,
	}
}

func sampleRefund() *RefundRequest {
	return &RefundRequest{
		MerchantID:                 "00007100010926",
		SubMerchantID:              "310928924949487",
		OriginalPartnerReferenceNo: "2020102900000000000001",
		OriginalReferenceNo:        "2020102977770000000009",
		OriginalExternalID:         "10052019",
		PartnerRefundNo:            "239850918204981205970",
		RefundAmount:               amount("10000.00"),
		ExternalStoreID:            "124928924949487",
		Reason:                     "Customer complain",
		AdditionalInfo:             json.RawMessage("null"),
	}
}

// sampleAnswered is a test client whose every call is answered with the
// page's sample answer testdata/name.
func sampleAnswered(t *testing.T, name string) (*testkit.Replay, *Client) {
	t.Helper()
	return replayClient(t, testkit.Always(200, string(testkit.Fixture(t, name))))
}

// TestSampleAnswers answers each call with the page's sample and checks
// what the merchant gets.
func TestSampleAnswers(t *testing.T) {
	t.Run("payment: 8-digit code is Pending, fields and raw kept", func(t *testing.T) {
		f, c := sampleAnswered(t, "payment_response.json")
		resp, err := c.Payment(bg, samplePayment())
		require.Error(t, err)
		assert.Equal(t, snap.Pending, snap.OutcomeOf(err))
		var se *snap.Error
		require.ErrorAs(t, err, &se)
		assert.Equal(t, "20054000", se.RawCode)
		assert.Contains(t, se.Reason, "malformed responseCode")
		assert.Equal(t, 1, se.Attempts, "a payment is not retried")
		require.NotNil(t, resp)
		assert.Equal(t, "20054000", resp.ResponseCode)
		assert.Equal(t, "2020102977770000000009", resp.ReferenceNo)
		assert.Equal(t, "2020102900000000000001", resp.PartnerReferenceNo)
		assert.Equal(t, "201039000200", resp.ApprovalCode)
		assert.Equal(t, "https://pjsp.com/app?bizNo=REF993883&...", resp.AppRedirectURL)
		assert.Equal(t, "https://pjsp.com/universal?bizNo=REF993883&...", resp.WebRedirectURL)
		assert.JSONEq(t, string(sampleInfo), string(resp.AdditionalInfo))
		assert.Equal(t, snap.Pending, resp.Outcome())
		assert.Equal(t, testkit.Fixture(t, "payment_response.json"), resp.Raw.Body)
		assert.Len(t, f.Requests(), 1)
	})
	t.Run("status", func(t *testing.T) {
		_, c := sampleAnswered(t, "status_response.json")
		resp, err := c.Status(bg, sampleStatus())
		require.NoError(t, err)
		assert.Equal(t, snap.Success, resp.Outcome())
		assert.Equal(t, StatusSuccess, resp.LatestTransactionStatus)
		assert.True(t, resp.LatestTransactionStatus.IsFinal())
		assert.Equal(t, "success", resp.TransactionStatusDesc)
		assert.Equal(t, "2005500", resp.OriginalResponseCode)
		assert.Equal(t, "883737GHY8839", resp.SessionID)
		assert.Equal(t, "3763773", resp.RequestID)
		assert.Equal(t, "17", resp.ServiceCode)
		assert.Equal(t, "30443786930722726463280097920912", resp.OriginalExternalID)
		require.Len(t, resp.RefundHistory, 2)
		h := resp.RefundHistory[1]
		assert.Equal(t, "96194123981251341", h.RefundNo)
		assert.Equal(t, "2398509123131981205970", h.PartnerReferenceNo)
		assert.Equal(t, RefundSuccess, h.RefundStatus)
		assert.Equal(t, "IDR 112345678.00", h.RefundAmount.String())
		assert.Equal(t, "Customer Complain", h.Reason)
		got, ok := resp.Refund("239850918204981205970")
		assert.True(t, ok)
		assert.Equal(t, "96194816941239812", got.RefundNo)
		at, err := h.RefundDate.Time()
		require.NoError(t, err)
		assert.Equal(t, "2020-12-23T00:54:16Z", at.UTC().Format("2006-01-02T15:04:05Z"))
		assert.Equal(t, "IDR 112345678.00", resp.TransAmount.String())
		assert.Equal(t, "IDR 112345678.00", resp.FeeAmount.String())
		assert.Equal(t, snap.Timestamp("2020-12-21T14:56:11+07:00"), resp.PaidTime)
	})
	t.Run("cancel", func(t *testing.T) {
		_, c := sampleAnswered(t, "cancel_response.json")
		resp, err := c.Cancel(bg, sampleCancel())
		require.NoError(t, err)
		assert.Equal(t, "2005700", resp.ResponseCode)
		assert.Equal(t, "2020102900000000000001", resp.OriginalPartnerReferenceNo)
		assert.Equal(t, "2020102977770000000009", resp.OriginalReferenceNo)
		assert.Equal(t, "30443786930722726463280097920912", resp.OriginalExternalID)
		assert.Equal(t, snap.Timestamp("2020-12-21T17:07:25+07:00"), resp.CancelTime)
		assert.Equal(t, snap.Timestamp("2020-12-21T17:55:11+07:00"), resp.TransactionDate)
	})
	t.Run("refund: leading-space key and null additionalInfo", func(t *testing.T) {
		_, c := sampleAnswered(t, "refund_response.json")
		resp, err := c.Refund(bg, sampleRefund())
		require.NoError(t, err)
		assert.Equal(t, "REF993883", resp.RefundNo)
		assert.Equal(t, "LA001", resp.PartnerTrxID)
		assert.Equal(t, "239850918204981205970", resp.PartnerRefundNo)
		assert.Equal(t, "10052019", resp.OriginalExternalID)
		assert.Equal(t, "IDR 10000.00", resp.RefundAmount.String())
		assert.Equal(t, snap.Timestamp("2020-12-21T17:21:41+07:00"), resp.RefundTime)
		assert.Equal(t, "null", string(resp.AdditionalInfo))
	})
}

// TestSampleFixturesDecode decodes each answer fixture directly, as well
// as the notify samples (decoded by NotifyHandler's decoder).
func TestSampleFixturesDecode(t *testing.T) {
	var pay PaymentResponse
	require.NoError(t, notifydecode.Answer(testkit.Fixture(t, "payment_response.json"), &pay))
	assert.Equal(t, "20054000", pay.ResponseCode)

	var n Notify
	require.NoError(t, notifydecode.Answer(testkit.Fixture(t, "notify_request.json"), &n))
	assert.Equal(t, StatusSuccess, n.LatestTransactionStatus)
	assert.Equal(t, "IDR 10000.00", n.Amount.String())
	assert.Equal(t, "91863213913112", n.ExternalStoreID)
	assert.NoError(t, n.Validate())

	var ack snap.NotificationAck
	require.NoError(t, json.Unmarshal(testkit.Fixture(t, "notify_response.json"), &ack))
	assert.Equal(t, "2005600", ack.ResponseCode)

	// The table's spellings of keys are read as well as the samples'.
	var cr CancelResponse
	require.NoError(t, notifydecode.Answer([]byte(`{"originalpartnerReferenceNo":"a","responseCode":"2005700"}`), &cr))
	assert.Equal(t, "a", cr.OriginalPartnerReferenceNo)
	var nt Notify
	require.NoError(t, notifydecode.Answer([]byte(`{"externalStoreID":"s1"}`), &nt))
	assert.Equal(t, "s1", nt.ExternalStoreID)
	// A correctly spelled key wins over a spaced duplicate.
	var rr RefundResponse
	require.NoError(t, notifydecode.Answer([]byte(`{" refundNo":"spaced","refundNo":"right"}`), &rr))
	assert.Equal(t, "right", rr.RefundNo)
}
