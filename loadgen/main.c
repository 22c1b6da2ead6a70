/*
 * main.c - the load generator's entry point: parse, probe, run, report.
 *
 * Exit status: 0 for a clean run, 1 when any error was counted (errors are
 * never hidden), 2 for bad usage or a server that cannot be reached.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "engine.h"
#include "net.h"
#include "report.h"

/*
 * --start-at: sleep until the wall clock reaches cfg->start_at_ns, so that
 * load generators on several hosts (their clocks kept by NTP) begin their
 * warm-up together.  The probe has connected already, so a host that
 * cannot reach the server fails before the common start, not after it.
 * A time already past starts at once; how late is reported either way.
 */
static void wait_for_start(struct config *cfg)
{
	struct timespec at, now;
	uint64_t now_ns;

	at.tv_sec = (time_t)(cfg->start_at_ns / 1000000000u);
	at.tv_nsec = (long)(cfg->start_at_ns % 1000000000u);
	while (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &at, NULL) ==
	       EINTR)
		;
	clock_gettime(CLOCK_REALTIME, &now);
	now_ns = (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
	cfg->start_late_ns =
	    now_ns > cfg->start_at_ns ? now_ns - cfg->start_at_ns : 0;
}

int main(int argc, char **argv)
{
	struct config cfg;
	struct engine_result res;
	char err[CONFIG_ERR_LEN];
	int rc;

	/* A server that resets must cost one connection, not the process. */
	signal(SIGPIPE, SIG_IGN);
	config_defaults(&cfg);
	if (config_parse(&cfg, argc, argv, err, sizeof(err)) < 0) {
		fprintf(stderr, "loadgen: %s (try --help)\n", err);
		return 2;
	}
	if (cfg.help) {
		fputs(config_usage, stdout);
		return 0;
	}
	if (net_resolve(&cfg, err, sizeof(err)) < 0 ||
	    net_probe(&cfg, err, sizeof(err)) < 0) {
		fprintf(stderr, "loadgen: %s\n", err);
		return 2;
	}
	if (cfg.start_at_ns)
		wait_for_start(&cfg);
	rc = engine_run(&cfg, &res);
	if (rc < 0) {
		fprintf(stderr, "loadgen: cannot run: %s\n", strerror(-rc));
		engine_result_free(&res);
		return 2;
	}
	report_human(stdout, &cfg, &res);
	fflush(stdout);
	if (cfg.json_path) {
		rc = report_json(cfg.json_path, &cfg, &res);
		if (rc < 0) {
			fprintf(stderr, "loadgen: cannot write %s: %s\n",
				cfg.json_path, strerror(-rc));
			engine_result_free(&res);
			return 2;
		}
	}
	if (report_cpu_busy(&cfg, &res) >= REPORT_CPU_BOUND ||
	    res.max_thread_busy >= REPORT_CPU_BOUND)
		fprintf(stderr,
			"loadgen: warning: loadgen was at %.0f%% CPU: it, not "
			"the server, limited this run\n",
			100 * (res.max_thread_busy > report_cpu_busy(&cfg, &res)
				   ? res.max_thread_busy
				   : report_cpu_busy(&cfg, &res)));
	if (res.errors_total)
		fprintf(stderr, "loadgen: %llu errors\n",
			(unsigned long long)res.errors_total);
	/* ws://: a broadcast that never reached a subscriber is a failure. */
	if (res.ws.missing && !cfg.step)
		fprintf(stderr, "loadgen: %llu deliveries missing\n",
			(unsigned long long)res.ws.missing);
	rc = res.errors_total || (res.ws.missing && !cfg.step) ? 1 : 0;
	engine_result_free(&res);
	return rc;
}
