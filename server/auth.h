/*
 * auth.h: password hashing (Argon2id through libsodium) and the login
 * rate limiter.
 *
 * Verifying an Argon2id hash takes tens of milliseconds by design, so it
 * runs on a worker thread: the event loop hands over a job and gets the
 * verdict back through a pipe it watches.
 */
#ifndef SVCDESK_AUTH_H
#define SVCDESK_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "common/people.h"

struct event_base;
struct hasher;
struct ratelimit;

#define AUTH_PASSWORD_MAX PASSWORD_MAX   /* common/people.h */
#define AUTH_HASH_MAX 128

/* What an unknown login is verified against (auth.c says why a constant). */
extern const char auth_unknown_login_hash[];

/* Blocking, for the command-line tools: hash a password into out. */
bool auth_hash_password(const char *password, char *out, size_t size);

struct hasher *hasher_new(struct event_base *base);
void hasher_free(struct hasher *h);
/* Checks password against hash on the worker thread, then calls done on
 * the loop. A NULL hash (no such user) is checked against a dummy hash so
 * the answer takes as long as for a real user, and is false. */
void hasher_verify(struct hasher *h, const char *hash, const char *password,
    void (*done)(void *arg, bool match), void *arg);

/* Hashes password on the worker thread; hash is NULL on failure. */
void hasher_hash(struct hasher *h, const char *password,
    void (*hashed)(void *arg, const char *hash), void *arg);

/* Counts failures per key (a user name, an address) in a sliding window. */
struct ratelimit *ratelimit_new(int max_failures, int window_seconds);
void ratelimit_free(struct ratelimit *rl);
bool ratelimit_blocked(struct ratelimit *rl, const char *key, time_t now);
void ratelimit_fail(struct ratelimit *rl, const char *key, time_t now);
void ratelimit_reset(struct ratelimit *rl, const char *key);

#endif
