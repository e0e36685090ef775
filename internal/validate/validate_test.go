package validate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/snapbi/snap"
	"github.com/snapbi/snap/money"
)

func TestChecker(t *testing.T) {
	neg := money.IDR(-1)
	tests := []struct {
		name  string
		check func(c *Checker)
		field string
		msg   string
	}{
		{"ok", func(c *Checker) { c.RequiredMaxLen("a", "abc", 3); c.Digits("b", "123"); c.OneOf("c", "1", "1", "2") }, "", ""},
		{"required", func(c *Checker) { c.Required("reason", "") }, "reason", "is required"},
		{"max len counts characters", func(c *Checker) { c.MaxLen("name", "ééé", 2) }, "name", "at most 2 characters (got 3)"},
		{"exact", func(c *Checker) { c.ExactLen("ts", "2024", 14) }, "ts", "exactly 14 characters (got 4)"},
		{"digits", func(c *Checker) { c.Digits("amt", "12a") }, "amt", "digits only"},
		{"alnum", func(c *Checker) { c.Alphanumeric("iMid", "AB-1") }, "iMid", "letters and digits only"},
		{"one of", func(c *Checker) { c.OneOf("type", "X", "PAY_RETURN", "PAY_NOTIFY") }, "type", "must be one of"},
		{"money", func(c *Checker) { c.Money("amount", neg) }, "amount", "negative"},
		{"required money", func(c *Checker) { c.RequiredMoney("amount", nil) }, "amount", "is required"},
		{"first failure wins", func(c *Checker) { c.Required("first", ""); c.Required("second", "") }, "first", "is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c Checker
			tt.check(&c)
			if tt.field == "" {
				require.NoError(t, c.Err())
				return
			}
			var ve *snap.ValidationError
			require.ErrorAs(t, c.Err(), &ve)
			assert.Equal(t, tt.field, ve.Field)
			assert.Contains(t, ve.Reason, tt.msg)
		})
	}
}
