package suiteql

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// SelectColumns returns the names NetSuite gives the output columns of q, in
// SELECT order: an alias (AS x or a bare x), else a column's name, else
// exprN for the Nth unnamed expression, all lower case as NetSuite returns
// them. A "*" or "t.*" item is returned as "*": its columns are the table's
// and only a result row shows them. ok is false when q has no select list
// this reader understands (then take the columns from the rows).
//
// NetSuite leaves a NULL column out of a result item, so the rows alone
// cannot tell which columns a query has, nor their order; writers of
// tabular output (CSV, tables) use SelectColumns for their header.
func SelectColumns(q string) (cols []string, ok bool) {
	toks := sqlTokens(q)
	i := 0
	for i < len(toks) && toks[i].text == "(" {
		i++ // (SELECT …) UNION …
	}
	if i >= len(toks) || !toks[i].is("SELECT") {
		return nil, false
	}
	i++
	if i < len(toks) && (toks[i].is("DISTINCT") || toks[i].is("ALL") || toks[i].is("UNIQUE")) {
		i++
	}
	if i+1 < len(toks) && toks[i].is("TOP") && toks[i+1].kind == tokNumber {
		i += 2
	}
	var item []sqlToken
	depth, exprN := 0, 0
	flush := func() bool {
		if len(item) == 0 {
			return false
		}
		name := itemName(item, &exprN)
		cols = append(cols, name)
		item = item[:0]
		return true
	}
	for ; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.text == "(":
			depth++
		case t.text == ")":
			depth--
			if depth < 0 { // the end of a parenthesised SELECT
				if !flush() {
					return nil, false
				}
				return cols, true
			}
		case depth == 0 && t.text == ",":
			if !flush() {
				return nil, false
			}
			continue
		case depth == 0 && t.kind == tokWord && (t.is("FROM") || t.is("UNION") || t.is("MINUS") || t.is("INTERSECT") || t.is("WHERE") || t.is("ORDER")):
			if !flush() {
				return nil, false
			}
			return cols, true
		}
		item = append(item, t)
	}
	if !flush() {
		return nil, false
	}
	return cols, true
}

// itemName names one select-list item as NetSuite does.
func itemName(item []sqlToken, exprN *int) string {
	n := len(item)
	last := item[n-1]
	if last.text == "*" && (n == 1 || n == 3 && item[1].text == ".") {
		return "*"
	}
	if n >= 2 && (last.kind == tokWord || last.kind == tokQuoted) && !last.reserved() {
		prev := item[n-2]
		switch {
		case prev.is("AS"):
			return last.name()
		case prev.text == ".":
			// a column reference t.col (checked below)
		case prev.kind == tokWord && !prev.reserved(), prev.kind == tokQuoted, prev.kind == tokNumber, prev.kind == tokString, prev.text == ")":
			return last.name() // expr alias
		}
	}
	// A column reference: name or t.name or schema.t.name.
	isRef := n%2 == 1
	for i, t := range item {
		if i%2 == 0 && (t.kind != tokWord && t.kind != tokQuoted || t.reserved()) || i%2 == 1 && t.text != "." {
			isRef = false
			break
		}
	}
	if isRef {
		return last.name()
	}
	*exprN++
	return "expr" + strconv.Itoa(*exprN)
}

type tokKind int

const (
	tokWord tokKind = iota
	tokQuoted
	tokString
	tokNumber
	tokPunct
)

type sqlToken struct {
	kind tokKind
	text string
}

func (t sqlToken) is(word string) bool { return t.kind == tokWord && strings.EqualFold(t.text, word) }

// name is the column name a word or quoted identifier gives, lower case.
func (t sqlToken) name() string {
	if t.kind == tokQuoted {
		return strings.ToLower(strings.ReplaceAll(t.text[1:len(t.text)-1], `""`, `"`))
	}
	return strings.ToLower(t.text)
}

// reserved words that end an expression or join its parts, and so are
// never an alias or a column name.
var reservedWords = map[string]bool{
	"AND": true, "OR": true, "NOT": true, "IS": true, "NULL": true, "IN": true, "LIKE": true, "BETWEEN": true,
	"CASE": true, "WHEN": true, "THEN": true, "ELSE": true, "END": true, "AS": true, "FROM": true,
	"SELECT": true, "DISTINCT": true, "OVER": true, "PARTITION": true, "BY": true, "ORDER": true,
	"ASC": true, "DESC": true, "WITHIN": true, "GROUP": true, "ESCAPE": true,
}

func (t sqlToken) reserved() bool {
	return t.kind == tokWord && reservedWords[strings.ToUpper(t.text)]
}

