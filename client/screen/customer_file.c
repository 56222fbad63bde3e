/*
 * screen/customer_file.c: the customer's file (顾客档案), read with
 * customer.get (an audited read): who the customer is, then one list of
 * their units and their whole history, tickets and complaints together,
 * newest first. Above the list, what a call about the selected row's unit
 * would give today (the daemon's entitlements, widget/entitlements.h).
 * Their maintenance contracts follow the units (c adds one for the
 * selected row's unit, n renews the selected contract: screen/
 * contract_edit.c). Enter opens a ticket's or a complaint's detail, or edits a unit; e edits
 * the customer, u the selected row's unit (screen/customer_edit.c, with
 * the record's version: a change made meanwhile by someone else is said
 * in words and the file read again). F8 registers a new call, F7 a
 * complaint, with the customer and the unit already chosen. Opened with
 * customer_file_show from the intake (Ctrl-O) or a search; Esc goes back.
 */
#include "client/screen/screens.h"
#include "client/screen/complaints.h"
#include "client/widget/entitlements.h"
#include "client/widget/table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/phone.h"

enum row_kind { ROW_UNIT, ROW_CONTRACT, ROW_TICKET, ROW_COMPLAINT };

/* One row of the list: a unit, a contract, a ticket or a complaint of f->obj. */
struct file_row {
	enum row_kind kind;
	const cJSON *obj;
};

struct customer_file {
	long long id;
	int64_t get_id;       /* the read in flight, or 0 */
	cJSON *obj;           /* the last answer's result, or NULL */
	char error[512];
	struct file_row *rows;
	size_t nrows, cap;
	struct table table;
	bool ready;           /* the table is set up */
};

#define HEAD_LINES 5      /* name, phones, address, the unit's rights (2) */

static struct customer_file *
file_of(struct app *a)
{
	return ui_view_of(a, &ui_customer_file_view)->priv;
}

/* ---- the rows */

static void
add_row(struct customer_file *f, enum row_kind kind, const cJSON *obj)
{
	if (f->nrows == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		f->rows = realloc(f->rows, f->cap * sizeof *f->rows);
		if (f->rows == NULL)
			abort();
	}
	f->rows[f->nrows++] = (struct file_row){ kind, obj };
}

static time_t
created(const cJSON *o)
{
	time_t t = 0;

	ui_parse_time(ui_jstr(o, "created_at"), &t, NULL);
	return t;
}

/* The units and contracts, then tickets and complaints merged newest first
 * (each list comes newest first). */
static void
make_rows(struct customer_file *f)
{
	const cJSON *units = cJSON_GetObjectItemCaseSensitive(f->obj, "units"), *u;
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(f->obj, "tickets");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(f->obj, "complaints");

	f->nrows = 0;
	cJSON_ArrayForEach(u, units)
		add_row(f, ROW_UNIT, u);
	cJSON_ArrayForEach(u, cJSON_GetObjectItemCaseSensitive(f->obj, "contracts"))
		add_row(f, ROW_CONTRACT, u);
	t = t != NULL ? t->child : NULL;
	c = c != NULL ? c->child : NULL;
	while (t != NULL || c != NULL) {
		if (c == NULL || (t != NULL && created(t) >= created(c))) {
			add_row(f, ROW_TICKET, t);
			t = t->next;
		} else {
			add_row(f, ROW_COMPLAINT, c);
			c = c->next;
		}
	}
}

/* The unit (of the file) with this id, or NULL. */
static const cJSON *
unit_by_id(const struct customer_file *f, int64_t id)
{
	const cJSON *u;

	cJSON_ArrayForEach(u, cJSON_GetObjectItemCaseSensitive(f->obj, "units"))
		if (ui_jint(u, "id", 0) == id)
			return u;
	return NULL;
}

/* The ticket (of the file) with this number, or NULL. */
static const cJSON *
ticket_by_no(const struct customer_file *f, const char *no)
{
	const cJSON *t;

	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(f->obj, "tickets"))
		if (no[0] && strcmp(ui_jstr(t, "no"), no) == 0)
			return t;
	return NULL;
}

/* The unit a row is about: itself, a contract's, a ticket's, a complaint's
 * ticket's, or NULL. */
