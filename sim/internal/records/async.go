package records

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-netsuite/netsuite/sim/internal/core"
	"github.com/go-netsuite/netsuite/sim/wire"
)

// Asynchronous record requests (ns-help chapter_161251386312,
// subsect_161278579295, subsect_161252896355): a record request with
// "Prefer: respond-async" answers 202 Accepted, Preference-Applied:
// respond-async and Location: …/services/rest/async/v1/job/<id>. The
// emulator runs the request at once, so a job is complete when the client
// first polls it; the job, its one task and the task's result are served at
//
//	GET /services/rest/async/v1/job[/<id>[/task[/<id>[/result]]]]

type asyncJob struct {
	id         int64
	start, end time.Time
	status     int
	header     http.Header
	body       []byte
}

type asyncJobs struct {
	mu   sync.Mutex
	next int64
	jobs map[int64]*asyncJob
}

// wantsAsync reports Prefer: respond-async.
func wantsAsync(r *http.Request) bool {
	for _, v := range r.Header.Values("Prefer") {
		for _, p := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(p), "respond-async") {
				return true
			}
		}
	}
	return false
}

// bufferedResponse records a handler's response.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }
func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}
func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

// serveRecordAsync runs a record request as a job and answers 202.
func (s *Service) serveRecordAsync(w http.ResponseWriter, r *http.Request, l *core.Login, rest string) {
	body, err := core.ReadBody(w, r, core.MaxRESTRequest)
	if e, ok := core.TooLarge(err); ok {
		e.Write(w)
		return
	}
	if err != nil {
		s.InternalError(w, err)
		return
	}
	inner := r.Clone(r.Context())
	inner.Header.Del("Prefer")
	inner.Body = io.NopCloser(bytes.NewReader(body))
	job := &asyncJob{start: s.Now().UTC()}
	rec := &bufferedResponse{header: http.Header{}}
	s.ServeRecord(rec, inner, l, rest)
	job.end, job.status, job.header, job.body = s.Now().UTC(), rec.status, rec.header, rec.body.Bytes()
	if job.status == 0 {
		job.status = http.StatusOK
	}
	js := &s.jobs
	js.mu.Lock()
	js.next++
	job.id = js.next
	js.jobs[job.id] = job
	js.mu.Unlock()
	u := core.RequestURL(r)
	w.Header().Set("Location", u.Scheme+"://"+u.Host+"/services/rest/async/v1/job/"+core.Itoa(job.id))
	w.Header().Set("Preference-Applied", "respond-async")
	w.WriteHeader(http.StatusAccepted)
}

func asyncTime(t time.Time) string { return t.Format("2006-01-02T15:04:05.000Z") }

// ServeAsync answers /services/rest/async/v1/<rest>.
func (s *Service) ServeAsync(w http.ResponseWriter, r *http.Request, rest string) {
	if r.Method != http.MethodGet {
		wire.MethodNotAllowed(r.Method, http.MethodGet).Write(w)
		return
	}
	u := core.RequestURL(r)
	base := u.Scheme + "://" + u.Host + "/services/rest/async/v1/job"
	parts := strings.Split(strings.Trim(rest, "/"), "/")
	if parts[0] != "job" {
		wire.RecordNotFound().Write(w)
		return
	}
	js := &s.jobs
	if len(parts) == 1 {
		js.mu.Lock()
		var items []jsonObject
		for id := int64(1); id <= js.next; id++ {
			if js.jobs[id] != nil {
				items = append(items, jsonObject{{"links", selfLinks(base + "/" + core.Itoa(id))}, {"id", core.Itoa(id)}})
			}
		}
		js.mu.Unlock()
		writeCollection(w, base, items)
		return
	}
	id, err := strconv.ParseInt(parts[1], 10, 64)
	js.mu.Lock()
	job := js.jobs[id]
	js.mu.Unlock()
	if err != nil || job == nil || len(parts) > 5 || (len(parts) >= 4 && parts[3] != parts[1]) || (len(parts) >= 3 && parts[2] != "task") ||
		(len(parts) == 5 && parts[4] != "result") {
		wire.RecordNotFound().Write(w)
		return
	}
	jobURL := base + "/" + parts[1]
	taskURL := jobURL + "/task/" + parts[1]
	progress := "succeeded"
	if job.status >= 400 {
		progress = "failed"
	}
	var out jsonObject
	switch len(parts) {
	case 2:
		out = jsonObject{{"links", selfLinks(jobURL)}, {"completed", true}, {"id", parts[1]}, {"progress", progress},
			{"task", jsonObject{{"links", selfLinks(jobURL + "/task")}}}}
	case 3:
		writeCollection(w, jobURL+"/task", []jsonObject{{{"links", selfLinks(taskURL)}, {"id", parts[1]}}})
		return
	case 4:
		out = jsonObject{{"links", []core.Link{{Rel: "related", Href: taskURL + "/result"}, {Rel: "self", Href: taskURL}}}, {"completed", true},
			{"endTime", asyncTime(job.end)}, {"id", parts[1]}, {"progress", progress}, {"startTime", asyncTime(job.start)}}
	case 5:
		for k, vs := range job.header {
			w.Header()[k] = append([]string(nil), vs...)
		}
		w.WriteHeader(job.status)
		w.Write(job.body)
		return
	}
	b, _ := out.MarshalJSON()
	writeRaw(w, http.StatusOK, ctSingular, b)
}

func writeCollection(w http.ResponseWriter, self string, items []jsonObject) {
	if items == nil {
		items = []jsonObject{}
	}
	b, _ := jsonObject{{"links", selfLinks(self)}, {"count", len(items)}, {"hasMore", false}, {"items", items},
		{"offset", 0}, {"totalResults", len(items)}}.MarshalJSON()
	writeRaw(w, http.StatusOK, ctCollection, b)
}

// Close drops the results of the server's asynchronous requests.
func (s *Service) Close() {
	s.jobs.mu.Lock()
	s.jobs.jobs = map[int64]*asyncJob{}
	s.jobs.mu.Unlock()
}
