/*
 * test_client_labels.c: the words the client shows for codes and events
 * (widget/labels.c, widget/events.c). Each event is an object as ticket.get
 * or complaint.get gives it, its details as the daemon (server/) writes them; each
 * must read as words, with no JSON and no internal member names. And a
 * unit's entitlements (widget/entitlements.c) as the call form's banner and
 * the customer's file say them, from objects as unit.entitlements gives them.
 */
#include <check.h>
#include <string.h>

#include "client/ui/ui.h"
#include "client/widget/entitlements.h"
#include "client/widget/events.h"
#include "client/widget/labels.h"
#include "tests/unit/suites.h"

/* A client whose server runs on UTC. */
static struct app utc;

/* The details of an event of kind with these details (JSON text). */
static const char *
details(enum event_of of, const char *kind, const char *json)
{
	static char buf[2048];
	char text[2048];
	cJSON *e;

	snprintf(text, sizeof text, "{\"at\":\"2026-11-24T06:00:05Z\",\"actor\":\"li\","
	    "\"kind\":\"%s\",\"from\":null,\"to\":null,\"details\":%s}", kind, json);
	e = cJSON_Parse(text);
	ck_assert_ptr_nonnull(e);
	event_details(&utc, of, e, buf, sizeof buf);
	cJSON_Delete(e);
	ck_assert_msg(strchr(buf, '{') == NULL && strchr(buf, '}') == NULL &&
	    strchr(buf, '"') == NULL, "JSON in \"%s\"", buf);
	ck_assert_msg(strchr(buf, '_') == NULL, "an internal name in \"%s\"", buf);
	return buf;
}

#define TICKET(kind, json) details(EVENT_TICKET, kind, json)
#define COMPLAINT(kind, json) details(EVENT_COMPLAINT, kind, json)

START_TEST(test_ticket_intake_events)
{
	ck_assert_str_eq(TICKET("register", "{\"channel\":\"phone\",\"service_class\":\"C\"}"),
	    "by phone; class C free (in warranty)");
	ck_assert_str_eq(TICKET("class_override",
	    "{\"reason\":\"VIP customer\",\"service_class\":\"B\"}"),
	    "class B contract; reason: VIP customer");
	ck_assert_str_eq(TICKET("answer", "{}"), "");
	ck_assert_str_eq(TICKET("register", "{}"), "");   /* sql/demo.sql's */
}
END_TEST

START_TEST(test_ticket_dispatch_events)
{
	ck_assert_str_eq(TICKET("dispatch",
	    "{\"note\":null,\"previous\":null,\"technician\":\"technician\"}"), "to technician");
	ck_assert_str_eq(TICKET("reassign",
	    "{\"note\":\"nearer\",\"previous\":\"wang\",\"technician\":\"technician\"}"),
	    "to technician; instead of wang; note: nearer");
	ck_assert_str_eq(TICKET("appoint",
	    "{\"at\":\"2026-11-25T06:00:00Z\",\"previous\":null}"), "for 11-25 06:00");
	ck_assert_str_eq(TICKET("appoint",
	    "{\"at\":\"2026-11-25T06:00:00Z\",\"previous\":\"2026-11-24T08:30:00Z\"}"),
	    "for 11-25 06:00; was 11-24 08:30");
	ck_assert_str_eq(TICKET("arrive", "{\"on_time\":true}"), "on time");
	ck_assert_str_eq(TICKET("arrive", "{\"on_time\":false}"), "late");
	ck_assert_str_eq(TICKET("cancel", "{\"reason\":\"customer fixed it\"}"),
	    "reason: customer fixed it");
	ck_assert_str_eq(TICKET("overdue",
	    "{\"due\":\"2026-11-24T10:00:00Z\",\"kind\":\"arrival\"}"),
	    "arrival deadline 11-24 10:00 passed");
	ck_assert_str_eq(TICKET("overdue", "{\"due\":\"2026-11-24T10:00:00Z\",\"kind\":\"reply\"}"),
	    "reply deadline 11-24 10:00 passed");
}
END_TEST