static const cJSON *
row_unit(const struct customer_file *f, const struct file_row *r)
{
	const cJSON *t = r->kind == ROW_TICKET ? r->obj : r->kind == ROW_COMPLAINT ?
	    ticket_by_no(f, ui_jstr(r->obj, "ticket_no")) : NULL;

	if (r->kind == ROW_UNIT)
		return r->obj;
	if (r->kind == ROW_CONTRACT)
		return unit_by_id(f, ui_jint(r->obj, "unit_id", 0));
	return t != NULL ? unit_by_id(f, ui_jint(cJSON_GetObjectItemCaseSensitive(t, "unit"),
	    "id", 0)) : NULL;
}

/* The customer with their units, as customer.find gives them (for the
 * call and complaint forms' pickers): the file without its history. */
static cJSON *
customer_only(const cJSON *file)
{
	cJSON *c = cJSON_Duplicate(file, true);

	cJSON_DeleteItemFromObjectCaseSensitive(c, "tickets");
	cJSON_DeleteItemFromObjectCaseSensitive(c, "complaints");
	cJSON_DeleteItemFromObjectCaseSensitive(c, "contracts");
	return c;
}

static const struct file_row *
selected(const struct customer_file *f)
{
	size_t k;

	return f->obj != NULL && table_selected(&f->table, &k) && k < f->nrows ?
	    &f->rows[k] : NULL;
}

/* ---- the list's cells */

static const struct table_column file_cols[] = {
	{ N_("Kind"), 9, 0, false, false },
	{ N_("Number"), 12, 0, false, false },
	{ N_("Date"), 10, 1, false, false },
	{ N_("State"), 14, 0, false, false },
	{ N_("Details"), 0, 0, false, false },
};

static size_t
src_count(const void *data)
{
	return ((const struct customer_file *)data)->nrows;
}

/* A unit's standing by the class a call about it gets today. */
static const char *
unit_state(const char *service_class)
{
	switch (service_class[0]) {
	case 'B': return _("under contract");
	case 'C': return _("in warranty");
	case 'A': return _("warranty over");
	default: return service_class;
	}
}

/* The unit's refund and exchange certificates first ("refund RF2612060001;
 * "), so that a narrow screen cuts the model and not them; "" for none. */
static size_t
unit_certificates(const cJSON *e, char *buf, size_t len)
{
	const cJSON *c;
	size_t n = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(e, "certificates")) {
		n += (size_t)snprintf(buf + n, len - n, "%s %s; ",
		    label_certificate(ui_jstr(c, "kind")), ui_jstr(c, "no"));
		if (n >= len)
			return len - 1;
	}
	return n;
}

static void
unit_cell(const cJSON *u, int col, char *buf, size_t len)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(u, "entitlements");
	char warranty[64];
	size_t n;

	switch (col) {
	case 0: snprintf(buf, len, "%s", _("Unit")); break;
	case 1: snprintf(buf, len, "%s", ui_jstr(u, "serial")); break;
	case 2: snprintf(buf, len, "%s", ui_jstr(u, "purchase_date")); break;
	case 3: snprintf(buf, len, "%s", unit_state(ui_jstr(e, "service_class"))); break;
	default:   /* a contract before the warranty: it decides the class */
		entitlement_warranty(e, warranty, sizeof warranty);
		n = unit_certificates(e, buf, len);
		if (ui_jstr(u, "contract_end")[0])
			snprintf(buf + n, len - n, _("%s; contract until %s; warranty %s"),
			    ui_jstr(u, "model"), ui_jstr(u, "contract_end"), warranty);
		else
			snprintf(buf + n, len - n, _("%s; warranty %s"), ui_jstr(u, "model"),
			    warranty);
	}
}

/* "until 2027-05-31: KFR-35GW SN0001; next visit 2026-12-20; renews 12":
 * the end first, which a narrow screen keeps. */
