/*
 * ramp.c - the token bucket that paces connects.
 */
#include "ramp.h"

void ramp_init(struct ramp *r, double per_s)
{
	r->tokens = 0;
	r->per_ns = per_s / 1e9;
	r->at = 0;
}

void ramp_start(struct ramp *r, uint64_t now)
{
	r->at = now;
}

void ramp_fill(struct ramp *r, uint64_t now)
{
	double burst = r->per_ns * 5e6;

	if (burst < 1)
		burst = 1;
	r->tokens += (double)(now - r->at) * r->per_ns;
	r->at = now;
	if (r->tokens > burst)
		r->tokens = burst;
}

bool ramp_take(struct ramp *r)
{
	if (r->tokens < 1)
		return false;
	r->tokens -= 1;
	return true;
}

uint64_t ramp_wait_ns(const struct ramp *r)
{
	double wait = (1 - r->tokens) / r->per_ns;

	return wait > 0 ? (uint64_t)wait : 0;
}
