/*
 * report.c - the human summary and the JSON object of a finished run.
 */
#include "report.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#ifndef GIT_REV
#define GIT_REV "unknown"
#endif

static const double report_pcts[] = {50, 90, 99, 99.9, 99.99};
static const char *const report_pct_keys[] = {"p50", "p90", "p99", "p99_9",
					      "p99_99"};
#define REPORT_NPCTS (sizeof(report_pcts) / sizeof(report_pcts[0]))

/* Formats ns as wrk does: the largest unit that keeps the number >= 1. */
static void fmt_time(char *buf, size_t len, double ns)
{
	if (ns >= 1e9)
		snprintf(buf, len, "%.2fs", ns / 1e9);
	else if (ns >= 1e6)
		snprintf(buf, len, "%.2fms", ns / 1e6);
	else
		snprintf(buf, len, "%.2fus", ns / 1e3);
}

static void fmt_bytes(char *buf, size_t len, double b)
{
	if (b >= 1 << 30)
		snprintf(buf, len, "%.2fGB", b / (1 << 30));
	else if (b >= 1 << 20)
		snprintf(buf, len, "%.2fMB", b / (1 << 20));
	else if (b >= 1 << 10)
		snprintf(buf, len, "%.2fKB", b / (1 << 10));
	else
		snprintf(buf, len, "%.0fB", b);
}

double report_cpu_busy(const struct config *cfg,
		       const struct engine_result *res)
{
	if (res->duration_s <= 0)
		return 0;
	return (res->user_s + res->sys_s) / (res->duration_s * cfg->threads);
}

static void print_latency(FILE *f, const char *title, const struct hist *h)
{
	char a[32], b[32];
	size_t i;

	fmt_time(a, sizeof(a), hist_mean(h));
	fmt_time(b, sizeof(b), (double)h->max_ns);
	fprintf(f, "  %s  mean %s, max %s\n", title, a, b);
	for (i = 0; i < REPORT_NPCTS; i++) {
		fmt_time(a, sizeof(a),
			 (double)hist_percentile(h, report_pcts[i]));
		fprintf(f, "    %7g%%  %s\n", report_pcts[i], a);
	}
}

/* The ws:// summary: deliveries, their latency, the round trip, steps. */
static void report_ws_human(FILE *f, const struct config *cfg,
			    const struct engine_result *res)
{
	const struct ws_result *ws = &res->ws;
	char a[32];
	uint32_t i;
	int k;

	fprintf(f, "Running %.3gs test @ %s\n", (double)cfg->duration_ns / 1e9,
		cfg->url);
	fprintf(f,
		"  %u threads and %u subscribers (%u connected at the end), "
		"%u broadcasting %.2f/s in all\n",
		cfg->threads, cfg->connections, ws->subscribers,
		cfg->broadcasters, cfg->rate);
	print_latency(f, "Delivery latency (from the intended send time)",
		      &res->latency);
	print_latency(f, "Broadcast round trip (send to broadcastResult)",
		      &ws->rtt);
	fprintf(f,
		"  %llu broadcasts, %llu deliveries of %llu expected (%llu "
		"missing) in %.2fs\n",
		(unsigned long long)ws->broadcasts,
		(unsigned long long)ws->deliveries,
		(unsigned long long)ws->expected,
		(unsigned long long)ws->missing, res->duration_s);
	if (res->errors_total) {
		fprintf(f, "  Errors:");
		for (k = 0; k < ERR_KINDS; k++)
			fprintf(f, " %s %llu%s", engine_err_names[k],
				(unsigned long long)res->errors[k],
				k + 1 < ERR_KINDS ? "," : "\n");
	}
	for (i = 0; i < ws->nsteps; i++) {
		const struct ws_step *st = &ws->steps[i];

		fmt_time(a, sizeof(a), (double)st->rtt_p95_ns);
		fprintf(f,
			"  step %u: %u subscribers, round trip p95 %s, %llu "
			"missing: %s\n",
			i + 1, st->clients, a, (unsigned long long)st->missing,
			st->ok ? "ok" : "over the limit");
	}
	fprintf(f, "Deliveries/sec: %.2f\n",
		res->duration_s > 0 ? (double)ws->deliveries / res->duration_s
				    : 0);
	fprintf(f, "Broadcasts/sec: %.2f (target %.2f, %llu due not sent)\n",
		res->duration_s > 0 ? (double)ws->broadcasts / res->duration_s
				    : 0,
		cfg->rate, (unsigned long long)res->backlog);
	if (cfg->step)
		fprintf(f, "Max clients (round trip p95 < 250 ms): %u\n",
			ws->max_clients);
	fprintf(f, "Loadgen CPU:  %.2fs user, %.2fs sys, %.0f%% busy\n",
		res->user_s, res->sys_s, 100 * report_cpu_busy(cfg, res));
}