static void
contract_cell(const cJSON *k, int col, char *buf, size_t len)
{
	size_t n;

	switch (col) {
	case 0: snprintf(buf, len, "%s", _("Contract")); break;
	case 1: snprintf(buf, len, "%lld", (long long)ui_jint(k, "id", 0)); break;
	case 2: snprintf(buf, len, "%s", ui_jstr(k, "starts")); break;
	case 3: snprintf(buf, len, "%s", label_contract_state(ui_jstr(k, "state"))); break;
	default:
		n = (size_t)snprintf(buf, len, _("until %s: %s %s"), ui_jstr(k, "ends"),
		    ui_jstr(k, "model"), ui_jstr(k, "serial"));
		if (n < len && ui_jstr(k, "next_visit")[0])
			n += (size_t)snprintf(buf + n, len - n, _("; next visit %s"),
			    ui_jstr(k, "next_visit"));
		if (n < len && ui_jint(k, "renews", 0) > 0)
			snprintf(buf + n, len - n, _("; renews %lld"),
			    (long long)ui_jint(k, "renews", 0));
	}
}

/* The type, the fault, a repeat and the three-guarantee flags. */
static void
ticket_details(const cJSON *t, char *buf, size_t len)
{
	const cJSON *g = cJSON_GetObjectItemCaseSensitive(t, "guarantee");
	size_t n = (size_t)snprintf(buf, len, "%s: %s", label_type(ui_jstr(t, "type")),
	    ui_jstr(t, "fault"));

	if (n < len && ui_jstr(t, "repeat_of")[0])
		n += (size_t)snprintf(buf + n, len - n, _("; repeat of %s"), ui_jstr(t, "repeat_of"));
	if (n < len && ui_jbool(g, "refund"))
		snprintf(buf + n, len - n, "%s", _("; refund"));
	else if (n < len && ui_jbool(g, "exchange"))
		snprintf(buf + n, len - n, "%s", _("; exchange"));
}

static void
history_cell(const struct file_row *r, int col, char *buf, size_t len)
{
	bool ticket = r->kind == ROW_TICKET;

	switch (col) {
	case 0: snprintf(buf, len, "%s", ticket ? _("Ticket") : _("Complaint")); break;
	case 1: snprintf(buf, len, "%s", ui_jstr(r->obj, "no")); break;
	case 2: snprintf(buf, len, "%.10s", ui_jstr(r->obj, "created_at")); break;
	case 3:
		snprintf(buf, len, "%s", ticket ? label_ticket_state(ui_jstr(r->obj, "state")) :
		    label_complaint_state(ui_jstr(r->obj, "state")));
		break;
	default:
		if (ticket)
			ticket_details(r->obj, buf, len);
		else if (ui_jstr(r->obj, "ticket_no")[0])
			snprintf(buf, len, _("%s (ticket %s)"), ui_jstr(r->obj, "text"),
			    ui_jstr(r->obj, "ticket_no"));
		else
			snprintf(buf, len, "%s", ui_jstr(r->obj, "text"));
	}
}

static void
src_cell(const struct app *a, const void *data, size_t row, int col, char *buf,
    size_t len)
{
	const struct file_row *r = &((const struct customer_file *)data)->rows[row];

	(void)a;
	if (r->kind == ROW_UNIT)
		unit_cell(r->obj, col, buf, len);
	else if (r->kind == ROW_CONTRACT)
		contract_cell(r->obj, col, buf, len);
	else
		history_cell(r, col, buf, len);
}

static void
src_key(const void *data, size_t row, char *buf, size_t len)
{
	const struct file_row *r = &((const struct customer_file *)data)->rows[row];

	if (r->kind == ROW_UNIT)
		snprintf(buf, len, "unit:%lld", (long long)ui_jint(r->obj, "id", 0));
	else if (r->kind == ROW_CONTRACT)
		snprintf(buf, len, "contract:%lld", (long long)ui_jint(r->obj, "id", 0));
	else
		snprintf(buf, len, "%s", ui_jstr(r->obj, "no"));
}

static const struct table_source file_source = {
	.count = src_count, .cell = src_cell, .key = src_key,
};

/* ---- reading */

static void
file_forget(struct customer_file *f)
{
	cJSON_Delete(f->obj);
	f->obj = NULL;
	f->nrows = 0;
	if (f->ready)
		table_refresh(&f->table, NULL);
}

