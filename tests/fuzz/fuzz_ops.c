/*
 * fuzz_ops.c: libFuzzer target for every op's argument parsing: it walks
 * the op table (op.list's order) and runs each handler on fuzzed args
 * through ops_dispatch, as a client's line is run, without a database.
 * Feeds: the op's name and a NUL, then a byte that picks the session
 * (logged in or not, and which of the op's roles), then the JSON put as
 * "args" in the request line. The op goes by name, not by its place in the
 * table: an op added in the middle of the table would otherwise turn every
 * seed after it into a request for its neighbour (as it once did). The link (Makefile, FUZZ_OPS_WRAP) routes the handler's
 * way out to this file: db_query, the password hasher, the export worker
 * and the pushes answer later as they do with the database down (no
 * result); the client's output comes here.
 * Asserts (abort): every request is answered exactly once, with one line of
 * valid JSON; an invalid_argument given before any statement ran names its
 * field; every parameter handed to a statement is valid UTF-8 (what the
 * args held reaches SQL only when it is clean).
 * FUZZ_OPS_STATS=1 prints, per op, how many inputs reached a statement and
 * how many were refused as invalid_argument (which ops the fuzzer reaches).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <event2/event.h>

#include "common/proto.h"
#include "server/auth.h"
#include "server/db.h"
#include "server/export.h"
#include "server/log.h"
#include "server/ops.h"
#include "server/policy.h"
#include "server/push.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_OPS 256
#define MAX_DEFERRED 64

/* A callback the handler waits for, answered once the handler returned. */
struct deferred {
	enum { D_DB, D_VERIFY, D_HASH, D_EXPORT } kind;
	void (*fn)(void);
	void *arg;
};

/* The target's state: libFuzzer runs inputs one at a time in one process. */
static struct {
	struct server srv;
	struct client client;
	const char *names[MAX_OPS];
	unsigned roles[MAX_OPS], flags[MAX_OPS];
	long reached[MAX_OPS], refused[MAX_OPS];
	int nops;
	struct deferred q[MAX_DEFERRED];
	int nq;
	int answers;          /* lines sent for the current request */
	bool invalid;         /* the answer was invalid_argument */
	int queries;          /* statements it ran */
} fz;

static void
defer(int kind, void (*fn)(void), void *arg)
{
	if (fz.nq == MAX_DEFERRED)
		abort();   /* a handler that queries without end */
	fz.q[fz.nq++] = (struct deferred){ .kind = kind, .fn = fn, .arg = arg };
}

static void
run_deferred(void)
{
	for (int i = 0; i < fz.nq; i++) {
		struct deferred d = fz.q[i];

		switch (d.kind) {
		case D_DB:
			((db_callback)d.fn)(d.arg, NULL);
			break;
		case D_VERIFY:
			((void (*)(void *, bool))d.fn)(d.arg, false);
			break;
		case D_HASH:
			((void (*)(void *, const char *))d.fn)(d.arg, NULL);
			break;
		case D_EXPORT:
			((export_done *)d.fn)(d.arg, NULL);
			break;
		}
	}
	fz.nq = 0;
}

/* ---- the link's replacements (-Wl,--wrap=NAME: callers reach __wrap_NAME) */

void __wrap_db_query(struct db *db, struct db_statement *stmt, int nparams,
    const char *const *values, db_callback done, void *arg);
bool __wrap_db_is_up(const struct db *db);
void __wrap_hasher_verify(struct hasher *h, const char *hash, const char *password,
    void (*done)(void *arg, bool match), void *arg);
void __wrap_hasher_hash(struct hasher *h, const char *password,
    void (*hashed)(void *arg, const char *hash), void *arg);
void __wrap_exporter_run(struct exporter *x, const char *report,
    enum export_format format, char *result_json, export_done *done, void *arg);
void __wrap_push_publish(struct push *p, enum topic topic, const char *event,
    cJSON *data);
