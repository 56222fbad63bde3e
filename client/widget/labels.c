/*
 * widget/labels.c: the words for the domain's codes, one table each, in
 * English with their translations in po/ (gettext): states, regions,
 * ticket types, channels, classes, event kinds, complaint codes and the
 * departments. An unknown code is shown as it comes. Every screen takes
 * its words from here.
 */
#include "client/widget/labels.h"

#include <stdio.h>
#include <string.h>

static const struct { const char *state, *label; } states[] = {
	{ "new", N_("new") },
	{ "dispatched", N_("dispatched") },
	{ "on_site", N_("on site") },
	{ "in_shop", N_("in shop") },
	{ "repaired", N_("repaired") },
	{ "inspected", N_("inspected") },
	{ "completed", N_("completed") },
	{ "closed", N_("closed") },
	{ "cancelled", N_("cancelled") },
};

const char *
label_ticket_state(const char *state)
{
	for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
		if (strcmp(state, states[i].state) == 0)
			return _(states[i].label);
	return state;
}

struct label {
	const char *code, *label;
};

static const char *
label_of(const struct label *t, const char *code)
{
	for (; t->code != NULL; t++)
		if (strcmp(t->code, code) == 0)
			return _(t->label);
	return code;
}

const char *
label_region(const char *code)
{
	static const struct label t[] = {
		{ "urban", N_("urban") }, { "suburban", N_("suburban") },
		{ "county", N_("county") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_type(const char *code)
{
	static const struct label t[] = {
		{ "B", N_("B repair") }, { "Y", N_("Y other service") },
		{ "Z", N_("Z consultation") }, { "Q", N_("Q other") },
		{ "T", N_("T complaint") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_channel(const char *code)
{
	static const struct label t[] = {
		{ "phone", N_("phone") }, { "letter", N_("letter") },
		{ "visit", N_("visit") }, { "email", N_("e-mail") },
		{ "web", N_("web") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_class(const char *code)
{
	static const struct label t[] = {
		{ "A", N_("A paid") }, { "B", N_("B contract") },
		{ "C", N_("C free (in warranty)") }, { "D", N_("D internal") },
		{ NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_event(const char *code)
{
	static const struct label t[] = {
		{ "register", N_("registered") }, { "class_override", N_("class overridden") },
		{ "answer", N_("answered") }, { "dispatch", N_("dispatched") },
		{ "reassign", N_("reassigned") }, { "appoint", N_("appointment") },
		{ "arrive", N_("arrived") }, { "cancel", N_("cancelled") },
		{ "overdue", N_("overdue") }, { "take_back", N_("taken back") },
		{ "repair", N_("repaired") }, { "inspect", N_("inspected") },
		{ "complete", N_("completed") }, { "postpone", N_("postponed") },
		{ "visit", N_("return visit") }, { "note", N_("note") },
		{ "handover", N_("handed over") }, { "free_request", N_("free service requested") },
		{ "free_decision", N_("free service decided") },
		{ "guarantee", N_("refund or exchange decided") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_detail(const char *key)
{
	static const struct label t[] = {
		{ "channel", N_("channel") }, { "service_class", N_("class") },
		{ "reason", N_("reason") }, { "technician", N_("technician") },
		{ "previous", N_("before") }, { "note", N_("note") },
		{ "at", N_("time") }, { "on_time", N_("on time") },
		{ "kind", N_("deadline") }, { "due", N_("due") },
		{ "receipt_no", N_("receipt") }, { "diagnosis", N_("diagnosis") },
		{ "cause", N_("cause") }, { "actions", N_("actions") },
		{ "parts", N_("parts") }, { "labour_minutes", N_("labour minutes") },
		{ "passed", N_("passed") }, { "signed_by", N_("signed by") },
		{ "approved_by", N_("approved by") }, { "free", N_("free") },
		{ "approver", N_("approver") },
		{ "approved", N_("approved") }, { "decision", N_("decision") },
		{ "certificate", N_("certificate") }, { "used", N_("used this month") },
		{ "total", N_("total") }, { "until", N_("until") },
		{ "attitude", N_("attitude") }, { "skill", N_("skill") },
		{ "punctuality", N_("punctuality") }, { "promise", N_("promise kept") },
		{ "score", N_("score") }, { "comment", N_("comment") },
		{ "complaint", N_("complaint") }, { "receipt_voided", N_("receipt voided") },
		{ "origin", N_("origin") }, { "ticket_no", N_("ticket") },
		{ "previous_no", N_("previous round") }, { "round", N_("round") },
		{ "severity", N_("severity") }, { "category", N_("category") },
		{ "major", N_("major incident") }, { "department", N_("department") },
		{ "seq", N_("stage") }, { "finding", N_("finding") },
		{ "proposal", N_("proposal") }, { "late", N_("late") },
		{ "text", N_("words") }, { "accepted", N_("accepted") },
		{ "next_no", N_("next round") }, { "overdue_days", N_("days overdue") },
		{ "shares", N_("shares") }, { "penalized", N_("penalties recounted for") },
		{ "satisfied", N_("satisfied") }, { "visit_due", N_("visit due") },
		{ "user", N_("person") }, { "percent", N_("percent") },
		{ "penalty", N_("penalty") }, { "amount", N_("amount") },
		{ "part_no", N_("part") }, { "qty", N_("quantity") },
		{ "name", N_("name") }, { "price", N_("price") },
		{ "outcome", N_("outcome") }, { "attempt", N_("attempt") },
		{ "of", N_("attempts allowed") }, { "callback_at", N_("call back") },
		{ "from", N_("from") }, { "to", N_("to") }, { NULL, NULL }
	};

	return label_of(t, key);
}

/* The deadline an overdue event names (server/sweeper.c). */
const char *
label_deadline(const char *code)
{
	static const struct label t[] = {
		{ "arrival", N_("arrival") }, { "reply", N_("reply") }, { NULL, NULL }
	};

	return label_of(t, code);
}

/* An answer of the return-visit survey: 1 very satisfied .. 4 unsatisfied
 * (screen/visit.c asks them); another number as it is. */
const char *
label_survey_answer(long long answer, char *buf, size_t len)
{
	static const char *const answers[] = { N_("very satisfied"), N_("satisfied"),
		N_("fairly satisfied"), N_("unsatisfied") };

	if (answer >= 1 && answer <= 4)
		return _(answers[answer - 1]);
	snprintf(buf, len, "%lld", answer);
	return buf;
}

const char *
label_complaint_state(const char *code)
{
	static const struct label t[] = {
		{ "received", N_("received") }, { "routed", N_("routed") },
		{ "proposed", N_("proposed") }, { "approved", N_("approved") },
		{ "follow_up", N_("follow-up") }, { "closed", N_("closed") },
		{ NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_severity(const char *code)
{
	static const struct label t[] = {
		{ "serious", N_("serious") }, { "minor", N_("minor") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *const complaint_categories[] = { "service", "packaging", "product",
	"suggestion", "other", "contract", NULL };

const char *
label_category(const char *code)
{
	static const struct label t[] = {
		{ "service", N_("service") }, { "packaging", N_("packaging") },
		{ "product", N_("product quality") }, { "suggestion", N_("suggestion") },
		{ "other", N_("other") }, { "contract", N_("contract") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_penalty(const char *code)
{
	static const struct label t[] = {
		{ "warning", N_("warning") }, { "minor_demerit", N_("minor demerit") },
		{ "major_demerit", N_("major demerit") }, { NULL, NULL }
	};

	return label_of(t, code);
}

/* The kinds of complaint events (svcdesk-protocol(7), RECORDS). */
const char *
label_complaint_event(const char *code)
{
	static const struct label t[] = {
		{ "register", N_("registered") }, { "classify", N_("classified") },
		{ "advance", N_("finding") }, { "approve", N_("approved") },
		{ "reply", N_("customer's reply") }, { "close", N_("closed") },
		{ "reminder", N_("reminder") }, { "attribute", N_("responsibility") },
		{ "visit", N_("return visit") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *const complaint_departments[] = { "service", "warehouse", "production",
	"quality", "rnd", "sales", "gm_office", "aftersales", "cs_manager",
	"management", NULL };

const char *
label_department(const char *code)
{
	static const struct label t[] = {
		{ "service", N_("Service line") }, { "warehouse", N_("Warehouse") },
		{ "production", N_("Production") }, { "quality", N_("Quality") },
		{ "rnd", N_("R&D") }, { "sales", N_("Sales") },
		{ "gm_office", N_("GM's office") }, { "aftersales", N_("After-sales") },
		{ "cs_manager", N_("CS manager") }, { "management", N_("Management") },
		{ NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_hit_kind(const char *code)
{
	static const struct label t[] = {
		{ "ticket", N_("Ticket") }, { "complaint", N_("Complaint") },
		{ "customer", N_("Customer") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_point_kind(const char *code)
{
	static const struct label t[] = {
		{ "own", N_("own") }, { "outsourced", N_("outsourced") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_free_request(const char *code)
{
	static const struct label t[] = {
		{ "pending", N_("waiting") }, { "approved", N_("approved") },
		{ "refused", N_("refused") }, { "withdrawn", N_("withdrawn") },
		{ "used", N_("used") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_lookup_state(const char *code)
{
	static const struct label t[] = {
		{ "pending", N_("pending") }, { "approved", N_("approved") },
		{ "refused", N_("refused") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_approver_title(const char *code)
{
	static const struct label t[] = {
		{ "supervisor", N_("supervisor") }, { "regional manager", N_("regional manager") },
		{ "after-sales manager", N_("after-sales manager") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_certificate(const char *code)
{
	static const struct label t[] = {
		{ "refund", N_("refund") }, { "exchange", N_("exchange") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_contract_state(const char *code)
{
	static const struct label t[] = {
		{ "pending", N_("not started") }, { "active", N_("in force") },
		{ "expiring", N_("expiring") }, { "expired", N_("expired") },
		{ "cancelled", N_("cancelled") }, { NULL, NULL }
	};

	return label_of(t, code);
}

/* Recalls: a recall's state (open, closed) and a unit's in it. */
const char *
label_recall_state(const char *code)
{
	static const struct label t[] = {
		{ "open", N_("open") }, { "closed", N_("closed") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_recall_unit_state(const char *code)
{
	static const struct label t[] = {
		{ "pending", N_("to call") }, { "notified", N_("told") },
		{ "unreachable", N_("unreachable") }, { "booked", N_("booked") },
		{ "done", N_("done") }, { "written_off", N_("written off") }, { NULL, NULL }
	};

	return label_of(t, code);
}

/* The outbox: what a message to a customer tells, its state and channel. */
const char *
label_notification_kind(const char *code)
{
	static const struct label t[] = {
		{ "appointment", N_("appointment") },
		{ "ready_for_pickup", N_("ready for pickup") },
		{ "complaint_decision", N_("complaint decision") },
		{ "contract_expiry", N_("contract expiry") },
		{ "maintenance_due", N_("maintenance due") },
		{ "recall", N_("recall") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_notification_state(const char *code)
{
	static const struct label t[] = {
		{ "pending", N_("to send") }, { "sent", N_("sent") },
		{ "failed", N_("failed") }, { "handled", N_("told by phone") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_notification_channel(const char *code)
{
	static const struct label t[] = {
		{ "sms", N_("SMS") }, { "email", N_("e-mail") }, { NULL, NULL }
	};

	return label_of(t, code);
}

const char *
label_named(const cJSON *row)
{
	/* TRANSLATORS: as net.c's "en": "zh_CN" in the Chinese catalog. */
	const char *name = ui_jstr(row, strcmp(_("en"), "en") != 0 ? "name_zh" : "name");

	if (name[0] == '\0')
		name = ui_jstr(row, "name");
	if (name[0] == '\0')
		name = ui_jstr(row, cJSON_HasObjectItem(row, "code") ? "code" : "key");
	return name;
}
