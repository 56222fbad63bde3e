/*
 * privacy.c: phones masked per client as a line leaves the daemon; see
 * privacy.h and doc/architecture.md, Security.
 */
/* memmem: _GNU_SOURCE comes from the Makefile */
#include "server/privacy.h"

#include <stdlib.h>
#include <string.h>

#include "common/phone.h"
#include "common/queues.h"
#include "server/server.h"

/* The roles whose work is calling the customer (doc/domain.md, Privacy). */
#define WHOLE_PHONE_ROLES (ROLE_BIT(ROLE_OPERATOR) | ROLE_BIT(ROLE_DISPATCHER))

bool
privacy_masks_role(enum role r)
{
	return !(r >= 0 && r < ROLE_COUNT && (WHOLE_PHONE_ROLES & ROLE_BIT(r)));
}

static const char *
member_text(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A ticket object (it has a number and a state) dispatched to `own` and
 * still open: its technician needs to call the customer. */
static bool
own_open_ticket(const cJSON *o, const char *own)
{
	const char *tech = member_text(o, "technician"), *state = member_text(o, "state");

	return own != NULL && tech != NULL && state != NULL &&
	    member_text(o, "no") != NULL && strcmp(tech, own) == 0 &&
	    ticket_state_open(state);
}

static bool
mask_array(cJSON *phones)
{
	bool changed = false;
	cJSON *p;
	char masked[PHONE_MAX];

	cJSON_ArrayForEach(p, phones) {
		if (!cJSON_IsString(p) || phone_is_masked(p->valuestring))
			continue;
		phone_mask(p->valuestring, masked);
		cJSON_SetValuestring(p, masked);
		changed = true;
	}
	return changed;
}

bool
privacy_mask_json(cJSON *json, const char *own)
{
	bool changed = false;
	cJSON *child;

	if (cJSON_IsObject(json) && own_open_ticket(json, own))
		return false;
	cJSON_ArrayForEach(child, json) {
		if (cJSON_IsArray(child) && child->string != NULL &&
		    strcmp(child->string, "phones") == 0)
			changed |= mask_array(child);
		else if (cJSON_IsObject(child) || cJSON_IsArray(child))
			changed |= privacy_mask_json(child, own);
	}
	return changed;
}

bool
privacy_line(const struct client *c, const char *line, size_t len,
    char **masked, size_t *masked_len)
{
	cJSON *msg;
	char *text = NULL;
	size_t n;

	*masked = NULL;
	*masked_len = 0;
	if (!c->logged_in || !privacy_masks_role(c->role) ||
	    memmem(line, len, "\"phones\"", 8) == NULL)
		return false;
	if ((msg = cJSON_ParseWithLength(line, len)) != NULL &&
	    !privacy_mask_json(msg, c->role == ROLE_TECHNICIAN ? c->user : NULL)) {
		cJSON_Delete(msg);
		return false;   /* only whole phones the client may see */
	}
	if (msg != NULL)
		text = cJSON_PrintUnformatted(msg);
	cJSON_Delete(msg);
	if (text != NULL && (*masked = malloc((n = strlen(text)) + 2)) != NULL) {
		memcpy(*masked, text, n);
		(*masked)[n] = '\n';
		(*masked)[n + 1] = '\0';
		*masked_len = n + 1;
	}
	cJSON_free(text);
	return true;
}
