package wire

import (
	"regexp"
	"sort"
)

// SOAP 1.1 and XML Schema namespaces, declared on every NetSuite envelope.
const (
	NSSOAPEnv = "http://schemas.xmlsoap.org/soap/envelope/"
	NSXSD     = "http://www.w3.org/2001/XMLSchema"
	NSXSI     = "http://www.w3.org/2001/XMLSchema-instance"
	// NSAxis is the namespace of the ns1:hostname element that follows the
	// fault detail (NetSuite runs Apache Axis).
	NSAxis = "http://xml.apache.org/axis/"
)

// Namespaces holds the SuiteTalk namespaces for one endpoint version, e.g.
// "2023_2" (no "_0" suffix). The pattern is
// urn:<area>_<version>.<group>.webservices.netsuite.com, and
// urn:types.<area>_<version>.<group>.webservices.netsuite.com for the enum
// types. Source: the 2023_2 WSDL/XSD set (kokobd/netsuite-wsdl:
// v2023_2/netsuite.wsdl, v2023_2/xsd); docs/wire-notes.md, "SOAP namespaces".
type Namespaces struct {
	Version string

	Messages    string // platformMsgs
	Core        string // platformCore
	Common      string // platformCommon
	Faults      string // platformFaults
	CoreTypes   string // platformCoreTyp
	CommonTypes string // platformCommonTyp
	FaultTypes  string // platformFaultTyp
	Platform    string // WSDL target namespace (tns)

	byPrefix map[string]string
}

// nsArea is one schema area: NetSuite's conventional prefix, the area and the
// group in the URN, and the prefix of its types namespace.
type nsArea struct{ prefix, area, group, typesPrefix string }

var nsAreas = []nsArea{
	{"platformMsgs", "messages", "platform", ""},
	{"platformCore", "core", "platform", "platformCoreTyp"},
	{"platformCommon", "common", "platform", "platformCommonTyp"},
	{"platformFaults", "faults", "platform", "platformFaultTyp"},
	{"listRel", "relationships", "lists", "listRelTyp"},
	{"listAcct", "accounting", "lists", "listAcctTyp"},
	{"listEmp", "employees", "lists", "listEmpTyp"},
	{"listMkt", "marketing", "lists", "listMktTyp"},
	{"listSupport", "support", "lists", "listSupportTyp"},
	{"listSite", "website", "lists", "listSiteTyp"},
	{"listScm", "supplychain", "lists", "listScmTyp"},
	{"tranSales", "sales", "transactions", "tranSalesTyp"},
	{"tranPurch", "purchases", "transactions", "tranPurchTyp"},
	{"tranCust", "customers", "transactions", "tranCustTyp"},
	{"tranBank", "bank", "transactions", "tranBankTyp"},
	{"tranInvt", "inventory", "transactions", "tranInvtTyp"},
	{"tranGeneral", "general", "transactions", ""}, // no types namespace in the schema
	{"tranEmp", "employees", "transactions", "tranEmpTyp"},
	{"tranFin", "financial", "transactions", "tranFinTyp"},
	{"demandPlanning", "demandplanning", "transactions", "demandPlanningTyp"},
	{"setupCustom", "customization", "setup", "setupCustomTyp"},
	{"docFileCab", "filecabinet", "documents", "docFileCabTyp"},
	{"generalComm", "communication", "general", "generalCommTyp"},
	{"actSched", "scheduling", "activities", "actSchedTyp"},
}

// NamespacesFor returns the namespaces of endpoint version v. It does not
// validate v, so that old recorded versions (e.g. "2_5") also work; see
// [ValidVersion].
func NamespacesFor(v string) Namespaces {
	m := make(map[string]string, 2*len(nsAreas)+1)
	for _, a := range nsAreas {
		m[a.prefix] = "urn:" + a.area + "_" + v + "." + a.group + ".webservices.netsuite.com"
		if a.typesPrefix != "" {
			m[a.typesPrefix] = "urn:types." + a.area + "_" + v + "." + a.group + ".webservices.netsuite.com"
		}
	}
	m["tns"] = "urn:platform_" + v + ".webservices.netsuite.com"
	return Namespaces{
		Version:     v,
		Messages:    m["platformMsgs"],
		Core:        m["platformCore"],
		Common:      m["platformCommon"],
		Faults:      m["platformFaults"],
		CoreTypes:   m["platformCoreTyp"],
		CommonTypes: m["platformCommonTyp"],
		FaultTypes:  m["platformFaultTyp"],
		Platform:    m["tns"],
		byPrefix:    m,
	}
}

// URI returns the namespace NetSuite binds to prefix (e.g. "listRel",
// "tranSalesTyp", "tns").
func (n Namespaces) URI(prefix string) (string, bool) {
	u, ok := n.byPrefix[prefix]
	return u, ok
}

// Prefixes returns every known prefix, sorted.
func (n Namespaces) Prefixes() []string {
	p := make([]string, 0, len(n.byPrefix))
	for k := range n.byPrefix {
		p = append(p, k)
	}
	sort.Strings(p)
	return p
}

var versionPattern = regexp.MustCompile(`^20[0-9]{2}_[12]$`)

// ValidVersion reports whether v has the form of a current endpoint version
// ("2023_2": year, underscore, release 1 or 2).
func ValidVersion(v string) bool { return versionPattern.MatchString(v) }