static void
on_file(struct app *a, void *ctx, const cJSON *reply)
{
	struct customer_file *f = ctx;

	f->get_id = 0;
	a->dirty = true;
	if (reply == NULL) {
		ui_copy(f->error, sizeof f->error, _("The connection dropped: the file is "
		    "read again once it is back"));
		return;
	}
	if (!reply_ok(reply)) {
		net_error_text(reply, f->error, sizeof f->error);
		file_forget(f);
		return;
	}
	cJSON_Delete(f->obj);
	f->obj = cJSON_Duplicate(reply_result(reply), true);
	f->error[0] = '\0';
	make_rows(f);
	table_refresh(&f->table, a);
}

static void
file_fetch(struct app *a, struct customer_file *f)
{
	cJSON *args = cJSON_CreateObject();

	if (f->get_id > 0)
		net_cancel(a, f->get_id);
	cJSON_AddNumberToObject(args, "id", (double)f->id);
	f->get_id = net_request(a, "customer.get", args, on_file, f);
	if (f->get_id < 0) {
		f->get_id = 0;
		ui_copy(f->error, sizeof f->error, _("Not connected: the file is read once "
		    "the connection is back"));
	}
}

void
customer_file_show(struct app *a, long long id, const struct view_ops *back)
{
	struct customer_file *f = file_of(a);

	if (!f->ready) {
		table_init(&f->table, file_cols, (int)(sizeof file_cols / sizeof file_cols[0]),
		    &file_source, f);
		f->ready = true;
	}
	if (f->id != id) {
		file_forget(f);
		f->error[0] = '\0';
		f->id = id;
	}
	ui_show(a, &ui_customer_file_view, back);
}

/* Opened, or back from a detail or a form it opened: the file as it is now. */
static void
file_enter(struct app *a, struct view *v)
{
	struct customer_file *f = v->priv;

	if (a->logged_in && f->id > 0)
		file_fetch(a, f);
}

/* ---- drawing */

static void
draw_title(struct app *a, const struct customer_file *f, int y)
{
	char buf[256];

	if (f->obj != NULL)
		snprintf(buf, sizeof buf, _("Customer file: %s (no. %lld)"),
		    ui_jstr(f->obj, "name"), f->id);
	else
		snprintf(buf, sizeof buf, _("Customer file no. %lld"), f->id);
	attrset(ui_attr(a, UI_C_TITLE));
	ui_put(y, 1, COLS - 2, buf);
	attrset(A_NORMAL);
	if (f->get_id > 0)
		ui_put_right(y, COLS / 2, COLS - COLS / 2 - 1, _("Loading..."));
}

/* "Label  value" in w columns from x. */
static void
draw_field(int y, int x, int w, const char *label, const char *value)
{
	int lw = ui_text_width(label) + 2;

	attrset(A_BOLD);
	ui_put(y, x, lw, label);
	attrset(A_NORMAL);
	ui_put(y, x + lw, w - lw, value[0] ? value : "-");
}

static void
draw_customer(const struct customer_file *f, int y)
{
	const cJSON *c = f->obj;
	int half = COLS / 2 + 8;
	char phones[256];

	char region[64];

	ui_jjoin(c, "phones", phones, sizeof phones);
	if (ui_jbool(c, "abroad"))
		/* TRANSLATORS: a customer's region, then that they live abroad. */
		snprintf(region, sizeof region, _("%s, abroad"), label_region(ui_jstr(c, "region")));
	else
		ui_copy(region, sizeof region, label_region(ui_jstr(c, "region")));
	draw_field(y, 1, half - 2, _("Phones"), phones);
	draw_field(y, half, COLS - half - 1, _("Region"), region);
	draw_field(y + 1, 1, half - 2, _("Address"), ui_jstr(c, "address"));
	/* Where messages go instead of SMS (issue 14), "-" for none. */
	draw_field(y + 1, half, COLS - half - 1, _("E-mail"), ui_jstr(c, "email"));
}

/* What a call about the selected row's unit would give today. */
static void
draw_rights(struct app *a, const struct customer_file *f, int y)
{
	const struct file_row *r = selected(f);
	const cJSON *u = r != NULL ? row_unit(f, r) : NULL;
	struct ent_words w = { .n = 0 };
	char lead[160];

	if (u == NULL) {
		attrset(A_DIM);
		ui_put(y, 1, COLS - 2, _("Select a unit or a ticket to see what a call about "
		    "its unit gives today"));
		attrset(A_NORMAL);
		return;
	}
	entitlement_words(cJSON_GetObjectItemCaseSensitive(u, "entitlements"), true, &w);
	snprintf(lead, sizeof lead, _("%s today:"), ui_jstr(u, "serial"));
	entitlement_draw(a, lead, &w, y, 2, ui_attr(a, UI_C_STATUS) | A_BOLD);
}

