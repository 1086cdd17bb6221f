package suiteqlengine

import (
	"strings"
)

// tokKind classifies a token.
type tokKind int

const (
	tEOF    tokKind = iota
	tIdent          // unquoted identifier or keyword
	tQIdent         // "quoted identifier"
	tString         // 'string literal' (value unescaped)
	tNumber         // 12, 1.5, .5, 1e3
	tOp             // punctuation and operators
)

// token is one lexeme. For tIdent, upper is the upper-cased text used for
// keyword comparison.
type token struct {
	kind  tokKind
	text  string // identifier as written, unescaped string value, number text, operator
	upper string
	pos   int
}

// maxTokens bounds the work done on one query.
const maxTokens = 100_000

// lex splits a query into tokens. Comments (-- to end of line, /* … */) and
// white space separate tokens and are dropped.
func lex(src string) ([]token, *Error) {
	var toks []token
	i := 0
	for {
		if len(toks) > maxTokens {
			return nil, errSyntax(i, "query too long")
		}
		// Skip white space and comments.
		for i < len(src) {
			c := src[i]
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
				i++
				continue
			}
			if c == '-' && i+1 < len(src) && src[i+1] == '-' {
				j := strings.IndexByte(src[i:], '\n')
				if j < 0 {
					i = len(src)
				} else {
					i += j + 1
				}
				continue
			}
			if c == '/' && i+1 < len(src) && src[i+1] == '*' {
				j := strings.Index(src[i+2:], "*/")
				if j < 0 {
					return nil, errSyntax(i, "unterminated comment")
				}
				i += 2 + j + 2
				continue
			}
			break
		}
		if i >= len(src) {
			toks = append(toks, token{kind: tEOF, pos: i})
			return toks, nil
		}
		start := i
		c := src[i]
		switch {
		case isIdentStart(c):
			for i < len(src) && isIdentPart(src[i]) {
				i++
			}
			t := src[start:i]
			toks = append(toks, token{kind: tIdent, text: t, upper: strings.ToUpper(t), pos: start})
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(src) && src[i+1] >= '0' && src[i+1] <= '9':
			for i < len(src) && src[i] >= '0' && src[i] <= '9' {
				i++
			}
			if i < len(src) && src[i] == '.' {
				i++
				for i < len(src) && src[i] >= '0' && src[i] <= '9' {
					i++
				}
			}
			if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
				j := i + 1
				if j < len(src) && (src[j] == '+' || src[j] == '-') {
					j++
				}
				if j < len(src) && src[j] >= '0' && src[j] <= '9' {
					for j < len(src) && src[j] >= '0' && src[j] <= '9' {
						j++
					}
					i = j
				}
			}
			if i < len(src) && isIdentStart(src[i]) {
				return nil, errSyntax(i, "malformed number")
			}
			toks = append(toks, token{kind: tNumber, text: src[start:i], pos: start})
		case c == '\'':
			var b strings.Builder
			i++
			for {
				if i >= len(src) {
					return nil, errSyntax(start, "unterminated string literal")
				}
				if src[i] == '\'' {
					if i+1 < len(src) && src[i+1] == '\'' {
						b.WriteByte('\'')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteByte(src[i])
				i++
			}
			toks = append(toks, token{kind: tString, text: b.String(), pos: start})
		case c == '"':
			var b strings.Builder
			i++
			for {
				if i >= len(src) {
					return nil, errSyntax(start, "unterminated quoted identifier")
				}
				if src[i] == '"' {
					if i+1 < len(src) && src[i+1] == '"' {
						b.WriteByte('"')
						i += 2
						continue
					}
					i++
					break
				}
				b.WriteByte(src[i])
				i++
			}
			if b.Len() == 0 {
				return nil, errSyntax(start, "empty quoted identifier")
			}
			toks = append(toks, token{kind: tQIdent, text: b.String(), pos: start})
		default:
			op := ""
			if i+1 < len(src) {
				switch two := src[i : i+2]; two {
				case "<>", "!=", "^=", "<=", ">=", "||":
					op = two
				}
			}
			if op == "" {
				switch c {
				case '(', ')', ',', '.', '*', '+', '-', '/', '=', '<', '>', ';':
					op = string(c)
				default:
					return nil, errSyntax(i, "unexpected character %q", c)
				}
			}
			i += len(op)
			toks = append(toks, token{kind: tOp, text: op, pos: start})
		}
	}
}

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isIdentPart(c byte) bool {
	return isIdentStart(c) || c >= '0' && c <= '9' || c == '$' || c == '#'
}

// reserved words cannot be used as unquoted identifiers or aliases.
var reserved = map[string]bool{
	"ALL": true, "AND": true, "AS": true, "ASC": true, "BETWEEN": true, "BY": true, "CASE": true,
	"CROSS": true, "DESC": true, "DISTINCT": true, "ELSE": true, "END": true, "ESCAPE": true,
	"EXCEPT": true, "EXISTS": true, "FETCH": true, "FROM": true, "FULL": true, "GROUP": true,
	"HAVING": true, "IN": true, "INNER": true, "INTERSECT": true, "IS": true, "JOIN": true,
	"LEFT": true, "LIKE": true, "MINUS": true, "NOT": true, "NULL": true, "OFFSET": true,
	"ON": true, "OR": true, "ORDER": true, "OUTER": true, "RIGHT": true, "SELECT": true,
	"THEN": true, "UNION": true, "UNIQUE": true, "USING": true, "WHEN": true, "WHERE": true,
	"NATURAL": true, "PRIOR": true, "CONNECT": true, "START": true, "WITH": true,
}
