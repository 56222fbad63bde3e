/*
 * complaint.h: opening a complaint record (投诉, doc/domain.md, Complaint
 * intake), shared by complaint.register (complaint.c) and an unsatisfied
 * return visit (visit.c), so both make the same record: the number (YYMMDD
 * and the year's running count, sql/007_visits.sql complaint_number), state
 * `received`, the first taker, and a `register` event.
 */
#ifndef SVCDESK_COMPLAINT_H
#define SVCDESK_COMPLAINT_H

#include <cjson/cJSON.h>

#include "server/server.h"

/*
 * CTEs `complaint` (row: the complaints row, no) and `complaint_ev`, opening
 * one complaint per row of a CTE named complaint_src with the columns
 * channel, origin, customer_id, ticket_no, text, demand, category,
 * taken_by, request_key (in that order).
 */
#define COMPLAINT_OPEN_CTES \
	" complaint AS (INSERT INTO complaints (no, channel, origin, customer_id, ticket_no," \
	"   text, demand, category, taken_by, request_key)" \
	"  SELECT complaint_number(), * FROM complaint_src" \
	"  RETURNING complaints AS row, no)," \
	" complaint_ev AS (INSERT INTO complaint_events (complaint_no, actor, kind, to_state," \
	"   details) SELECT no, (row).taken_by, 'register', 'received'," \
	"   jsonb_build_object('channel', (row).channel, 'origin', (row).origin," \
	"   'ticket_no', (row).ticket_no) FROM complaint)"

/* The categories of complaint.classify and route.set (complaint_flow.c). */
extern const char *const complaint_category_names[];

/* Pushes complaint.changed (complaint is consumed). */
void complaint_push(struct server *srv, cJSON *complaint);
/* Refuses req: complaint no is in a state its op does not start from
 * (conflict on "no"; common/complaint_states.h; complaint_flow.c). */
void complaint_refuse_state(struct request *req, const char *no, const char *state);

#endif
