package debit

import (
	"testing"

	"github.com/snapbi/snap/internal/notifytest"
)

func TestNotifyHandlerConformance(t *testing.T) {
	notifytest.Run(t, notifytest.Provider("/v1.0/debit/notify", NotifyHandler, func(n *Notify) notifytest.Got {
		return notifytest.Got{Raw: n.Raw, ExternalID: n.ExternalID, Status: string(n.LatestTransactionStatus), DecodeErrors: notifytest.FieldNames(n.DecodeErrors)}
	}))
}