static void
file_paint(struct app *a, struct view *v, int top, int rows)
{
	struct customer_file *f = v->priv;

	draw_title(a, f, top);
	if (f->obj == NULL) {
		attrset(f->error[0] ? ui_attr(a, UI_C_ERROR) : A_NORMAL);
		ui_put(top + 2, 1, COLS - 2, f->error[0] ? f->error : _("Loading..."));
		attrset(A_NORMAL);
		return;
	}
	draw_customer(f, top + 1);
	draw_rights(a, f, top + 3);
	table_draw(&f->table, a, top + HEAD_LINES, rows - HEAD_LINES);
}

/* ---- keys */

static bool
loaded(const struct app *a, const struct view *v)
{
	(void)a;
	return ((const struct customer_file *)v->priv)->obj != NULL;
}

/* Why a key of another role's op is refused, in the roles' words. */
static void
refuse_op(struct app *a, const char *op)
{
	char who[256];

	ui_message(a, true, _("That is for %s, not for your role (%s)"),
	    op_rights_roles(&a->rights, op, who, sizeof who), ui_role_label(a->role));
}

/* A key's `when` and `refuse` for an op on the file: it is read, and
 * op.list lets the user run op. */
static bool
may_run(const struct app *a, const struct view *v, const char *op)
{
	return loaded(a, v) && op_rights_allowed(&a->rights, op);
}

static void
refuse_run(struct app *a, struct view *v, const char *op)
{
	if (loaded(a, v))
		refuse_op(a, op);
}

static bool
may_edit(const struct app *a, const struct view *v)
{
	return may_run(a, v, "customer.save");
}

static void
refuse_edit(struct app *a, struct view *v)
{
	refuse_run(a, v, "customer.save");
}

static bool
may_edit_unit(const struct app *a, const struct view *v)
{
	const struct customer_file *f = v->priv;
	const struct file_row *r = selected(f);

	return op_rights_allowed(&a->rights, "unit.save") && r != NULL &&
	    row_unit(f, r) != NULL;
}

static void
refuse_edit_unit(struct app *a, struct view *v)
{
	if (!op_rights_allowed(&a->rights, "unit.save"))
		refuse_op(a, "unit.save");
	else
		ui_message(a, true, "%s", _("Select a unit, or a ticket of a unit, first"));
	(void)v;
}

static unsigned
run_edit(struct app *a, struct view *v)
{
	customer_edit_show(a, ((struct customer_file *)v->priv)->obj, NULL,
	    &ui_customer_file_view);
	return UI_HANDLED;
}

static unsigned
run_edit_unit(struct app *a, struct view *v)
{
	struct customer_file *f = v->priv;

	customer_edit_show(a, f->obj, row_unit(f, selected(f)), &ui_customer_file_view);
	return UI_HANDLED;
}

/* c: a new contract for the selected row's unit; n: the selected contract
 * renewed (not one renewed already). */
static bool
may_add_contract(const struct app *a, const struct view *v)
{
	return may_edit_unit(a, v) && op_rights_allowed(&a->rights, "contract.save");
}

static void
refuse_contract(struct app *a, struct view *v)
{
	if (!op_rights_allowed(&a->rights, "contract.save"))
		refuse_op(a, "contract.save");
	else if (selected(v->priv) != NULL && selected(v->priv)->kind == ROW_CONTRACT)
		ui_message(a, true, "%s", _("That contract is renewed already"));
	else
		ui_message(a, true, "%s", _("Select a unit, or a contract to renew, first"));
}

static unsigned
run_add_contract(struct app *a, struct view *v)
{
	struct customer_file *f = v->priv;

	contract_edit_show(a, row_unit(f, selected(f)), NULL, &ui_customer_file_view);
	return UI_HANDLED;
}

