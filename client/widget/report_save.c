/*
 * widget/report_save.c: the "save report" step; see report_save.h.
 */
#include "client/widget/report_save.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sodium.h>

const char *
report_save_format(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot == NULL || dot == path || dot[-1] == '/')
		return NULL;
	if (strcasecmp(dot, ".csv") == 0)
		return "csv";
	if (strcasecmp(dot, ".xlsx") == 0)
		return "xlsx";
	return NULL;
}

/* Writes the file's bytes to path, a new file; false with why (naming the
 * file without its folders, which the prompt above shows, so that it fits). */
static bool
write_new(const char *path, const unsigned char *bytes, size_t size, char *why,
    size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t done = 0;
	ssize_t n;

	if (fd < 0 && errno == EEXIST) {
		snprintf(why, len, _("%s exists already: choose another name"), base);
		return false;
	}
	if (fd < 0) {
		snprintf(why, len, _("Cannot write %s: %s"), base, strerror(errno));
		return false;
	}
	while (done < size && (n = write(fd, bytes + done, size - done)) > 0)
		done += (size_t)n;
	if (done < size || close(fd) != 0) {
		snprintf(why, len, _("Cannot write %s: %s"), base, strerror(errno));
		if (done < size)
			close(fd);
		unlink(path);
		return false;
	}
	return true;
}

/* The answer's content_base64 decoded and written to s->path. */
static bool
save_file(const struct report_save *s, const cJSON *result, char *why, size_t len)
{
	const char *b64 = ui_jstr(result, "content_base64");
	size_t n = strlen(b64), size = 0;
	unsigned char *bytes = malloc(n / 4 * 3 + 3);
	bool ok;

	if (bytes == NULL || sodium_base642bin(bytes, n / 4 * 3 + 3, b64, n, NULL, &size, NULL,
	    sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(bytes);
		ui_copy(why, len, _("The daemon's file could not be read"));
		return false;
	}
	ok = write_new(s->path, bytes, size, why, len);
	free(bytes);
	return ok;
}

static void
on_exported(struct app *a, void *ctx, const cJSON *reply)
{
	struct overlay *o = ctx;
	const struct report_save *s = ui_overlay_ctx(o);
	char why[1400], where[PATH_MAX];

	if (reply == NULL) {
		ui_prompt_error(a, o, "%s", _("The connection dropped: nothing was saved"));
		return;
	}
	if (!ui_prompt_answered(a, o, reply))
		return;
	if (!save_file(s, reply_result(reply), why, sizeof why)) {
		ui_prompt_error(a, o, "%s", why);
		return;
	}
	ui_prompt_close(a, o);
	ui_message(a, false, _("Report saved to %s"),
	    realpath(s->path, where) ? where : s->path);
}

static void
on_path(struct app *a, struct overlay *o, void *ctx, const char *text)
{
	struct report_save *s = ctx;
	const char *format = report_save_format(text);
	cJSON *args;

	if (format == NULL) {
		ui_prompt_error(a, o, "%s", _("The name must end in .csv or .xlsx"));
		return;
	}
	if ((args = cJSON_Parse(s->args)) == NULL)
		args = cJSON_CreateObject();
	ui_copy(s->path, sizeof s->path, text);
	cJSON_AddStringToObject(args, "report", s->report);
	cJSON_AddStringToObject(args, "format", format);
	ui_prompt_wait(a, o, net_request(a, "report.export", args, on_exported, o));
}

void
report_save_open(struct app *a, struct report_save *s, const char *report,
    cJSON *args, const char *name)
{
	char *text = cJSON_PrintUnformatted(args);
	char initial[256];

	ui_copy(s->report, sizeof s->report, report);
	ui_copy(s->args, sizeof s->args, text ? text : "{}");
	free(text);
	cJSON_Delete(args);
	snprintf(initial, sizeof initial, "%s.xlsx", name);
	ui_prompt(a, _("Save the report"), _("File (.csv or .xlsx)"), initial, on_path, s, 0);
}

bool
report_save_allowed(const struct app *a, const struct view *v)
{
	(void)v;
	return op_rights_allowed(&a->rights, "report.export");
}
