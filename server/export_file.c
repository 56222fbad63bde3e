/*
 * export_file.c: a report's answer as tables, and tables as a CSV or XLSX
 * file (export.h). Pure work on its arguments: it runs on the exporter's
 * thread and touches nothing shared.
 */
#include "server/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

const char *const export_format_names[] = { "csv", "xlsx", NULL };

#define PATH_MAX_LEN 128

/* ---- the tables */

static void
join_path(char *out, size_t size, const char *path, const char *name)
{
	snprintf(out, size, "%s%s%s", path[0] ? path : "", path[0] ? "." : "", name);
}

/* An array of objects; an empty array is an empty table too (no rows on
 * that day), so that the file still has it. */
static bool
is_table(const cJSON *node)
{
	return cJSON_IsArray(node) && (cJSON_GetArraySize(node) == 0 ||
	    cJSON_IsObject(cJSON_GetArrayItem(node, 0)));
}

/* A figure as a cell: scalars as they are, anything else as its JSON. */
static cJSON *
cell_of(const cJSON *node)
{
	char *text;
	cJSON *cell;

	if (cJSON_IsString(node) || cJSON_IsNumber(node) || cJSON_IsBool(node) ||
	    cJSON_IsNull(node))
		return cJSON_Duplicate(node, false);
	text = cJSON_PrintUnformatted(node);
	cell = cJSON_CreateString(text ? text : "");
	free(text);
	return cell;
}

/* obj's figures into flat as "a.b": value, in order. */
static void
flatten(const cJSON *obj, const char *prefix, cJSON *flat)
{
	const cJSON *m;
	char path[PATH_MAX_LEN];

	cJSON_ArrayForEach(m, obj) {
		join_path(path, sizeof path, prefix, m->string);
		if (cJSON_IsObject(m))
			flatten(m, path, flat);
		else if (!cJSON_HasObjectItem(flat, path))
			cJSON_AddItemToObject(flat, path, cell_of(m));
	}
}

static void
add_table(cJSON *tables, const char *name, const cJSON *array)
{
	cJSON *flats = cJSON_CreateArray(), *header = cJSON_CreateArray(),
	    *rows = cJSON_CreateArray(), *table = cJSON_CreateObject(), *flat, *m;
	const cJSON *e, *h;

	cJSON_ArrayForEach(e, array) {
		flat = cJSON_CreateObject();
		if (cJSON_IsObject(e))
			flatten(e, "", flat);
		cJSON_AddItemToArray(flats, flat);
		cJSON_ArrayForEach(m, flat) {
			bool seen = false;
			cJSON_ArrayForEach(h, header)
				seen = seen || strcmp(h->valuestring, m->string) == 0;
			if (!seen)
				cJSON_AddItemToArray(header, cJSON_CreateString(m->string));
		}
	}
	cJSON_ArrayForEach(flat, flats) {
		cJSON *row = cJSON_CreateArray();
		cJSON_ArrayForEach(h, header) {
			m = cJSON_GetObjectItemCaseSensitive(flat, h->valuestring);
			cJSON_AddItemToArray(row, m ? cJSON_Duplicate(m, false) : cJSON_CreateNull());
		}
		cJSON_AddItemToArray(rows, row);
	}
	cJSON_Delete(flats);
	cJSON_AddStringToObject(table, "name", name);
	cJSON_AddItemToObject(table, "header", header);
	cJSON_AddItemToObject(table, "rows", rows);
	cJSON_AddItemToArray(tables, table);
}

/* The table's name: its path without a last ".rows"; "rows" alone is the
 * report's own table. */
static void
table_name(char *out, size_t size, const char *report, const char *path)
{
	size_t n = strlen(path);

	if (strcmp(path, "rows") == 0)
		snprintf(out, size, "%s", report);
	else if (n > 5 && strcmp(path + n - 5, ".rows") == 0)
		snprintf(out, size, "%.*s", (int)(n - 5), path);
	else
		snprintf(out, size, "%s", path);
}

/* A member's name in a record: an array's members are named by their
 * place, 1 first (satisfaction's items, counted by level). */
static const char *
member_name(const cJSON *m, int i, char *buf, size_t size)
{
	if (m->string != NULL)
		return m->string;
	snprintf(buf, size, "%d", i + 1);
	return buf;
}

