/*
 * screen/screens.c: the list of every view, in one place (tig's view list):
 * the main loop gives each its state and its pushes from here.
 */
#include "client/screen/screens.h"

#include <string.h>

const struct view_ops *const ui_views[] = {
	&ui_login_view, &ui_queue_view, &ui_intake_view, &ui_board_view,
	&ui_mine_view, &ui_detail_view, &ui_techpick_view, &ui_repair_view,
	&ui_complete_view, &ui_ledger_view, &ui_inspect_view, &ui_visit_view,
	&ui_survey_view, &ui_complaints_view, &ui_complaint_detail_view,
	&ui_resample_view,
	&ui_complaint_dialog_view, &ui_complaint_intake_view, &ui_stats_view,
	&ui_calls_view, &ui_handover_view, &ui_customer_file_view, &ui_customer_edit_view,
	&ui_search_view, &ui_users_view, &ui_user_edit_view, &ui_points_view,
	&ui_point_edit_view, &ui_audit_view, &ui_lookups_view, &ui_archive_view,
	&ui_approvals_view, &ui_departments_view, &ui_policies_view, &ui_routes_view,
	&ui_route_edit_view, &ui_parts_view, &ui_part_edit_view, &ui_stock_view,
	&ui_stock_move_view, &ui_stock_ledger_view, &ui_recalls_view, &ui_recall_calls_view,
	&ui_recall_units_view, &ui_recall_new_view, &ui_notifications_view, &ui_daily_view,
	&ui_contract_edit_view, &ui_renewals_view, &ui_maintenance_view, &ui_causes_view,
	&ui_cause_edit_view, &ui_monthly_view, NULL
};

/* Each role's screens, in the order F6 goes round them; the first is the
 * one a login opens. */
static const struct {
	const char *role;
	const struct view_ops *screens[20];
} role_screens[] = {
	{ "operator", { &ui_intake_view, &ui_visit_view, &ui_complaint_intake_view,
	    &ui_complaints_view, &ui_calls_view, &ui_notifications_view, &ui_renewals_view,
	    &ui_recall_calls_view, &ui_resample_view, NULL } },
	{ "dispatcher", { &ui_board_view, &ui_inspect_view, &ui_ledger_view,
	    &ui_approvals_view, &ui_stock_view, &ui_maintenance_view, &ui_daily_view,
	    NULL } },
	{ "technician", { &ui_mine_view, &ui_ledger_view, NULL } },
	{ "quality", { &ui_complaints_view, &ui_stats_view, &ui_monthly_view, &ui_queue_view,
	    &ui_lookups_view, &ui_routes_view, &ui_recalls_view, &ui_daily_view, NULL } },
	{ "manager", { &ui_complaints_view, &ui_stats_view, &ui_monthly_view, &ui_queue_view,
	    &ui_users_view,
	    &ui_points_view, &ui_departments_view, &ui_lookups_view, &ui_audit_view,
	    &ui_approvals_view, &ui_policies_view, &ui_routes_view, &ui_parts_view,
	    &ui_stock_view, &ui_notifications_view, &ui_recalls_view, &ui_causes_view,
	    &ui_daily_view, NULL } },
	/* their department's board: the complaint board with its own queues */
	{ "department", { &ui_complaints_view, NULL } },
	{ "admin", { &ui_queue_view, &ui_users_view, &ui_points_view, &ui_departments_view,
	    &ui_audit_view, &ui_archive_view, &ui_policies_view, &ui_routes_view,
	    &ui_parts_view, &ui_stock_view, &ui_notifications_view, &ui_causes_view, NULL } },
};

static const struct view_ops *const *
screens_of(const char *role)
{
	size_t n = sizeof role_screens / sizeof role_screens[0];

	for (size_t i = 0; i < n; i++)
		if (strcmp(role, role_screens[i].role) == 0)
			return role_screens[i].screens;
	return role_screens[n - 1].screens;
}

const struct view_ops *
ui_home_view(const struct app *a)
{
	return screens_of(a->role)[0];
}

const struct view_ops *
ui_next_screen(struct app *a)
{
	const struct view_ops *const *s = screens_of(a->role);
	const struct view_ops *from = a->view;

	if (!a->logged_in || s[1] == NULL)
		return NULL;
	/* from a detail or a form: after the screen it was opened from */
	for (int hops = 0; hops < 4 && from != NULL; hops++) {
		for (int k = 0; s[k] != NULL; k++)
			if (s[k] == from)
				return s[k + 1] != NULL ? s[k + 1] : s[0];
		from = ui_view_of(a, from)->back;
	}
	return s[0];
}
