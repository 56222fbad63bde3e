/*
 * hist.h: a fixed-size, HDR-like latency histogram for the load generator.
 *
 * Values are microseconds. Below 256 every value has its own bucket; above,
 * each power of two is cut into 128 buckets, so a reported value is within
 * 0.4% of the true one. No allocation after hist_init, so recording costs the
 * same at the first and the millionth request.
 */
#ifndef SVCDESK_BENCH_HIST_H
#define SVCDESK_BENCH_HIST_H

#include <stdint.h>

#define HIST_SUB_BITS 7
#define HIST_SUB (1u << HIST_SUB_BITS)               /* 128 */
#define HIST_MAX_SHIFT 40                              /* up to ~2^47 us */
#define HIST_BUCKETS (2 * HIST_SUB + HIST_MAX_SHIFT * HIST_SUB)

struct hist {
	uint64_t count;
	uint64_t sum;       /* microseconds */
	uint64_t min, max;
	uint64_t buckets[HIST_BUCKETS];
};

void hist_init(struct hist *h);
void hist_record(struct hist *h, uint64_t us);
/* The value at quantile q (0..1), in microseconds; 0 when empty. */
double hist_quantile(const struct hist *h, double q);
double hist_mean(const struct hist *h);

#endif
