package restlet_test

import (
	"errors"

	"github.com/go-netsuite/netsuite/auth"
)

func errorsAs(err error, target any) bool { return errors.As(err, target) }

func credsFor() auth.Credentials {
	return auth.Credentials{Account: "1234567",
		ConsumerKey:    "ef40afdd8abaac111b13825dd5e5e2ddddb44f86d5a0dd6dcf38c20aae6b67e4",
		ConsumerSecret: "d26ad321a4b2f23b0741c8d38392ce01c3e23e109df6c96eac6d099e9ab9a8b5",
		TokenID:        "2b0ce516420110bcbd36b69e99196d1b7f6de3c6234c5afb799b73d87569f5cc",
		TokenSecret:    "c29a677df7d5439a458c063654187e3d678d73aca8e3c9d8bea1478a3eb0d295"}
}
