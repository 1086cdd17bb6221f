package cli

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/go-netsuite/netsuite/suiteql"
	"github.com/spf13/cobra"
)

func newQueryCmd(e *env) *cobra.Command {
	var output string
	var limit, parallel int
	var all bool
	var keys []string
	var file, checkpointFile, resumeFile, outFile string
	var typeSpecs []string
	var progressMode string
	cmd := &cobra.Command{
		Use:   `query "SELECT …" | query --file FILE | query -`,
		Short: "Run a SuiteQL query (REST web services) and stream the rows",
		Long: `query runs SuiteQL through POST /services/rest/query/v1/suiteql and prints
rows as they arrive. Without --all it prints one page (--limit rows, at most
1000). With --all it reads every row, past NetSuite's 100,000-row cap by
keyset paging on the ORDER BY's columns when they are plain output columns
(ORDER BY transaction, linesequencenumber): at every 100,000-row boundary it
checks that no row it has not read shares the boundary's key, and stops
with an error naming the columns if one does. --key names the key columns
explicitly (e.g. --key id, or --key lmd --key id for a timestamp with ties).
A key is compared as text unless declared a number (--key id:number); text
is right for any column, as Oracle converts the literal to a number column's
type. A key that is NULL in some row stops the export with an error.
--parallel fetches that many pages at once (default: the concurrency limit,
which every request waits for). A "-" query reads it from standard input,
--file FILE from a file; the query is taken as written, a leading "--
comment" line included, and a trailing ";" is dropped.`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case file != "" && len(args) > 0:
				return fmt.Errorf("give the query either as an argument or with --file, not both")
			case file == "" && len(args) != 1:
				return fmt.Errorf("give one query (quote it: netsuite query \"SELECT …\"), \"-\" to read it from standard input, or --file FILE")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var q string
			switch {
			case file != "":
				b, err := os.ReadFile(file)
				if err != nil {
					return fmt.Errorf("--file: %w", err)
				}
				q = string(b)
			case e.arg(args[0]) == "-":
				b, err := io.ReadAll(e.stdin)
				if err != nil {
					return err
				}
				q = string(b)
			default:
				q = e.arg(args[0])
			}
			// As people paste them: a trailing ";" (SuiteQL refuses it) and
			// white space around the query are dropped.
			q = strings.TrimRight(strings.TrimSpace(q), "; \t\r\n")
			if q == "" {
				return errors.New("the query is empty")
			}
			cfg, err := e.loadConfig()
			if err != nil {
				return err
			}
			c, err := e.newClient(cfg)
			if err != nil {
				return err
			}
			colTypes, err := parseTypes(typeSpecs)
			if err != nil {
				return err
			}
			if len(colTypes) > 0 && output != "parquet" {
				return errors.New("--types applies to -o parquet (the other formats write SuiteQL's text as it is)")
			}
			if limit < 1 || limit > suiteql.MaxLimit {
				return fmt.Errorf("--limit %d: NetSuite serves 1 to %d rows a page", limit, suiteql.MaxLimit)
			}
			// Every flag is checked before --out is opened (and truncated),
			// so a mistyped flag never empties an earlier export.
			if _, err := newRowWriter(io.Discard, output, q, colTypes); err != nil {
				return err // --output
			}
			if all && cmd.Flags().Changed("parallel") && (parallel < 1 || parallel > 100) {
				return fmt.Errorf("--parallel %d: give 1 to 100 pages at once (the default is the concurrency limit, %d)", parallel, e.gov.capacity)
			}
			if parallel == 0 {
				// As fast as the account's limit lets it be: the limiter
				// (concurrency, default 5) holds the requests at the limit.
				parallel = e.gov.capacity
			}
			opts := &suiteql.AllOptions{Parallel: parallel}
			for _, k := range keys {
				key, err := suiteql.ParseKey(k)
				if err != nil {
					return fmt.Errorf("--key %s: %w", k, err)
				}
				opts.Keys = append(opts.Keys, key)
			}
			var noKeys error // why the ORDER BY gives no keys
			if all && len(keys) == 0 {
				// Page by the ORDER BY's columns: All checks at every window
				// boundary that no row shares the boundary's key.
				if opts.Keys, noKeys = suiteql.OrderKeys(q); noKeys == nil && e.verbose {
					fmt.Fprintf(e.stderr, "netsuite: paging by the ORDER BY columns %s, checked for ties at every 100,000-row boundary\n", suiteql.KeyColumns(opts.Keys))
				}
			}
			// Checkpoints: where a keyset export got to, to resume it.
			cpPath, n0 := checkpointFile, 0
			if resumeFile != "" {
				cpPath = resumeFile
			}
			if all && cpPath != "" {
				if len(opts.Keys) == 0 {
					return fmt.Errorf("--checkpoint and --resume need a keyset export: order by unique output columns or give --key (%v)", noKeys)
				}
				if output != "csv" && output != "ndjson" {
					return fmt.Errorf("--checkpoint and --resume need -o csv or -o ndjson, which a resumed run can append to")
				}
			}
			cp := &checkpoint{Version: 1, Query: q, Keys: keyStrings(opts.Keys), Output: output}
			if all && resumeFile != "" {
				prev, err := loadCheckpoint(resumeFile, q, opts.Keys, output)
				if err != nil {
					return err
				}
				cp, n0 = prev, prev.Rows
				if prev.After != nil {
					opts.After = suiteql.Row(prev.After)
				}
			}
			if err := checkProgressMode(progressMode); err != nil {
				return err
			}
			var dst io.Writer = e.stdout
			if output == "parquet" && outFile == "" {
				return errors.New("-o parquet writes a file: give --out FILE")
			}
			if outFile != "" {
				flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
				if resumeFile != "" {
					flags = os.O_WRONLY | os.O_CREATE | os.O_APPEND // the rest of an interrupted export
				}
				f, err := os.OpenFile(outFile, flags, 0o644)
				if err != nil {
					return fmt.Errorf("--out: %w", err)
				}
				defer f.Close()
				dst = f
			}
			out, err := newRowWriter(dst, output, q, colTypes)
			if err != nil {
				return err
			}
			out.skipHeader = all && resumeFile != "" // the first run wrote it
			svc := suiteql.New(c)
			ctx := cmd.Context()
			if !all {
				p, err := svc.Query(ctx, q, &suiteql.PageOptions{Limit: limit})
				if err != nil {
					return err
				}
				if err := out.columns(p.Columns); err != nil {
					return err
				}
				for _, r := range p.Items {
					if err := out.write(r); err != nil {
						out.close() // keep the rows written so far
						return err
					}
				}
				if err := out.close(); err != nil {
					return err
				}
				if p.HasMore {
					fmt.Fprintf(e.stderr, "netsuite: %d of %d rows; --all reads every row\n", len(p.Items), p.TotalResults)
				}
				return nil
			}
			pb, err := e.newProgress(progressMode, "query")
			if err != nil {
				return err
			}
			pending := 0 // rows not yet added to the bar
			stopBar := func(complete bool) {
				pb.add(pending)
				pending = 0
				pb.done(complete)
			}
			n := 0
			var last suiteql.Row
			mark := func() error {
				if err := out.flush(); err != nil {
					return err
				}
				if last != nil {
					cp.After = map[string]string{}
					for _, k := range opts.Keys {
						cp.After[k.Column] = last[k.Column]
					}
				}
				cp.Rows = n0 + n
				return nil
			}
			var colErr error
			opts.OnPage = func(pi suiteql.PageInfo) {
				if colErr == nil {
					colErr = out.columns(pi.Columns)
				}
				if pi.Window == 0 && pi.Offset == 0 {
					pb.setTotal(n0 + pi.TotalResults) // the first window's count is every row left
				}
			}
			for r, err := range svc.All(ctx, q, opts) {
				if err != nil && ctx.Err() != nil {
					// SIGINT/SIGTERM: the rows written so far are whole and
					// flushed; say where the export got to and how to go on.
					stopBar(false)
					if err := mark(); err != nil {
						return err
					}
					out.close()
					if len(opts.Keys) == 0 {
						fmt.Fprintf(e.stderr, "netsuite: interrupted after %d rows; this export pages by offset and cannot resume: run it again (or order it by unique columns to make it resumable)\n", n)
						return &exitError{code: 130}
					}
					if output != "csv" && output != "ndjson" {
						fmt.Fprintf(e.stderr, "netsuite: interrupted after %d rows; only -o csv and -o ndjson exports can be resumed (a resumed run appends): run it again\n", n)
						return &exitError{code: 130}
					}
					path := cpPath
					if path == "" {
						path = defaultCheckpointPath(q)
					}
					if err := cp.save(path); err != nil {
						return &exitError{code: 130, err: err}
					}
					resume, dropped := resumeCommand(e.args, path)
					if outFile == "" {
						resume += " >> OUTPUT" // with --out the resumed run appends to the file itself
					}
					fmt.Fprintf(e.stderr, "netsuite: interrupted after %d rows (%d in all); to append the rest:\n  %s\n", n, n0+n, resume)
					if len(dropped) > 0 {
						fmt.Fprintf(e.stderr, "  (add %s again, or set them in the environment: secrets are not repeated here)\n", strings.Join(dropped, ", "))
					}
					return &exitError{code: 130}
				}
				if err != nil {
					out.close()
					stopBar(false)
					if errors.Is(err, suiteql.ErrCapReached) {
						return fmt.Errorf("the query has more rows than NetSuite's offset paging reaches (100,000), and its ORDER BY cannot page past it (%v): order by unique output columns (e.g. ORDER BY id), or add --key COLUMN naming one", noKeys)
					}
					return err
				}
				err = colErr
				if err == nil {
					err = out.write(r)
				}
				if err != nil {
					out.close() // keep the rows written so far
					stopBar(false)
					return fmt.Errorf("after %d rows: %w", n, err)
				}
				n++
				last = r
				if pending++; pending == 500 {
					pb.add(pending)
					pending = 0
				}
				if cpPath != "" && n%checkpointEvery == 0 {
					if err := mark(); err != nil {
						return err
					}
					if err := cp.save(cpPath); err != nil {
						return err
					}
				}
			}
			if cpPath != "" {
				if err := mark(); err != nil {
					return err
				}
				cp.Complete = true
				if err := cp.save(cpPath); err != nil {
					return err
				}
			}
			stopBar(true)
			return out.close()
		},
	}
	f := cmd.Flags()
	f.StringVarP(&output, "output", "o", "table", "table, json, csv, ndjson or parquet")
	f.StringVar(&outFile, "out", "", "write to FILE instead of standard output (required for -o parquet; appended to with --resume)")
	f.StringArrayVar(&typeSpecs, "types", nil, "with -o parquet: column types, col=int|float|bool|date|datetime|string,... (default string)")
	f.IntVar(&limit, "limit", 1000, "rows of the single page (1-1000)")
	f.BoolVar(&all, "all", false, "read every row")
	f.StringVar(&progressMode, "progress", "auto", "with --all: a progress bar on stderr (rows, rows/s, elapsed, ETA): auto (when stderr is a terminal), always or never")
	f.StringVar(&file, "file", "", "read the query from FILE")
	f.StringVar(&checkpointFile, "checkpoint", "", "with --all: record in FILE where the export got to (every 10,000 rows and when interrupted)")
	f.StringVar(&resumeFile, "resume", "", "with --all: continue the export recorded in FILE, writing only the missing rows (append them: >> OUTPUT)")
	f.StringArrayVar(&keys, "key", nil, "with --all: a unique ordering column for keyset paging past 100,000 rows, COL or COL:number (repeat for a composite key)")
	f.IntVar(&parallel, "parallel", 0, "with --all: pages fetched at once (default: the concurrency limit, 5 unless configured)")
	return cmd
}