/* An object, or an array, of figures alone (no object or array inside). */
static bool
is_record(const cJSON *node)
{
	const cJSON *m;

	if (!(cJSON_IsObject(node) || cJSON_IsArray(node)) || node->child == NULL)
		return false;
	cJSON_ArrayForEach(m, node)
		if (cJSON_IsObject(m) || cJSON_IsArray(m))
			return false;
	return true;
}

/* Records with the same members in the same order. */
static bool
same_members(const cJSON *a, const cJSON *b)
{
	const cJSON *x = a->child, *y = b->child;

	if (cJSON_IsArray(a) != cJSON_IsArray(b))
		return false;
	for (; x != NULL && y != NULL; x = x->next, y = y->next)
		if (x->string != NULL && strcmp(x->string, y->string) != 0)
			return false;
	return x == NULL && y == NULL;
}

/* The first of node's records with rec's members, and how many there are. */
static const cJSON *
first_kin(const cJSON *node, const cJSON *rec, int *count)
{
	const cJSON *m, *first = NULL;

	*count = 0;
	cJSON_ArrayForEach(m, node)
		if (is_record(m) && same_members(m, rec)) {
			first = first ? first : m;
			(*count)++;
		}
	return first;
}

/* Sibling records alike (report.kpi's indicators, each {value, target,
 * better, met}) are one table: a row each, named in a first column. */
static void
add_kin_table(cJSON *tables, const char *name, const cJSON *node, const cJSON *rec)
{
	cJSON *rows = cJSON_CreateArray(), *row;
	const cJSON *m, *f;
	char place[16];
	int i;

	cJSON_ArrayForEach(m, node)
		if (is_record(m) && same_members(m, rec)) {
			row = cJSON_CreateObject();
			cJSON_AddStringToObject(row, "name", m->string);
			i = 0;
			cJSON_ArrayForEach(f, m)
				cJSON_AddItemToObject(row, member_name(f, i++, place, sizeof place),
				    cJSON_Duplicate(f, false));
			cJSON_AddItemToArray(rows, row);
		}
	add_table(tables, name, rows);
	cJSON_Delete(rows);
}

static void
walk(const char *report, const cJSON *node, const char *path, cJSON *tables,
    cJSON *summary)
{
	const cJSON *m, *first;
	char sub[PATH_MAX_LEN], name[PATH_MAX_LEN], place[16];
	int kin = 0, i = 0;

	cJSON_ArrayForEach(m, node) {
		join_path(sub, sizeof sub, path, member_name(m, i++, place, sizeof place));
		if (cJSON_IsObject(node) && is_record(m) &&
		    (first = first_kin(node, m, &kin)) != NULL && kin > 1) {
			if (first == m)
				add_kin_table(tables, path[0] ? path : report, node, m);
		} else if (is_table(m)) {
			table_name(name, sizeof name, report, sub);
			add_table(tables, name, m);
		} else if (cJSON_IsObject(m) || cJSON_IsArray(m))
			walk(report, m, sub, tables, summary);
		else {
			cJSON *row = cJSON_CreateArray();
			cJSON_AddItemToArray(row, cJSON_CreateString(sub));
			cJSON_AddItemToArray(row, cell_of(m));
			cJSON_AddItemToArray(summary, row);
		}
	}
}

cJSON *
export_tables(const char *report, const cJSON *result)
{
	cJSON *tables = cJSON_CreateArray(), *summary = cJSON_CreateArray(), *t;

	walk(report, result, "", tables, summary);
	if (cJSON_GetArraySize(summary) == 0) {
		cJSON_Delete(summary);
		return tables;
	}
	t = cJSON_CreateObject();
	cJSON_AddStringToObject(t, "name", "summary");
	cJSON_AddItemToObject(t, "header", cJSON_CreateStringArray(
	    (const char *const[]){ "name", "value" }, 2));
	cJSON_AddItemToObject(t, "rows", summary);
	cJSON_AddItemToArray(tables, t);
	return tables;
}

/* ---- CSV: RFC 4180 (CRLF, quoted when a field holds a comma, quote or
 * line break, quotes doubled), UTF-8 with a byte order mark so that Excel
 * reads Chinese; the tables one after another, an empty line between. */

static void
csv_field(FILE *f, const cJSON *cell)
{
	const char *s;

	if (cJSON_IsNumber(cell))
		fprintf(f, "%.15g", cell->valuedouble);
	else if (cJSON_IsBool(cell))
		fputs(cJSON_IsTrue(cell) ? "true" : "false", f);
	else if (cJSON_IsString(cell)) {
		s = cell->valuestring;
		/* Text a spreadsheet would take for a formula (a name typed as
		 * "=HYPERLINK(...)") is written with an apostrophe before it, as
		 * OWASP advises: shown as text, never run. Numbers are numbers. */
		bool formula = strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';
		if (strpbrk(s, ",\"\r\n") == NULL) {
			if (formula)
				fputc('\'', f);
			fputs(s, f);
			return;
		}
		fputc('"', f);
		if (formula)
			fputc('\'', f);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	}
}

