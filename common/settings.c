/*
 * settings.c: the table of settings declared in settings.h. The seeds'
 * "defaults" (doc/domain.md cites each): change one here and in
 * sql/015_settings.sql's seed together, or test_policy fails.
 */
#include "common/settings.h"

#include <string.h>

#define N_(s) (s)   /* a label or unit, for the client's translation (po/) */

const struct setting_def setting_defs[] = {
	{ "repeat_window_days", 1, 3650, 90, N_("days"),
	  N_("Repeat repair window") },
	{ "default_warranty_months", 0, 120, 12, N_("months"),
	  N_("Default warranty") },
	{ "markup_cap_percent", 0, 100, 16, N_("%"),
	  N_("Parts markup cap") },
	{ "unsatisfied_score", 0, 100, 80, N_("points"),
	  N_("Unsatisfied below") },
	{ "major_stage_hours", 1, 72, 1, N_("hours"),
	  N_("Major incident stage") },
	{ "overdue_penalty_per_day", 0, 10000000, 5000, N_("fen"),
	  N_("Late stage, per day") },
	{ "penalty_warning_min", 0, 10000000, 40000, N_("fen"),
	  N_("Warning, at least") },
	{ "penalty_minor_min", 0, 10000000, 80000, N_("fen"),
	  N_("Minor demerit, at least") },
	{ "penalty_month_cap_percent", 1, 100, 50, N_("%"),
	  N_("Deducted a month, at most") },
	{ "visit_resample_percent", 0, 100, 15, N_("%"),
	  N_("Return visits resampled") },
	{ "contract_notice_days", 1, 365, 30, N_("days"),
	  N_("Contract expiry notice") },
	{ "contract_visits_per_year", 1, 12, 2, N_("visits"),
	  N_("Maintenance visits a year") },
	{ "recall_notify_hours", 1, 168, 4, N_("hours"),
	  N_("Recall notice") },
	{ "recall_notify_hours_sunday", 1, 168, 6, N_("hours"),
	  N_("Recall notice, Sunday") },
	{ "complaint_rate_limit_percent", 0, 100, 8, N_("%"),
	  N_("Complaint rate limit") },
	{ "target_arrival_on_time_percent", 0, 100, 100, N_("%"),
	  N_("Arrival on time, target") },
	{ "target_repair_hours", 1, 720, 48, N_("hours"),
	  N_("Repair time, target") },
	{ "target_repeat_percent", 0, 100, 0, N_("%"),
	  N_("Repeat repairs, at most") },
	{ "target_visit_percent", 0, 100, 100, N_("%"),
	  N_("Return visits, target") },
	{ "target_satisfaction_percent", 0, 100, 98, N_("%"),
	  N_("Satisfaction, target") },
	{ "target_timely_reply_percent", 0, 100, 100, N_("%"),
	  N_("Timely replies, target") },
	{ "retention_years", 1, 50, 3, N_("years"),
	  N_("Records kept") },
	{ "notify_max_attempts", 1, 50, 5, N_("attempts"),
	  N_("Message attempts") },
	{ "notify_backoff_seconds", 1, 86400, 60, N_("seconds"),
	  N_("Message retry after") },
	{ "session_resume_hours", 0, 720, 12, N_("hours"),
	  N_("Session resume") },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const char *const approval_role_names[] = {
	"supervisor", "regional_manager", "aftersales_manager", NULL
};

const struct setting_def *
setting_find(const char *key)
{
	for (const struct setting_def *d = setting_defs; key != NULL && d->key != NULL; d++)
		if (strcmp(d->key, key) == 0)
			return d;
	return NULL;
}
