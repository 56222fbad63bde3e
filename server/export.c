/*
 * export.c: report.export and its worker thread (export.h).
 *
 * The op runs the report's own op (report.daily, report.kpi, ...) as an
 * inner request whose answer comes back here (request.answered), so the
 * report's arguments, refusals, roles and statement are that op's, never
 * restated. Its JSON goes to the worker thread, which turns it into tables
 * and a file and the file into base64: a year's export is CPU work that
 * must not hold up the loop (doc/architecture.md, Exports).
 */
#include "server/export.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <event2/event.h>
#include <sodium.h>

#include "common/validate.h"
#include "server/log.h"
#include "server/ops.h"

/* ---- the worker */

struct export_job {
	char report[16];
	enum export_format format;
	char *json;                   /* the report's answer */
	char *base64;                 /* the file, once built */
	export_done *done;
	void *arg;
	struct export_job *next;
};

struct exporter {
	pthread_t thread;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct export_job *todo, *todo_tail, *finished;
	bool quit;
	int pipe[2];                  /* worker -> loop: "a job finished" */
	struct event *ev;
};

/* The file of a job as base64 text, NULL on failure. */
static char *
build(const struct export_job *j)
{
	cJSON *result = cJSON_Parse(j->json), *tables;
	unsigned char *file;
	size_t size = 0, len;
	char *text = NULL;

	if (result == NULL)
		return NULL;
	tables = export_tables(j->report, result);
	cJSON_Delete(result);
	file = j->format == EXPORT_XLSX ? export_xlsx(tables, &size) : export_csv(tables, &size);
	cJSON_Delete(tables);
	if (file == NULL)
		return NULL;
	len = sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL);
	if ((text = malloc(len)) != NULL)
		sodium_bin2base64(text, len, file, size, sodium_base64_VARIANT_ORIGINAL);
	free(file);
	return text;
}

static void *
worker(void *arg)
{
	struct exporter *x = arg;
	struct export_job *j;

	for (;;) {
		pthread_mutex_lock(&x->lock);
		while (x->todo == NULL && !x->quit)
			pthread_cond_wait(&x->wake, &x->lock);
		if (x->quit) {
			pthread_mutex_unlock(&x->lock);
			return NULL;
		}
		j = x->todo;
		if ((x->todo = j->next) == NULL)
			x->todo_tail = NULL;
		pthread_mutex_unlock(&x->lock);

		j->base64 = build(j);

		pthread_mutex_lock(&x->lock);
		j->next = x->finished;
		x->finished = j;
		pthread_mutex_unlock(&x->lock);
		if (write(x->pipe[1], "", 1) < 0)
			log_error("exporter: cannot signal the loop");
	}
}

static void
job_free(struct export_job *j)
{
	free(j->json);
	free(j);
}

/* Hands each finished job's file to its owner, on the loop. */
static void
on_finished(evutil_socket_t fd, short what, void *arg)
{
	struct exporter *x = arg;
	struct export_job *list, *j;
	char buf[64];

	(void)what;
	while (read(fd, buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&x->lock);
	list = x->finished;
	x->finished = NULL;
	pthread_mutex_unlock(&x->lock);
	while ((j = list) != NULL) {
		list = j->next;
		j->done(j->arg, j->base64);
		job_free(j);
	}
}

struct exporter *
exporter_new(struct event_base *base)
{
	struct exporter *x = calloc(1, sizeof *x);

	if (x == NULL || sodium_init() < 0 || pipe2(x->pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
		free(x);
		log_error("cannot start the exporter");
		return NULL;
	}
	pthread_mutex_init(&x->lock, NULL);
	pthread_cond_init(&x->wake, NULL);
	x->ev = event_new(base, x->pipe[0], EV_READ | EV_PERSIST, on_finished, x);
	event_add(x->ev, NULL);
	x->started = pthread_create(&x->thread, NULL, worker, x) == 0;
	if (!x->started)
		log_error("cannot start the exporter's thread: exports fail");
	return x;
}

/* Every job not handed back yet is answered NULL (its request fails), so
 * call this while the clients are still there. */
void
exporter_free(struct exporter *x)
{
	struct export_job *j;

	if (x == NULL)
		return;
	pthread_mutex_lock(&x->lock);
	x->quit = true;
	pthread_cond_broadcast(&x->wake);
	pthread_mutex_unlock(&x->lock);
	if (x->started)
		pthread_join(x->thread, NULL);
	on_finished(x->pipe[0], 0, x);
	while ((j = x->todo) != NULL) {
		x->todo = j->next;
		j->done(j->arg, NULL);
		job_free(j);
	}
	event_free(x->ev);
	close(x->pipe[0]);
	close(x->pipe[1]);
	pthread_mutex_destroy(&x->lock);
	pthread_cond_destroy(&x->wake);
	free(x);
}

void
exporter_run(struct exporter *x, const char *report, enum export_format format,
    char *result_json, export_done *done, void *arg)
{
	struct export_job *j = x && x->started ? calloc(1, sizeof *j) : NULL;

	if (j == NULL) {
		free(result_json);
		done(arg, NULL);
		return;
	}
	snprintf(j->report, sizeof j->report, "%s", report);
	j->format = format;
	j->json = result_json;
	j->done = done;
	j->arg = arg;
	pthread_mutex_lock(&x->lock);
	if (x->todo_tail)
		x->todo_tail->next = j;
	else
		x->todo = j;
	x->todo_tail = j;
	pthread_cond_signal(&x->wake);
	pthread_mutex_unlock(&x->lock);
}

/* ---- the op */

static const char *const export_reports[] = { "daily", "kpi", "pareto", "monthly",
	"penalties", NULL };
static const char *const export_report_ops[] = { "report.daily", "report.kpi",
	"report.pareto", "report.monthly", "report.penalties" };

/* An export under way: the inner request (first, so that the request the
 * report's op answers is this), and the client's. */
struct export_run {
	struct request inner;
	struct request *req;
	int report;
	enum export_format format;
};

/* The file's name: the report, its grouping, region and period. */
static void
file_name(const struct export_run *x, char *out, size_t size)
{
	static const char *const parts[] = { "by", "region", "day", "month", "from", "to",
		NULL };
	size_t n = (size_t)snprintf(out, size, "%s", export_reports[x->report]);
	const char *v;

	for (int i = 0; parts[i] != NULL && n < size; i++)
		if ((v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x->req->args,
		    parts[i]))) != NULL)
			n += (size_t)snprintf(out + n, size - n, "-%.16s", v);
	if (n < size)
		snprintf(out + n, size - n, ".%s", export_format_names[x->format]);
}

