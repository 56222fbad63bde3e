/*
 * screen/audit.c: the audit log (admin, managers; doc/domain.md, Privacy):
 * who read or changed which customer's data, when and from where, newest
 * first (audit.list), for a period (f, t: today by default), a customer
 * (c: their id) and a user (u); m reads the next page. Enter shows an
 * entry whole: each changed field before and after, then the rest of
 * what was recorded. Phones in it are masked as everywhere (the daemon's).
 */
#include "client/screen/complaints.h"
#include "client/screen/screens.h"
#include "client/widget/pagelist.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct audit {
	struct pagelist list;
	char from[16], to[16], customer[24], user[40];
	bool started;
};

enum { AC_AT, AC_USER, AC_OP, AC_CUSTOMER, AC_ADDRESS, AC_WHAT, AC_NCOLS };

static const struct table_column audit_cols[] = {
	[AC_AT] = { N_("Time"), 11, 0, false, true },
	[AC_USER] = { N_("User"), 10, 0, false, true },
	[AC_OP] = { N_("Action"), 17, 0, false, true },
	[AC_CUSTOMER] = { N_("Customer"), 8, 2, true, true },
	[AC_ADDRESS] = { N_("From"), 15, 3, false, true },
	[AC_WHAT] = { N_("What"), 0, 1, false, false },
};

/* The names of the fields a change's before and after differ in. */
static void
changed_fields(const cJSON *what, char *buf, size_t len)
{
	const cJSON *before = cJSON_GetObjectItemCaseSensitive(what, "before"),
	    *after = cJSON_GetObjectItemCaseSensitive(what, "after"), *f;
	size_t n = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(f, after) {
		const cJSON *old = cJSON_GetObjectItemCaseSensitive(before, f->string);
		if (old != NULL && cJSON_Compare(old, f, true))
			continue;
		if (strcmp(f->string, "version") == 0)
			continue;
		n += (size_t)snprintf(buf + n, n < len ? len - n : 0, "%s%s", n ? ", " : "",
		    f->string);
		if (n >= len)
			return;
	}
}

static void
what_text(const cJSON *e, char *buf, size_t len)
{
	const cJSON *what = cJSON_GetObjectItemCaseSensitive(e, "what");
	char *text;

	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(what, "after")) &&
	    !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(what, "before"))) {
		ui_copy(buf, len, _("created"));
		return;
	}
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(what, "after"))) {
		char fields[200];
		changed_fields(what, fields, sizeof fields);
		snprintf(buf, len, "%s %s", _("changed:"), fields[0] ? fields : "-");
		return;
	}
	text = cJSON_PrintUnformatted(what);
	ui_copy(buf, len, text != NULL && strcmp(text, "{}") != 0 ? text : "");
	cJSON_free(text);
}

static void
time_text(const struct app *a, const char *iso, char *buf, size_t len)
{
	time_t t;
	int tz;

	if (ui_parse_time(iso, &t, &tz))
		ui_show_time(a, t, true, buf, len);
	else
		ui_copy(buf, len, iso);
}

static void
audit_cell(const struct app *a, const void *data, size_t i, int col, char *buf,
    size_t len)
{
	const cJSON *e = pagelist_row(data, i);
	long long cust = ui_jint(e, "customer_id", 0);

	switch (col) {
	case AC_AT: time_text(a, ui_jstr(e, "at"), buf, len); break;
	case AC_USER: ui_copy(buf, len, ui_jstr(e, "user")); break;
	case AC_OP: ui_copy(buf, len, ui_jstr(e, "op")); break;
	case AC_CUSTOMER:
		if (cust > 0)
			snprintf(buf, len, "%lld", cust);
		else
			ui_copy(buf, len, "");
		break;
	case AC_ADDRESS: ui_copy(buf, len, ui_jstr(e, "address")); break;
	default: what_text(e, buf, len); break;
	}
}

static void
audit_key(const void *data, size_t i, char *buf, size_t len)
{
	snprintf(buf, len, "%lld", (long long)ui_jint(pagelist_row(data, i), "id", 0));
}

static const struct table_source audit_source = {
	.count = pagelist_count, .cell = audit_cell, .key = audit_key,
};

static struct audit *
audit_of(struct view *v)
{
	struct audit *au = v->priv;

	if (!au->list.ready)
		pagelist_init(&au->list, "audit.list", "entries", audit_cols, AC_NCOLS,
		    &audit_source);
	return au;
}

