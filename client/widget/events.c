/*
 * widget/events.c: a ticket's or a complaint's event in words (see
 * widget/events.h). Each kind the daemon writes has a function that says
 * its details as clauses ("to li", "note: ladder") and the list of the
 * members it said; every other member is added as "label: value", so a
 * detail added to the daemon later still shows, in words, never as JSON.
 * The kinds and their details: ticket events in server/call.c, dispatch.c,
 * repair.c, sweeper.c, visit.c and ticket_note.c; complaint events in server/complaint.h
 * (register), complaint_flow.c, attribute.c, sweeper.c (reminder) and
 * visit.c.
 */
#include "client/widget/events.h"
#include "client/widget/labels.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define SAID_MAX 14

/* Clauses appended to a buffer, parted by sep. */
struct words {
	char *buf;
	size_t len, n;
	const char *sep;
};

static void __attribute__((format(printf, 2, 3)))
say(struct words *w, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (w->n + 1 >= w->len)
		return;
	if (w->n > 0)
		w->n += (size_t)snprintf(w->buf + w->n, w->len - w->n, "%s", w->sep);
	if (w->n + 1 >= w->len) {
		w->n = w->len - 1;
		return;
	}
	va_start(ap, fmt);
	k = vsnprintf(w->buf + w->n, w->len - w->n, fmt, ap);
	va_end(ap);
	w->n = k < 0 ? w->n : w->n + (size_t)k >= w->len ? w->len - 1 : w->n + (size_t)k;
}

static const char *
no_label(const char *code)
{
	return code;
}

/* fmt with member name's text (through label), when it has any. A macro:
 * fmt stays a literal for the compiler's format check. */
#define SAY_TEXT(w, d, name, fmt, label) do { \
	const char *text_ = ui_jstr(d, name); \
	if (text_[0]) \
		say(w, fmt, label(text_)); \
} while (0)

/* Member name of d, a time, as the server's clock shows it: false when it
 * is none. */
static bool
time_text(const struct app *a, const cJSON *d, const char *name, char *buf,
    size_t len)
{
	time_t t;

	if (!ui_parse_time(ui_jstr(d, name), &t, NULL))
		return false;
	ui_show_time(a, t, true, buf, len);
	return true;
}

/* fmt with member name's time, when it has one. */
#define SAY_TIME(a, w, d, name, fmt) do { \
	char when_[32]; \
	if (time_text(a, d, name, when_, sizeof when_)) \
		say(w, fmt, when_); \
} while (0)

/* yes or no, when member name is there at all. */
static void
say_bool(struct words *w, const cJSON *d, const char *name, const char *yes,
    const char *no)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(d, name);

	if (cJSON_IsBool(v))
		say(w, "%s", cJSON_IsTrue(v) ? yes : no);
}

static bool
has_number(const cJSON *d, const char *name)
{
	return cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(d, name));
}

/* ---- a member nobody said: "label: value" */

/* A value in words: text, a number, yes or no; an array's items parted by
 * commas, an object's members as "label: value". */
static void
value_words(const cJSON *v, char *buf, size_t len)
{
	struct words w = { buf, len, 0, ", " };
	const cJSON *m;
	char one[512];

	buf[0] = '\0';
	if (cJSON_IsString(v) && v->valuestring != NULL)
		say(&w, "%s", v->valuestring);
	else if (cJSON_IsNumber(v) && v->valuedouble == (double)(long long)v->valuedouble)
		say(&w, "%lld", (long long)v->valuedouble);
	else if (cJSON_IsNumber(v))
		say(&w, "%g", v->valuedouble);
	else if (cJSON_IsBool(v))
		say(&w, "%s", cJSON_IsTrue(v) ? _("yes") : _("no"));
	else if (cJSON_IsArray(v) || cJSON_IsObject(v))
		cJSON_ArrayForEach(m, v) {
			value_words(m, one, sizeof one);
			if (one[0] && cJSON_IsObject(v))
				say(&w, _("%s: %s"), label_detail(m->string), one);
			else if (one[0])
				say(&w, cJSON_IsObject(m) ? "(%s)" : "%s", one);
		}
}

