/*
 * ui/rights.c: what this user may run, op.list's answer kept in app.rights
 * for the screens (declared in ui/ui.h): read after each login, asked by
 * name, and the roles an op is for told in words for a refusal.
 */
#include "client/ui/ui.h"

#include <stdio.h>
#include <string.h>

static const struct op_right *
find(const struct op_rights *r, const char *op)
{
	for (int i = 0; r->known && i < r->n; i++)
		if (strcmp(r->ops[i].name, op) == 0)
			return &r->ops[i];
	return NULL;
}

void
op_rights_take(struct op_rights *r, const cJSON *result)
{
	const cJSON *o, *role;

	r->n = 0;
	cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(result, "ops")) {
		struct op_right *op = &r->ops[r->n];
		if (r->n == OP_RIGHTS_MAX)
			break;
		ui_copy(op->name, sizeof op->name, ui_jstr(o, "name"));
		op->allowed = ui_jbool(o, "allowed");
		op->roles[0] = '\0';
		cJSON_ArrayForEach(role, cJSON_GetObjectItemCaseSensitive(o, "roles"))
			if (cJSON_IsString(role))
				snprintf(op->roles + strlen(op->roles), sizeof op->roles -
				    strlen(op->roles), "%s%s", op->roles[0] ? "," : "",
				    role->valuestring);
		r->n++;
	}
	r->known = true;
}

bool
op_rights_allowed(const struct op_rights *r, const char *op)
{
	const struct op_right *o = find(r, op);

	return o != NULL && o->allowed;
}

const char *
op_rights_roles(const struct op_rights *r, const char *op, char *buf, size_t len)
{
	const struct op_right *o = find(r, op);
	char code[32];
	const char *p;
	size_t n;

	buf[0] = '\0';
	for (p = o != NULL ? o->roles : ""; *p; p += n + (p[n] == ',')) {
		n = strcspn(p, ",");
		snprintf(code, sizeof code, "%.*s", (int)n, p);
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", buf[0] ? _(", ") : "",
		    ui_role_label(code));
	}
	return buf;
}

static void
on_op_list(struct app *a, void *ctx, const cJSON *reply)
{
	struct op_rights *r = ctx;

	r->request = 0;
	if (reply == NULL)
		return;   /* read again after the next login */
	if (!reply_ok(reply)) {
		ui_message(a, true, "%s", _("Cannot read what your role may do; F5 tries again"));
		return;
	}
	op_rights_take(r, reply_result(reply));
	a->dirty = true;
}

void
op_rights_fetch(struct app *a, struct op_rights *r)
{
	int64_t id;

	if (r->request > 0)
		return;
	id = net_request(a, "op.list", cJSON_CreateObject(), on_op_list, r);
	r->request = id > 0 ? id : 0;
}

void
op_rights_clear(struct app *a, struct op_rights *r)
{
	if (r->request > 0)
		net_cancel(a, r->request);
	r->request = 0;
	r->n = 0;
	r->known = false;
}
