package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	netsuite "github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/soap"
	"github.com/go-netsuite/netsuite/soap/types/platform/core"
	"github.com/go-netsuite/netsuite/soap/types/platform/messages"
	"github.com/spf13/cobra"
)

func newSOAPCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "soap",
		Short: "SuiteTalk SOAP web services: decode a response, get, search, call any operation",
		Long: `soap works with NetSuite's SuiteTalk SOAP web services (token-based
authentication; a tokenPassport is signed for every request).

  netsuite soap decode FILE|-              decode a captured SOAP response to JSON
  netsuite soap get TYPE ID                print one record (get)
  netsuite soap search TYPE [--where …]    stream a search's records or rows
  netsuite soap call OPERATION --body FILE send any operation's request body

Records are printed as JSON keyed by their XML element names; a value of an
abstract type (a record, a reference, a custom field, a search row) carries
its XSD type in "xsiType".`,
	}
	cmd.PersistentFlags().StringVar(&e.soapVersion, "wsdl-version", soap.DefaultVersion, "SuiteTalk endpoint version (such as 2025_2)")
	cmd.AddCommand(newSOAPDecodeCmd(e), newSOAPGetCmd(e), newSOAPSearchCmd(e), newSOAPCallCmd(e))
	return cmd
}

// soapService builds the SOAP service of the configured account.
func (e *env) soapService() (*soap.Service, error) {
	v := e.soapVersion
	if v == "" {
		v = soap.DefaultVersion
	}
	if ok, _ := regexp.MatchString(`^20[0-9]{2}_[12]$`, v); !ok {
		return nil, fmt.Errorf("--wsdl-version %q: an endpoint version looks like %s", v, soap.DefaultVersion)
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return nil, err
	}
	c, err := e.newClient(cfg)
	if err != nil {
		return nil, err
	}
	return soap.New(c, soap.WithVersion(v)), nil
}

func newSOAPGetCmd(e *env) *cobra.Command {
	var typeID string
	cmd := &cobra.Command{
		Use:   "get TYPE ID",
		Short: "Print one record (get)",
		Long: `get reads one record through the SOAP get operation and prints it as JSON.
TYPE is a SOAP record type (the RecordRef type: customer, salesOrder,
inventoryItem, …); ID is an internal id, or eid:X for an external id.

A custom record is TYPE customRecord with --type-id naming its custom record
type: the type's internal id (12), or its script id (customrecord_region),
which getCustomizationId resolves to the internal id. The request names the
record with a CustomRecordRef (internalId or externalId, and typeId).
TYPE may also be the script id itself: get customrecord_region 5.`,
		Example: `  netsuite soap get customer 107
  netsuite soap get salesOrder eid:SO-1001
  netsuite soap get customRecord 5 --type-id 12
  netsuite soap get customRecord eid:REGION-N --type-id customrecord_region
  netsuite soap get customrecord_region 5`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			typ, id := args[0], args[1]
			if typ == "" || strings.ContainsAny(typ, " /") {
				return fmt.Errorf("record type %q: give a SOAP record type such as customer or salesOrder", typ)
			}
			internalID, externalID := id, ""
			if eid, ok := strings.CutPrefix(id, "eid:"); ok {
				internalID, externalID = "", eid
			}
			if internalID == "" && externalID == "" {
				return errors.New("the record id is empty: give an internal id, or eid:X for an external id")
			}
			custom := strings.EqualFold(typ, "customRecord")
			if !custom && strings.HasPrefix(strings.ToLower(typ), "customrecord") {
				if typeID != "" && !strings.EqualFold(typeID, typ) {
					return fmt.Errorf("record type %s is a custom record type's script id, and --type-id %s names another: give one", typ, typeID)
				}
				custom, typeID = true, typ
			}
			switch {
			case custom && typeID == "":
				return errors.New("a custom record needs its type: --type-id with the custom record type's internal id (12) or script id (customrecord_region)")
			case !custom && typeID != "":
				return fmt.Errorf("--type-id is for custom records (get customRecord ID --type-id N), not %s", typ)
			}
			svc, err := e.soapService()
			if err != nil {
				return err
			}
			var ref core.BaseRef = &core.RecordRef{Type: core.RecordType(typ), InternalId: internalID, ExternalId: externalID}
			what := typ
			if custom {
				tid, err := svc.CustomRecordTypeID(cmd.Context(), typeID)
				if err != nil {
					return err
				}
				ref = &core.CustomRecordRef{TypeId: tid, InternalId: internalID, ExternalId: externalID}
				what = "custom record of type " + tid
				if tid != typeID {
					what += " (" + typeID + ")"
				}
			}
			var info soap.ResponseInfo
			rec, err := svc.GetRecord(cmd.Context(), ref, soap.Info(&info))
			if err != nil {
				if netsuite.IsNotFound(err) {
					return fmt.Errorf("%w\n  no %s with id %s (nsId %s)", err, what, id, info.NSID)
				}
				return err
			}
			if rec == nil {
				return fmt.Errorf("the get response has no record this client can decode (nsId %s)", info.NSID)
			}
			out := soap.JSONValue(rec)
			if m, ok := out.(map[string]any); ok {
				m["xsiType"] = soap.XSDType(rec)
			}
			return writeJSON(e.stdout, out)
		},
	}
	cmd.Flags().StringVar(&typeID, "type-id", "", "a custom record's type: internal id (12) or script id (customrecord_region)")
	return cmd
}