static void
load(struct app *a, struct audit *au)
{
	cJSON *args = cJSON_CreateObject();

	if (!au->from[0]) {
		ui_server_today(a, au->from, sizeof au->from);
		ui_copy(au->to, sizeof au->to, au->from);
	}
	cJSON_AddStringToObject(args, "from", au->from);
	cJSON_AddStringToObject(args, "to", au->to);
	if (au->customer[0])
		cJSON_AddNumberToObject(args, "customer_id", (double)atoll(au->customer));
	if (au->user[0])
		cJSON_AddStringToObject(args, "user", au->user);
	au->started = true;
	pagelist_load(a, &au->list, args);
}

/* ---- an entry whole */

static size_t putf(char *buf, size_t len, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static size_t
putf(char *buf, size_t len, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (n >= len)
		return n;
	va_start(ap, fmt);
	n += (size_t)vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
	return n;
}

static size_t
put_json(char *buf, size_t len, size_t n, const char *label, const cJSON *v)
{
	char *text = v != NULL ? cJSON_PrintUnformatted(v) : NULL;

	n = putf(buf, len, n, "  %s: %s\n", label, text != NULL ? text : "-");
	cJSON_free(text);
	return n;
}

/* Each field of a change: before -> after, the changed ones marked. */
static size_t
put_changes(char *buf, size_t len, size_t n, const cJSON *what)
{
	const cJSON *before = cJSON_GetObjectItemCaseSensitive(what, "before"),
	    *after = cJSON_GetObjectItemCaseSensitive(what, "after"), *f;

	n = putf(buf, len, n, "%s\n", _("Before -> after:"));
	cJSON_ArrayForEach(f, after) {
		const cJSON *old = cJSON_GetObjectItemCaseSensitive(before, f->string);
		char *o = old != NULL ? cJSON_PrintUnformatted(old) : NULL;
		char *nw = cJSON_PrintUnformatted(f);
		bool same = old != NULL && cJSON_Compare(old, f, true);
		n = putf(buf, len, n, "%s %s: %s -> %s\n", same ? " " : "*", f->string,
		    o != NULL ? o : "-", nw != NULL ? nw : "-");
		cJSON_free(o);
		cJSON_free(nw);
	}
	return n;
}

static unsigned
run_entry(struct app *a, struct view *v)
{
	const cJSON *e = pagelist_selected(&audit_of(v)->list), *what, *f;
	char buf[16384], at[32];
	size_t n = 0;

	if (e == NULL)
		return UI_HANDLED;
	what = cJSON_GetObjectItemCaseSensitive(e, "what");
	time_text(a, ui_jstr(e, "at"), at, sizeof at);
	n = putf(buf, sizeof buf, n, "%s %s\n%s %s\n%s %s\n%s %s\n%s %s\n", _("Time:"), at,
	    _("User:"), ui_jstr(e, "user"), _("From:"), ui_jstr(e, "address"),
	    _("Action:"), ui_jstr(e, "op"), _("Record:"), ui_jstr(e, "object"));
	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(what, "after")))
		n = put_changes(buf, sizeof buf, n, what);
	cJSON_ArrayForEach(f, what) {
		if (strcmp(f->string, "before") == 0 || strcmp(f->string, "after") == 0)
			continue;
		n = put_json(buf, sizeof buf, n, f->string, f);
	}
	ui_pager(a, _("Audit entry"), buf);
	return UI_HANDLED;
}

/* ---- the filters */

static void
period_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	struct audit *au = ui_view_of(a, &ui_audit_view)->priv;
	bool from = *(const char *)ctx == 'f';
	char why[256];

	if (!stats_period_check(from ? text : au->from, from ? au->to : text, why,
	    sizeof why)) {
		ui_prompt_error(a, o, "%s", why);
		return;
	}
	ui_prompt_close(a, o);
	ui_copy(from ? au->from : au->to, sizeof au->from, text);
	load(a, au);
}

static unsigned
ask_period(struct app *a, struct view *v, char which)
{
	struct audit *au = audit_of(v);

	ui_prompt(a, _("Period"), which == 'f' ? _("From (YYYY-MM-DD)") : _("To (YYYY-MM-DD)"),
	    which == 'f' ? au->from : au->to, period_submit, &which, sizeof which);
	return UI_HANDLED;
}

static unsigned
run_from(struct app *a, struct view *v)
{
	return ask_period(a, v, 'f');
}

static unsigned
run_to(struct app *a, struct view *v)
{
	return ask_period(a, v, 't');
}