// rowWriter streams rows in one output format. CSV and table output have
// one header for every row: the query's select list in SELECT order
// (suiteql.SelectColumns), with "*" expanded to the columns of the first page
// that are not named otherwise, in the order NetSuite sends them. NetSuite
// leaves a NULL column out of an item, so a NULL is an empty cell, and a
// column that is NULL in every row still has its place in the header. A
// column that first appears after the header was written (only possible with
// "*", whose columns only rows show) is an error, never dropped. json and
// ndjson print each row's columns.
type rowWriter struct {
	format  string
	w       io.Writer
	sel     []string // the select list; "*" where the table's columns go
	selOK   bool     // sel was read from the query
	cols    []string // the header, once written
	known   map[string]bool
	csv     *csv.Writer
	tw      *tabwriter.Writer
	enc     *json.Encoder
	n       int
	started bool
	// skipHeader: a resumed export appends to output that has its header.
	skipHeader bool
	pq         *parquetWriter
}

func newRowWriter(w io.Writer, format, query string, types map[string]string) (*rowWriter, error) {
	rw := &rowWriter{format: format, w: w}
	rw.sel, rw.selOK = suiteql.SelectColumns(query)
	switch format {
	case "table":
		rw.tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	case "csv":
		rw.csv = csv.NewWriter(w)
	case "json", "ndjson":
		rw.enc = json.NewEncoder(w)
		rw.enc.SetEscapeHTML(false)
	case "parquet":
		rw.pq = &parquetWriter{out: w, types: types}
	default:
		return nil, fmt.Errorf("--output %q: use table, json, csv, ndjson or parquet", format)
	}
	return rw, nil
}

