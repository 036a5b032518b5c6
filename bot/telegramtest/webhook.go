package telegramtest

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-telegram/bot/models"
)

// webhookState is the webhook the bot set.
type webhookState struct {
	url            string
	secret         string
	maxConnections int64
	nextSetAllowed time.Time
	lastErrorDate  int
	lastError      string
	attempts       map[int64]int // failed deliveries per update_id
}

// Delivery is one POST of an update to the webhook target.
type Delivery struct {
	UpdateID int64
	Status   int   // HTTP status the target answered, 0 if it could not be reached
	Err      error // transport error, if any
}

// deliveryAttempts is how many times an update is POSTed before it is given up, as
// Telegram gives up "after a reasonable amount of attempts".
const deliveryAttempts = 5

// described is a result answered with a "description", as setWebhook's are.
type described struct {
	result      any
	description string
}

// Webhook returns the webhook URL and secret token the bot set ("" when none).
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook.url, s.webhook.secret
}

// SetWebhookTarget says where pushed updates are POSTed while a webhook is set: the test's
// local listener (setWebhook itself requires a public https URL, as the real API does).
// Each delivery is a JSON POST with header X-Telegram-Bot-Api-Secret-Token when a secret
// was set; its HTTP status is recorded. Updates stay queued until a target is given.
func (s *Server) SetWebhookTarget(url string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.target = url
	s.broadcastLocked()
}

// Deliveries returns the webhook deliveries so far, failed ones included.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

func (s *Server) setWebhook(r *request) (any, *apiError) {
	return s.changeWebhook(r, r.params["url"])
}

func (s *Server) deleteWebhook(r *request) (any, *apiError) {
	return s.changeWebhook(r, "")
}

// changeWebhook follows Client::process_set_webhook_query and do_set_webhook of
// tdlib/telegram-bot-api: rate limit, "already set", closing the old webhook (which stays
// closed if the new one is refused), then the checks of the URL and secret token.
func (s *Server) changeWebhook(r *request, newURL string) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := time.Now()
	if newURL != "" {
		if now.Before(s.webhook.nextSetAllowed) {
			return nil, &apiError{code: http.StatusTooManyRequests, desc: "Too Many Requests: retry after 1", retryAfter: 1}
		}
		s.webhook.nextSetAllowed = now.Add(time.Second)
	}
	secret := ""
	maxConnections := int64(0)
	if newURL != "" {
		secret = r.params["secret_token"]
		maxConnections = intArg(r, "max_connections", 40, 1, 100)
	}
	drop := toBool(r.params["drop_pending_updates"])
	if newURL == s.webhook.url && secret == s.webhook.secret && maxConnections == s.webhook.maxConnections && !drop {
		s.setAllowedLocked(r.params["allowed_updates"], r.has("allowed_updates"))
		if newURL == "" {
			return described{true, "Webhook is already deleted"}, nil
		}
		return described{true, "Webhook is already set"}, nil
	}
	if newURL != "" && s.poll != nil {
		s.poll.reason, s.poll.excuse = conflictSetWebhook, true
		close(s.poll.abort)
		s.poll = nil
	}
	wasSet := s.webhook.url != ""
	s.webhook.url, s.webhook.secret, s.webhook.maxConnections = "", "", 0
	s.webhook.lastError, s.webhook.lastErrorDate = "", 0
	if drop {
		s.clearQueueLocked()
	}
	s.broadcastLocked()
	if newURL == "" {
		if wasSet {
			return described{true, "Webhook was deleted"}, nil
		}
		return described{true, "Webhook is already deleted"}, nil
	}
	if err := checkWebhook(newURL, secret); err != nil {
		return nil, err
	}
	s.webhook.url, s.webhook.secret, s.webhook.maxConnections = newURL, secret, maxConnections
	s.webhook.attempts = map[int64]int{}
	s.setAllowedLocked(r.params["allowed_updates"], r.has("allowed_updates"))
	return described{true, "Webhook was set"}, nil
}