// sqlTokens splits q into tokens, dropping white space and comments. It is
// lenient: an unterminated string or comment runs to the end.
func sqlTokens(q string) []sqlToken {
	var toks []sqlToken
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			for i < len(q) && q[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			end := strings.Index(q[i+2:], "*/")
			if end < 0 {
				i = len(q)
			} else {
				i += end + 4
			}
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) {
				if q[j] == c {
					if j+1 < len(q) && q[j+1] == c {
						j += 2
						continue
					}
					break
				}
				j++
			}
			end := min(j+1, len(q))
			kind := tokString
			if c == '"' {
				kind = tokQuoted
				if end == len(q) && (j >= len(q) || q[j] != '"') {
					kind = tokString // unterminated: not a usable name
				}
			}
			toks = append(toks, sqlToken{kind, q[i:end]})
			i = end
		case c == '_' || c == '$' || c == '#' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
			j := i + 1
			for j < len(q) && (q[j] == '_' || q[j] == '$' || q[j] == '#' || q[j] >= 'a' && q[j] <= 'z' || q[j] >= 'A' && q[j] <= 'Z' || q[j] >= '0' && q[j] <= '9' || q[j] >= 0x80) {
				j++
			}
			toks = append(toks, sqlToken{tokWord, q[i:j]})
			i = j
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(q) && q[i+1] >= '0' && q[i+1] <= '9':
			j := i + 1
			for j < len(q) && (q[j] >= '0' && q[j] <= '9' || q[j] == '.') {
				j++
			}
			toks = append(toks, sqlToken{tokNumber, q[i:j]})
			i = j
		default:
			toks = append(toks, sqlToken{tokPunct, q[i : i+1]})
			i++
		}
	}
	return toks
}

// OrderKeys returns the keyset keys q's ORDER BY gives, when every ORDER BY
// item is a plain output column of q (a name, or a qualified name whose
// column is in the select list), in ascending order: `… ORDER BY
// transaction, linesequencenumber` gives the keys transaction and
// linesequencenumber. The keys are text keys, compared by SuiteQL as the
// columns' own types (Oracle converts a quoted literal to the column's type).
// Whether they order the rows uniquely is not known from the text: All
// checks it at every window boundary. The error says why q's ORDER BY
// cannot be used.
func OrderKeys(q string) ([]Key, error) {
	toks := sqlTokens(q)
	// The last ORDER BY at depth 0 is the query's own.
	start, depth := -1, 0
	for i, t := range toks {
		switch {
		case t.text == "(":
			depth++
		case t.text == ")":
			depth--
		case depth == 0 && t.is("ORDER") && i+1 < len(toks) && toks[i+1].is("BY"):
			start = i + 2
		}
	}
	if start < 0 {
		return nil, errors.New("the query has no ORDER BY")
	}
	cols, ok := SelectColumns(q)
	star := !ok || slices.Contains(cols, "*")
	var keys []Key
	var item []sqlToken
	flush := func() error {
		if len(item) == 0 {
			return errors.New("an ORDER BY item is empty")
		}
		if n := len(item); n >= 2 && item[n-1].is("ASC") {
			item = item[:n-1]
		}
		text := tokensText(item)
		for _, t := range item {
			switch {
			case t.is("DESC"):
				return fmt.Errorf("ORDER BY %s is descending; keyset paging reads in ascending order", text)
			case t.is("NULLS"):
				return fmt.Errorf("ORDER BY %s sets where NULLs go; keyset keys must never be NULL", text)
			}
		}
		n := len(item)
		isRef := n%2 == 1
		for i, t := range item {
			if i%2 == 0 && (t.kind != tokWord && t.kind != tokQuoted || t.reserved()) || i%2 == 1 && t.text != "." {
				isRef = false
			}
		}
		if !isRef {
			return fmt.Errorf("ORDER BY %s is not a plain column", text)
		}
		name := item[n-1].name()
		if !star && !slices.Contains(cols, name) {
			return fmt.Errorf("ORDER BY %s is not an output column (select it, e.g. SELECT …, %s)", text, text)
		}
		keys = append(keys, TextKey(name))
		item = item[:0]
		return nil
	}
	depth = 0
	for _, t := range toks[start:] {
		switch {
		case t.text == "(":
			depth++
		case t.text == ")":
			depth--
		case depth == 0 && (t.is("FETCH") || t.is("OFFSET") || t.text == ";"):
			if err := flush(); err != nil {
				return nil, err
			}
			return keys, nil
		case depth == 0 && t.text == ",":
			if err := flush(); err != nil {
				return nil, err
			}
			continue
		}
		item = append(item, t)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return keys, nil
}

func tokensText(toks []sqlToken) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && t.text != "." && toks[i-1].text != "." {
			b.WriteByte(' ')
		}
		b.WriteString(t.text)
	}
	return b.String()
}