// readInput reads FILE, or standard input for "-".
func (e *env) readInput(name, what string) ([]byte, error) {
	if name == "-" {
		b, err := io.ReadAll(e.stdin)
		if err != nil {
			return nil, fmt.Errorf("reading %s from standard input: %w", what, err)
		}
		return b, nil
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", what, err)
	}
	return b, nil
}

// soapJSON is a decoded SOAP response as the CLI prints it.
func soapJSON(r *soap.Response) map[string]any {
	out := map[string]any{"element": r.Element}
	if op, ok := strings.CutSuffix(r.Element, "Response"); ok {
		out["operation"] = op
	}
	if r.NSID != "" {
		out["nsId"] = r.NSID
	}
	if r.Body != nil {
		out["body"] = soap.JSONValue(r.Body)
	}
	if f := r.Fault; f != nil {
		fj := map[string]any{"faultString": f.Title}
		if f.SOAPFault != "" {
			fj["faultType"] = f.SOAPFault
		}
		if len(f.Details) > 0 {
			fj["code"], fj["message"] = f.Details[0].Code, f.Details[0].Detail
		}
		out["fault"] = fj
	}
	return out
}

// faultError is the error printed for a SOAP fault: its code and message.
func faultError(f *netsuite.Error, nsID string) error {
	code, msg := f.Code(), f.Title
	if len(f.Details) > 0 && f.Details[0].Detail != "" {
		msg = f.Details[0].Detail
	}
	s := "SOAP fault"
	if code != "" {
		s += " " + code
	}
	if f.SOAPFault != "" {
		s += " (" + f.SOAPFault + ")"
	}
	if msg != "" {
		s += ": " + msg
	}
	if nsID != "" {
		s += " [nsId " + nsID + "]"
	}
	return errors.New(s)
}