static bool
may_renew(const struct app *a, const struct view *v)
{
	const struct file_row *r = selected(v->priv);

	return op_rights_allowed(&a->rights, "contract.save") && r != NULL &&
	    r->kind == ROW_CONTRACT &&
	    cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(r->obj, "renewed_by")) &&
	    strcmp(ui_jstr(r->obj, "state"), "cancelled") != 0;
}

static unsigned
run_renew(struct app *a, struct view *v)
{
	contract_edit_show(a, NULL, selected(v->priv)->obj, &ui_customer_file_view);
	return UI_HANDLED;
}

/* Enter: a ticket's or a complaint's detail; on a unit, its edit form. */
static unsigned
run_open(struct app *a, struct view *v)
{
	struct customer_file *f = v->priv;
	const struct file_row *r = selected(f);

	if (r == NULL)
		return UI_HANDLED;
	if (r->kind == ROW_TICKET)
		detail_show(a, ui_jstr(r->obj, "no"), &ui_customer_file_view);
	else if (r->kind == ROW_COMPLAINT)
		complaint_detail_show(a, ui_jstr(r->obj, "no"), &ui_customer_file_view);
	else if (may_edit_unit(a, v))
		run_edit_unit(a, v);
	else
		refuse_edit_unit(a, v);
	return UI_HANDLED;
}

static bool
may_call(const struct app *a, const struct view *v)
{
	return may_run(a, v, "call.register");
}

static void
refuse_call(struct app *a, struct view *v)
{
	refuse_run(a, v, "call.register");
}

static unsigned
run_call(struct app *a, struct view *v)
{
	struct customer_file *f = v->priv;
	const struct file_row *r = selected(f);
	cJSON *c = customer_only(f->obj);

	intake_show_for(a, c, r != NULL ? row_unit(f, r) : NULL);
	cJSON_Delete(c);
	return UI_HANDLED;
}

static bool
may_complain(const struct app *a, const struct view *v)
{
	return may_run(a, v, "complaint.register");
}

static void
refuse_complaint(struct app *a, struct view *v)
{
	refuse_run(a, v, "complaint.register");
}

/* The complaint form for this customer, about the selected ticket (or the
 * ticket of the selected complaint). */
static unsigned
run_complaint(struct app *a, struct view *v)
{
	struct customer_file *f = v->priv;
	const struct file_row *r = selected(f);
	const char *ticket = r == NULL || r->kind == ROW_UNIT ? "" : r->kind == ROW_TICKET ?
	    ui_jstr(r->obj, "no") : ui_jstr(r->obj, "ticket_no");
	cJSON *c = customer_only(f->obj);
	char phone[64] = "";

	/* A masked phone (doc/domain.md, Privacy) is no number to look up. */
	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "phones")) > 0 &&
	    !phone_is_masked(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(c,
	    "phones"), 0)->valuestring))
		ui_copy(phone, sizeof phone, cJSON_GetArrayItem(
		    cJSON_GetObjectItemCaseSensitive(c, "phones"), 0)->valuestring);
	complaint_intake_show(a, c, phone, ticket, &ui_customer_file_view);
	cJSON_Delete(c);
	return UI_HANDLED;
}

static bool
may_reveal(const struct app *a, const struct view *v)
{
	return may_run(a, v, "customer.reveal");
}

static unsigned
run_reveal(struct app *a, struct view *v)
{
	reveal_ask(a, ((struct customer_file *)v->priv)->id);
	return UI_HANDLED;
}

static bool
may_lookup(const struct app *a, const struct view *v)
{
	return may_run(a, v, "lookup.request");
}

static unsigned
run_lookup(struct app *a, struct view *v)
{
	lookup_ask(a, ((struct customer_file *)v->priv)->id);
	return UI_HANDLED;
}

static unsigned
file_refresh(struct app *a, struct view *v)
{
	if (a->logged_in)
		file_fetch(a, v->priv);
	return UI_HANDLED | UI_REDRAW;
}

