package crm

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// UnsubscribeToken signs a contact id so an unsubscribe link cannot be
// forged for another contact.
func UnsubscribeToken(secret []byte, contactID int64) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("unsubscribe:" + strconv.FormatInt(contactID, 10)))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// CheckUnsubscribeToken reports whether token was made for contactID.
func CheckUnsubscribeToken(secret []byte, contactID int64, token string) bool {
	return hmac.Equal([]byte(UnsubscribeToken(secret, contactID)), []byte(token))
}
