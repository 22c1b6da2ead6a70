/*
 * ws.h - the load generator's ws:// mode: the websocket-shootout chat.
 *
 * See ws.c for how a run goes.  engine_run() hands a ws:// target to
 * ws_run(), which fills the common struct engine_result (deliveries count
 * as its requests, delivery latency as its latency) and the struct
 * ws_result below, which report.c prints and writes as the JSON's "ws".
 */
#ifndef LOADGEN_WS_H
#define LOADGEN_WS_H

#include <stdint.h>

#include "hist.h"

#define WS_MAX_STEPS (1024)
/* --step: the shootout's limit on the broadcast round trip's p95. */
#define WS_STEP_LIMIT_NS (250ull * 1000 * 1000)

struct ws_step {
	uint32_t clients;    /* subscribers connected in this step */
	uint64_t broadcasts; /* sent in its window */
	uint64_t deliveries; /* of those, received */
	uint64_t missing;    /* of those, never received */
	uint64_t rtt_p95_ns; /* send to broadcastResult, p95 */
	uint64_t rtt_p99_ns;
	int ok; /* rtt_p95_ns under WS_STEP_LIMIT_NS, no error */
};

struct ws_result {
	uint32_t subscribers; /* connected when the last window ended */
	uint64_t broadcasts;  /* sent inside the measured window(s) */
	uint64_t expected;    /* broadcasts x subscribers connected */
	uint64_t deliveries;  /* of the measured broadcasts, received */
	uint64_t missing;     /* expected but never received */
	uint64_t results;     /* broadcastResults for measured broadcasts */
	struct hist rtt;      /* send to broadcastResult, measured */
	struct ws_step steps[WS_MAX_STEPS];
	uint32_t nsteps;      /* --step: steps run */
	uint32_t max_clients; /* --step: the largest passing step's clients */
};

struct config;
struct engine_result;

/*
 * Runs a ws:// test: connect, warm up, measure, drain (or step after
 * step with --step).  Fills res and res->ws; returns 0 or -errno when the
 * run could not start.
 */
int ws_run(const struct config *cfg, struct engine_result *res);

#endif