/* At 80 columns the bar has room for the first few: Esc is in F1's help. */
static const struct ui_key file_keys[] = {
	{ .key = UI_KEY_ENTER, .name = N_("Enter"), .label = N_("Detail"),
	    .help = N_("The selected ticket's or complaint's detail; on a unit, edit it"),
	    .run = run_open, .when = loaded },
	{ .key = UI_K(KEY_F(8)), .name = "F8", .label = N_("New call"),
	    .help = N_("Register a call for this customer and the selected row's unit"),
	    .run = run_call, .when = may_call, .refuse = refuse_call },
	{ .key = 'e', .name = "e", .label = N_("Edit"),
	    .help = N_("Edit the customer: name, phones, region, address, notes"),
	    .run = run_edit, .when = may_edit, .refuse = refuse_edit },
	{ .key = 'u', .name = "u", .label = N_("Unit"),
	    .help = N_("Edit the unit of the selected row (a unit, or a ticket's unit)"),
	    .run = run_edit_unit, .when = may_edit_unit, .refuse = refuse_edit_unit },
	{ .key = UI_K(KEY_F(7)), .name = "F7", .label = N_("Complaint"),
	    .help = N_("Register a complaint for this customer (about the selected ticket)"),
	    .run = run_complaint, .when = may_complain, .refuse = refuse_complaint },
	{ .key = 'R', .name = "R", .label = N_("Phones"),
	    .help = N_("Show the phones whole, for a reason (quality, managers; audited)"),
	    .run = run_reveal, .when = may_reveal },
	{ .key = 'L', .name = "L", .label = N_("Look-up"),
	    .help = N_("Ask for a special look-up of the whole file, with its grounds (a "
	        "manager approves; Look-ups screen)"), .run = run_lookup, .when = may_lookup },
	{ .key = 'c', .name = "c", .label = N_("Contract"),
	    .help = N_("A new maintenance contract for the selected row's unit"),
	    .run = run_add_contract, .when = may_add_contract, .refuse = refuse_contract },
	{ .key = 'n', .name = "n", .label = N_("Renew"),
	    .help = N_("Renew the selected contract: a new one from the day after it ends"),
	    .run = run_renew, .when = may_renew, .refuse = refuse_contract },
	{ .key = UI_KEY_ESC, .alt = 'q', .name = N_("Esc"), .label = N_("Back"),
	    .help = N_("Back to where it was opened from (q too)"), .run = ui_key_leave },
	{ .key = UI_K(KEY_F(5)), .name = N_("F5"), .run = file_refresh },
	TABLE_HELP_KEYS,
	{ .key = 0 }
};

/* ---- the list's keys, pushes and the session */

static unsigned
file_input(struct app *a, struct view *v, ui_key_t key)
{
	struct customer_file *f = v->priv;

	return f->obj != NULL ? table_key(&f->table, a, key) : 0;
}

/* A change to one of this customer's tickets or complaints: read again. */
static void
file_push(struct app *a, struct view *v, const cJSON *msg)
{
	struct customer_file *f = v->priv;
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(msg, "data");
	const char *event = ui_jstr(msg, "event");

	if (a->view != v->ops || f->id <= 0 || (strcmp(event, "ticket.changed") != 0 &&
	    strcmp(event, "complaint.changed") != 0))
		return;
	if (ui_jint(cJSON_GetObjectItemCaseSensitive(data, "customer"), "id", 0) == f->id)
		file_fetch(a, f);
}

static void
file_session(struct app *a, struct view *v, enum ui_session_event ev)
{
	struct customer_file *f = v->priv;

	if (ev == UI_DISCONNECTED)
		f->get_id = 0;
	else if ((ev == UI_LOGGED_IN || ev == UI_RESYNC) && a->view == v->ops && f->id > 0)
		file_fetch(a, f);
	else if (ev == UI_LOGGED_OUT) {   /* nothing of a customer's stays */
		file_forget(f);
		f->id = 0;
	}
}

static void
file_destroy(struct app *a, struct view *v)
{
	struct customer_file *f = v->priv;

	(void)a;
	cJSON_Delete(f->obj);
	free(f->rows);
	if (f->ready)
		table_free(&f->table);
}

const struct view_ops ui_customer_file_view = {
	.name = "customer_file",
	.title = N_("Customer file"),
	.private_size = sizeof(struct customer_file),
	.keys = file_keys,
	.enter = file_enter,
	.paint = file_paint,
	.input = file_input,
	.push = file_push,
	.session = file_session,
	.destroy = file_destroy,
};
