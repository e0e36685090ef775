package dana

import (
	"testing"

	"github.com/snapbi/snap/internal/notifytest"
)

func TestNotifyHandlerConformance(t *testing.T) {
	notifytest.Run(t, notifytest.Provider("/dana/finish-notify", NotifyHandler, func(n *FinishNotify) notifytest.Got {
		return notifytest.Got{Raw: n.Raw, ExternalID: n.ExternalID, Status: string(n.LatestTransactionStatus), DecodeErrors: notifytest.FieldNames(n.DecodeErrors)}
	}))
}
