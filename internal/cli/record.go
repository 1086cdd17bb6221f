package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/go-netsuite/netsuite/record"
	"github.com/spf13/cobra"
)

// recordService builds the REST record service from the configuration chain.
func (e *env) recordService() (*record.Service, error) {
	cfg, err := e.loadConfig()
	if err != nil {
		return nil, err
	}
	c, err := e.newClient(cfg)
	if err != nil {
		return nil, err
	}
	return record.New(c), nil
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// readData reads a --data value: JSON text, @FILE, or - / @- for standard input.
func (e *env) readData(data string) (json.RawMessage, error) {
	if data == "" {
		return nil, errors.New("--data is required: JSON text, @FILE, or - for standard input")
	}
	b := []byte(data)
	var err error
	switch {
	case data == "-" || data == "@-":
		b, err = io.ReadAll(e.stdin)
	case strings.HasPrefix(data, "@"):
		b, err = os.ReadFile(data[1:])
	}
	if err != nil {
		return nil, fmt.Errorf("--data: %w", err)
	}
	var probe any
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("--data is not valid JSON: %w", err)
	}
	if _, ok := probe.(map[string]any); !ok {
		return nil, errors.New("--data must be a JSON object")
	}
	return json.RawMessage(b), nil
}

func newRecordCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "record",
		Short: "Get, create, update, upsert, delete and list records (REST web services)",
		Long: `record reads and writes records through NetSuite's REST record service
(/services/rest/record/v1/). TYPE is a REST record type such as customer,
salesOrder or customrecord_x; ID is an internal id, or eid:X for an external
id. Bodies are JSON (--data JSON, @FILE, or - for standard input) and answers
are printed as JSON. --async sends a write with Prefer: respond-async and
prints the job URL; "record job URL" waits for it and prints the result.`,
	}
	var data string
	var async bool
	dataFlag := func(c *cobra.Command) {
		c.Flags().StringVar(&data, "data", "", "record body: JSON, @FILE, or - (or @-) for standard input")
		c.Flags().BoolVar(&async, "async", false, "send with Prefer: respond-async and print the job URL")
	}
	// submitAsync sends an async write and prints {"job": URL}.
	submitAsync := func(cmd *cobra.Command, svc *record.Service, method, typ, id string, body any) error {
		job, err := svc.Async(cmd.Context(), method, typ, id, body)
		if err != nil {
			return err
		}
		return writeJSON(e.stdout, map[string]string{"job": job})
	}

	var fields []string
	var expand bool
	get := &cobra.Command{
		Use:   "get TYPE ID",
		Short: "Print one record",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := e.recordService()
			if err != nil {
				return err
			}
			r, err := svc.Get(cmd.Context(), args[0], args[1], &record.GetOptions{Fields: fields, ExpandSubResources: expand})
			if err != nil {
				return err
			}
			return writeJSON(e.stdout, r)
		},
	}
	get.Flags().StringSliceVar(&fields, "fields", nil, "body fields to return (a,b,…)")
	get.Flags().BoolVar(&expand, "expand", false, "expand sublists and subrecords (expandSubResources=true)")

	// writeCmd builds a command that sends --data: with --async it submits
	// the write (method on TYPE/<asyncID>) and prints the job URL; otherwise
	// call performs it and its result is printed.
	writeCmd := func(use, short string, nargs int, method string, asyncID func(args []string) (string, error),
		call func(cmd *cobra.Command, svc *record.Service, args []string, body json.RawMessage) (any, error)) *cobra.Command {
		c := &cobra.Command{
			Use:   use,
			Short: short,
			Args:  cobra.ExactArgs(nargs),
			RunE: func(cmd *cobra.Command, args []string) error {
				body, err := e.readData(data)
				if err != nil {
					return err
				}
				svc, err := e.recordService()
				if err != nil {
					return err
				}
				if async {
					id, err := asyncID(args)
					if err != nil {
						return err
					}
					return submitAsync(cmd, svc, method, args[0], id, body)
				}
				out, err := call(cmd, svc, args, body)
				if err != nil {
					return err
				}
				return writeJSON(e.stdout, out)
			},
		}
		dataFlag(c)
		return c
	}
	create := writeCmd("create TYPE --data JSON", `Create a record and print {"id": …}`, 1, "POST",
		func([]string) (string, error) { return "", nil },
		func(cmd *cobra.Command, svc *record.Service, args []string, body json.RawMessage) (any, error) {
			id, err := svc.Create(cmd.Context(), args[0], body)
			return map[string]string{"id": id}, err
		})
	update := writeCmd("update TYPE ID --data JSON", "Change fields of a record (PATCH)", 2, "PATCH",
		func(args []string) (string, error) { return args[1], nil },
		func(cmd *cobra.Command, svc *record.Service, args []string, body json.RawMessage) (any, error) {
			return map[string]string{"id": args[1]}, svc.Update(cmd.Context(), args[0], args[1], body)
		})
	upsert := writeCmd("upsert TYPE eid:X --data JSON", "Create or update the record with an external id (PUT …/eid:X)", 2, "PUT",
		func(args []string) (string, error) {
			if eid := strings.TrimPrefix(args[1], "eid:"); eid != "" {
				return "eid:" + eid, nil
			}
			return "", errors.New("upsert needs an external id")
		},
		func(cmd *cobra.Command, svc *record.Service, args []string, body json.RawMessage) (any, error) {
			eid := strings.TrimPrefix(args[1], "eid:")
			id, err := svc.Upsert(cmd.Context(), args[0], eid, body)
			out := map[string]string{"externalId": eid}
			if id != "" {
				out["id"] = id
			}
			return out, err
		})

	var delAsync bool
	del := &cobra.Command{
		Use:   "delete TYPE ID",
		Short: "Delete a record",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := e.recordService()
			if err != nil {
				return err
			}
			if delAsync {
				return submitAsync(cmd, svc, "DELETE", args[0], args[1], nil)
			}
			if err := svc.Delete(cmd.Context(), args[0], args[1]); err != nil {
				return err
			}
			return writeJSON(e.stdout, map[string]string{"deleted": args[1]})
		},
	}
	del.Flags().BoolVar(&delAsync, "async", false, "send with Prefer: respond-async and print the job URL")

	var q string
	var limit, offset int
	var all bool
	var progressMode string
	list := &cobra.Command{
		Use:   "list TYPE",
		Short: "List record ids, filtered with --q",
		Long: `list prints one page of a record type's ids as NetSuite's list envelope
(items, count, hasMore, offset, totalResults). --q filters in NetSuite's
syntax, e.g. --q 'email START_WITH "barbara" AND dateCreated AFTER "2026-01-01"'.
With --all it reads every page and prints one reference per line (ndjson).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if limit < 1 || limit > record.MaxLimit {
				return fmt.Errorf("--limit %d: NetSuite lists 1 to %d records a page", limit, record.MaxLimit)
			}
			if offset < 0 {
				return fmt.Errorf("--offset %d: give 0 or more", offset)
			}
			svc, err := e.recordService()
			if err != nil {
				return err
			}
			opts := &record.ListOptions{Q: q, Limit: limit, Offset: offset}
			if !all {
				p, err := svc.List(cmd.Context(), args[0], opts)
				if err != nil {
					return err
				}
				items := p.Items
				if items == nil {
					items = []record.Ref{}
				}
				return writeJSON(e.stdout, struct {
					Links        []record.Link `json:"links,omitempty"`
					Count        int           `json:"count"`
					HasMore      bool          `json:"hasMore"`
					Items        []record.Ref  `json:"items"`
					Offset       int           `json:"offset"`
					TotalResults int           `json:"totalResults"`
				}{p.Links, p.Count, p.HasMore, items, p.Offset, p.TotalResults})
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetEscapeHTML(false)
			pb, err := e.newProgress(progressMode, "record list")
			if err != nil {
				return err
			}
			opts.OnPage = func(p *record.Page) {
				pb.setTotal(p.TotalResults)
				pb.add(len(p.Items))
			}
			for ref, err := range svc.All(cmd.Context(), args[0], opts) {
				if err != nil {
					pb.done(false)
					return err
				}
				if err := enc.Encode(ref); err != nil {
					pb.done(false)
					return err
				}
			}
			pb.done(true)
			return nil
		},
	}
	lf := list.Flags()
	lf.StringVar(&q, "q", "", "filter in NetSuite's q= syntax")
	lf.IntVar(&limit, "limit", 1000, "page size (1-1000)")
	lf.IntVar(&offset, "offset", 0, "first result")
	lf.BoolVar(&all, "all", false, "read every page; print ndjson")
	lf.StringVar(&progressMode, "progress", "auto", "with --all: a progress bar on stderr: auto (when stderr is a terminal), always or never")

	job := &cobra.Command{
		Use:   "job URL",
		Short: "Wait for an async job and print its tasks' results",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := e.recordService()
			if err != nil {
				return err
			}
			res, err := svc.Job(cmd.Context(), args[0], nil)
			if err != nil {
				return err
			}
			type task struct {
				record.Task
				Result   json.RawMessage `json:"result,omitempty"`
				Location string          `json:"location,omitempty"`
			}
			out := struct {
				Job   record.JobStatus `json:"job"`
				Tasks []task           `json:"tasks"`
			}{Job: res.Job, Tasks: []task{}}
			for _, t := range res.Tasks {
				out.Tasks = append(out.Tasks, task{t, t.Result, t.Location})
			}
			return writeJSON(e.stdout, out)
		},
	}

	cmd.AddCommand(get, create, update, upsert, del, list, job)
	return cmd
}
