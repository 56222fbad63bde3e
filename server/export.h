/*
 * export.h: report.export (doc/domain.md, Exports; doc/architecture.md,
 * Exports). A report's answer, as its own op gives it, is turned into
 * tables (export_tables), and the tables into a file: CSV (RFC 4180, UTF-8
 * with a byte order mark) or XLSX (libxlsxwriter, one sheet per table).
 * The file is built on the exporter's worker thread, never on the loop.
 */
#ifndef SVCDESK_EXPORT_H
#define SVCDESK_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

struct event_base;
struct exporter;

enum export_format { EXPORT_CSV, EXPORT_XLSX };
extern const char *const export_format_names[];   /* NULL-terminated */

/*
 * A report's answer as tables: [{name, header: [text], rows: [[cell]]}],
 * cells strings, numbers, booleans or null. Each array of objects is a
 * table (named by its path, "rows" by the report's name), its columns the
 * members of its objects in the order first seen (a nested object's as
 * "a.b"); sibling objects of figures with the same members (report.kpi's
 * indicators {value, target, better, met}) are one table too, a row each
 * named in a first column "name", the table named by their parent's path
 * (the report's name at the top), and so are sibling arrays of figures
 * alike (satisfaction's items, counted by level: columns 1, 2, ...); every
 * other figure is a row (name,
 * value) of a last table "summary", named by its path ("totals.calls").
 */
cJSON *export_tables(const char *report, const cJSON *result);

/* The tables as a file (malloc'd, *size bytes), NULL on failure. */
unsigned char *export_csv(const cJSON *tables, size_t *size);
unsigned char *export_xlsx(const cJSON *tables, size_t *size);

/* The worker: one thread, jobs in order, each answer handed back to the
 * loop through a pipe it watches (as server/auth.c's hasher). */
struct exporter *exporter_new(struct event_base *base);
void exporter_free(struct exporter *x);
/* Builds the file of report from result_json (taken over) on the thread,
 * then calls done on the loop with the file as base64 text (NULL on
 * failure; done frees it). */
typedef void export_done(void *arg, char *base64);
void exporter_run(struct exporter *x, const char *report, enum export_format format,
    char *result_json, export_done *done, void *arg);

#endif
