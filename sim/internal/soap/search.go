package soap

import (
	"database/sql"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-netsuite/netsuite/sim/catalog"
	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/wire"
	"github.com/go-netsuite/netsuite/vocab"
)

// search and searchMoreWithId: basic searches (<Type>SearchBasic, or a
// <Type>Search with only its basic criteria) of the record types get
// serves, on their body fields; results are paged by the searchPreferences
// pageSize (NetSuite's 5 to 1,000, default 1,000) and later pages read by
// searchMoreWithId. Joins, custom-field criteria, advanced and saved
// searches are answered with a fault saying the emulator does not
// implement them. The result layout is the recorded searchResponse
// (soap/testdata/recorded/search/basic_search_contact.xml).

// soapSearch is what the emulator reads of a search request.
type soapSearch struct {
	typeName    string // the searchRecord's xsi:type, without prefix
	criteria    []soapCriterion
	unsupported string // the first part of the search the emulator does not run
}

// soapCriterion is one search field: its element, operator and values
// (searchValue text, or the internalId of RecordRef values).
type soapCriterion struct {
	field, operator string
	values          []string
	value2          string
	predefined      string
}

const xsiNS = "http://www.w3.org/2001/XMLSchema-instance"

// readSearch reads the search element (its start read) up to its end.
func readSearch(d *xml.Decoder) (*soapSearch, error) {
	s := &soapSearch{}
	for {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return s, nil
		case xml.StartElement:
			if t.Name.Local != "searchRecord" {
				if err := d.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			for _, a := range t.Attr {
				if a.Name.Space == xsiNS && a.Name.Local == "type" {
					_, s.typeName, _ = strings.Cut(a.Value, ":")
					if s.typeName == "" {
						s.typeName = a.Value
					}
				}
			}
			basic := strings.HasSuffix(s.typeName, "SearchBasic")
			if !basic && !strings.HasSuffix(s.typeName, "Search") {
				s.unsupported = "advanced and saved searches (" + s.typeName + ")"
			}
			if err := s.readCriteria(d, basic); err != nil {
				return nil, err
			}
		}
	}
}

// readCriteria reads the children of a SearchBasic (basic true), or of a
// Search whose basic element holds them.
func (s *soapSearch) readCriteria(d *xml.Decoder, basic bool) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			switch {
			case !basic && t.Name.Local == "basic":
				if err := s.readCriteria(d, true); err != nil {
					return err
				}
				continue
			case !basic || t.Name.Local == "customFieldList":
				if s.unsupported == "" {
					s.unsupported = "joins and custom-field criteria (" + t.Name.Local + ")"
				}
				if err := d.Skip(); err != nil {
					return err
				}
				continue
			}
			var x struct {
				Operator string `xml:"operator,attr"`
				Values   []struct {
					InternalID string `xml:"internalId,attr"`
					Text       string `xml:",chardata"`
				} `xml:"searchValue"`
				Value2     string `xml:"searchValue2"`
				Predefined string `xml:"predefinedSearchValue"`
			}
			if err := d.DecodeElement(&x, &t); err != nil {
				return err
			}
			c := soapCriterion{field: t.Name.Local, operator: x.Operator, value2: strings.TrimSpace(x.Value2), predefined: strings.TrimSpace(x.Predefined)}
			for _, v := range x.Values {
				if v.InternalID != "" {
					c.values = append(c.values, v.InternalID)
				} else {
					c.values = append(c.values, strings.TrimSpace(v.Text))
				}
			}
			s.criteria = append(s.criteria, c)
		}
	}
}

// searchState is a search's results, kept for searchMoreWithId.
type searchState struct {
	rest     string // record type
	table    string
	ids      []int64
	pageSize int
}

// searches keeps the latest searches by search id.
type searches struct {
	mu    sync.Mutex
	byID  map[string]*searchState
	order []string
}

// maxSearches is how many searches the emulator keeps; an older search id
// gets INVALID_SEARCH_MORE, as an expired one does from NetSuite.
const maxSearches = 200

func (ss *searches) put(id string, st *searchState) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.byID == nil {
		ss.byID = map[string]*searchState{}
	}
	ss.byID[id] = st
	ss.order = append(ss.order, id)
	for len(ss.order) > maxSearches {
		delete(ss.byID, ss.order[0])
		ss.order = ss.order[1:]
	}
}

