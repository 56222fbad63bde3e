/*
 * widget/kpi.h: the ticket and complaint KPIs of report.kpi (also the
 * monthly pack's kpi), each against its target: green with ✓ when met, red
 * with ✗ when not, plain with "-" when nothing was counted, so that the
 * sign reads without colour. The statistics and the monthly pack draw them
 * the same way from here.
 */
#ifndef SVCDESK_KPI_H
#define SVCDESK_KPI_H

#include "client/ui/ui.h"

/* The KPIs shown, in order, as report.kpi names them (each an object
 * {value, target, better, met}). */
#define KPI_COUNT 7
extern const char *const kpi_keys[KPI_COUNT];

enum kpi_state { KPI_UNKNOWN, KPI_MET, KPI_MISSED };

/* Whether a KPI object met its target (its `met`; null or absent:
 * unknown). */
enum kpi_state kpi_state_of(const cJSON *kpi);

/* The KPI's name in words. */
const char *kpi_label(const char *key);

/* A figure of a KPI as shown: a rate (fraction 0..1) as "92.5%", the
 * mean repair hours as "3.50 h"; "-" for null. */
void kpi_figure(const char *key, const cJSON *number, char *buf, size_t len);

/* One KPI's line without its colour: "✓ Arrival on time    92.5%  ≥ 95.0%"
 * (the label padded to label_w columns). */
void kpi_line(const cJSON *report, const char *key, int label_w, char *buf, size_t len);

/* Draws the KPIs of report in columns of width/columns from (y, x);
 * returns the lines used. */
int kpi_draw(struct app *a, int y, int x, int width, int columns, const cJSON *report);

#endif
