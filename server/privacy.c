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

/* ---- the same over the text, for the roles that see every phone masked:
 * no tree, the line copied once and each phone masked where it stands
 * (a masked phone is as long as the phone). Measured on a ticket.list page
 * of 200 tickets (186 kB): the tree's parse and print took 18 ms, this
 * scan well under one. */

static size_t
skip_blanks(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* The end of the string whose content starts at i (its closing quote). */
static size_t
string_end(const char *s, size_t len, size_t i)
{
	const char *q;
	size_t k;

	while (i < len && (q = memchr(s + i, '"', len - i)) != NULL) {
		i = (size_t)(q - s);
		for (k = 0; k < i && s[i - k - 1] == '\\'; k++)
			;
		if (k % 2 == 0)
			return i;   /* not escaped */
		i++;
	}
	return len;
}

/* One phone's text in place: phone_mask when it is a phone, else stars. */
static bool
mask_in_place(char *p, size_t n)
{
	char in[PHONE_MAX], masked[PHONE_MAX];

	if (memchr(p, '*', n) != NULL)
		return false;   /* masked already */
	if (n < PHONE_MAX && memchr(p, '\\', n) == NULL) {
		memcpy(in, p, n);
		in[n] = '\0';
		phone_mask(in, masked);
		if (strlen(masked) == n) {
			memcpy(p, masked, n);
			return true;
		}
	}
	memset(p, '*', n);
	return true;
}

/* The strings of the array whose elements start at i; returns where the
 * scan goes on. */
static size_t
mask_array_text(char *s, size_t len, size_t i, bool *changed)
{
	for (;;) {
		i = skip_blanks(s, len, i);
		if (i >= len || s[i] == ']')
			return i;
		if (s[i] == '"') {
			size_t end = string_end(s, len, i + 1);
			*changed |= mask_in_place(s + i + 1, end - i - 1);
			i = end + 1;
		} else if (s[i] == ',')
			i++;
		else if (s[i] == '{' || s[i] == '[')
			return i;   /* not a phone: the general scan reads it */
		else
			while (i < len && s[i] != ',' && s[i] != ']')
				i++;
	}
}

/* Every "phones" member's array in JSON text s, masked in place. */
static bool
mask_text(char *s, size_t len)
{
	bool changed = false;
	size_t i = 0, start, end, j;

	while (i < len) {
		const char *q = memchr(s + i, '"', len - i);
		if (q == NULL)
			break;
		start = (size_t)(q - s) + 1;
		end = string_end(s, len, start);
		i = end + 1;
		if (end - start != 6 || memcmp(s + start, "phones", 6) != 0)
			continue;
		j = skip_blanks(s, len, i);
		if (j < len && s[j] == ':' && (j = skip_blanks(s, len, j + 1)) < len &&
		    s[j] == '[')
			i = mask_array_text(s, len, j + 1, &changed);
	}
	return changed;
}

/* For a technician the tree: whether a ticket is their own open one is
 * read from members on either side of its customer. Their lines are their
 * own tickets, a few. */
static bool
mask_tree(const struct client *c, const char *line, size_t len, char **masked,
    size_t *masked_len)
{
	cJSON *msg;
	char *text = NULL;
	size_t n;

	if ((msg = cJSON_ParseWithLength(line, len)) != NULL &&
	    !privacy_mask_json(msg, c->user)) {
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

bool
privacy_line(const struct client *c, const char *line, size_t len,
    char **masked, size_t *masked_len)
{
	*masked = NULL;
	*masked_len = 0;
	if (!c->logged_in || !privacy_masks_role(c->role) ||
	    memmem(line, len, "\"phones\"", 8) == NULL)
		return false;
	if (c->role == ROLE_TECHNICIAN)
		return mask_tree(c, line, len, masked, masked_len);
	if ((*masked = malloc(len + 1)) == NULL)
		return true;   /* nothing sent rather than phones whole */
	memcpy(*masked, line, len);
	(*masked)[len] = '\0';
	if (!mask_text(*masked, len)) {
		free(*masked);
		*masked = NULL;
		return false;
	}
	*masked_len = len;
	return true;
}