START_TEST(test_ticket_workshop_events)
{
	ck_assert_str_eq(TICKET("take_back", "{\"note\":\"\",\"receipt_no\":\"R2611240001\"}"),
	    "receipt R2611240001");
	ck_assert_str_eq(TICKET("repair", "{\"parts\":[{\"qty\":2,\"part_no\":\"P-100\"},"
	    "{\"qty\":1,\"part_no\":\"P-200\"}],\"labour_minutes\":45}"),
	    "parts: P-100 x2, P-200 x1; labour 45 min");
	ck_assert_str_eq(TICKET("repair", "{\"parts\":[],\"labour_minutes\":30}"),
	    "no parts; labour 30 min");
	ck_assert_str_eq(TICKET("inspect", "{\"note\":\"\",\"passed\":true}"), "passed");
	ck_assert_str_eq(TICKET("inspect", "{\"note\":\"still leaks\",\"passed\":false}"),
	    "failed; note: still leaks");
	ck_assert_str_eq(TICKET("complete", "{\"free\":false,\"total\":12650,\"signed_by\":"
	    "\"Zhang San\",\"approved_by\":null,\"receipt_voided\":\"R2611240001\"}"),
	    "signed by Zhang San; total 126.50 yuan; receipt R2611240001 voided");
	ck_assert_str_eq(TICKET("complete", "{\"free\":true,\"total\":0,\"signed_by\":\"Li\","
	    "\"approved_by\":\"manager\",\"receipt_voided\":null}"),
	    "signed by Li; total 0.00 yuan; free of charge, approved by manager");
	ck_assert_str_eq(TICKET("postpone", "{\"until\":\"2026-11-27T10:00:00Z\",\"reason\":"
	    "\"waiting for parts\",\"previous\":\"2026-11-26T10:00:00Z\"}"),
	    "until 11-27 10:00; reason: waiting for parts; was 11-26 10:00");
}
END_TEST

/* The money controls (server/money.c): a request, its decision, a certificate. */
START_TEST(test_ticket_money_events)
{
	ck_assert_str_eq(TICKET("free_request", "{\"approver\":\"dispatcher\",\"amount\":18000,"
	    "\"reason\":\"old customer\"}"),
	    "180.00 yuan, asked of dispatcher; reason: old customer");
	ck_assert_str_eq(TICKET("free_decision", "{\"approved\":true,\"amount\":18000,"
	    "\"reason\":null,\"used\":1}"), "approved");
	ck_assert_str_eq(TICKET("free_decision", "{\"approved\":false,\"amount\":18000,"
	    "\"reason\":\"not in policy\",\"used\":null}"), "refused; reason: not in policy");
	ck_assert_str_eq(TICKET("guarantee", "{\"decision\":\"refund\",\"certificate\":"
	    "\"RF2612060001\",\"reason\":\"fault in 7 days\"}"),
	    "refund, certificate RF2612060001; reason: fault in 7 days");
	ck_assert_str_eq(label_free_request("pending"), "waiting");
	ck_assert_str_eq(label_approver_title("regional manager"), "regional manager");
	ck_assert_str_eq(label_certificate("exchange"), "exchange");
	ck_assert_str_eq(label_certificate("other"), "other");
}
END_TEST

START_TEST(test_ticket_visit_event)
{
	ck_assert_str_eq(TICKET("visit", "{\"promise\":1,\"score\":95,\"skill\":2,\"comment\":"
	    "\"good\",\"attitude\":1,\"complaint\":null,\"punctuality\":4}"),
	    "score 95; attitude very satisfied; skill satisfied; punctuality unsatisfied; "
	    "promise kept very satisfied; comment: good");
	ck_assert_str_eq(TICKET("visit", "{\"promise\":3,\"score\":60,\"skill\":3,\"comment\":"
	    "null,\"attitude\":3,\"complaint\":\"T2611240001\",\"punctuality\":3}"),
	    "score 60; attitude fairly satisfied; skill fairly satisfied; punctuality fairly "
	    "satisfied; promise kept fairly satisfied; complaint T2611240001 opened");
}
END_TEST