static void
csv_record(FILE *f, const cJSON *cells)
{
	const cJSON *c;
	bool first = true;

	cJSON_ArrayForEach(c, cells) {
		if (!first)
			fputc(',', f);
		csv_field(f, c);
		first = false;
	}
	fputs("\r\n", f);
}

unsigned char *
export_csv(const cJSON *tables, size_t *size)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, size);
	const cJSON *t, *row;

	if (f == NULL)
		return NULL;
	fputs("\xEF\xBB\xBF", f);
	cJSON_ArrayForEach(t, tables) {
		if (t != tables->child)
			fputs("\r\n", f);
		csv_record(f, cJSON_GetObjectItemCaseSensitive(t, "header"));
		cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(t, "rows"))
			csv_record(f, row);
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return (unsigned char *)buf;
}

/* ---- XLSX: one sheet per table, its header row in bold, numbers as
 * numbers. libxlsxwriter 1.1 writes to a file only: a temporary one, read
 * back and removed at once. */

/* A sheet name Excel takes: at most 31 characters, none of []:*?/\, and
 * unique in the workbook (a number added). */
static void
sheet_name(lxw_workbook *wb, const char *name, char *out, size_t size)
{
	char base[32];
	size_t i;

	snprintf(base, sizeof base, "%.31s", name);
	for (i = 0; base[i]; i++)
		if (strchr("[]:*?/\\", base[i]) != NULL)
			base[i] = '_';
	snprintf(out, size, "%s", base);
	for (int n = 2; workbook_get_worksheet_by_name(wb, out) != NULL; n++)
		snprintf(out, size, "%.27s %d", base, n);
}

static void
xlsx_cell(lxw_worksheet *ws, int r, int c, const cJSON *cell, lxw_format *fmt)
{
	if (cJSON_IsNumber(cell))
		worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, cell->valuedouble, fmt);
	else if (cJSON_IsBool(cell))
		worksheet_write_boolean(ws, (lxw_row_t)r, (lxw_col_t)c, cJSON_IsTrue(cell), fmt);
	else if (cJSON_IsString(cell))
		worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, cell->valuestring, fmt);
}

static void
xlsx_sheet(lxw_workbook *wb, const cJSON *table, lxw_format *bold)
{
	char name[40];
	lxw_worksheet *ws;
	const cJSON *row, *cell;
	int r = 0, c;

	sheet_name(wb, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(table, "name")),
	    name, sizeof name);
	ws = workbook_add_worksheet(wb, name);
	c = 0;
	cJSON_ArrayForEach(cell, cJSON_GetObjectItemCaseSensitive(table, "header"))
		xlsx_cell(ws, r, c++, cell, bold);
	worksheet_set_column(ws, 0, (lxw_col_t)(c > 0 ? c - 1 : 0), 14, NULL);
	cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(table, "rows")) {
		r++;
		c = 0;
		cJSON_ArrayForEach(cell, row)
			xlsx_cell(ws, r, c++, cell, NULL);
	}
}

/* The whole file at path (malloc'd), NULL on failure. */
static unsigned char *
read_whole(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n)) != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	if (buf != NULL)
		*size = (size_t)n;
	fclose(f);
	return buf;
}

unsigned char *
export_xlsx(const cJSON *tables, size_t *size)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	lxw_workbook *wb;
	lxw_format *bold;
	const cJSON *t;
	unsigned char *buf = NULL;
	int fd;

	snprintf(path, sizeof path, "%s/svcdesk-export-XXXXXX", dir && dir[0] ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return NULL;
	close(fd);
	if ((wb = workbook_new(path)) != NULL) {
		bold = workbook_add_format(wb);
		format_set_bold(bold);
		cJSON_ArrayForEach(t, tables)
			xlsx_sheet(wb, t, bold);
		if (cJSON_GetArraySize(tables) == 0)
			workbook_add_worksheet(wb, NULL);   /* a workbook has a sheet */
		if (workbook_close(wb) == LXW_NO_ERROR)
			buf = read_whole(path, size);
	}
	unlink(path);
	return buf;
}