void report_human(FILE *f, const struct config *cfg,
		  const struct engine_result *res)
{
	char a[32];
	int k;

	if (cfg->proto == PROTO_WS) {
		report_ws_human(f, cfg, res);
		return;
	}

	fprintf(f, "Running %.3gs test @ %s\n", (double)cfg->duration_ns / 1e9,
		cfg->url);
	fprintf(f, "  %u threads and %u connections", cfg->threads,
		cfg->connections);
	if (cfg->idle_request)
		fprintf(f,
			" (+%u idle, %llu answered their one request, %llu "
			"connected at the end)",
			cfg->idle, (unsigned long long)res->idle_answered,
			(unsigned long long)res->idle_connected);
	else if (cfg->idle)
		fprintf(f, " (+%u idle, %llu connected at the end)", cfg->idle,
			(unsigned long long)res->idle_connected);
	if (cfg->pipeline > 1)
		fprintf(f, ", pipeline %u", cfg->pipeline);
	if (cfg->new_conn)
		fprintf(f, ", a new connection per request");
	fprintf(f, "\n");
	if (cfg->rate > 0) {
		print_latency(f, "Latency (from the intended send time)",
			      &res->latency);
		print_latency(f, "Latency (raw, from the actual send time)",
			      &res->latency_raw);
	} else {
		print_latency(f, "Latency Distribution", &res->latency);
	}
	fmt_bytes(a, sizeof(a), (double)res->bytes_read);
	fprintf(f, "  %llu requests in %.2fs, %s read\n",
		(unsigned long long)res->requests, res->duration_s, a);
	if (res->errors_total) {
		fprintf(f, "  Errors:");
		for (k = 0; k < ERR_KINDS; k++)
			fprintf(f, " %s %llu%s", engine_err_names[k],
				(unsigned long long)res->errors[k],
				k + 1 < ERR_KINDS ? "," : "\n");
	}
	fprintf(f, "Requests/sec: %.2f\n",
		res->duration_s > 0 ? (double)res->requests / res->duration_s
				    : 0);
	if (cfg->rate > 0)
		fprintf(f, "Target rate:  %.2f (%llu due requests not sent)\n",
			cfg->rate, (unsigned long long)res->backlog);
	fmt_bytes(a, sizeof(a),
		  res->duration_s > 0
		      ? (double)res->bytes_read / res->duration_s
		      : 0);
	fprintf(f, "Transfer/sec: %s\n", a);
	fprintf(f, "Loadgen CPU:  %.2fs user, %.2fs sys, %.0f%% busy\n",
		res->user_s, res->sys_s, 100 * report_cpu_busy(cfg, res));
}

/* Prints s as a JSON string. */
static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void json_latency(FILE *f, const struct hist *h)
{
	size_t i;

	fprintf(f, "{");
	for (i = 0; i < REPORT_NPCTS; i++)
		fprintf(f, "\"%s\":%.3f,", report_pct_keys[i],
			(double)hist_percentile(h, report_pcts[i]) / 1e3);
	fprintf(f, "\"max\":%.3f,\"mean\":%.3f}", (double)h->max_ns / 1e3,
		hist_mean(h) / 1e3);
}

/*
 * A whole histogram, so that runs on several hosts merge exactly
 * (scripts/histmerge.py sums the buckets): its count, min, max and sum,
 * and the non-empty buckets as [low_ns, high_ns, n] (hist.c's layout).
 */