static bool
was_said(const char *const said[SAID_MAX], const char *name)
{
	for (int i = 0; i < SAID_MAX && said[i] != NULL; i++)
		if (strcmp(said[i], name) == 0)
			return true;
	return false;
}

/* The members of d that the kind's function did not say. */
static void
say_rest(struct words *w, const cJSON *d, const char *const said[SAID_MAX])
{
	const cJSON *m;
	char v[1024];

	cJSON_ArrayForEach(m, d) {
		if (m->string == NULL || was_said(said, m->string))
			continue;
		value_words(m, v, sizeof v);
		if (v[0])
			say(w, _("%s: %s"), label_detail(m->string), v);
	}
}

/* ---- ticket events */

typedef void say_fn(const struct app *, const cJSON *d, struct words *);

static void
say_register(const struct app *a, const cJSON *d, struct words *w)
{
	(void)a;
	SAY_TEXT(w, d, "channel", _("by %s"), label_channel);
	SAY_TEXT(w, d, "service_class", _("class %s"), label_class);
	SAY_TEXT(w, d, "reason", _("reason: %s"), no_label);
}

/* dispatch and reassign. */
static void
say_dispatch(const struct app *a, const cJSON *d, struct words *w)
{
	(void)a;
	SAY_TEXT(w, d, "technician", _("to %s"), no_label);
	SAY_TEXT(w, d, "previous", _("instead of %s"), no_label);
	SAY_TEXT(w, d, "note", _("note: %s"), no_label);
}

static void
say_appoint(const struct app *a, const cJSON *d, struct words *w)
{
	SAY_TIME(a, w, d, "at", _("for %s"));
	SAY_TIME(a, w, d, "previous", _("was %s"));
}

static void
say_arrive(const struct app *a, const cJSON *d, struct words *w)
{
	(void)a;
	say_bool(w, d, "on_time", _("on time"), _("late"));
}

static void
say_overdue(const struct app *a, const cJSON *d, struct words *w)
{
	char due[32];

	if (!time_text(a, d, "due", due, sizeof due))
		ui_copy(due, sizeof due, "-");
	say(w, _("%s deadline %s passed"), label_deadline(ui_jstr(d, "kind")), due);
}

static void
say_take_back(const struct app *a, const cJSON *d, struct words *w)
{
	(void)a;
	SAY_TEXT(w, d, "receipt_no", _("receipt %s"), no_label);
	SAY_TEXT(w, d, "note", _("note: %s"), no_label);
}

void
event_parts(const cJSON *parts, char *buf, size_t len)
{
	struct words list = { buf, len, 0, ", " };
	const cJSON *p;
	char price[32];

	buf[0] = '\0';
	cJSON_ArrayForEach(p, parts) {
		if (has_number(p, "price")) {
			ui_yuan(ui_jint(p, "price", 0) * ui_jint(p, "qty", 0), price, sizeof price);
			say(&list, "%s %s x%lld (%s)", ui_jstr(p, "part_no"), ui_jstr(p, "name"),
			    (long long)ui_jint(p, "qty", 0), price);
		} else
			say(&list, "%s x%lld", ui_jstr(p, "part_no"), (long long)ui_jint(p, "qty", 0));
	}
}

static void
say_repair(const struct app *a, const cJSON *d, struct words *w)
{
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(d, "parts");
	char list[1024];

	(void)a;
	event_parts(parts, list, sizeof list);
	if (list[0])
		say(w, _("parts: %s"), list);
	else if (cJSON_IsArray(parts))
		say(w, "%s", _("no parts"));
	if (has_number(d, "labour_minutes"))
		say(w, _("labour %lld min"), (long long)ui_jint(d, "labour_minutes", 0));
}