func newSOAPDecodeCmd(e *env) *cobra.Command {
	var output string
	cmd := &cobra.Command{
		Use:   "decode FILE|-",
		Short: "Decode a captured SOAP response (from a file or standard input) to JSON",
		Long: `decode reads a SuiteTalk SOAP response envelope, as captured from NetSuite,
and prints it as JSON: the body element and its operation, the header's
documentInfo nsId, and the decoded body (statuses, records with their xsiType,
search results with their paging fields). A fault is printed as "fault" and
its code and message go to standard error; the exit status is then 1.`,
		Example: `  netsuite soap decode response.xml
  pbpaste | netsuite soap decode -`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "json" {
				return fmt.Errorf("--output %q: the only output format is json", output)
			}
			b, err := e.readInput(args[0], "the SOAP response")
			if err != nil {
				return err
			}
			r, err := soap.DecodeResponse(bytes.NewReader(b))
			if err != nil {
				return fmt.Errorf("%s is not a SOAP response this client can read: %w", args[0], err)
			}
			if err := writeJSON(e.stdout, soapJSON(r)); err != nil {
				return err
			}
			if r.Fault != nil {
				return faultError(r.Fault, r.NSID)
			}
			if r.Body == nil {
				fmt.Fprintf(e.stderr, "netsuite: the body element %s is not the response of a WSDL operation; only its name and the nsId are shown\n", r.Element)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "json", "output format: json")
	return cmd
}

func newSOAPCallCmd(e *env) *cobra.Command {
	var bodyFile string
	cmd := &cobra.Command{
		Use:   "call OPERATION --body FILE",
		Short: "Send any SOAP operation's request body and print the response as JSON",
		Long: `call sends the XML in --body (a file, or - for standard input) as the body
element of the WSDL operation OPERATION (getServerTime, getList, getDeleted,
getSelectValue, …), in an envelope with a freshly signed tokenPassport, through
the same retry and concurrency governance as every other command, and prints
the response as "soap decode" does. The body is the operation's element only,
not an envelope; a root element with no namespace is put in the messages
namespace of --wsdl-version. A fault exits 1 with its code.`,
		Example: `  echo '<getServerTime/>' | netsuite soap call getServerTime --body -
  netsuite soap call getDeleted --body get_deleted.xml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			op := args[0]
			if !slices.Contains(soap.Operations(), op) {
				return fmt.Errorf("no SOAP operation %q; the operations are: %s", op, strings.Join(soap.Operations(), ", "))
			}
			if bodyFile == "" {
				return errors.New("--body is required: a file holding the operation's request element (such as <" + op + ">…</" + op + ">), or - for standard input")
			}
			body, err := e.readInput(bodyFile, "the request body")
			if err != nil {
				return err
			}
			svc, err := e.soapService()
			if err != nil {
				return err
			}
			r, err := svc.CallRaw(cmd.Context(), op, body)
			if r != nil && (err == nil || r.Fault != nil) {
				if werr := writeJSON(e.stdout, soapJSON(r)); werr != nil {
					return werr
				}
			}
			if err != nil {
				if r != nil && r.Fault != nil {
					return faultError(r.Fault, r.NSID)
				}
				// NetSuite answers a fault with HTTP 500: print it too.
				var ne *netsuite.Error
				if errors.As(err, &ne) && ne.SOAPFault != "" && len(ne.Body) > 0 {
					if fr, derr := soap.DecodeResponse(bytes.NewReader(ne.Body)); derr == nil && fr.Fault != nil {
						if werr := writeJSON(e.stdout, soapJSON(fr)); werr != nil {
							return werr
						}
					}
				}
				return err
			}
			if r.Body == nil {
				fmt.Fprintf(e.stderr, "netsuite: the body element %s is not the response of a WSDL operation; only its name and the nsId are shown\n", r.Element)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&bodyFile, "body", "", "the request body element: FILE, or - for standard input")
	return cmd
}

func newSOAPSearchCmd(e *env) *cobra.Command {
	var where, columns []string
	var saved string
	var customTypes map[string]string
	var all bool
	var progressMode string
	var pageSize int
	cmd := &cobra.Command{
		Use:   "search TYPE [--where 'FIELD OP VALUE']... [--saved ID] [--columns a,b] [--all]",
		Short: "Run a SOAP search and stream its records or rows (one JSON object a line)",
		Long: `search runs a SuiteTalk search of record type TYPE (customer, contact,
employee, vendor, item, transaction, …) and prints each record, or each row of
an advanced or saved search, as one JSON line, as the pages arrive.

--where 'FIELD OP VALUE' adds a criterion on a field of the type's basic search
(<Type>SearchBasic: companyName, email, internalId, lastModifiedDate, …), e.g.
  --where 'companyName startsWith Acme'   --where 'isInactive is false'
  --where 'internalId anyOf 1,2,3'        --where 'lastModifiedDate within 2025-01-01,2025-02-01'
  --where 'dateCreated within thisMonth'  (a predefined date)
A FIELD starting with cust is a custom field by script id (the search's
customFieldList); its type (string, select, boolean, date, long, double)
follows from the operator and value (anyOf: select, by internal ids;
is true: boolean; startsWith: string; within: date; greaterThan 5: long) or
is given with --custom-type custentity_region=select. JOIN.FIELD is a field
of a joined record (<Type>Search's JOINJoin):
  --where 'custentity_region anyOf 3,4'   --where 'custentity_vip is true'
  --where 'salesRep.email contains @acme.com'   --where 'salesRep.custentity_team is EMEA'
--columns a,b returns rows of those basic columns (an advanced search);
--saved ID runs a saved search (an internal id or a customsearch_… script id)
and returns its rows. Without --all only the first page is printed (and how
many there are goes to standard error); with --all every page is read
(searchMoreWithId).`,
		Example: `  netsuite soap search customer --where 'companyName startsWith Acme' --all
  netsuite soap search customer --saved customsearch_active_customers --all
  netsuite soap search contact --columns entityId,email --page-size 200
  netsuite soap search customer --where 'custentity_region is North' --where 'salesRep.email contains @acme.com'
  netsuite soap search customer --where 'custentity_rating greaterThan 3' --custom-type custentity_rating=double`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			spec := soap.SearchSpec{RecordType: args[0], Columns: columns, Saved: saved, CustomTypes: customTypes}
			for _, w := range where {
				c, err := soap.ParseCriterion(w)
				if err != nil {
					return fmt.Errorf("--where: %s", strings.TrimPrefix(err.Error(), "soap: "))
				}
				spec.Where = append(spec.Where, c)
			}
			if pageSize != 0 && (pageSize < 5 || pageSize > 1000) {
				return fmt.Errorf("--page-size %d: NetSuite pages hold 5 to 1000 results", pageSize)
			}
			sr, err := soap.BuildSearch(spec)
			if err != nil {
				return err
			}
			svc, err := e.soapService()
			if err != nil {
				return err
			}
			prefs := &messages.SearchPreferences{ReturnSearchColumns: ptrTo(spec.Rows()), BodyFieldsOnly: ptrTo(true)}
			if pageSize > 0 {
				prefs.PageSize = &pageSize
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetEscapeHTML(false)
			emit := func(v any) error {
				out := soap.JSONValue(v)
				if m, ok := out.(map[string]any); ok {
					m["xsiType"] = soap.XSDType(v)
				}
				return enc.Encode(out)
			}
			n := 0
			var pb *progressBar
			if all {
				if pb, err = e.newProgress(progressMode, "soap search"); err != nil {
					return err
				}
			}
			ok := false
			defer func() { pb.done(ok) }()
			for page, err := range svc.SearchPages(cmd.Context(), sr, soap.SearchPreferences(prefs)) {
				if err != nil {
					return err
				}
				if page.TotalRecords != nil {
					pb.setTotal(*page.TotalRecords)
				}
				before := n
				if page.RecordList != nil {
					for _, r := range page.RecordList.Record {
						if err := emit(r); err != nil {
							return err
						}
						n++
					}
				}
				if page.SearchRowList != nil {
					for _, r := range page.SearchRowList.SearchRow {
						if err := emit(r); err != nil {
							return err
						}
						n++
					}
				}
				pb.add(n - before)
				if !all {
					total, pages := 0, 1
					if page.TotalRecords != nil {
						total = *page.TotalRecords
					}
					if page.TotalPages != nil {
						pages = *page.TotalPages
					}
					if pages > 1 {
						fmt.Fprintf(e.stderr, "netsuite: printed page 1 of %d (%d of %d results); --all reads every page\n", pages, n, total)
					}
					break
				}
			}
			ok = true
			return nil
		},
	}
	cmd.Flags().StringVar(&progressMode, "progress", "auto", "with --all: a progress bar on stderr: auto (when stderr is a terminal), always or never")
	cmd.Flags().StringArrayVar(&where, "where", nil, "a criterion 'FIELD OP VALUE': a basic search field, a custom field (cust…) or JOIN.FIELD (repeatable)")
	cmd.Flags().StringToStringVar(&customTypes, "custom-type", nil, "the type of a custom field of --where: NAME=TYPE with TYPE "+strings.Join(soap.CustomFieldTypes, ", ")+" (repeatable; default: from the operator and value)")
	cmd.Flags().StringSliceVar(&columns, "columns", nil, "basic columns to return as rows (a,b,…): an advanced search")
	cmd.Flags().StringVar(&saved, "saved", "", "run a saved search: its internal id or script id (customsearch_…)")
	cmd.Flags().BoolVar(&all, "all", false, "read every page (searchMoreWithId), not just the first")
	cmd.Flags().IntVar(&pageSize, "page-size", 0, "results per page, 5 to 1000 (default: the account's preference)")
	return cmd
}

func ptrTo[T any](v T) *T { return &v }
