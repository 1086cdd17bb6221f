package cli

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/go-netsuite/netsuite"
	"github.com/go-netsuite/netsuite/suiteql"
	"github.com/spf13/cobra"
)

func newQueryCmd(e *env) *cobra.Command {
	var output string
	var limit, parallel int
	var all bool
	var keys []string
	cmd := &cobra.Command{
		Use:   `query "SELECT …"`,
		Short: "Run a SuiteQL query (REST web services) and stream the rows",
		Long: `query runs SuiteQL through POST /services/rest/query/v1/suiteql and prints
rows as they arrive. Without --all it prints one page (--limit rows, at most
1000). With --all it reads every row; --key names output columns that order
the rows uniquely, so it reads past NetSuite's 100,000-row cap by keyset
paging (e.g. --key id, or --key lmd --key id for a timestamp with ties).
A key is compared as text unless declared a number (--key id:number); text
is right for any column, as Oracle converts the literal to a number column's
type. A key that is NULL in some row stops the export with an error.
--parallel fetches that many pages at once (stay within your account's
concurrency limit). A "-" query reads it from standard input.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			q := args[0]
			if q == "-" {
				b, err := io.ReadAll(e.stdin)
				if err != nil {
					return err
				}
				q = string(b)
			}
			cfg, err := e.loadConfig()
			if err != nil {
				return err
			}
			c, err := netsuite.NewClient(netsuite.WithConfig(cfg), netsuite.WithLogger(e.logger()))
			if err != nil {
				return err
			}
			out, err := newRowWriter(e.stdout, output)
			if err != nil {
				return err
			}
			svc := suiteql.New(c)
			ctx := cmd.Context()
			if !all {
				p, err := svc.Query(ctx, q, &suiteql.PageOptions{Limit: limit})
				if err != nil {
					return err
				}
				for _, r := range p.Items {
					if err := out.write(r); err != nil {
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
			progress := isTerminal(e.stderr, e.getenv)
			n := 0
			opts := &suiteql.AllOptions{Parallel: parallel}
			for _, k := range keys {
				key, err := suiteql.ParseKey(k)
				if err != nil {
					return fmt.Errorf("--key %s: %w", k, err)
				}
				opts.Keys = append(opts.Keys, key)
			}
			if progress {
				opts.OnPage = func(pi suiteql.PageInfo) {
					fmt.Fprintf(e.stderr, "\r%d rows (window %d, offset %d of %d)   ", n, pi.Window, pi.Offset, pi.TotalResults)
				}
			}
			for r, err := range svc.All(ctx, q, opts) {
				if err != nil {
					out.close()
					if progress {
						fmt.Fprintln(e.stderr)
					}
					if errors.Is(err, suiteql.ErrCapReached) {
						return errors.New("the query has more rows than NetSuite's offset paging reaches (100,000): add --key COLUMN naming a unique ordered output column (e.g. --key id) to read them all")
					}
					return err
				}
				n++
				if err := out.write(r); err != nil {
					return err
				}
			}
			if progress {
				fmt.Fprintf(e.stderr, "\r%d rows                                        \n", n)
			}
			return out.close()
		},
	}
	f := cmd.Flags()
	f.StringVarP(&output, "output", "o", "table", "table, json, csv or ndjson")
	f.IntVar(&limit, "limit", 1000, "rows of the single page (1-1000)")
	f.BoolVar(&all, "all", false, "read every row")
	f.StringArrayVar(&keys, "key", nil, "with --all: a unique ordering column for keyset paging past 100,000 rows, COL or COL:number (repeat for a composite key)")
	f.IntVar(&parallel, "parallel", 1, "with --all: pages fetched at once")
	return cmd
}

// rowWriter streams rows in one output format. Columns are fixed by the
// first row (NetSuite leaves NULL columns out, so later rows may add
// columns; CSV and table print those rows' known columns only, json and
// ndjson print every column).
type rowWriter struct {
	format string
	w      io.Writer
	cols   []string
	csv    *csv.Writer
	tw     *tabwriter.Writer
	enc    *json.Encoder
	n      int
}

func newRowWriter(w io.Writer, format string) (*rowWriter, error) {
	rw := &rowWriter{format: format, w: w}
	switch format {
	case "table":
		rw.tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	case "csv":
		rw.csv = csv.NewWriter(w)
	case "json", "ndjson":
		rw.enc = json.NewEncoder(w)
		rw.enc.SetEscapeHTML(false)
	default:
		return nil, fmt.Errorf("--output %q: use table, json, csv or ndjson", format)
	}
	return rw, nil
}

func (rw *rowWriter) write(r suiteql.Row) error {
	if rw.cols == nil {
		for k := range r {
			rw.cols = append(rw.cols, k)
		}
		slices.Sort(rw.cols)
		// id first when present, as NetSuite users expect.
		if i := slices.Index(rw.cols, "id"); i > 0 {
			rw.cols = append([]string{"id"}, slices.Delete(rw.cols, i, i+1)...)
		}
		switch rw.format {
		case "table":
			fmt.Fprintln(rw.tw, strings.ToUpper(strings.Join(rw.cols, "\t")))
		case "csv":
			rw.csv.Write(rw.cols)
		case "json":
			io.WriteString(rw.w, "[\n")
		}
	}
	rw.n++
	switch rw.format {
	case "table", "csv":
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
		if rw.n > 1 {
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

func (rw *rowWriter) close() error {
	switch rw.format {
	case "table":
		return rw.tw.Flush()
	case "csv":
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
