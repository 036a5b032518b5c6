package bot

import (
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are what the bot exposes on /metrics, in a registry of its own.
type metrics struct {
	registry    *prometheus.Registry
	updates     *prometheus.CounterVec
	answers     *prometheus.CounterVec
	latency     prometheus.Histogram
	apiCalls    *prometheus.CounterVec
	rateLimited *prometheus.CounterVec
	gaveUp      *prometheus.CounterVec
	queue       prometheus.Gauge
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "maqal_updates_total", Help: "Updates received from Telegram, by kind.",
		}, []string{"kind"}),
		answers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "maqal_answers_total", Help: "Questions answered, by result: found, declined, or rejected (bad input).",
		}, []string{"result"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "maqal_answer_seconds",
			Help:    "Time from receiving an update to the last of its replies being sent.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}),
		apiCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "maqal_telegram_requests_total", Help: "Calls to the Bot API, by method and HTTP status (\"error\" when no answer came).",
		}, []string{"method", "code"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "maqal_rate_limited_total", Help: "Rate-limit events: telegram (a 429 from Telegram), user (a reader over the question limit), busy (the queue full).",
		}, []string{"kind"}),
		gaveUp: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "maqal_send_given_up_total", Help: "Calls to Telegram given up after retries, by method.",
		}, []string{"method"}),
		queue: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "maqal_queue_depth", Help: "Updates received and not yet handled.",
		}),
	}
	m.registry.MustRegister(m.updates, m.answers, m.latency, m.apiCalls, m.rateLimited, m.gaveUp, m.queue,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// countingTransport counts the Bot API calls by method and status, and
// notes when Telegram last answered, for /readyz.
type countingTransport struct {
	next     http.RoundTripper
	metrics  *metrics
	lastSeen *atomic.Int64 // unix nanoseconds of the last answer from Telegram
}

func (t countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	method := r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	resp, err := t.next.RoundTrip(r)
	code := "error"
	if err == nil {
		code = strconv.Itoa(resp.StatusCode)
		if resp.StatusCode < 300 { // 401 (a bad token), 409 (another instance) are not ready
			t.lastSeen.Store(time.Now().UnixNano())
		}
	}
	t.metrics.apiCalls.WithLabelValues(method, code).Inc()
	return resp, err
}
