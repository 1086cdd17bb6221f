package catalog

import "github.com/go-netsuite/netsuite/vocab"

// Reference records: the lists other records point at (a customer's
// currency, subsidiary and entity status). They exist so that the REST
// record service can check a reference for existence, as NetSuite does
// (sim/internal/records, rules.go), and so that SuiteQL can join them.
//
// SuiteQL names follow NetSuite's Records Catalog: the currency table has
// name, symbol, isbasecurrency, exchangerate and isinactive; subsidiary has
// name, fullname, parent, currency, country, iselimination and isinactive.
// The entity statuses a customer's entityStatus points at are the REST
// record type customerStatus; the emulator's SuiteQL table for them is
// customerstatus (id, name, stage, probability, isinactive). NetSuite's
// Records Catalog also lists an entitystatus table for the same values;
// the emulator does not model that name.
//
// Permissions: REST access to the three types needs the role permission
// (vocab.PermListsCurrency, PermListsSubsidiaries, PermSetupCustomerStatus:
// the role form's names of the permissions). SuiteQL reads of the tables need none: the
// Records Catalog gives no permission for them that the emulator could
// check, so they are readable by every role (more lenient than NetSuite
// where NetSuite restricts them).

// Display expressions of references to the reference tables: their name
// (a subsidiary's full name).
const (
	dfCurrencyName   = `(SELECT nsdf.name FROM currency AS nsdf WHERE nsdf.id = {col})`
	dfSubsidiaryName = `(SELECT nsdf.fullname FROM subsidiary AS nsdf WHERE nsdf.id = {col})`
)

// referenceDisplay is the display expression of a reference into one of
// the reference tables, by table.
var referenceDisplay = map[string]string{
	"currency":       dfCurrencyName,
	"subsidiary":     dfSubsidiaryName,
	"customerstatus": `(SELECT nsdf.stage || '-' || nsdf.name FROM customerstatus AS nsdf WHERE nsdf.id = {col})`,
}

// referenceTables returns the tables of the reference records and their
// record types, which defaultTables and defaultRecords append.
func referenceTables() []*Table {
	id := Field{Column: "id", REST: "id", Type: Integer, ReadOnly: true, NotNull: true}
	inactive := Field{Column: "isinactive", REST: "isInactive", Type: Boolean, NotNull: true}
	return []*Table{
		{Name: "currency", Key: "id", Fields: []Field{id,
			{Column: "name", REST: "name", Type: String, NotNull: true},
			{Column: "symbol", REST: "symbol", Type: String, NotNull: true},
			{Column: "isbasecurrency", REST: "isBaseCurrency", Type: Boolean, ReadOnly: true, NotNull: true},
			{Column: "exchangerate", REST: "exchangeRate", Type: Float, NotNull: true},
			inactive}},
		{Name: "subsidiary", Key: "id", Fields: []Field{id,
			{Column: "name", REST: "name", Type: String, NotNull: true},
			{Column: "fullname", REST: "fullName", Type: String, ReadOnly: true},
			{Column: "parent", REST: "parent", Type: Reference, Ref: "subsidiary", Display: dfSubsidiaryName},
			{Column: "currency", REST: "currency", Type: Reference, Ref: "currency", NotNull: true, Display: dfCurrencyName},
			{Column: "country", REST: "country", Type: String},
			{Column: "iselimination", REST: "isElimination", Type: Boolean, NotNull: true},
			inactive}},
		{Name: "customerstatus", Key: "id", Fields: []Field{id,
			{Column: "name", REST: "name", Type: String, NotNull: true},
			{Column: "stage", REST: "stage", Type: String, NotNull: true},
			{Column: "probability", REST: "probability", Type: Float},
			inactive}},
	}
}

func referenceRecords() []*Record {
	return []*Record{
		{REST: "currency", Table: "currency", Permission: vocab.PermListsCurrency, SOAPPrefix: "listAcct", SOAPType: "Currency"},
		{REST: "subsidiary", Table: "subsidiary", Permission: vocab.PermListsSubsidiaries, SOAPPrefix: "listAcct", SOAPType: "Subsidiary"},
		{REST: "customerStatus", Table: "customerstatus", Permission: vocab.PermSetupCustomerStatus, SOAPPrefix: "listRel", SOAPType: "CustomerStatus"},
	}
}