static void json_hist(FILE *f, const struct hist *h)
{
	uint32_t i;
	int first = 1;

	fprintf(f,
		"{\"total\":%llu,\"min_ns\":%llu,\"max_ns\":%llu,"
		"\"sum_ns\":%.0f,\"buckets\":[",
		(unsigned long long)h->total,
		(unsigned long long)(h->total ? h->min_ns : 0),
		(unsigned long long)h->max_ns, h->sum_ns);
	for (i = 0; h->counts && i < h->nbuckets; i++) {
		if (!h->counts[i])
			continue;
		fprintf(f, "%s[%llu,%llu,%llu]", first ? "" : ",",
			(unsigned long long)hist_bucket_low(i),
			(unsigned long long)hist_bucket_high(i),
			(unsigned long long)h->counts[i]);
		first = 0;
	}
	fprintf(f, "]}");
}

/* The JSON's "ws" object: the chat's own figures, steps, histogram. */
static void json_ws(FILE *f, const struct config *cfg,
		    const struct engine_result *res)
{
	const struct ws_result *ws = &res->ws;
	const struct hist *h = &res->latency;
	uint32_t i;
	int first = 1;

	fprintf(
	    f,
	    ",\"ws\":{\"subscribers\":%u,\"broadcasters\":%u,"
	    "\"broadcasts\":%llu,\"expected\":%llu,\"deliveries\":%llu,"
	    "\"missing\":%llu,\"results\":%llu,\"deliveries_per_s\":%.3f,"
	    "\"broadcasts_per_s\":%.3f,\"delivery_latency_us\":",
	    ws->subscribers, cfg->broadcasters,
	    (unsigned long long)ws->broadcasts,
	    (unsigned long long)ws->expected,
	    (unsigned long long)ws->deliveries, (unsigned long long)ws->missing,
	    (unsigned long long)ws->results,
	    res->duration_s > 0 ? (double)ws->deliveries / res->duration_s : 0,
	    res->duration_s > 0 ? (double)ws->broadcasts / res->duration_s : 0);
	json_latency(f, h);
	fprintf(f, ",\"rtt_us\":");
	json_latency(f, &ws->rtt);
	/* The delivery histogram, non-empty buckets: [low_ns, high_ns, n]. */
	fprintf(f, ",\"delivery_histogram\":[");
	for (i = 0; h->counts && i < h->nbuckets; i++) {
		if (!h->counts[i])
			continue;
		fprintf(f, "%s[%llu,%llu,%llu]", first ? "" : ",",
			(unsigned long long)hist_bucket_low(i),
			(unsigned long long)hist_bucket_high(i),
			(unsigned long long)h->counts[i]);
		first = 0;
	}
	fprintf(f, "],\"steps\":[");
	for (i = 0; i < ws->nsteps; i++) {
		const struct ws_step *st = &ws->steps[i];

		fprintf(f,
			"%s{\"clients\":%u,\"broadcasts\":%llu,"
			"\"deliveries\":%llu,\"missing\":%llu,"
			"\"rtt_p95_ms\":%.3f,\"rtt_p99_ms\":%.3f,\"ok\":%s}",
			i ? "," : "", st->clients,
			(unsigned long long)st->broadcasts,
			(unsigned long long)st->deliveries,
			(unsigned long long)st->missing,
			(double)st->rtt_p95_ns / 1e6,
			(double)st->rtt_p99_ns / 1e6,
			st->ok ? "true" : "false");
	}
	fprintf(f, "]");
	if (cfg->step)
		fprintf(f, ",\"step\":%u,\"max_clients_under_250ms\":%u",
			cfg->step, ws->max_clients);
	fprintf(f, "}");
}