START_TEST(test_complaint_events)
{
	ck_assert_str_eq(COMPLAINT("register", "{\"origin\":\"call\",\"channel\":\"phone\","
	    "\"ticket_no\":\"B2611240001\"}"), "by phone; about ticket B2611240001");
	ck_assert_str_eq(COMPLAINT("register", "{\"origin\":\"visit\",\"channel\":\"phone\","
	    "\"ticket_no\":null}"), "by phone; from a return visit");
	ck_assert_str_eq(COMPLAINT("register", "{\"round\":2,\"previous_no\":\"T2611240001\"}"),
	    "round 2, after T2611240001");
	ck_assert_str_eq(COMPLAINT("classify", "{\"major\":true,\"category\":\"service\","
	    "\"severity\":\"serious\",\"department\":\"service\"}"),
	    "serious, service: to Service line, MAJOR INCIDENT");
	ck_assert_str_eq(COMPLAINT("advance", "{\"seq\":1,\"late\":true,\"finding\":\"late 2h\","
	    "\"proposal\":\"apologise\",\"department\":\"gm_office\"}"),
	    "stage 1 GM's office: late 2h (late); proposal: apologise");
	ck_assert_str_eq(COMPLAINT("reminder", "{\"due\":\"2026-11-24T10:00:00Z\",\"seq\":2,"
	    "\"department\":\"quality\",\"overdue_days\":3}"),
	    "stage 2 Quality: overdue 3 d; was due 11-24 10:00");
	ck_assert_str_eq(COMPLAINT("reply", "{\"text\":\"ok\",\"next_no\":null,\"accepted\":true}"),
	    "accepted: ok");
	ck_assert_str_eq(COMPLAINT("reply", "{\"text\":\"no\",\"next_no\":\"T2\",\"accepted\":false}"),
	    "rejected: no; next round T2");
	ck_assert_str_eq(COMPLAINT("approve", "{\"note\":\"agreed\"}"), "agreed");
	ck_assert_str_eq(COMPLAINT("close", "{\"reason\":\"not substantiated\"}"),
	    "not substantiated");
	ck_assert_str_eq(COMPLAINT("attribute", "{\"shares\":[{\"user\":\"technician\","
	    "\"amount\":80000,\"penalty\":\"minor_demerit\",\"percent\":60,\"department\":null},"
	    "{\"user\":null,\"amount\":null,\"penalty\":null,\"percent\":40,\"department\":"
	    "\"warehouse\"}],\"penalized\":[\"technician\"]}"),
	    "technician 60% (minor demerit 800.00), Warehouse 40%");
	ck_assert_str_eq(COMPLAINT("visit", "{\"promise\":1,\"score\":90,\"skill\":1,"
	    "\"comment\":\"\",\"attitude\":2,\"satisfied\":true,\"visit_due\":"
	    "\"2026-11-26T10:00:00Z\",\"punctuality\":1}"),
	    "score 90; attitude satisfied; skill very satisfied; punctuality very satisfied; "
	    "promise kept very satisfied; satisfied; visit due 11-26 10:00");
}
END_TEST

/* A member (or a kind) this client does not know: label: value, nested
 * values flattened, never braces. */
START_TEST(test_unknown_members)
{
	ck_assert_str_eq(TICKET("dispatch", "{\"technician\":\"li\",\"receipt_voided\":\"R1\"}"),
	    "to li; receipt voided: R1");
	ck_assert_str_eq(TICKET("teleport", "{\"score\":95,\"free\":true}"),
	    "score: 95; free: yes");
	ck_assert_str_eq(COMPLAINT("merge", "{\"parts\":[{\"part_no\":\"P-1\",\"qty\":2}]}"),
	    "parts: (part: P-1, quantity: 2)");
	ck_assert_str_eq(TICKET("repair", "{\"parts\":[],\"labour_minutes\":5,\"extra\":null}"),
	    "no parts; labour 5 min");
}
END_TEST

