/*
 * hist.c: log-linear latency buckets (see hist.h).
 */
#include "tests/bench/hist.h"

#include <string.h>

void
hist_init(struct hist *h)
{
	memset(h, 0, sizeof *h);
	h->min = UINT64_MAX;
}

static unsigned
bucket_of(uint64_t v)
{
	unsigned msb, shift;

	if (v < 2 * HIST_SUB)
		return (unsigned)v;
	msb = 63u - (unsigned)__builtin_clzll(v);
	shift = msb - HIST_SUB_BITS;            /* >= 1 */
	if (shift > HIST_MAX_SHIFT)
		return HIST_BUCKETS - 1;
	return 2 * HIST_SUB + (shift - 1) * HIST_SUB +
	    (unsigned)((v >> shift) - HIST_SUB);
}

/* The lowest value and the width of a bucket. */
static void
bucket_range(unsigned b, double *low, double *width)
{
	unsigned shift, mant;

	if (b < 2 * HIST_SUB) {
		*low = b;
		*width = 1;
		return;
	}
	shift = (b - 2 * HIST_SUB) / HIST_SUB + 1;
	mant = (b - 2 * HIST_SUB) % HIST_SUB + HIST_SUB;
	*low = (double)((uint64_t)mant << shift);
	*width = (double)((uint64_t)1 << shift);
}

void
hist_record(struct hist *h, uint64_t us)
{
	h->buckets[bucket_of(us)]++;
	h->count++;
	h->sum += us;
	if (us < h->min)
		h->min = us;
	if (us > h->max)
		h->max = us;
}

double
hist_quantile(const struct hist *h, double q)
{
	uint64_t rank, seen = 0;
	double low, width, v;

	if (h->count == 0)
		return 0;
	if (q <= 0)
		return (double)h->min;
	if (q >= 1)
		return (double)h->max;
	rank = (uint64_t)(q * (double)h->count);
	if (rank >= h->count)
		rank = h->count - 1;
	for (unsigned b = 0; b < HIST_BUCKETS; b++) {
		if (h->buckets[b] == 0)
			continue;
		if (seen + h->buckets[b] > rank) {
			bucket_range(b, &low, &width);
			/* Interpolate inside the bucket, then clamp to what was seen. */
			v = low + width * ((double)(rank - seen) + 0.5) /
			    (double)h->buckets[b];
			if (v < (double)h->min)
				v = (double)h->min;
			if (v > (double)h->max)
				v = (double)h->max;
			return v;
		}
		seen += h->buckets[b];
	}
	return (double)h->max;
}

double
hist_mean(const struct hist *h)
{
	return h->count ? (double)h->sum / (double)h->count : 0;
}