void __wrap_push_announce(struct push *p, const char *event);
void __wrap_push_announce_data(struct push *p, const char *event, cJSON *data);
void __wrap_net_send_line(struct client *c, const char *line, size_t len);
void __wrap_net_send_owned(struct client *c, char *line, size_t len);
void __wrap_net_send_owned_whole(struct client *c, char *line, size_t len);
void __wrap_net_client_release(struct client *c);

void
__wrap_db_query(struct db *db, struct db_statement *stmt, int nparams,
    const char *const *values, db_callback done, void *arg)
{
	(void)db;
	if (stmt == NULL || stmt->sql == NULL || nparams < 0)
		abort();
	for (int i = 0; i < nparams; i++)
		if (values[i] != NULL && !proto_utf8_valid(values[i], strlen(values[i])))
			abort();
	fz.queries++;
	defer(D_DB, (void (*)(void))done, arg);
}

bool
__wrap_db_is_up(const struct db *db)
{
	(void)db;
	return false;
}

void
__wrap_hasher_verify(struct hasher *h, const char *hash, const char *password,
    void (*done)(void *arg, bool match), void *arg)
{
	(void)h;
	(void)hash;
	(void)password;
	defer(D_VERIFY, (void (*)(void))done, arg);
}

void
__wrap_hasher_hash(struct hasher *h, const char *password,
    void (*hashed)(void *arg, const char *hash), void *arg)
{
	(void)h;
	(void)password;
	defer(D_HASH, (void (*)(void))hashed, arg);
}

void
__wrap_exporter_run(struct exporter *x, const char *report,
    enum export_format format, char *result_json, export_done *done, void *arg)
{
	(void)x;
	(void)report;
	(void)format;
	free(result_json);
	defer(D_EXPORT, (void (*)(void))done, arg);
}

void
__wrap_push_publish(struct push *p, enum topic topic, const char *event, cJSON *data)
{
	(void)p;
	(void)topic;
	(void)event;
	cJSON_Delete(data);
}

void
__wrap_push_announce(struct push *p, const char *event)
{
	(void)p;
	(void)event;
}

void
__wrap_push_announce_data(struct push *p, const char *event, cJSON *data)
{
	(void)p;
	(void)event;
	cJSON_Delete(data);
}

/* One answer: one line of JSON; a refusal of bad args names the field. */
void
__wrap_net_send_line(struct client *c, const char *line, size_t len)
{
	cJSON *reply, *err;
	const cJSON *code, *field;

	if (c != &fz.client || len == 0 || line[len - 1] != '\n' ||
	    memchr(line, '\n', len - 1) != NULL || !proto_utf8_valid(line, len))
		abort();
	if (!cJSON_IsObject(reply = cJSON_ParseWithLength(line, len)))
		abort();
	fz.answers++;
	err = cJSON_GetObjectItemCaseSensitive(reply, "error");
	code = cJSON_GetObjectItemCaseSensitive(err, "code");
	field = cJSON_GetObjectItemCaseSensitive(err, "field");
	fz.invalid = cJSON_IsString(code) && strcmp(code->valuestring, "invalid_argument") == 0;
	if (fz.invalid && fz.queries == 0 &&
	    !(cJSON_IsString(field) && field->valuestring[0] != '\0'))
		abort();
	cJSON_Delete(reply);
}

void
__wrap_net_send_owned(struct client *c, char *line, size_t len)
{
	__wrap_net_send_line(c, line, len);
	free(line);
}

void
__wrap_net_send_owned_whole(struct client *c, char *line, size_t len)
{
	__wrap_net_send_owned(c, line, len);
}

void
__wrap_net_client_release(struct client *c)
{
	if (c != &fz.client || --c->refs < 0)
		abort();
}

/* ---- the target */

static void
load_ops(void)
{
	cJSON *ops, *op;

	fz.client.srv = &fz.srv;
	ops = ops_describe(&fz.client);
	cJSON_ArrayForEach(op, ops) {
		const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(op, "name"));
		const struct op_entry *e = ops_find(name);

		if (e == NULL || fz.nops == MAX_OPS)
			abort();
		fz.names[fz.nops] = e->name;
		fz.roles[fz.nops] = e->roles;
		fz.flags[fz.nops] = e->flags;
		fz.nops++;
	}
	cJSON_Delete(ops);
}