static void
say_inspect(const struct app *a, const cJSON *d, struct words *w)
{
	(void)a;
	say_bool(w, d, "passed", _("passed"), _("failed"));
	SAY_TEXT(w, d, "note", _("note: %s"), no_label);
}

static void
say_complete(const struct app *a, const cJSON *d, struct words *w)
{
	char total[32];

	(void)a;
	SAY_TEXT(w, d, "signed_by", _("signed by %s"), no_label);
	if (has_number(d, "total")) {
		ui_yuan(ui_jint(d, "total", 0), total, sizeof total);
		say(w, _("total %s yuan"), total);
	}
	if (ui_jbool(d, "free"))
		say(w, _("free of charge, approved by %s"), ui_jstr(d, "approved_by")[0] ?
		    ui_jstr(d, "approved_by") : "-");
	SAY_TEXT(w, d, "receipt_voided", _("receipt %s voided"), no_label);
}

static void
say_postpone(const struct app *a, const cJSON *d, struct words *w)
{
	SAY_TIME(a, w, d, "until", _("until %s"));
	SAY_TEXT(w, d, "reason", _("reason: %s"), no_label);
	SAY_TIME(a, w, d, "previous", _("was %s"));
}

/* A return visit that did not reach the customer (server/visit.c): the
 * attempt, and the call-back or the close. */
static void
say_unreachable(const struct app *a, const cJSON *d, struct words *w)
{
	long long attempt = ui_jint(d, "attempt", 0), of = ui_jint(d, "of", 0);

	say(w, _("not reached, attempt %lld of %lld"), attempt, of);
	if (of > 0 && attempt >= of)
		say(w, "%s", _("closed as unreachable"));
	SAY_TIME(a, w, d, "callback_at", _("call back %s"));
}

/* The return visit's survey: a ticket's, or a complaint's (satisfied and
 * the visit's due time besides); or the attempt that reached nobody. */
static void
say_visit(const struct app *a, const cJSON *d, struct words *w)
{
	static const char *const items[] = { "attitude", "skill", "punctuality",
		"promise" };
	char buf[32];

	if (strcmp(ui_jstr(d, "outcome"), "unreachable") == 0)
		say_unreachable(a, d, w);
	if (has_number(d, "score"))
		say(w, _("score %lld"), (long long)ui_jint(d, "score", 0));
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++)
		if (has_number(d, items[i]))
			say(w, "%s %s", label_detail(items[i]),
			    label_survey_answer(ui_jint(d, items[i], 0), buf, sizeof buf));
	say_bool(w, d, "satisfied", _("satisfied"), _("unsatisfied"));
	SAY_TEXT(w, d, "comment", _("comment: %s"), no_label);
	SAY_TEXT(w, d, "complaint", _("complaint %s opened"), no_label);
	SAY_TIME(a, w, d, "visit_due", _("visit due %s"));
}

#define VISIT_SAID { "score", "attitude", "skill", "punctuality", "promise", \
	"satisfied", "comment", "complaint", "visit_due", "outcome", "attempt", "of", \
	"callback_at" }

/* ticket.note: the words as they are. */
static void
say_note(const struct app *a, const cJSON *d, struct words *w)
{
	(void)a;
	SAY_TEXT(w, d, "text", "%s", no_label);
}

/* ticket.handover: from whom to whom, and the note. */
static void
say_handover(const struct app *a, const cJSON *d, struct words *w)
{
	(void)a;
	say(w, _("from %s to %s"), ui_jstr(d, "from"), ui_jstr(d, "to"));
	SAY_TEXT(w, d, "note", _("note: %s"), no_label);
}

/* The money controls (server/money.c): a free-service request, its
 * decision, a refund or exchange certificate. */