int report_json(const char *path, const struct config *cfg,
		const struct engine_result *res)
{
	char ip[INET_ADDRSTRLEN];
	double busy = report_cpu_busy(cfg, res);
	FILE *f;
	uint32_t i;
	int k, rc = 0;

	f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	if (!f)
		return -errno;
	fprintf(f, "{\"tool\":\"loadgen\",\"version\":");
	json_str(f, GIT_REV);
	fprintf(f, ",\"config\":{\"url\":");
	json_str(f, cfg->url);
	fprintf(f,
		",\"proto\":\"%s\",\"connections\":%u,\"threads\":%u,"
		"\"duration_s\":%.3f,\"warmup_s\":%.3f,\"rate\":%.3f,"
		"\"pipeline\":%u,\"size\":%llu,\"idle\":%u,"
		"\"idle_request\":%s,\"new_conn\":%s,\"source_ips\":[",
		cfg->proto == PROTO_HTTP   ? "http"
		: cfg->proto == PROTO_ECHO ? "echo"
					   : "ws",
		cfg->connections, cfg->threads, (double)cfg->duration_ns / 1e9,
		(double)cfg->warmup_ns / 1e9, cfg->rate, cfg->pipeline,
		(unsigned long long)cfg->size, cfg->idle,
		cfg->idle_request ? "true" : "false",
		cfg->new_conn ? "true" : "false");
	for (i = 0; i < cfg->nsource_ips; i++) {
		inet_ntop(AF_INET, &cfg->source_ips[i], ip, sizeof(ip));
		fprintf(f, "%s\"%s\"", i ? "," : "", ip);
	}
	fprintf(f,
		"],\"connect_timeout_ms\":%.0f,\"timeout_ms\":%.0f,"
		"\"ramp\":%.0f,\"method\":\"%s\",\"body_size\":%llu,"
		"\"broadcasters\":%u,\"step\":%u,\"start_at_ns\":%llu,"
		"\"start_late_ms\":%.3f},",
		(double)cfg->connect_timeout_ns / 1e6,
		(double)cfg->timeout_ns / 1e6, cfg->ramp, cfg->method,
		(unsigned long long)cfg->body_size, cfg->broadcasters,
		cfg->step, (unsigned long long)cfg->start_at_ns,
		(double)cfg->start_late_ns / 1e6);
	fprintf(f,
		"\"requests\":%llu,\"duration_s\":%.6f,\"rps\":%.3f,"
		"\"target_rate\":%.3f,\"backlog\":%llu,\"bytes_read\":%llu,"
		"\"bytes_written\":%llu,\"connections_opened\":%llu,"
		"\"idle_connected\":%llu,\"idle_answered\":%llu,\"errors\":{",
		(unsigned long long)res->requests, res->duration_s,
		res->duration_s > 0 ? (double)res->requests / res->duration_s
				    : 0,
		cfg->rate, (unsigned long long)res->backlog,
		(unsigned long long)res->bytes_read,
		(unsigned long long)res->bytes_written,
		(unsigned long long)res->connections_opened,
		(unsigned long long)res->idle_connected,
		(unsigned long long)res->idle_answered);
	for (k = 0; k < ERR_KINDS; k++)
		fprintf(f, "%s\"%s\":%llu", k ? "," : "", engine_err_names[k],
			(unsigned long long)res->errors[k]);
	fprintf(f, "},\"errors_total\":%llu,\"latency_us\":",
		(unsigned long long)res->errors_total);
	json_latency(f, &res->latency);
	fprintf(f, ",\"latency_raw_us\":");
	json_latency(f, &res->latency_raw);
	fprintf(f, ",\"latency_histogram\":");
	json_hist(f, &res->latency);
	fprintf(f, ",\"latency_raw_histogram\":");
	json_hist(f, &res->latency_raw);
	if (cfg->proto == PROTO_WS)
		json_ws(f, cfg, res);
	fprintf(f,
		",\"cpu\":{\"user_s\":%.3f,\"sys_s\":%.3f},"
		"\"cpu_busy_fraction\":%.4f,\"cpu_max_thread_busy\":%.4f,"
		"\"cpu_bound\":%s}\n",
		res->user_s, res->sys_s, busy, res->max_thread_busy,
		busy >= REPORT_CPU_BOUND ||
			res->max_thread_busy >= REPORT_CPU_BOUND
		    ? "true"
		    : "false");
	if (f != stdout) {
		if (ferror(f) | fclose(f))
			rc = -EIO;
	} else if (fflush(f) != 0) {
		rc = -EIO;
	}
	return rc;
}
