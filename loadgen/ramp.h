/*
 * ramp.h - the pace at which a thread opens connections (--ramp).
 *
 * A token bucket: tokens come at the thread's share of --ramp per second,
 * up to 5 ms worth (at least one), and each connect takes one, so that
 * thousands of connections do not hit the server's accept queue at once.
 */
#ifndef LOADGEN_RAMP_H
#define LOADGEN_RAMP_H

#include <stdbool.h>
#include <stdint.h>

struct ramp {
	double tokens;
	double per_ns;
	uint64_t at; /* when tokens was last brought up to date */
};

/* An empty bucket filling at per_s tokens a second. */
void ramp_init(struct ramp *r, double per_s);

/* Starts (or restarts) the filling at now, keeping what is there. */
void ramp_start(struct ramp *r, uint64_t now);

/* Adds the tokens earned since the last call, up to the burst. */
void ramp_fill(struct ramp *r, uint64_t now);

/* Takes one token: true when there was one. */
bool ramp_take(struct ramp *r);

/* Nanoseconds until the next whole token (0 if one is there). */
uint64_t ramp_wait_ns(const struct ramp *r);

#endif
