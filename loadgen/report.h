/*
 * report.h - the human summary and the JSON object of a finished run.
 */
#ifndef LOADGEN_REPORT_H
#define LOADGEN_REPORT_H

#include <stdio.h>

#include "config.h"
#include "engine.h"

/* A run uses its CPU this much or more: it, not the server, set the pace. */
#define REPORT_CPU_BOUND (0.95)

/* Prints the wrk-style summary, with a "Requests/sec:" line. */
void report_human(FILE *f, const struct config *cfg,
		  const struct engine_result *res);

/* Writes the one JSON object the bench harness reads.  Returns 0/-errno. */
int report_json(const char *path, const struct config *cfg,
		const struct engine_result *res);

/* The run's CPU busy fraction: CPU seconds over wall seconds * threads. */
double report_cpu_busy(const struct config *cfg,
		       const struct engine_result *res);

#endif
