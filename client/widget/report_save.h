/*
 * widget/report_save.h: the one "save report" step of the report screens
 * (end of day, statistics, monthly pack, doc/domain.md, Exports): asks
 * where to save the report shown, the name proposed from the report and
 * its period; the format follows the name's extension (.csv or .xlsx);
 * report.export builds the file, which is decoded (libsodium) and written
 * there, never over an existing file. The message line says where it
 * went; a refusal or a file that cannot be written stays in the prompt,
 * the name as typed, to be corrected.
 */
#ifndef SVCDESK_WIDGET_REPORT_SAVE_H
#define SVCDESK_WIDGET_REPORT_SAVE_H

#include "client/ui/ui.h"

/* Lives in the screen's state (as long as the client): the prompt's
 * answer comes back to it. */
struct report_save {
	char report[16];       /* report.export's report */
	char args[1024];       /* that report's own args, as JSON text */
	char path[1024];       /* where the file goes */
};

/* Opens the prompt for report with its own args (consumed), the name
 * proposed "<name>.xlsx" in the current directory. */
void report_save_open(struct app *a, struct report_save *s, const char *report,
    cJSON *args, const char *name);

/* For a screen's save key (.when): the user may run report.export. */
bool report_save_allowed(const struct app *a, const struct view *v);

/* "csv" or "xlsx" for a file name by its extension (case aside), NULL for
 * any other. */
const char *report_save_format(const char *path);

#endif