static void
print_stats(void)
{
	for (int i = 0; i < fz.nops; i++)
		fprintf(stderr, "fuzz_ops: %-24s reached a statement %ld, invalid_argument %ld\n",
		    fz.names[i], fz.reached[i], fz.refused[i]);
}

static void
setup(void)
{
	log_set_level(LOG_ERROR);
	config_defaults(&fz.srv.cfg);
	/* What handlers use of the server, made as server/main.c makes it. */
	fz.srv.login_failures_user = ratelimit_new(fz.srv.cfg.login_max_failures_user,
	    fz.srv.cfg.login_window);
	fz.srv.login_failures_addr = ratelimit_new(fz.srv.cfg.login_max_failures_addr,
	    fz.srv.cfg.login_window);
	if ((fz.srv.base = event_base_new()) == NULL ||
	    (fz.srv.policy = policy_new(&fz.srv)) == NULL ||
	    fz.srv.login_failures_user == NULL || fz.srv.login_failures_addr == NULL)
		abort();
	run_deferred();   /* the policy's first load: no database, the defaults */
	TAILQ_INIT(&fz.srv.clients);
	snprintf(fz.client.addr, sizeof fz.client.addr, "127.0.0.1:40000");
	snprintf(fz.client.host, sizeof fz.client.host, "127.0.0.1");
	load_ops();
	if (getenv("FUZZ_OPS_STATS") != NULL)
		atexit(print_stats);
}

/* The session byte: bit 7 clear logs in; the rest picks one of the op's roles. */
static void
log_in(int op, uint8_t how)
{
	int allowed[ROLE_COUNT], n = 0;

	for (int r = 0; r < ROLE_COUNT; r++)
		if (fz.roles[op] & ROLE_BIT(r))
			allowed[n++] = r;
	fz.client.logged_in = !(how & 0x80) && n > 0;
	fz.client.role = n > 0 ? (enum role)allowed[(how & 0x7f) % n] : ROLE_ADMIN;
	fz.client.chinese = how & 0x40;
	snprintf(fz.client.user, sizeof fz.client.user, "fuzz.%s", role_name(fz.client.role));
	snprintf(fz.client.name, sizeof fz.client.name, "Fuzz");
	fz.client.topics = 0;
}

/* The op an input names (its place in fz.names) and the bytes that name and
 * its NUL take; -1 for no name or an unknown one. */
static int
op_named(const uint8_t *data, size_t size, size_t *skip)
{
	const uint8_t *nul = memchr(data, '\0', size < 64 ? size : 64);

	if (nul == NULL)
		return -1;
	*skip = (size_t)(nul - data) + 1;
	for (int i = 0; i < fz.nops; i++)
		if (strlen(fz.names[i]) == *skip - 1 && memcmp(fz.names[i], data, *skip - 1) == 0)
			return i;
	return -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "{\"id\":7,\"op\":\"%s\",\"args\":";
	char *line;
	size_t len, skip;
	int op;

	if (fz.nops == 0)
		setup();
	if ((op = op_named(data, size, &skip)) < 0 || size < skip + 1)
		return 0;
	log_in(op, data[skip]);
	data += skip + 1;
	size -= skip + 1;
	len = strlen(head) + strlen(fz.names[op]) + size + 1;
	if ((line = malloc(len + 1)) == NULL)
		return 0;
	snprintf(line, len + 1, head, fz.names[op]);
	memcpy(line + strlen(line), data, size);
	len = strlen(head) - 2 + strlen(fz.names[op]) + size;
	line[len++] = '}';
	line[len] = '\0';
	fz.answers = fz.queries = 0;
	fz.invalid = false;
	ops_dispatch(&fz.client, line, len);
	if (fz.queries > 0)
		fz.reached[op]++;
	else if (fz.invalid)
		fz.refused[op]++;
	run_deferred();   /* what it waits for, and what that starts, in turn */
	if (fz.answers != 1 || fz.client.in_flight != 0 || fz.client.refs != 0)
		abort();
	return 0;
}
