package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/go-netsuite/netsuite/sim/store"
)

// Path is where a running emulator serves the admin API.
const Path = "/_sim/admin"

// maxRequest is the largest admin request body the Handler reads.
const maxRequest = 1 << 20

// Live answers the live operations of the table (those [IsLive] reports) for
// a running emulator, by operation name.
type Live map[string]func(ctx context.Context, req Request) (any, error)

// Handler serves POST Path with a JSON Request and answers {"result": …} or
// {"error": "…"} with the matching status. It listens on the emulator's
// address: like the emulator itself it is for local, trusted use.
func Handler(st *store.Store, live Live) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			writeResult(w, http.StatusMethodNotAllowed, nil, errors.New("POST a JSON admin request"))
			return
		}
		var req Request
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxRequest))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				writeResult(w, http.StatusRequestEntityTooLarge, nil, fmt.Errorf("admin request too large: the limit is %d bytes", tooBig.Limit))
				return
			}
			writeResult(w, http.StatusBadRequest, nil, fmt.Errorf("malformed admin request: %v", err))
			return
		}
		var out any
		var err error
		if f := live[req.Op]; f != nil && IsLive(req.Op) {
			out, err = f(r.Context(), req)
		} else {
			out, err = Do(r.Context(), st, req)
		}
		if err != nil {
			status := http.StatusInternalServerError
			var ae *Error
			if errors.As(err, &ae) {
				status = ae.Status
			}
			writeResult(w, status, nil, err)
			return
		}
		writeResult(w, http.StatusOK, out, nil)
	})
}

type envelope struct {
	Result json.RawMessage `json:"result,omitempty"`
	Error  string          `json:"error,omitempty"`
}

func writeResult(w http.ResponseWriter, status int, out any, err error) {
	var env envelope
	if err != nil {
		env.Error = err.Error()
	} else {
		b, merr := json.Marshal(out)
		if merr != nil {
			status, env.Error = http.StatusInternalServerError, merr.Error()
		} else {
			env.Result = b
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(env)
}

// Client sends admin requests to a running emulator.
type Client struct {
	BaseURL string       // the emulator's URL, e.g. http://127.0.0.1:8080
	HTTP    *http.Client // default http.DefaultClient
}

// Do sends req and returns the JSON result, or the emulator's refusal as *Error.
func (c *Client) Do(ctx context.Context, req Request) (json.RawMessage, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, c.BaseURL+Path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	hr.Header.Set("Content-Type", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(hr)
	if err != nil {
		return nil, fmt.Errorf("cannot reach the emulator at %s (is \"netsuite sim serve\" running? or use --state FILE): %w", c.BaseURL, err)
	}
	defer resp.Body.Close()
	var env envelope
	if err := json.NewDecoder(io.LimitReader(resp.Body, 64<<20)).Decode(&env); err != nil {
		return nil, fmt.Errorf("%s did not answer like the emulator (HTTP %d): %v", c.BaseURL, resp.StatusCode, err)
	}
	if env.Error != "" {
		return nil, &Error{resp.StatusCode, env.Error}
	}
	return env.Result, nil
}
