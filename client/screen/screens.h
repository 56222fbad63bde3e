/*
 * screen/screens.h: every screen's operations and the entry points one
 * screen uses to open another (a detail, a form, a picker). The list of
 * views itself is generated once, in screen/screens.c. A screen includes
 * this header and the widgets it uses; no screen includes another's file.
 */
#ifndef SVCDESK_SCREENS_H
#define SVCDESK_SCREENS_H

#include "client/ui/ui.h"

extern const struct view_ops ui_login_view, ui_queue_view, ui_intake_view,
    ui_board_view, ui_mine_view, ui_detail_view, ui_techpick_view,
    ui_repair_view, ui_complete_view, ui_ledger_view, ui_inspect_view,
    ui_visit_view, ui_survey_view, ui_complaints_view,
    ui_complaint_detail_view, ui_complaint_dialog_view,
    ui_complaint_intake_view, ui_stats_view, ui_calls_view, ui_handover_view,
    ui_customer_file_view, ui_customer_edit_view, ui_search_view,
    ui_users_view, ui_user_edit_view, ui_points_view, ui_point_edit_view,
    ui_audit_view, ui_lookups_view, ui_archive_view, ui_approvals_view,
    ui_departments_view, ui_policies_view, ui_routes_view, ui_route_edit_view,
    ui_parts_view, ui_part_edit_view, ui_stock_view, ui_stock_move_view,
    ui_stock_ledger_view, ui_recalls_view, ui_recall_calls_view,
    ui_recall_units_view, ui_recall_new_view, ui_notifications_view, ui_daily_view,
    ui_contract_edit_view, ui_renewals_view, ui_maintenance_view, ui_causes_view,
    ui_cause_edit_view, ui_monthly_view;
/* screen/resample.c: the operators' second calls (head office's resample). */
extern const struct view_ops ui_resample_view;

/* screen/detail.c: shows ticket `no` with its history; Esc returns to back. */
void detail_show(struct app *a, const char *no, const struct view_ops *back);
/* screen/customer_file.c: the file of customer id (customer.get: who,
 * units, the whole history); Esc returns to back. */
void customer_file_show(struct app *a, long long id, const struct view_ops *back);
/* screen/customer_edit.c: the edit form of a customer (unit NULL) or of one
 * of their units (customer.save, unit.save with the version read); a save,
 * a conflict or Esc returns to back. */
void customer_edit_show(struct app *a, const cJSON *customer, const cJSON *unit,
    const struct view_ops *back);
/* screen/intake.c: the operator's call form for a known customer (with
 * their units, as customer.find gives them) and unit (or NULL), both
 * already chosen; asks first when a call is half typed. */
void intake_show_for(struct app *a, const cJSON *customer, const cJSON *unit);
/* screen/contract_edit.c: the form of a new maintenance contract for unit
 * (a unit of customer.get), or of the renewal of contract renews (a
 * contract of customer.get or contract.list; unit NULL); a save or Esc
 * returns to back. */
void contract_edit_show(struct app *a, const cJSON *unit, const cJSON *renews,
    const struct view_ops *back);
/* screen/user_edit.c: the form of user (as user.list gives it), or of a new
 * user when NULL; a save or Esc returns to back. */
void user_edit_show(struct app *a, const cJSON *user, const struct view_ops *back);
/* screen/point_edit.c: the form of a service point (as service_point.list
 * gives it), or of a new one when NULL; a save or Esc returns to back. */
void point_edit_show(struct app *a, const cJSON *point, const struct view_ops *back);
/* screen/cause_edit.c: the form of a fault cause (as cause.list gives it),
 * or of a new one when NULL; a save or Esc returns to back. */
void cause_edit_show(struct app *a, const cJSON *cause, const struct view_ops *back);
/* screen/reveal.c: asks the reason and shows the customer's phones whole
 * (customer.reveal); asks the grounds of a special look-up of their file
 * (lookup.request). */
void reveal_ask(struct app *a, long long customer_id);
void lookup_ask(struct app *a, long long customer_id);

/* screen/route_edit.c: a complaint route (route.get's routes[] member) in
 * the editor, its stages' departments picked from departments (route.get's
 * departments[]); Esc returns to back. */
void route_edit_show(struct app *a, const cJSON *route, const cJSON *departments,
    const struct view_ops *back);
/* screen/parts.c: the form of a catalogue part (NULL: a new one). */
void part_edit_show(struct app *a, const cJSON *part);
/* screen/stock_move.c: parts received at a point (correct false) or a
 * count corrected, of the part of row (stock.list's stock[] member). */
void stock_move_show(struct app *a, bool correct, long long point,
    const char *point_name, const cJSON *row);
/* screen/stock_ledger.c: the stock movements of a point (part_no "") or
 * a part (point 0), or a part at a point; Esc returns to back. */
void stock_ledger_show(struct app *a, long long point, const char *point_name,
    const char *part_no, const struct view_ops *back);

/* screen/monthly.c: a month as typed for the monthly pack: YYYY-MM, a
 * real month (else false with why in words); the month before today's
 * (YYYY-MM-DD), the pack a centre hands in by the 10th. */
bool monthly_month_check(const char *month, char *why, size_t len);
void monthly_default_month(const char *today, char *out, size_t len);

/* screen/recall_units.c: the units of recall (as recall.list gives it), to
 * call and record; Esc returns to back. */
void recall_units_show(struct app *a, const cJSON *recall, const struct view_ops *back);
/* screen/recall_new.c: the form of a new recall; Esc or a save returns to
 * the recall board. */
void recall_new_show(struct app *a);

#endif
