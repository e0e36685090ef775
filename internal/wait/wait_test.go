package wait

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestSleep(t *testing.T) {
	assert.NoError(t, Sleep(context.Background(), time.Millisecond))
	assert.NoError(t, Sleep(context.Background(), 0))
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, Sleep(ended, time.Hour), context.Canceled, "an ended context stops the wait")
	assert.ErrorIs(t, Sleep(ended, 0), context.Canceled)
}