// columns tells the writer a page's columns, in the order NetSuite sent
// them, before the page's rows are written.
func (rw *rowWriter) columns(page []string) error {
	if rw.started || (rw.format != "table" && rw.format != "csv" && rw.format != "parquet") {
		return nil
	}
	if len(page) == 0 && (!rw.selOK || slices.Contains(rw.sel, "*")) {
		return nil // nothing to learn the table's columns from yet
	}
	return rw.header(page)
}

// header writes the header: the select list with "*" expanded by the page's
// columns (or the page's columns when the select list was not understood).
func (rw *rowWriter) header(page []string) error {
	rw.started = true
	var cols []string
	if !rw.selOK {
		cols = append(cols, page...)
	} else {
		named := map[string]bool{}
		for _, c := range rw.sel {
			named[c] = true
		}
		expanded := false
		for _, c := range rw.sel {
			if c != "*" {
				cols = append(cols, c)
				continue
			}
			if expanded {
				continue
			}
			expanded = true
			for _, pc := range page {
				if !named[pc] {
					cols = append(cols, pc)
				}
			}
		}
	}
	rw.cols = cols
	rw.known = map[string]bool{}
	for _, c := range cols {
		rw.known[c] = true
	}
	if rw.pq != nil {
		if len(cols) == 0 {
			return errors.New("the query's columns are not known (SELECT * with no rows): name the columns for -o parquet")
		}
		return rw.pq.start(cols)
	}
	if len(cols) == 0 || rw.skipHeader {
		return nil
	}
	switch rw.format {
	case "table":
		_, err := fmt.Fprintln(rw.tw, strings.ToUpper(strings.Join(cols, "\t")))
		return err
	case "csv":
		return rw.csv.Write(cols)
	}
	return nil
}