static void
customer_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	struct audit *au = ui_view_of(a, &ui_audit_view)->priv;

	(void)ctx;
	if (text[0] && (strspn(text, "0123456789") != strlen(text) || strlen(text) > 15)) {
		ui_prompt_error(a, o, "%s", _("A customer's number (digits), or empty for all"));
		return;
	}
	ui_prompt_close(a, o);
	ui_copy(au->customer, sizeof au->customer, text);
	load(a, au);
}

static void
user_submit(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	struct audit *au = ui_view_of(a, &ui_audit_view)->priv;

	(void)ctx;
	ui_prompt_close(a, o);
	ui_copy(au->user, sizeof au->user, text);
	load(a, au);
}

static unsigned
run_customer(struct app *a, struct view *v)
{
	ui_prompt(a, _("Audit log"), _("Customer number (empty: all)"), audit_of(v)->customer,
	    customer_submit, NULL, 0);
	return UI_HANDLED;
}

static unsigned
run_user(struct app *a, struct view *v)
{
	ui_prompt(a, _("Audit log"), _("User login (empty: all)"), audit_of(v)->user,
	    user_submit, NULL, 0);
	return UI_HANDLED;
}

static bool
has_more(const struct app *a, const struct view *v)
{
	(void)a;
	return pagelist_has_more(&((const struct audit *)v->priv)->list);
}

static unsigned
run_more(struct app *a, struct view *v)
{
	pagelist_more(a, &audit_of(v)->list);
	return UI_HANDLED;
}

static bool
has_entry(const struct app *a, const struct view *v)
{
	(void)a;
	return pagelist_selected(&((const struct audit *)v->priv)->list) != NULL;
}

static unsigned
run_reload(struct app *a, struct view *v)
{
	if (a->logged_in)
		load(a, audit_of(v));
	return UI_HANDLED;
}

static const struct ui_key audit_keys[] = {
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Entry"),
	  .help = N_("The entry whole: each changed field before and after"),
	  .run = run_entry, .when = has_entry },
	{ .key = 'f', .name = "f", .label = N_("From"), .help = N_("The period's first day"),
	  .run = run_from },
	{ .key = 't', .name = "t", .label = N_("To"), .help = N_("The period's last day"),
	  .run = run_to },
	{ .key = 'c', .name = "c", .label = N_("Customer"),
	  .help = N_("Only the entries about one customer (their number)"), .run = run_customer },
	{ .key = 'u', .name = "u", .label = N_("User"), .help = N_("Only one user's entries"),
	  .run = run_user },
	{ .key = 'm', .name = "m", .label = N_("More"), .help = N_("The next page, older entries"),
	  .run = run_more, .when = has_more },
	{ .key = UI_K(KEY_F(5)), .name = N_("F5"), .run = run_reload },
	TABLE_HELP_KEYS,
	{ 0 }
};

/* ---- the view */

static void
audit_enter(struct app *a, struct view *v)
{
	struct audit *au = audit_of(v);

	if (!au->started && a->logged_in)
		load(a, au);
}

static void
audit_paint(struct app *a, struct view *v, int top, int rows)
{
	struct audit *au = audit_of(v);
	char line[256];

	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(top, 1, COLS - 2, _("Audit log: who read or changed customers' data"));
	attrset(A_NORMAL);
	snprintf(line, sizeof line, _("%s to %s   customer: %s   user: %s"), au->from, au->to,
	    au->customer[0] ? au->customer : _("all"), au->user[0] ? au->user : _("all"));
	ui_put(top + 1, 1, COLS - 2, line);
	pagelist_status(a, &au->list, top + 2);
	table_draw(&au->list.table, a, top + 3, rows - 3);
}

static unsigned
audit_input(struct app *a, struct view *v, ui_key_t key)
{
	return table_key(&audit_of(v)->list.table, a, key);
}

static void
audit_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct audit *au = audit_of(v);

	pagelist_session(a, &au->list, ev);
	if (ev == UI_LOGGED_OUT)
		au->started = false;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == v->ops)
		load(a, au);
}

static void
audit_destroy(struct app *a, struct view *v)
{
	pagelist_free(a, &((struct audit *)v->priv)->list);
}

const struct view_ops ui_audit_view = {
	.name = "audit",
	.title = N_("Audit log"),
	.flags = UI_VIEW_SCREEN,
	.private_size = sizeof(struct audit),
	.keys = audit_keys,
	.enter = audit_enter,
	.paint = audit_paint,
	.input = audit_input,
	.session = audit_session,
	.destroy = audit_destroy,
};
