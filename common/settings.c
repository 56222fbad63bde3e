/*
 * settings.c: the table of settings declared in settings.h. The seeds'
 * "defaults" (doc/domain.md cites each): change one here and in
 * sql/015_settings.sql's seed together, or test_policy fails.
 */
#include "common/settings.h"

#include <string.h>

const struct setting_def setting_defs[] = {
	{ "repeat_window_days", 1, 3650, 90, "days",
	  "Repeat repair window" },
	{ "default_warranty_months", 0, 120, 12, "months",
	  "Default warranty" },
	{ "markup_cap_percent", 0, 100, 16, "%",
	  "Parts markup cap" },
	{ "unsatisfied_score", 0, 100, 80, "points",
	  "Unsatisfied below" },
	{ "major_stage_hours", 1, 72, 1, "hours",
	  "Major incident stage" },
	{ "overdue_penalty_per_day", 0, 10000000, 5000, "fen",
	  "Late stage, per day" },
	{ "penalty_warning_min", 0, 10000000, 40000, "fen",
	  "Warning, at least" },
	{ "penalty_minor_min", 0, 10000000, 80000, "fen",
	  "Minor demerit, at least" },
	{ "penalty_month_cap_percent", 1, 100, 50, "%",
	  "Deducted a month, at most" },
	{ "visit_resample_percent", 0, 100, 15, "%",
	  "Return visits resampled" },
	{ "contract_notice_days", 1, 365, 30, "days",
	  "Contract expiry notice" },
	{ "contract_visits_per_year", 1, 12, 2, "visits",
	  "Maintenance visits a year" },
	{ "recall_notify_hours", 1, 168, 4, "hours",
	  "Recall notice" },
	{ "recall_notify_hours_sunday", 1, 168, 6, "hours",
	  "Recall notice, Sunday" },
	{ "complaint_rate_limit_percent", 0, 100, 8, "%",
	  "Complaint rate limit" },
	{ "retention_years", 1, 50, 3, "years",
	  "Records kept" },
	{ NULL, 0, 0, 0, NULL, NULL },
};

const struct setting_def *
setting_find(const char *key)
{
	for (const struct setting_def *d = setting_defs; key != NULL && d->key != NULL; d++)
		if (strcmp(d->key, key) == 0)
			return d;
	return NULL;
}