static void
say_free_request(const struct app *a, const cJSON *d, struct words *w)
{
	char amount[32];

	(void)a;
	ui_yuan(ui_jint(d, "amount", 0), amount, sizeof amount);
	say(w, _("%s yuan, asked of %s"), amount, ui_jstr(d, "approver"));
	SAY_TEXT(w, d, "reason", _("reason: %s"), no_label);
}

static void
say_free_decision(const struct app *a, const cJSON *d, struct words *w)
{
	(void)a;
	say_bool(w, d, "approved", _("approved"), _("refused"));
	SAY_TEXT(w, d, "reason", _("reason: %s"), no_label);
}

static void
say_guarantee(const struct app *a, const cJSON *d, struct words *w)
{
	(void)a;
	say(w, _("%s, certificate %s"), label_certificate(ui_jstr(d, "decision")),
	    ui_jstr(d, "certificate"));
	SAY_TEXT(w, d, "reason", _("reason: %s"), no_label);
}

struct kind_words {
	const char *kind;
	say_fn *say;
	const char *said[SAID_MAX];   /* the members say() names */
};

static const struct kind_words ticket_kinds[] = {
	{ "register", say_register, { "channel", "service_class", "reason" } },
	{ "class_override", say_register, { "channel", "service_class", "reason" } },
	{ "answer", NULL, { NULL } },
	{ "dispatch", say_dispatch, { "technician", "previous", "note" } },
	{ "reassign", say_dispatch, { "technician", "previous", "note" } },
	{ "appoint", say_appoint, { "at", "previous" } },
	{ "arrive", say_arrive, { "on_time" } },
	{ "cancel", say_register, { "reason" } },
	{ "overdue", say_overdue, { "kind", "due" } },
	{ "take_back", say_take_back, { "receipt_no", "note" } },
	{ "repair", say_repair, { "parts", "labour_minutes" } },
	{ "inspect", say_inspect, { "passed", "note" } },
	{ "complete", say_complete, { "signed_by", "total", "free", "approved_by",
	    "receipt_voided" } },
	{ "postpone", say_postpone, { "until", "reason", "previous" } },
	{ "visit", say_visit, VISIT_SAID },
	{ "note", say_note, { "text" } },
	{ "handover", say_handover, { "from", "to", "note" } },
	{ "free_request", say_free_request, { "amount", "approver", "reason" } },
	{ "free_decision", say_free_decision, { "approved", "reason", "amount", "used" } },
	{ "guarantee", say_guarantee, { "decision", "certificate", "reason" } },
	{ NULL, NULL, { NULL } }
};

/* ---- complaint events */

static void
say_c_register(const struct app *a, const cJSON *d, struct words *w)
{
	(void)a;
	if (ui_jstr(d, "previous_no")[0])
		say(w, _("round %lld, after %s"), (long long)ui_jint(d, "round", 2),
		    ui_jstr(d, "previous_no"));
	SAY_TEXT(w, d, "channel", _("by %s"), label_channel);
	if (strcmp(ui_jstr(d, "origin"), "visit") == 0)
		say(w, "%s", _("from a return visit"));
	SAY_TEXT(w, d, "ticket_no", _("about ticket %s"), no_label);
	if (ui_jbool(d, "individual"))
		say(w, "%s", _("an individual case: unsatisfied after the second round"));
}

static void
say_classify(const struct app *a, const cJSON *d, struct words *w)
{
	(void)a;
	say(w, _("%s, %s: to %s%s"), label_severity(ui_jstr(d, "severity")),
	    label_category(ui_jstr(d, "category")), label_department(ui_jstr(d, "department")),
	    ui_jbool(d, "major") ? _(", MAJOR INCIDENT") : "");
}

/* "stage 2 Quality: <rest>" */
static void
say_stage(const cJSON *d, const char *rest, struct words *w)
{
	say(w, _("stage %lld %s: %s"), (long long)ui_jint(d, "seq", 0),
	    label_department(ui_jstr(d, "department")), rest);
}