func (rw *rowWriter) write(r suiteql.Row) error {
	rw.n++
	switch rw.format {
	case "table", "csv", "parquet":
		if !rw.started {
			// No page columns were given: take the row's, sorted.
			if err := rw.header(slices.Sorted(maps.Keys(r))); err != nil {
				return err
			}
		}
		for c := range r {
			if !rw.known[c] {
				return fmt.Errorf("column %s first appears in row %d, after the %s header was written (NetSuite leaves NULL columns out of a row, and the columns of SELECT * are learnt from the first page): name the columns in the query, or use -o json or -o ndjson", c, rw.n, rw.format)
			}
		}
		if rw.pq != nil {
			return rw.pq.write(r, rw.n)
		}
		vals := make([]string, len(rw.cols))
		for i, c := range rw.cols {
			vals[i] = r[c]
		}
		if rw.format == "csv" {
			return rw.csv.Write(vals)
		}
		_, err := fmt.Fprintln(rw.tw, strings.Join(vals, "\t"))
		return err
	case "json":
		if rw.n == 1 {
			io.WriteString(rw.w, "[\n")
		} else {
			io.WriteString(rw.w, ",\n")
		}
		b, err := json.Marshal(r)
		if err != nil {
			return err
		}
		_, err = rw.w.Write(b)
		return err
	default:
		return rw.enc.Encode(r)
	}
}

// flush writes out what the writer buffers (CSV), so that the output holds
// every row written so far.
func (rw *rowWriter) flush() error {
	if rw.csv != nil {
		rw.csv.Flush()
		return rw.csv.Error()
	}
	return nil
}

func (rw *rowWriter) close() error {
	switch rw.format {
	case "parquet":
		if !rw.started && rw.selOK {
			if err := rw.header(nil); err != nil {
				return err
			}
		}
		return rw.pq.close()
	case "table", "csv":
		if !rw.started && rw.selOK {
			// An empty result still has its header (the named columns).
			if err := rw.header(nil); err != nil {
				return err
			}
		}
		if rw.format == "table" {
			return rw.tw.Flush()
		}
		rw.csv.Flush()
		return rw.csv.Error()
	case "json":
		if rw.n == 0 {
			_, err := io.WriteString(rw.w, "[]\n")
			return err
		}
		_, err := io.WriteString(rw.w, "\n]\n")
		return err
	}
	return nil
}