static void
on_built(void *arg, char *base64)
{
	struct export_run *x = arg;
	struct request *req = x->req;
	char name[128];
	cJSON *result;

	if (base64 == NULL) {
		free(x);
		request_failf(req, PROTO_INTERNAL, NULL, "the export file could not be built");
		return;
	}
	file_name(x, name, sizeof name);
	free(x);
	result = cJSON_CreateObject();
	cJSON_AddStringToObject(result, "filename", name);
	cJSON_AddStringToObject(result, "content_base64", base64);
	free(base64);
	request_reply(req, result);
}

/* The report's op answered: its refusal is ours, its result goes to the
 * worker as JSON text (a cell passed on raw is that text already). */
static void
on_report(struct request *inner, cJSON *result, const struct proto_error *err)
{
	struct export_run *x = (struct export_run *)inner;
	char *json;

	if (err != NULL) {
		struct request *req = x->req;
		free(x);
		request_fail(req, err);
		return;
	}
	json = cJSON_IsRaw(result) ? strdup(result->valuestring) : cJSON_PrintUnformatted(result);
	cJSON_Delete(result);
	exporter_run(x->req->srv->exporter, export_reports[x->report], x->format, json,
	    on_built, x);
}

static void
report_export_exec(struct request *req)
{
	struct proto_error err;
	const struct op_entry *op;
	struct export_run *x;
	int report = -1, format = -1;

	if (!arg_enum(req->args, "report", ARG_REQUIRED, export_reports, &report, &err) ||
	    !arg_enum(req->args, "format", ARG_REQUIRED, export_format_names, &format, &err)) {
		request_fail(req, &err);
		return;
	}
	if ((op = ops_find(export_report_ops[report])) == NULL) {
		request_failf(req, PROTO_INVALID_ARGUMENT, "report",
		    "this daemon has no %s report yet", export_reports[report]);
		return;
	}
	if ((x = calloc(1, sizeof *x)) == NULL) {
		request_failf(req, PROTO_INTERNAL, NULL, "out of memory");
		return;
	}
	x->req = req;
	x->report = report;
	x->format = (enum export_format)format;
	x->inner = (struct request){ .srv = req->srv, .client = req->client,
		.reqid = req->reqid, .op = op, .args = req->args, .started = req->started,
		.answered = on_report };
	/* The report's own roles, and its route (the replica), as if asked. */
	if (!request_admit(&x->inner, &err)) {
		free(x);
		request_fail(req, &err);
		return;
	}
	op->exec(&x->inner);
}

const struct op_entry op_report_export = {
	.name = "report.export",
	.roles = ROLE_BIT(ROLE_QUALITY) | ROLE_BIT(ROLE_MANAGER) | ROLE_BIT(ROLE_DISPATCHER),
	.summary = "a report as a file: report (daily, kpi, pareto, monthly, penalties), "
	           "that report's own args, format (csv, xlsx) -> filename, content_base64",
	.flags = OP_REPORT,
	.exec = report_export_exec,
};