START_TEST(test_event_line_and_page)
{
	cJSON *e = cJSON_Parse("{\"at\":\"2026-11-24T06:00:05Z\",\"actor\":null,"
	    "\"kind\":\"overdue\",\"from\":null,\"to\":null,\"details\":{\"due\":"
	    "\"2026-11-24T05:00:00Z\",\"kind\":\"reply\"}}");
	cJSON *d = cJSON_Parse("{\"at\":\"2026-11-24T06:00:05Z\",\"actor\":\"dispatcher\","
	    "\"kind\":\"dispatch\",\"from\":\"new\",\"to\":\"dispatched\",\"details\":"
	    "{\"technician\":\"li\",\"note\":\"bring a ladder\"}}");
	char buf[1024];

	event_line(&utc, EVENT_TICKET, e, buf, sizeof buf);
	ck_assert_str_eq(buf, "11-24 06:00 overdue by system: reply deadline 11-24 05:00 passed");
	event_line(&utc, EVENT_TICKET, d, buf, sizeof buf);
	ck_assert_str_eq(buf, "11-24 06:00 dispatched by dispatcher (new -> dispatched): "
	    "to li; note: bring a ladder");
	event_page(&utc, EVENT_TICKET, d, buf, sizeof buf);
	ck_assert_str_eq(buf, "Time: 2026-11-24 06:00:05\nBy: dispatcher\nEvent: dispatched\n"
	    "State: new -> dispatched\n\nto li\nnote: bring a ladder");
	cJSON_Delete(e);
	cJSON_Delete(d);
}
END_TEST

/* Long words are cut at the buffer, never overrun it. */
START_TEST(test_event_long_words)
{
	char json[3000], small[64];
	cJSON *e;

	memset(json, 0, sizeof json);
	strcpy(json, "{\"kind\":\"cancel\",\"details\":{\"reason\":\"");
	memset(json + strlen(json), 'x', 2000);
	strcat(json, "\"}}");
	e = cJSON_Parse(json);
	ck_assert_ptr_nonnull(e);
	event_details(&utc, EVENT_TICKET, e, small, sizeof small);
	ck_assert_uint_eq(strlen(small), sizeof small - 1);
	ck_assert(strncmp(small, "reason: xxx", 11) == 0);
	cJSON_Delete(e);
}
END_TEST

START_TEST(test_labels)
{
	char buf[16];

	ck_assert_str_eq(label_event("take_back"), "taken back");
	ck_assert_str_eq(label_event("no_such_kind"), "no_such_kind");
	ck_assert_str_eq(label_deadline("arrival"), "arrival");
	ck_assert_str_eq(label_survey_answer(1, buf, sizeof buf), "very satisfied");
	ck_assert_str_eq(label_survey_answer(4, buf, sizeof buf), "unsatisfied");
	ck_assert_str_eq(label_survey_answer(7, buf, sizeof buf), "7");
	ck_assert_str_eq(label_detail("labour_minutes"), "labour minutes");
	ck_assert_str_eq(label_complaint_event("attribute"), "responsibility");
}
END_TEST

/* The words of an entitlements object (JSON text); repair: a B call. */
static const char *
rights(const char *json, bool repair)
{
	static char buf[1024];
	struct ent_words w;
	cJSON *e = cJSON_Parse(json);

	ck_assert_ptr_nonnull(e);
	entitlement_words(e, repair, &w);
	entitlement_join(&w, buf, sizeof buf);
	cJSON_Delete(e);
	return buf;
}

