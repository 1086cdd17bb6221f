// Package suiteql is the emulator's SuiteQL engine: a hand-written lexer
// and recursive-descent parser for NetSuite's SuiteQL (Oracle-flavoured
// SQL), a translator to SQLite SQL, and [Execute], which answers one page
// of POST /services/rest/query/v1/suiteql from a SQLite database opened
// with the modernc.org/sqlite driver.
//
// # Dialect
//
// Supported: SELECT [DISTINCT|UNIQUE|ALL] [TOP n] with expressions,
// aliases (AS optional, "quoted" allowed), * and t.*; FROM with aliases,
// comma joins, [INNER] JOIN, LEFT/RIGHT/FULL [OUTER] JOIN … ON, CROSS JOIN,
// Oracle (+) outer joins in WHERE (the (+) on the right of a comparison,
// rewritten into LEFT JOINs), subqueries in FROM; WHERE; GROUP BY;
// HAVING; ORDER BY with ASC/DESC,
// NULLS FIRST/LAST, positions and select-list aliases; UNION [ALL],
// INTERSECT, MINUS/EXCEPT, parenthesized operands; OFFSET n ROWS and
// FETCH FIRST/NEXT [n] ROW(S) ONLY; ROWNUM <= n, ROWNUM < n, ROWNUM = 1 as
// conjuncts of WHERE, and ROWNUM in a select list (so the nested
// pagination SELECT * FROM (SELECT ROWNUM rn, * FROM (…)) WHERE rn
// BETWEEN a AND b works). Expressions: literals (strings with doubled
// quotes, 12, 1.5, .5, 1e3, NULL), arithmetic, ||, comparisons (=, <>,
// !=, ^=, <, <=, >, >=), AND/OR/NOT, [NOT] BETWEEN, [NOT] IN (list|subquery),
// [NOT] LIKE … [ESCAPE …], IS [NOT] NULL, EXISTS, scalar subqueries
// (correlated too), simple and searched CASE. Functions: COALESCE, NVL,
// NVL2, NULLIF, DECODE, LOWER, UPPER, INITCAP, TRIM (all forms), LTRIM,
// RTRIM, SUBSTR, INSTR, LENGTH, REPLACE, LPAD, RPAD, CONCAT, ROUND, TRUNC
// (numbers and dates), ABS, FLOOR, CEIL, SIGN, POWER, SQRT, MOD, GREATEST,
// LEAST, COUNT/SUM/AVG/MIN/MAX (with DISTINCT), TO_CHAR, TO_DATE,
// TO_TIMESTAMP, TO_NUMBER, ADD_MONTHS, LAST_DAY, SYSDATE, CURRENT_DATE,
// CURRENT_TIMESTAMP, SYSTIMESTAMP, BUILTIN.DF and BUILTIN.CONSOLIDATE (the
// identity), MONTHS_BETWEEN, NEXT_DAY, SYS_EXTRACT_UTC, REGEXP_LIKE,
// REGEXP_SUBSTR, REGEXP_INSTR, REGEXP_COUNT, REGEXP_REPLACE, CHR, ASCII,
// TRANSLATE, the math functions of the list, LISTAGG … WITHIN GROUP,
// ROW_NUMBER, RANK, DENSE_RANK and the aggregates with OVER ([PARTITION
// BY …] [ORDER BY …] [ROWS|RANGE frame]), BUILTIN.RELATIVE_RANGES,
// BUILTIN.CF and BUILTIN.CURRENCY. supportedFunctions (funclist.go) lists
// NetSuite's supported functions with what the emulator does with each.
// Keywords and identifiers are case-insensitive; comments are -- and
// /* */.
//
// Not supported (refused as "Invalid or unsupported search."): WITH and
// the date literals DATE '…' and TIMESTAMP '…' (both refused by NetSuite,
// Help Center article_0824094533; they parse but do not translate),
// CONNECT BY, the right outer join form a.x(+) = b.y (refused by
// NetSuite), (+) mixed with ANSI joins or inside OR/IN, analytic functions
// other than those above, DISTINCT in an analytic aggregate, analytic
// functions with a ROWNUM limit in the same block, JOIN … USING, NATURAL
// JOIN, FETCH … WITH TIES, ROWNUM anywhere but a WHERE conjunct or a
// select list, ROWNUM with aggregates over a join, expressions in a
// compound's ORDER BY, bind variables, a trailing semicolon, and any
// function not listed.
//
// # Semantics kept from Oracle
//
// The empty string is NULL; || and CONCAT treat NULL as empty; LIKE is
// case-sensitive; / is never integer division; NULLs sort last ascending
// and first descending; arithmetic on non-numeric text fails; DECODE
// matches NULL with NULL; MOD, ROUND and TRUNC follow Oracle's rules;
// ROWNUM is applied before GROUP BY and aggregates. Dates are stored as
// ISO-8601 text: 'YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS'. Oracle format
// models (YYYY, YY, RR, MM, MON, MONTH, DD, DDD, DY, DAY, D, HH, HH12,
// HH24, MI, SS, SSSSS, FF1–FF9, AM/PM, Q, WW, IW, W, J, FM, "text" and
// punctuation) work in TO_CHAR and TO_DATE, and DS, DL, TS (the AMERICA
// territory's formats), RM, YEAR, CC, IYYY/IYY/IY/I, AD/BC and X in
// TO_CHAR; TO_DATE of a date drops its time of day; number models (9, 0, comma,
// G, period, D, $, FM, S, MI, PR) in TO_CHAR and TO_NUMBER. ROWNUM with an
// ORDER BY in the same block returns the first n rows of the sorted
// result, which is one of the results Oracle may return.
//
// # Results
//
// As NetSuite returns them: column names lower case (aliases too),
// unaliased expressions named expr1, expr2, …; every value a string;
// NULLs (and empty strings) left out; integers without ".0"; decimals as
// Oracle prints NUMBER (".5", "-.25", at most 15 significant digits);
// dates and date-times in the account's date format ([DefaultDateFormat],
// M/D/YYYY) without the time.
//
// # Safety
//
// Every literal of the query becomes a bound parameter; the generated SQL
// holds only generated aliases, catalog names and operators. Identifiers
// are checked against a [Catalog] before any SQL runs.
package suiteqlengine