// checkWebhook checks a webhook URL and secret token as do_set_webhook and WebhookActor
// do. Host names are not resolved, except "localhost".
func checkWebhook(rawURL, secret string) *apiError {
	if !strings.Contains(rawURL, "://") {
		rawURL = "https://" + rawURL // td::parse_url's default protocol
	}
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return badRequest("invalid webhook URL specified")
	}
	port := 443
	if u.Scheme == "http" {
		port = 80
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return badRequest("invalid webhook URL specified")
		}
		port = n
	}
	if len(secret) > 256 {
		return badRequest("secret token is too long")
	}
	for _, c := range []byte(secret) {
		if !isAlnum(c) && c != '_' && c != '-' {
			return badRequest("secret token contains unallowed characters")
		}
	}
	if u.Scheme != "https" {
		return badRequest("bad webhook: An HTTPS URL must be provided for webhook")
	}
	if port != 443 && port != 88 && port != 80 && port != 8443 {
		return badRequest("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		host = "127.0.0.1"
	}
	if ip := net.ParseIP(host); ip != nil {
		ip4 := ip.To4()
		if ip4 == nil {
			return badRequest("bad webhook: IPv6-only addresses are not allowed")
		}
		if isReservedIPv4(ip4) {
			return badRequest(fmt.Sprintf("bad webhook: IP address %s is reserved", ip4))
		}
	}
	return nil
}

// isReservedIPv4 is td::IPAddress::is_reserved for IPv4.
func isReservedIPv4(ip net.IP) bool {
	for _, block := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
		"192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15",
		"198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/3",
	} {
		_, n, _ := net.ParseCIDR(block)
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

func (s *Server) getWebhookInfo(*request) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := models.WebhookInfo{
		URL:                s.webhook.url,
		PendingUpdateCount: len(s.queue),
		LastErrorDate:      s.webhook.lastErrorDate,
		LastErrorMessage:   s.webhook.lastError,
		MaxConnections:     int(s.webhook.maxConnections),
	}
	if s.allowed != nil {
		for k := range s.allowed {
			info.AllowedUpdates = append(info.AllowedUpdates, k)
		}
		sort.Strings(info.AllowedUpdates)
	}
	return info, nil
}

// deliverLoop POSTs queued updates, one at a time and in order, to the webhook target
// while a webhook is set. A failed delivery is retried with a growing pause and given up
// after deliveryAttempts; a delivered one is confirmed.
func (s *Server) deliverLoop() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-s.done
		cancel()
	}()
	client := &http.Client{Timeout: 10 * time.Second}
	for {
		s.mu.Lock()
		target, secret := s.target, s.webhook.secret
		var next queuedUpdate
		ready := s.webhook.url != "" && target != "" && len(s.queue) > 0
		if ready {
			next = s.queue[0]
		}
		changed := s.changed
		s.mu.Unlock()
		if !ready {
			select {
			case <-changed:
				continue
			case <-s.done:
				return
			}
		}

		status, err := post(ctx, client, target, secret, next.raw)
		if ctx.Err() != nil {
			return
		}
		s.mu.Lock()
		s.deliveries = append(s.deliveries, Delivery{UpdateID: next.id, Status: status, Err: err})
		ok := err == nil && status >= 200 && status < 300
		attempts := 0
		if ok {
			s.dropUpdateLocked(next.id)
		} else {
			s.webhook.lastErrorDate = int(time.Now().Unix())
			if err != nil {
				s.webhook.lastError = "Connection error: " + err.Error()
			} else {
				s.webhook.lastError = fmt.Sprintf("Wrong response from the webhook: %d %s", status, http.StatusText(status))
			}
			if s.webhook.attempts == nil {
				s.webhook.attempts = map[int64]int{}
			}
			s.webhook.attempts[next.id]++
			attempts = s.webhook.attempts[next.id]
			if attempts >= deliveryAttempts {
				s.dropUpdateLocked(next.id)
			}
		}
		s.broadcastLocked()
		s.mu.Unlock()
		if !ok {
			pause := min(100*time.Millisecond<<(attempts-1), time.Second)
			select {
			case <-time.After(pause):
			case <-s.done:
				return
			}
		}
	}
}

// dropUpdateLocked removes an update from the queue.
func (s *Server) dropUpdateLocked(id int64) {
	for i, u := range s.queue {
		if u.id != id {
			continue
		}
		if i == 0 {
			s.dropFrontLocked(1) // the usual case: deliveries go in order
		} else {
			s.queue = append(s.queue[:i:i], s.queue[i+1:]...)
		}
		break
	}
	delete(s.webhook.attempts, id)
}

// post delivers one update as Telegram does: a JSON POST with the secret token header.
func post(ctx context.Context, client *http.Client, target, secret string, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}
