/*
 * auth.c: Argon2id hashing on worker threads (one per core); see auth.h.
 */
#include "server/auth.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <event2/event.h>
#include <sodium.h>

#include "server/log.h"

struct job {
	char hash[AUTH_HASH_MAX];
	char password[AUTH_PASSWORD_MAX + 1];
	bool has_hash, match;
	bool make_hash;               /* hash the password instead of verifying */
	void (*done)(void *arg, bool match);
	void (*hashed)(void *arg, const char *hash);
	void *arg;
	struct job *next;
};

#define HASHER_THREADS_MAX 16

struct hasher {
	pthread_t threads[HASHER_THREADS_MAX];
	int nthreads;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct job *todo, *todo_tail, *finished;
	bool quit;
	int pipe[2];                  /* worker -> loop: "a job finished" */
	struct event *ev;
};

/*
 * What an unknown login is verified against, so that it costs one Argon2id
 * verification like a known one and its answer's time does not tell which
 * logins exist. The hash of a random password no one kept, made with the
 * limits auth_hash_password uses (interactive: m=64 MiB, t=2); it never
 * matches anything (an unknown login's job fails whatever the check says).
 * A constant, not made at start: making it took half a second of the daemon's
 * start before it listened (measured by the crash test, tests/chaos).
 */
const char auth_unknown_login_hash[] =
    "$argon2id$v=19$m=65536,t=2,p=1$gmnaISqs8LTa6NAuXyac9g$"
    "l1kBymz6WAnDutQlgFiHPImUf55UtiiU1TwqK88MVsk";

bool
auth_hash_password(const char *password, char *out, size_t size)
{
	if (sodium_init() < 0 || size < crypto_pwhash_STRBYTES)
		return false;
	return crypto_pwhash_str(out, password, strlen(password),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0;
}

static void *
worker(void *arg)
{
	struct hasher *h = arg;
	struct job *j;

	for (;;) {
		pthread_mutex_lock(&h->lock);
		while (h->todo == NULL && !h->quit)
			pthread_cond_wait(&h->wake, &h->lock);
		if (h->quit) {
			pthread_mutex_unlock(&h->lock);
			return NULL;
		}
		j = h->todo;
		if ((h->todo = j->next) == NULL)
			h->todo_tail = NULL;
		pthread_mutex_unlock(&h->lock);

		if (j->make_hash)
			j->has_hash = auth_hash_password(j->password, j->hash,
			    sizeof j->hash);
		else {
			const char *hash = j->has_hash ? j->hash : auth_unknown_login_hash;
			bool match = crypto_pwhash_str_verify(hash, j->password,
			    strlen(j->password)) == 0;
			j->match = j->has_hash && match;
		}
		sodium_memzero(j->password, sizeof j->password);

		pthread_mutex_lock(&h->lock);
		j->next = h->finished;
		h->finished = j;
		pthread_mutex_unlock(&h->lock);
		if (write(h->pipe[1], "", 1) < 0)
			log_error("hasher: cannot signal the loop");
	}
}

static void
on_finished(evutil_socket_t fd, short what, void *arg)
{
	struct hasher *h = arg;
	struct job *list, *j;
	char buf[64];

	(void)what;
	while (read(fd, buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&h->lock);
	list = h->finished;
	h->finished = NULL;
	pthread_mutex_unlock(&h->lock);
	while ((j = list) != NULL) {
		list = j->next;
		if (j->make_hash)
			j->hashed(j->arg, j->has_hash ? j->hash : NULL);
		else
			j->done(j->arg, j->match);
		free(j);
	}
}

struct hasher *
hasher_new(struct event_base *base)
{
	struct hasher *h = calloc(1, sizeof *h);

	if (h == NULL || sodium_init() < 0 || pipe2(h->pipe, O_NONBLOCK | O_CLOEXEC) != 0)
		goto fail;
	pthread_mutex_init(&h->lock, NULL);
	pthread_cond_init(&h->wake, NULL);
	h->ev = event_new(base, h->pipe[0], EV_READ | EV_PERSIST, on_finished, h);
	event_add(h->ev, NULL);
	/* One per core: each Argon2id check takes ~0.1 s of one core. */
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int want = cores < 1 ? 1 : cores > HASHER_THREADS_MAX ? HASHER_THREADS_MAX : (int)cores;
	for (; h->nthreads < want; h->nthreads++)
		if (pthread_create(&h->threads[h->nthreads], NULL, worker, h) != 0)
			break;
	if (h->nthreads == 0)
		goto fail;
	return h;
fail:
	log_error("cannot start the password hasher");
	free(h);
	return NULL;
}

void
hasher_free(struct hasher *h)
{
	struct job *j;

	if (h == NULL)
		return;
	pthread_mutex_lock(&h->lock);
	h->quit = true;
	pthread_cond_broadcast(&h->wake);
	pthread_mutex_unlock(&h->lock);
	for (int i = 0; i < h->nthreads; i++)
		pthread_join(h->threads[i], NULL);
	for (j = h->todo; j != NULL; j = h->todo) {
		h->todo = j->next;
		free(j);
	}
	for (j = h->finished; j != NULL; j = h->finished) {
		h->finished = j->next;
		free(j);
	}
	event_free(h->ev);
	close(h->pipe[0]);
	close(h->pipe[1]);
	pthread_mutex_destroy(&h->lock);
	pthread_cond_destroy(&h->wake);
	free(h);
}

static void
enqueue(struct hasher *h, struct job *j)
{
	pthread_mutex_lock(&h->lock);
	if (h->todo_tail)
		h->todo_tail->next = j;
	else
		h->todo = j;
	h->todo_tail = j;
	pthread_cond_signal(&h->wake);
	pthread_mutex_unlock(&h->lock);
}

void
hasher_verify(struct hasher *h, const char *hash, const char *password,
    void (*done)(void *arg, bool match), void *arg)
{
	struct job *j = calloc(1, sizeof *j);

	if (j == NULL) {
		done(arg, false);
		return;
	}
	j->has_hash = hash != NULL && strlen(hash) < sizeof j->hash;
	if (j->has_hash)
		strcpy(j->hash, hash);
	snprintf(j->password, sizeof j->password, "%s", password);
	j->done = done;
	j->arg = arg;
	enqueue(h, j);
}

void
hasher_hash(struct hasher *h, const char *password,
    void (*hashed)(void *arg, const char *hash), void *arg)
{
	struct job *j = calloc(1, sizeof *j);

	if (j == NULL) {
		hashed(arg, NULL);
		return;
	}
	j->make_hash = true;
	snprintf(j->password, sizeof j->password, "%s", password);
	j->hashed = hashed;
	j->arg = arg;
	enqueue(h, j);
}
