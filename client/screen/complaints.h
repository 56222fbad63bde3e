/*
 * screen/complaints.h: the quality department's screens (issue #5), shared by
 * their files: screen/complaints.c (the complaint board and what the user
 * may run), screen/complaint_detail.c (one complaint: words, route
 * timeline, shares, rounds, events), screen/complaint_forms.c (the dialogs on
 * a complaint: which may open, and the dialog view),
 * screen/complaint_intake.c (the operator's complaint intake) and
 * screen/stats.c (Pareto bars and the complaint KPIs).
 */
#ifndef SVCDESK_UI_COMPLAINTS_H
#define SVCDESK_UI_COMPLAINTS_H

#include "client/widget/form.h"
#include "client/widget/tickets.h"
#include "client/widget/labels.h"

extern const struct view_ops ui_complaints_view, ui_complaint_detail_view,
    ui_complaint_dialog_view, ui_complaint_intake_view, ui_stats_view;

/* screen/complaints.c: the deadline still running on a complaint. */
bool complaint_due(const cJSON *c, time_t *due);
/* The proposal of the latest stage that made one (the one to approve), or "". */
const char *complaint_proposal(const cJSON *c);

/* screen/complaint_detail.c: complaint no with its route and history; Esc
 * returns to back. */
void complaint_detail_show(struct app *a, const char *no,
    const struct view_ops *back);

/* screen/complaint_forms.c: a dialog on complaint c (its JSON object); Esc or
 * a success returns to back. */
enum complaint_dialog { CD_CLASSIFY, CD_ADVANCE, CD_APPROVE, CD_REPLY,
	CD_CLOSE, CD_ATTRIBUTE };
void complaint_dialog_show(struct app *a, enum complaint_dialog kind,
    const cJSON *c, const struct view_ops *back);
/* Whether a dialog may open on a complaint in this state: op.list's
 * `allowed` for its op (not yet known: no), then the states it starts from
 * (common/complaint_states.h, the daemon's table). */
enum complaint_verdict { CV_OK, CV_UNKNOWN, CV_ROLE, CV_STATE };
enum complaint_verdict complaint_dialog_check(const struct op_rights *r,
    enum complaint_dialog kind, const char *state);
/* The op a dialog sends ("complaint.classify"). */
const char *complaint_dialog_op(enum complaint_dialog kind);
bool complaint_dialog_allowed(const struct app *a, enum complaint_dialog kind,
    const cJSON *c);
/* Opens that dialog, or says on the message line why not (the role, the
 * state); true when it opened. */
bool complaint_dialog_open(struct app *a, enum complaint_dialog kind,
    const cJSON *c, const struct view_ops *back);
/* The dialog that key opens (c, a, A, y, x, s), or -1. */
int complaint_dialog_for_key(wint_t key);

/* screen/stats.c: a period as typed: both days real dates (YYYY-MM-DD),
 * from not after to; else false with why in words. */
bool stats_period_check(const char *from, const char *to, char *why,
    size_t len);
/* The operator's complaint intake; customer (or NULL) and ticket_no (or
 * "") as the call form has them; Esc returns to back. */
void complaint_intake_show(struct app *a, const cJSON *customer,
    const char *phone, const char *ticket_no, const struct view_ops *back);

#endif
