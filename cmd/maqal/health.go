package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// runHealth is "maqal health [URL]": it asks the running bot whether it
// is alive, for container health checks in images without curl. URL
// defaults to /healthz on MAQAL_LISTEN.
func runHealth(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) > 1 {
		return &usageError{"health takes at most one URL"}
	}
	url := ""
	if len(args) == 1 {
		url = args[0]
	} else {
		listen := getenv("MAQAL_LISTEN")
		if listen == "" {
			return &usageError{"health needs MAQAL_LISTEN (the bot's HTTP listener, such as :8080) or a URL"}
		}
		host, port, err := net.SplitHostPort(listen)
		if err != nil {
			return &usageError{fmt.Sprintf("MAQAL_LISTEN %q: want host:port or :port", listen)}
		}
		if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
			host = "127.0.0.1" // listening on every address: ask the loopback one
		}
		url = "http://" + net.JoinHostPort(host, port) + "/healthz"
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return &usageError{fmt.Sprintf("health: %v", err)}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health: %s answered %s: %s", url, resp.Status, strings.TrimSpace(string(body)))
	}
	fmt.Fprintf(stdout, "%s", body)
	return nil
}