static void
say_advance(const struct app *a, const cJSON *d, struct words *w)
{
	char more[2048];

	(void)a;
	snprintf(more, sizeof more, "%s%s%s%s", ui_jstr(d, "finding"),
	    ui_jbool(d, "late") ? _(" (late)") : "", ui_jstr(d, "proposal")[0] ?
	    _("; proposal: ") : "", ui_jstr(d, "proposal"));
	say_stage(d, more, w);
	if (ui_jint(d, "penalty", 0) > 0) {
		char amount[32];
		ui_yuan(ui_jint(d, "penalty", 0), amount, sizeof amount);
		say(w, _("%lld working days late: %s yuan charged to %s"),
		    (long long)ui_jint(d, "late_days", 0), amount,
		    ui_jstr(d, "head")[0] ? ui_jstr(d, "head") : _("no head"));
	}
}

static void
say_reminder(const struct app *a, const cJSON *d, struct words *w)
{
	char more[64], to[512];

	snprintf(more, sizeof more, _("overdue %lld d"), (long long)ui_jint(d, "overdue_days", 0));
	say_stage(d, more, w);
	SAY_TIME(a, w, d, "due", _("was due %s"));
	ui_jjoin(d, "to", to, sizeof to);
	if (to[0])
		say(w, _("sent to %s"), to);
}

static void
say_reply(const struct app *a, const cJSON *d, struct words *w)
{
	(void)a;
	if (ui_jbool(d, "accepted"))
		say(w, _("accepted: %s"), ui_jstr(d, "text"));
	else
		say(w, _("rejected: %s; next round %s"), ui_jstr(d, "text"),
		    ui_jstr(d, "next_no")[0] ? ui_jstr(d, "next_no") : "-");
}

/* approve (its note) and close (its reason): the words as they are. */
static void
say_words(const struct app *a, const cJSON *d, struct words *w)
{
	(void)a;
	SAY_TEXT(w, d, "note", "%s", no_label);
	SAY_TEXT(w, d, "reason", "%s", no_label);
}

static void
say_attribute(const struct app *a, const cJSON *d, struct words *w)
{
	char shares[1024];

	(void)a;
	event_shares(cJSON_GetObjectItemCaseSensitive(d, "shares"), shares, sizeof shares);
	if (shares[0])
		say(w, "%s", shares);
}

static const struct kind_words complaint_kinds[] = {
	{ "register", say_c_register, { "previous_no", "round", "channel", "origin",
	    "ticket_no", "individual" } },
	{ "classify", say_classify, { "severity", "category", "department", "major" } },
	/* penalized: the head charged for a late stage (as attribute's) */
	{ "advance", say_advance, { "seq", "department", "finding", "proposal", "late",
	    "late_days", "penalty", "head", "penalized" } },
	{ "reminder", say_reminder, { "seq", "department", "overdue_days", "due", "to" } },
	{ "reply", say_reply, { "text", "accepted", "next_no" } },
	{ "approve", say_words, { "note" } },
	{ "close", say_words, { "reason" } },
	/* penalized: whose penalties were counted again, the shares' people */
	{ "attribute", say_attribute, { "shares", "penalized" } },
	{ "visit", say_visit, VISIT_SAID },
	{ NULL, NULL, { NULL } }
};

static const struct kind_words *
kind_of(enum event_of of, const char *kind)
{
	const struct kind_words *k = of == EVENT_TICKET ? ticket_kinds : complaint_kinds;

	for (; k->kind != NULL; k++)
		if (strcmp(k->kind, kind) == 0)
			return k;
	return NULL;
}

/* ---- what the header declares */

const char *
event_kind(enum event_of of, const cJSON *e)
{
	const char *kind = ui_jstr(e, "kind");

	return of == EVENT_TICKET ? label_event(kind) : label_complaint_event(kind);
}

const char *
event_actor(const cJSON *e)
{
	return ui_jstr(e, "actor")[0] ? ui_jstr(e, "actor") : _("system");
}

