/*
 * widget/pagelist.h: a list read from an op that answers {<key>: [rows],
 * next?}: page by page with a keyset cursor (audit.list, archive.list,
 * lookup.list), or whole in one answer without `next` (the queues of
 * approval.list, contract.list, notification.list, user.list). The first
 * page on pagelist_load, the next one appended on pagelist_more (the
 * screens' `m`), every row kept in one array that widget/table shows. The
 * screen gives the columns and a table_source whose count is pagelist_count
 * and whose rows it reads with pagelist_row.
 */
#ifndef SVCDESK_PAGELIST_H
#define SVCDESK_PAGELIST_H

#include "client/widget/table.h"

struct pagelist {
	const char *op, *key;
	cJSON *args;            /* the first page's args; `after` added per page */
	cJSON *rows;            /* every row read so far, or NULL */
	cJSON *result;          /* the last answer without its rows, or NULL */
	bool replace;           /* the page in flight replaces the rows */
	char next[128];         /* the next page's cursor; "" when none */
	int64_t request;        /* a page in flight, or 0 */
	char error[512];
	struct table table;
	bool ready;             /* pagelist_init ran */
};

void pagelist_init(struct pagelist *p, const char *op, const char *key,
    const struct table_column *cols, int ncols, const struct table_source *src);
/* Drops the rows and reads the first page with args (consumed). */
void pagelist_load(struct app *a, struct pagelist *p, cJSON *args);
/* Reads the first page again with the args of the last load; the rows
 * shown stay (and the selection, by key) until it replaces them: for F5,
 * pushes and a new login. False, reading nothing, when never loaded. */
bool pagelist_reload(struct app *a, struct pagelist *p);
/* Reads the next page, when there is one and none is in flight. */
void pagelist_more(struct app *a, struct pagelist *p);
bool pagelist_has_more(const struct pagelist *p);
/* For the table_source: the rows, the data being the pagelist. */
size_t pagelist_count(const void *data);
const cJSON *pagelist_row(const void *data, size_t i);
const cJSON *pagelist_selected(const struct pagelist *p);
/* Rows have come (none may be in them): not loading, not failed first. */
bool pagelist_loaded(const struct pagelist *p);
/* The last answer's other fields (approval.list's limits), or NULL. */
const cJSON *pagelist_result(const struct pagelist *p);
/* One line: the error, "Loading...", or how many rows and whether more. */
void pagelist_status(struct app *a, const struct pagelist *p, int y);
/* The connection dropped (no answer will come) or the user logged out
 * (the rows are someone's data: dropped). */
void pagelist_session(struct app *a, struct pagelist *p, enum ui_session_event ev);
void pagelist_free(struct app *a, struct pagelist *p);

#endif