START_TEST(test_entitlement_words)
{
	char buf[128];
	cJSON *e;

	/* bought 5 days ago: both rights with their days */
	ck_assert_str_eq(rights("{\"refund\":true,\"exchange\":true,\"refund_days_left\":2,"
	    "\"exchange_days_left\":10,\"days_since_purchase\":5,\"repeat_of\":null,"
	    "\"contract_end\":null,\"open_tickets\":[]}", true),
	    "Refund: 2 days left, exchange: 10 days left");
	/* the last days */
	ck_assert_str_eq(rights("{\"refund\":true,\"exchange\":true,\"refund_days_left\":0,"
	    "\"exchange_days_left\":1}", true), "Refund: last day today, exchange: 1 day left");
	ck_assert_str_eq(rights("{\"refund\":false,\"exchange\":true,\"refund_days_left\":null,"
	    "\"exchange_days_left\":7}", true), "Exchange: 7 days left");
	/* an exchange for two repairs without a fix has no days */
	ck_assert_str_eq(rights("{\"refund\":false,\"exchange\":true,\"days_since_purchase\":90}",
	    true), "Exchange: repaired twice without a fix");
	/* a repeat of a completed repair, the contract, an open ticket */
	ck_assert_str_eq(rights("{\"refund\":false,\"exchange\":false,\"days_since_purchase\":200,"
	    "\"repeat_of\":{\"no\":\"B2612060061\",\"state\":\"completed\",\"technician\":"
	    "\"wang\",\"technician_name\":\"王力\",\"completed_at\":\"2026-11-24T10:00:00+08:00\","
	    "\"days_ago\":12},\"contract_end\":\"2027-01-31\",\"contract_days_left\":56,"
	    "\"open_tickets\":[{\"no\":\"B2612070003\",\"state\":\"dispatched\"}]}", true),
	    "No refund or exchange (bought 200 days ago); Repeat of B2612060061 (fixed by 王力 "
	    "12 days ago); 1 open on this unit: B2612070003 (dispatched); Contract until 2027-01-31");
	/* a repeat not completed yet, nobody on it; a contract that ended */
	ck_assert_str_eq(rights("{\"days_since_purchase\":1,\"repeat_of\":{\"no\":\"B1\","
	    "\"state\":\"new\",\"technician\":null,\"completed_at\":null,\"days_ago\":0},"
	    "\"contract_end\":\"2026-01-31\",\"contract_days_left\":-3}", true),
	    "No refund or exchange (bought 1 day ago); Repeat of B1 (new, registered today); "
	    "Contract ended 2026-01-31");
	/* not a repair call: only the contract and the open tickets */
	ck_assert_str_eq(rights("{\"refund\":true,\"refund_days_left\":2,\"repeat_of\":"
	    "{\"no\":\"B1\"},\"open_tickets\":[{\"no\":\"Y1\",\"state\":\"new\"},"
	    "{\"no\":\"B2\",\"state\":\"on_site\"}]}", false),
	    "2 open on this unit: Y1 (new), B2 (on site)");
	ck_assert_str_eq(rights("null", true), "");
	/* the warranty */
	e = cJSON_Parse("{\"warranty_days_left\":25,\"warranty_until\":\"2026-12-31\"}");
	entitlement_warranty(e, buf, sizeof buf);
	ck_assert_str_eq(buf, "25 days left");
	cJSON_Delete(e);
	e = cJSON_Parse("{\"warranty_days_left\":-17,\"warranty_until\":\"2026-11-19\"}");
	entitlement_warranty(e, buf, sizeof buf);
	ck_assert_str_eq(buf, "ended 2026-11-19");
	cJSON_Delete(e);
}
END_TEST

Suite *
client_labels_suite(void)
{
	Suite *s = suite_create("client_labels");
	TCase *tc = tcase_create("events");

	tcase_add_test(tc, test_ticket_intake_events);
	tcase_add_test(tc, test_ticket_dispatch_events);
	tcase_add_test(tc, test_ticket_workshop_events);
	tcase_add_test(tc, test_ticket_money_events);
	tcase_add_test(tc, test_ticket_visit_event);
	tcase_add_test(tc, test_complaint_events);
	tcase_add_test(tc, test_unknown_members);
	tcase_add_test(tc, test_event_line_and_page);
	tcase_add_test(tc, test_event_long_words);
	tcase_add_test(tc, test_labels);
	tcase_add_test(tc, test_entitlement_words);
	suite_add_tcase(s, tc);
	return s;
}
