package cli

// Every generated SOAP type package, so that the decoder knows every record
// type an xsi:type names (a package not linked in is skipped when decoding).
import (
	_ "github.com/go-netsuite/netsuite/soap/types/activities/scheduling"
	_ "github.com/go-netsuite/netsuite/soap/types/documents/filecabinet"
	_ "github.com/go-netsuite/netsuite/soap/types/general/communication"
	_ "github.com/go-netsuite/netsuite/soap/types/lists/accounting"
	_ "github.com/go-netsuite/netsuite/soap/types/lists/employees"
	_ "github.com/go-netsuite/netsuite/soap/types/lists/marketing"
	_ "github.com/go-netsuite/netsuite/soap/types/lists/relationships"
	_ "github.com/go-netsuite/netsuite/soap/types/lists/supplychain"
	_ "github.com/go-netsuite/netsuite/soap/types/lists/support"
	_ "github.com/go-netsuite/netsuite/soap/types/lists/website"
	_ "github.com/go-netsuite/netsuite/soap/types/platform/common"
	_ "github.com/go-netsuite/netsuite/soap/types/platform/core"
	_ "github.com/go-netsuite/netsuite/soap/types/platform/faults"
	_ "github.com/go-netsuite/netsuite/soap/types/platform/messages"
	_ "github.com/go-netsuite/netsuite/soap/types/setup/customization"
	_ "github.com/go-netsuite/netsuite/soap/types/transactions/bank"
	_ "github.com/go-netsuite/netsuite/soap/types/transactions/customers"
	_ "github.com/go-netsuite/netsuite/soap/types/transactions/demandplanning"
	_ "github.com/go-netsuite/netsuite/soap/types/transactions/employees"
	_ "github.com/go-netsuite/netsuite/soap/types/transactions/financial"
	_ "github.com/go-netsuite/netsuite/soap/types/transactions/general"
	_ "github.com/go-netsuite/netsuite/soap/types/transactions/inventory"
	_ "github.com/go-netsuite/netsuite/soap/types/transactions/purchases"
	_ "github.com/go-netsuite/netsuite/soap/types/transactions/sales"
)
