/*
 * widget/kpi.c: the KPIs against their targets (see kpi.h). Whether a
 * target is met is the daemon's word (`met`), never worked out again here:
 * the rule lives once, in the report's SQL.
 */
#include "client/widget/kpi.h"

#include <stdio.h>
#include <string.h>

const char *const kpi_keys[KPI_COUNT] = {
	"arrival_on_time_rate", "mean_repair_hours", "repeat_rate", "visit_rate",
	"satisfaction_rate", "complaint_rate", "timely_reply_rate",
};

enum kpi_state
kpi_state_of(const cJSON *kpi)
{
	const cJSON *met = cJSON_GetObjectItemCaseSensitive(kpi, "met");

	if (cJSON_IsTrue(met))
		return KPI_MET;
	if (cJSON_IsFalse(met))
		return KPI_MISSED;
	return KPI_UNKNOWN;
}

const char *
kpi_label(const char *key)
{
	static const struct { const char *key, *label; } labels[] = {
		{ "arrival_on_time_rate", N_("Arrival on time") },
		{ "mean_repair_hours", N_("Mean repair time") },
		{ "repeat_rate", N_("Repeat repairs") },
		{ "visit_rate", N_("Visit rate") },
		{ "satisfaction_rate", N_("Satisfaction") },
		{ "complaint_rate", N_("Complaint rate") },
		{ "timely_reply_rate", N_("Timely replies") },
	};

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(key, labels[i].key) == 0)
			return _(labels[i].label);
	return key;
}

void
kpi_figure(const char *key, const cJSON *number, char *buf, size_t len)
{
	if (!cJSON_IsNumber(number))
		snprintf(buf, len, "-");
	else if (strcmp(key, "mean_repair_hours") == 0)
		snprintf(buf, len, "%.2f h", number->valuedouble);
	else
		snprintf(buf, len, "%.1f%%", number->valuedouble * 100);
}

void
kpi_line(const cJSON *report, const char *key, int label_w, char *buf, size_t len)
{
	static const char *const sign[] = { "-", "\u2713", "\u2717" };   /* - ✓ ✗ */
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(report, key);
	const char *label = kpi_label(key);
	char value[32], target[32];
	int pad = label_w - ui_text_width(label);

	kpi_figure(key, cJSON_GetObjectItemCaseSensitive(k, "value"), value, sizeof value);
	kpi_figure(key, cJSON_GetObjectItemCaseSensitive(k, "target"), target, sizeof target);
	/* ≤ or ≥ the target: the daemon's `better` */
	snprintf(buf, len, "%s %s%*s %7s  %s %s", sign[kpi_state_of(k)], label,
	    pad > 0 ? pad : 0, "", value,
	    strcmp(ui_jstr(k, "better"), "lower") == 0 ? "\u2264" : "\u2265", target);
}

int
kpi_draw(struct app *a, int y, int x, int width, int columns, const cJSON *report)
{
	int col_w = width / (columns > 0 ? columns : 1), rows = (KPI_COUNT + columns - 1) / columns;
	char line[256];

	for (int i = 0; i < KPI_COUNT; i++) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(report, kpi_keys[i]);
		enum kpi_state st = kpi_state_of(k);

		kpi_line(report, kpi_keys[i], 16, line, sizeof line);
		attrset(st == KPI_MET ? ui_attr(a, UI_C_GOOD) :
		    st == KPI_MISSED ? ui_attr(a, UI_C_ERROR) | A_BOLD : A_NORMAL);
		ui_put(y + i % rows, x + (i / rows) * col_w, col_w - 1, line);
	}
	attrset(A_NORMAL);
	return rows;
}
