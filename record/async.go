package record

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// AsyncPath is the REST async service's path.
const AsyncPath = "/services/rest/async/v1"

// Async sends a record request with Prefer: respond-async and returns the
// URL of the job NetSuite queued for it (from Location); follow it with
// [Service.Job]. method is POST (create; id ""), PATCH (update), PUT (upsert,
// id "eid:X"), DELETE or GET; body is as for Create, nil for none.
//
// NetSuite: {method} /services/rest/record/v1/{type}[/{id}] with
// Prefer: respond-async, answered with 202 and Location
// /services/rest/async/v1/job/{jobId}.
func (s *Service) Async(ctx context.Context, method, recordType, id string, body any) (jobURL string, err error) {
	method = strings.ToUpper(method)
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
	default:
		return "", fmt.Errorf("record: async method %q: use GET, POST, PATCH, PUT or DELETE", method)
	}
	if err := checkType(recordType); err != nil {
		return "", err
	}
	p := recordPath(recordType)
	if method == http.MethodPost {
		if id != "" {
			return "", errors.New("record: an async create takes no id")
		}
	} else {
		if err := checkID("id", id); err != nil {
			return "", err
		}
		p = recordPath(recordType, id)
	}
	if (method == http.MethodPost || method == http.MethodPatch || method == http.MethodPut) && body == nil {
		return "", fmt.Errorf("record: async %s needs a body", method)
	}
	resp, err := s.do(ctx, request{method: method, path: p, body: body, prefer: "respond-async"})
	if err != nil {
		return "", err
	}
	drain(resp)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusAccepted || loc == "" {
		return "", fmt.Errorf("record: NetSuite answered the async request with %d and Location %q, not 202 with a job URL", resp.StatusCode, loc)
	}
	return loc, nil
}

// JobStatus is an async job as NetSuite reports it.
type JobStatus struct {
	ID        string `json:"id"`
	Completed bool   `json:"completed"`
	// Progress is "pending", "processing", "succeeded", "failed" …
	Progress string `json:"progress"`
	Links    []Link `json:"links"`
	Task     struct {
		Links []Link `json:"links"`
	} `json:"task"`
}

// Task is one task of a finished job, with its result.
type Task struct {
	ID        string `json:"id"`
	Completed bool   `json:"completed"`
	Progress  string `json:"progress"`
	StartTime string `json:"startTime,omitempty"`
	EndTime   string `json:"endTime,omitempty"`
	Links     []Link `json:"links"`
	// Result is the body of the task's result: the record JSON for a
	// get, NetSuite's error body for a failed request, nil for none.
	Result json.RawMessage `json:"-"`
	// Location is the Location header of the result (the URL of a record
	// an async create made), or "".
	Location string `json:"-"`
}

// JobResult is a finished job.
type JobResult struct {
	Job   JobStatus
	Tasks []Task
}

// PollOptions control Job's polling. Zero values mean 1s first delay, 30s
// maximum delay; the context bounds the total wait.
type PollOptions struct {
	Initial, Max time.Duration
	// OnPoll, when set, is called with each status read.
	OnPoll func(JobStatus)
}

// jobPath reduces a job URL (absolute, as NetSuite sends it, or a path) to a
// path on the configured SuiteTalk domain, so a signed poll never goes to
// another host.
func jobPath(jobURL string) (string, error) {
	u, err := url.Parse(jobURL)
	if err != nil || !strings.HasPrefix(u.Path, AsyncPath+"/job/") {
		return "", fmt.Errorf("record: %q is not an async job URL (%s/job/{id})", jobURL, AsyncPath)
	}
	return u.Path, nil
}

// JobStatus reads an async job's status once.
//
// NetSuite: GET /services/rest/async/v1/job/{jobId}
func (s *Service) JobStatus(ctx context.Context, jobURL string) (*JobStatus, error) {
	p, err := jobPath(jobURL)
	if err != nil {
		return nil, err
	}
	var j JobStatus
	if err := s.getJSON(ctx, p, &j); err != nil {
		return nil, err
	}
	return &j, nil
}

func (s *Service) getJSON(ctx context.Context, p string, v any) error {
	resp, err := s.do(ctx, request{method: http.MethodGet, path: p})
	if err != nil {
		return err
	}
	return decodeJSON(resp, v)
}

// Job polls an async job until it completes, with exponential backoff and
// jitter, then reads its tasks and each task's result.
//
// NetSuite: GET /services/rest/async/v1/job/{jobId} until completed, then
// GET …/job/{jobId}/task, GET …/task/{taskId} and GET …/task/{taskId}/result.
func (s *Service) Job(ctx context.Context, jobURL string, opts *PollOptions) (*JobResult, error) {
	var o PollOptions
	if opts != nil {
		o = *opts
	}
	if o.Initial <= 0 {
		o.Initial = time.Second
	}
	if o.Max <= 0 {
		o.Max = 30 * time.Second
	}
	p, err := jobPath(jobURL)
	if err != nil {
		return nil, err
	}
	delay := o.Initial
	var j *JobStatus
	for {
		if j, err = s.JobStatus(ctx, p); err != nil {
			return nil, err
		}
		if o.OnPoll != nil {
			o.OnPoll(*j)
		}
		if j.Completed {
			break
		}
		// Full delay scaled by 75–100 % jitter, as stripe-go does.
		wait := time.Duration(float64(delay) * (0.75 + rand.Float64()/4))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		delay = min(delay*2, o.Max)
	}
	res := &JobResult{Job: *j}
	taskList := linkHref(j.Task.Links, "self")
	if taskList == "" {
		taskList = p + "/task"
	}
	tu, err := url.Parse(taskList)
	if err != nil || !strings.HasPrefix(tu.Path, AsyncPath+"/") {
		return nil, fmt.Errorf("record: job %s has no usable task link (%q)", p, taskList)
	}
	var list struct {
		Items []struct {
			ID    string `json:"id"`
			Links []Link `json:"links"`
		} `json:"items"`
	}
	if err := s.getJSON(ctx, tu.Path, &list); err != nil {
		return nil, err
	}
	for _, it := range list.Items {
		self := linkHref(it.Links, "self")
		if self == "" && it.ID != "" {
			self = tu.Path + "/" + url.PathEscape(it.ID)
		}
		su, err := url.Parse(self)
		if err != nil || !strings.HasPrefix(su.Path, AsyncPath+"/") {
			return nil, fmt.Errorf("record: job %s lists a task with no usable link (%q)", p, self)
		}
		var t Task
		if err := s.getJSON(ctx, su.Path, &t); err != nil {
			return nil, err
		}
		rel := linkHref(t.Links, "related")
		if rel == "" {
			rel = su.Path + "/result"
		}
		ru, err := url.Parse(rel)
		if err != nil || !strings.HasPrefix(ru.Path, AsyncPath+"/") {
			return nil, fmt.Errorf("record: task %s has no usable result link (%q)", su.Path, rel)
		}
		resp, err := s.do(ctx, request{method: http.MethodGet, path: ru.Path})
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, fmt.Errorf("record: reading the result of task %s: %w", su.Path, err)
		}
		if len(bytes.TrimSpace(body)) > 0 {
			if !json.Valid(body) {
				return nil, fmt.Errorf("record: the result of task %s is not JSON", su.Path)
			}
			t.Result = body
		}
		t.Location = resp.Header.Get("Location")
		res.Tasks = append(res.Tasks, t)
	}
	return res, nil
}
