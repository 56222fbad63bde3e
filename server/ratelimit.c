/*
 * ratelimit.c: failed-login counters per key over a sliding window (an
 * approximation: a fixed window that restarts after `window` seconds).
 * The table is a chained hash; stale entries are dropped as they are met.
 */
#include <stdlib.h>
#include <string.h>

#include "server/auth.h"

#define BUCKETS 1024

struct entry {
	char *key;
	int failures;
	time_t since;
	struct entry *next;
};

struct ratelimit {
	int max, window;
	struct entry *bucket[BUCKETS];
};

static unsigned
hash_key(const char *s)
{
	unsigned h = 2166136261u;   /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h % BUCKETS;
}

/* Finds key's entry, dropping expired entries in its chain on the way. */
static struct entry **
find(struct ratelimit *rl, const char *key, time_t now)
{
	struct entry **pp = &rl->bucket[hash_key(key)], *e;

	while ((e = *pp) != NULL) {
		if (now - e->since >= rl->window) {
			*pp = e->next;
			free(e->key);
			free(e);
			continue;
		}
		if (strcmp(e->key, key) == 0)
			return pp;
		pp = &e->next;
	}
	return NULL;
}

struct ratelimit *
ratelimit_new(int max_failures, int window_seconds)
{
	struct ratelimit *rl = calloc(1, sizeof *rl);

	if (rl) {
		rl->max = max_failures;
		rl->window = window_seconds;
	}
	return rl;
}

void
ratelimit_free(struct ratelimit *rl)
{
	if (rl == NULL)
		return;
	for (int i = 0; i < BUCKETS; i++)
		for (struct entry *e = rl->bucket[i], *next; e; e = next) {
			next = e->next;
			free(e->key);
			free(e);
		}
	free(rl);
}

bool
ratelimit_blocked(struct ratelimit *rl, const char *key, time_t now)
{
	struct entry **pp = find(rl, key, now);

	return pp != NULL && (*pp)->failures >= rl->max;
}

void
ratelimit_fail(struct ratelimit *rl, const char *key, time_t now)
{
	struct entry **pp = find(rl, key, now), *e;
	unsigned b;

	if (pp != NULL) {
		(*pp)->failures++;
		return;
	}
	if ((e = calloc(1, sizeof *e)) == NULL || (e->key = strdup(key)) == NULL) {
		free(e);
		return;
	}
	e->failures = 1;
	e->since = now;
	b = hash_key(key);
	e->next = rl->bucket[b];
	rl->bucket[b] = e;
}

void
ratelimit_reset(struct ratelimit *rl, const char *key)
{
	struct entry **pp = find(rl, key, 0), *e;

	/* now = 0 never expires anything, so find only looks. */
	if (pp != NULL) {
		e = *pp;
		*pp = e->next;
		free(e->key);
		free(e);
	}
}