func (ss *searches) get(id string) *searchState {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return ss.byID[id]
}

// searchUnsupported is the fault for a search the emulator does not run.
func searchUnsupported(what string) *wire.SOAPFault {
	return &wire.SOAPFault{Kind: wire.KindUnexpectedError, Code: wire.FaultUnexpectedError,
		Message: vocab.EmulatorNotImplemented + what + " yet; it runs basic searches of " + servedTypes + " on their body fields."}
}

// opSearch answers search.
func (s *Service) opSearch(c *opCall) (wire.BodyFunc, error) {
	sr := c.req.search
	if sr == nil || sr.typeName == "" {
		return nil, &wire.SOAPFault{Kind: wire.KindUnexpectedError, Code: wire.FaultUnexpectedError, Message: "The search has no searchRecord with an xsi:type."}
	}
	if sr.unsupported != "" {
		return nil, searchUnsupported(sr.unsupported)
	}
	name := strings.TrimSuffix(strings.TrimSuffix(sr.typeName, "Basic"), "Search")
	rest := strings.ToLower(name[:min(1, len(name))]) + name[min(1, len(name)):]
	rt, ok := core.RecordTypes[strings.ToLower(rest)]
	_, ok2 := soapRecords[rest]
	rec := catalogRecord(rest)
	if !ok || !ok2 || rec == nil {
		return nil, searchUnsupported("searches of record type '" + rest + "'")
	}
	pageSize := c.req.pageSize
	if pageSize == 0 {
		pageSize = 1000
	}
	if pageSize < 5 || pageSize > 1000 {
		return searchResponse(c.ns, "search", wire.ErrorStatus("INVALID_SEARCH_PAGE_SIZE", "The page size must be between 5 and 1000."), nil), nil
	}
	if rt.Permission != "" && !c.l.Perms.Has(rt.Permission, vocab.LevelView) {
		return searchResponse(c.ns, "search", wire.ErrorStatus(string(wire.FaultInsufficientPermission),
			wire.SOAPPermissionViolation(rt.Permission, false)), nil), nil
	}
	where, args, err := searchWhere(rec, sr.criteria)
	if err != nil {
		return nil, searchUnsupported(err.Error())
	}
	rows, err := s.Store.DB().QueryContext(c.r.Context(), `SELECT id FROM "`+rt.Table+`"`+where+` ORDER BY id`, args...)
	if err != nil {
		if core.IsNoTable(err) {
			rows = nil
		} else {
			return nil, err
		}
	}
	st := &searchState{rest: rest, table: rt.Table, pageSize: pageSize}
	if rows != nil {
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			st.ids = append(st.ids, id)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	id := s.NsIDs.Next(c.nsAccount)
	s.searches.put(id, st)
	return s.searchPage(c, "search", id, st, 1)
}

// opSearchMore answers searchMoreWithId.
func (s *Service) opSearchMore(c *opCall) (wire.BodyFunc, error) {
	st := s.searches.get(strings.TrimSpace(c.req.searchID))
	if st == nil {
		return searchResponse(c.ns, "searchMoreWithId", wire.ErrorStatus("INVALID_SEARCH_MORE", "Invalid searchMore request. The search has expired."), nil), nil
	}
	pages := (len(st.ids) + st.pageSize - 1) / st.pageSize
	if c.req.pageIndex < 1 || c.req.pageIndex > max(pages, 1) {
		return searchResponse(c.ns, "searchMoreWithId", wire.ErrorStatus("INVALID_PAGE_INDEX",
			fmt.Sprintf("The page index %d is not between 1 and %d.", c.req.pageIndex, max(pages, 1))), nil), nil
	}
	return s.searchPage(c, "searchMoreWithId", strings.TrimSpace(c.req.searchID), st, c.req.pageIndex)
}

// searchPage is page (1-based) of a search's results.
func (s *Service) searchPage(c *opCall, op, id string, st *searchState, page int) (wire.BodyFunc, error) {
	def := soapRecords[st.rest]
	pages := (len(st.ids) + st.pageSize - 1) / st.pageSize
	from := min((page-1)*st.pageSize, len(st.ids))
	to := min(from+st.pageSize, len(st.ids))
	var records [][]string
	for _, rid := range st.ids[from:to] {
		row, err := s.ReadRow(c.r.Context(), st.table, rid)
		if err == sql.ErrNoRows {
			continue // deleted since the search ran
		}
		if err != nil {
			return nil, err
		}
		records = append(records, def.recordLines(c.ns, rid, row))
	}
	paging := []xmlField{
		{name: "totalRecords", value: strconv.Itoa(len(st.ids))},
		{name: "pageSize", value: strconv.Itoa(st.pageSize)},
		{name: "totalPages", value: strconv.Itoa(pages)},
		{name: "pageIndex", value: strconv.Itoa(page)},
		{name: "searchId", value: id},
	}
	return searchResponse(c.ns, op, wire.Status{IsSuccess: true}, paging, records...), nil
}

// searchResponse is a searchResponse (or searchMoreWithIdResponse) as
// recorded: platformCore:searchResult with the status, the paging fields
// and the records as platformCore:record.
func searchResponse(ns wire.Namespaces, op string, st wire.Status, paging []xmlField, records ...[]string) wire.BodyFunc {
	var b bodyLines
	b.add(0, `<`, op, `Response xmlns="`, ns.Messages, `">`)
	b.add(1, `<platformCore:searchResult xmlns:platformCore="`, ns.Core, `">`)
	b.status(2, st, "")
	b.fields(2, "platformCore", paging)
	if st.IsSuccess {
		b.add(2, `<platformCore:recordList>`)
		for _, lines := range records {
			for i, l := range lines {
				switch {
				case i == 0:
					l = strings.Replace(l, "<record ", "<platformCore:record ", 1)
				case i == len(lines)-1:
					l = strings.Replace(l, "</record>", "</platformCore:record>", 1)
				}
				b = append(b, bodyIndent(3)+l)
			}
		}
		b.add(2, `</platformCore:recordList>`)
	}
	b.add(1, `</platformCore:searchResult>`)
	b.add(0, `</`, op, `Response>`)
	return b.body()
}

// catalogRecord is the catalog's one-table record of REST type rest.
func catalogRecord(rest string) *catalog.Record {
	for _, r := range catalog.Default().Records {
		if r.REST == rest && r.Discriminator.Column == "" {
			return r
		}
	}
	return nil
}

// searchWhere is the SQL condition of basic criteria on rec's fields:
// internalId and externalId (anyOf, noneOf), text fields (is, isNot,
// startsWith, doesNotStartWith, contains, doesNotContain, empty, notEmpty),
// booleans, numbers (equalTo, greaterThan, …, between), references (anyOf,
// noneOf) and dates (after, before, onOrAfter, onOrBefore, notAfter, notBefore, within with
// two dates, empty, notEmpty; not on, notOn, notOnOrAfter, notOnOrBefore). An error
// names what it does not run.
func searchWhere(rec *catalog.Record, criteria []soapCriterion) (string, []any, error) {
	fields := map[string]catalog.Field{}
	for _, f := range catalog.Default().SOAPFields(rec) {
		fields[f.SOAP] = f
	}
	fields["internalId"] = catalog.Field{Column: "id", Type: catalog.Reference}
	fields["externalId"] = catalog.Field{Column: "externalid", Type: catalog.Reference, TextID: true}
	var conds []string
	var args []any
	for _, c := range criteria {
		f, ok := fields[c.field]
		if !ok {
			return "", nil, fmt.Errorf("the search field '%s' of %s", c.field, rec.SOAPType)
		}
		col := `"` + f.Column + `"`
		bad := fmt.Errorf("the operator '%s' on %s (%s)", c.operator, c.field, f.Type)
		first := ""
		if len(c.values) > 0 {
			first = c.values[0]
		}
		switch c.operator {
		case "empty":
			conds = append(conds, "("+col+" IS NULL OR "+col+" = '')")
			continue
		case "notEmpty":
			conds = append(conds, "("+col+" IS NOT NULL AND "+col+" <> '')")
			continue
		}
		if c.predefined != "" {
			return "", nil, fmt.Errorf("the predefined date '%s' on %s", c.predefined, c.field)
		}
		switch f.Type {
		case catalog.String:
			like := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(first)
			cond, arg := map[string]string{
				"is": "lower(" + col + ") = lower(?)", "isNot": "lower(COALESCE(" + col + ", '')) <> lower(?)",
				"startsWith": col + ` LIKE ? ESCAPE '\'`, "doesNotStartWith": "COALESCE(" + col + `, '') NOT LIKE ? ESCAPE '\'`,
				"contains": col + ` LIKE ? ESCAPE '\'`, "doesNotContain": "COALESCE(" + col + `, '') NOT LIKE ? ESCAPE '\'`,
			}[c.operator], any(first)
			switch c.operator {
			case "startsWith", "doesNotStartWith":
				arg = like + "%"
			case "contains", "doesNotContain":
				arg = "%" + like + "%"
			}
			if cond == "" {
				return "", nil, bad
			}
			conds, args = append(conds, cond), append(args, arg)
		case catalog.Boolean:
			b, err := strconv.ParseBool(first)
			if err != nil {
				return "", nil, fmt.Errorf("the value '%s' of %s", first, c.field)
			}
			v := "F"
			if b {
				v = "T"
			}
			conds, args = append(conds, "COALESCE("+col+", 'F') = ?"), append(args, v)
		case catalog.Integer, catalog.Float:
			op := map[string]string{"equalTo": "=", "notEqualTo": "<>", "greaterThan": ">", "greaterThanOrEqualTo": ">=", "lessThan": "<", "lessThanOrEqualTo": "<=",
				"notGreaterThan": "<=", "notLessThan": ">=", "notGreaterThanOrEqualTo": "<", "notLessThanOrEqualTo": ">"}[c.operator]
			n, err := strconv.ParseFloat(first, 64)
			if err != nil {
				return "", nil, fmt.Errorf("the value '%s' of %s", first, c.field)
			}
			switch {
			case op != "":
				conds, args = append(conds, col+" "+op+" ?"), append(args, n)
			case c.operator == "between" || c.operator == "notBetween":
				n2, err := strconv.ParseFloat(c.value2, 64)
				if err != nil {
					return "", nil, fmt.Errorf("the second value '%s' of %s", c.value2, c.field)
				}
				not := map[bool]string{true: "NOT ", false: ""}[c.operator == "notBetween"]
				conds, args = append(conds, col+" "+not+"BETWEEN ? AND ?"), append(args, n, n2)
			default:
				return "", nil, bad
			}
		case catalog.Reference:
			if c.operator != "anyOf" && c.operator != "noneOf" {
				return "", nil, bad
			}
			if len(c.values) == 0 {
				return "", nil, fmt.Errorf("%s %s with no value", c.field, c.operator)
			}
			marks := strings.TrimSuffix(strings.Repeat("?,", len(c.values)), ",")
			not := map[bool]string{true: "COALESCE(" + col + ", '') NOT ", false: col + " "}[c.operator == "noneOf"]
			conds = append(conds, not+"IN ("+marks+")")
			for _, v := range c.values {
				if n, err := strconv.ParseInt(v, 10, 64); err == nil && !f.TextID {
					args = append(args, n)
				} else {
					args = append(args, v)
				}
			}
		case catalog.Date, catalog.DateTime:
			t1, err := soapTime(first)
			if err != nil {
				return "", nil, fmt.Errorf("the date '%s' of %s", first, c.field)
			}
			op := map[string]string{"after": ">", "before": "<", "onOrAfter": ">=", "onOrBefore": "<=", "notAfter": "<=", "notBefore": ">="}[c.operator]
			switch {
			case op != "":
				conds, args = append(conds, col+" "+op+" ?"), append(args, t1)
			case c.operator == "within" || c.operator == "notWithin":
				t2, err := soapTime(c.value2)
				if err != nil {
					return "", nil, fmt.Errorf("the second date '%s' of %s", c.value2, c.field)
				}
				not := map[bool]string{true: "NOT ", false: ""}[c.operator == "notWithin"]
				conds, args = append(conds, col+" "+not+"BETWEEN ? AND ?"), append(args, t1, t2)
			default:
				return "", nil, bad
			}
		default:
			return "", nil, bad
		}
	}
	if len(conds) == 0 {
		return "", nil, nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args, nil
}

// soapTime converts an xsd:dateTime to the demo tables' 'YYYY-MM-DD
// HH:MM:SS' UTC text.
func soapTime(s string) (string, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t.UTC().Format(time.DateTime), nil
		}
	}
	return "", fmt.Errorf("not a date: %q", s)
}
