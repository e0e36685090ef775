package payermax_test

import (
	"context"
	"crypto/rsa"
	"net/http"
	"testing"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/internal/notifytest"
	"github.com/snapbi/snap/payermax"
)

// TestNoticeHandlerConformance runs the suite against both configurations
// of NotifyHandler: the SNAP form and the Debit-Notice page's sign-only form.
func TestNoticeHandlerConformance(t *testing.T) {
	got := func(n *payermax.Notify) notifytest.Got {
		return notifytest.Got{Raw: n.Raw, ExternalID: n.ExternalID, Status: string(n.LatestTransactionStatus), DecodeErrors: notifytest.FieldNames(n.DecodeErrors)}
	}
	t.Run("SNAP form", func(t *testing.T) {
		notifytest.Run(t, notifytest.Provider("/payermax/debit-notice", payermax.NotifyHandler, got))
	})
	t.Run("sign-only form", func(t *testing.T) {
		signOnly := func(pub *rsa.PublicKey, handle func(context.Context, *payermax.Notify) error, opts ...snap.NotificationOption) http.Handler {
			return payermax.NotifyHandler(pub, handle, append([]snap.NotificationOption{payermax.SignOnlyNotify()}, opts...)...)
		}
		s := notifytest.Provider("/payermax/debit-notice", signOnly, got)
		s.Form, s.SignHeader = notifytest.BodyOnly, payermax.SignHeader
		notifytest.Run(t, s)
	})
}