void
event_move(enum event_of of, const cJSON *e, char *buf, size_t len)
{
	const char *from = ui_jstr(e, "from"), *to = ui_jstr(e, "to");
	const char *(*label)(const char *) = of == EVENT_TICKET ? label_ticket_state :
	    label_complaint_state;

	buf[0] = '\0';
	if ((from[0] || to[0]) && strcmp(from, to) != 0)
		snprintf(buf, len, "%s -> %s", from[0] ? label(from) : "-",
		    to[0] ? label(to) : "-");
}

static void
details_words(const struct app *a, enum event_of of, const cJSON *e, struct words *w)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(e, "details");
	const struct kind_words *k = kind_of(of, ui_jstr(e, "kind"));
	static const char *const none[SAID_MAX] = { NULL };

	if (!cJSON_IsObject(d))
		return;
	if (k != NULL && k->say != NULL)
		k->say(a, d, w);
	say_rest(w, d, k != NULL ? k->said : none);
}

void
event_details(const struct app *a, enum event_of of, const cJSON *e, char *buf,
    size_t len)
{
	struct words w = { buf, len, 0, _("; ") };

	buf[0] = '\0';
	details_words(a, of, e, &w);
}

/* "11-24 14:00" or "2026-11-24 14:00:05" of the event. */
static void
event_time(const struct app *a, const cJSON *e, bool short_form, char *buf,
    size_t len)
{
	time_t t;

	ui_show_time(a, ui_parse_time(ui_jstr(e, "at"), &t, NULL) ? t : 0, short_form,
	    buf, len);
}

void
event_line(const struct app *a, enum event_of of, const cJSON *e, char *buf,
    size_t len)
{
	char when[32], move[128], details[2048];
	size_t n;

	event_time(a, e, true, when, sizeof when);
	event_move(of, e, move, sizeof move);
	event_details(a, of, e, details, sizeof details);
	n = (size_t)snprintf(buf, len, _("%s %s by %s"), when, event_kind(of, e),
	    event_actor(e));
	if (move[0] && n < len)
		n += (size_t)snprintf(buf + n, len - n, " (%s)", move);
	if (details[0] && n < len)
		snprintf(buf + n, len - n, _(": %s"), details);
}

void
event_page(const struct app *a, enum event_of of, const cJSON *e, char *buf,
    size_t len)
{
	char when[32], move[128];
	struct words w = { buf, len, 0, "\n" };

	buf[0] = '\0';
	event_time(a, e, false, when, sizeof when);
	event_move(of, e, move, sizeof move);
	say(&w, _("Time: %s"), when);
	say(&w, _("By: %s"), event_actor(e));
	say(&w, _("Event: %s"), event_kind(of, e));
	if (move[0])
		say(&w, _("State: %s"), move);
	say(&w, "%s", "");   /* a blank line before the details */
	details_words(a, of, e, &w);
}

void
event_shares(const cJSON *shares, char *buf, size_t len)
{
	struct words w = { buf, len, 0, ", " };
	const cJSON *s;
	char money[32];

	buf[0] = '\0';
	cJSON_ArrayForEach(s, shares) {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(s, "penalty");
		const char *who = ui_jstr(s, "user")[0] ? ui_jstr(s, "user") :
		    label_department(ui_jstr(s, "department"));
		const char *kind = cJSON_IsObject(p) ? ui_jstr(p, "kind") : ui_jstr(s, "penalty");
		if (kind[0]) {
			ui_yuan(ui_jint(cJSON_IsObject(p) ? p : s, "amount", 0), money, sizeof money);
			say(&w, _("%s %lld%% (%s %s)"), who, (long long)ui_jint(s, "percent", 0),
			    label_penalty(kind), money);
		} else
			say(&w, "%s %lld%%", who, (long long)ui_jint(s, "percent", 0));
	}
}
