/*
 * search.c: `search` (doc/domain.md, Search): one box for whatever the
 * caller says. A ticket, receipt or complaint number goes straight to its
 * record; a phone in any form (common/phone.h) to the customers with it and
 * their tickets and complaints; anything else is words, found in customer
 * names, addresses, serials, faults and complaints. Exact hits first, then
 * by how good the match is, newest first. A technician finds only tickets
 * dispatched to them; each role finds only the kinds of record it may open
 * (ticket.get, complaint.get, customer.get). Every search that shows
 * someone's data writes one audit row (who, from where, which records;
 * never the search text).
 *
 * Words are found through GIN indexes of character bigrams (text_bigrams,
 * sql/011_search.sql), so two Chinese characters are enough. For a word
 * that a large part of a table holds, reading the newest rows costs less
 * than any index, so each text is first looked for in the newest
 * SEARCH_WINDOW rows; when those hold fewer than the limit, through an
 * index of each bigram with the bucket of rows it is in
 * (sql/022_search_order.sql), newest bucket first, so the hits are the
 * newest whatever the word (doc/architecture.md, Search, has the
 * measurements).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/phone.h"
#include "common/validate.h"
#include "server/db.h"
#include "server/ops.h"

#define SEARCH_Q_MAX 100
#define SEARCH_LIMIT_MAX 50
/* The newest rows of a table read before its bucketed bigram index; the
 * most customers a name's bigram index gives. */
#define SEARCH_WINDOW "2000"
#define SEARCH_CAP "1000"

enum { K_TICKETS, K_COMPLAINTS, K_CUSTOMERS, K_COUNT };
static const char *const kind_names[] = { "tickets", "complaints", "customers", NULL };
/* The op that opens each kind's record: a role finds what it may open. */
static const char *const kind_readers[] = { "ticket.get", "complaint.get", "customer.get" };

/*
 * Every statement's parameters start alike: $1 the kinds wanted (text[]),
 * $2 the limit, $3 the user, $4 their address; each ends in a CTE `q` with
 * `word` (the text a snippet is cut around, or NULL) and `found` (kind,
 * key, score, at: when the record was made, detail: a snippet of its own,
 * or NULL). The tail keeps each record's best score, ranks, reads only
 * the records shown, writes the audit row and the hits.
 */
#define SEARCH_TAIL \
	" best AS (SELECT DISTINCT ON (kind, key) kind, key, score, at, detail FROM found" \
	"  ORDER BY kind, key, score DESC)," \
	" top AS (SELECT * FROM best ORDER BY score DESC, at DESC, key LIMIT $2)," \
	" shown AS (SELECT b.kind, b.key, b.score, b.at," \
	"  coalesce(t.customer_id, p.customer_id, c.id) AS customer_id," \
	"  coalesce(t.state, p.state) AS state," \
	"  left(coalesce(t.fault, p.text, c.name), 60) AS title," \
	"  coalesce(b.detail, search_snippet(coalesce(t.fault, p.text, c.address), q.word, 40))" \
	"   AS snippet" \
	"  FROM top b CROSS JOIN q" \
	"  LEFT JOIN tickets t ON b.kind = 'ticket' AND t.no = b.key" \
	"  LEFT JOIN complaints p ON b.kind = 'complaint' AND p.no = b.key" \
	"  LEFT JOIN customers c ON c.id = CASE b.kind WHEN 'customer' THEN b.key::bigint END)," \
	/* Which records were shown to whom; not the search text. */ \
	" audit AS (INSERT INTO audit_log (actor, address, action, details)" \
	"  SELECT $3, $4, 'search', jsonb_build_object(" \
	"   'customers', (SELECT jsonb_agg(DISTINCT customer_id) FROM shown)," \
	"   'tickets', (SELECT coalesce(jsonb_agg(key), '[]') FROM shown WHERE kind = 'ticket')," \
	"   'complaints', (SELECT coalesce(jsonb_agg(key), '[]') FROM shown" \
	"    WHERE kind = 'complaint'))" \
	"  WHERE EXISTS (SELECT 1 FROM shown))" \
	"SELECT coalesce(json_agg(json_build_object('kind', s.kind, 'key', s.key," \
	"  'title', s.title, 'state', s.state," \
	"  'customer', json_build_object('id', cu.id, 'name', cu.name), 'snippet', s.snippet)" \
	"  ORDER BY s.score DESC, s.at DESC, s.key), '[]')::text" \
	" FROM shown s JOIN customers cu ON cu.id = s.customer_id"

/* A number or a phone: $5 ticket no, $6 receipt no, $7 complaint no, $8 the
 * canonical phone, $9 the technician whose tickets only (or NULL). The
 * callers' records without ORDER BY: a generic plan would walk the whole
 * table in that order to filter it. */
static struct db_statement stmt_search_exact = {
	.what = "search a number or phone",
	.sql = "WITH q AS (SELECT NULL::text AS word),"
	       " numbered AS (SELECT t.no FROM tickets t WHERE t.no = $5"
	       "  UNION SELECT l.ticket_no FROM shop_ledger l WHERE l.receipt_no = $6),"
	       " callers AS MATERIALIZED (SELECT c.id, c.created_at FROM customers c"
	       "  WHERE $8::text IS NOT NULL AND c.phones @> ARRAY[$8::text] LIMIT $2),"
	       " found (kind, key, score, at, detail) AS ("
	       "  SELECT 'ticket', t.no, 1000, t.created_at, NULL FROM numbered n"
	       "   JOIN tickets t ON t.no = n.no"
	       "   WHERE 'tickets' = ANY ($1) AND ($9::text IS NULL OR t.technician = $9)"
	       "  UNION ALL SELECT 'complaint', p.no, 1000, p.created_at, NULL FROM complaints p"
	       "   WHERE p.no = $7 AND 'complaints' = ANY ($1)"
	       "  UNION ALL SELECT 'customer', id::text, 900, created_at, NULL FROM callers"
	       "   WHERE 'customers' = ANY ($1)"
	       "  UNION ALL SELECT 'ticket', t.no, 850, t.created_at, NULL FROM callers m"
	       "   CROSS JOIN LATERAL (SELECT no, created_at FROM tickets t"
	       "   WHERE t.customer_id = m.id AND ($9::text IS NULL OR t.technician = $9)"
	       "   ORDER BY t.created_at DESC LIMIT $2) t WHERE 'tickets' = ANY ($1)"
	       "  UNION ALL SELECT 'complaint', p.no, 840, p.created_at, NULL FROM callers m"
	       "   JOIN complaints p ON p.customer_id = m.id WHERE 'complaints' = ANY ($1)),"
	       SEARCH_TAIL,
};

/* Words, $5 the text. q: fold (the words have letters with a case),
 * pats (search_patterns), word (the first, for the snippet). */
#define SEARCH_Q \
	"WITH q AS MATERIALIZED (SELECT lower($5) <> upper($5) AS fold," \
	"  search_patterns($5) AS pats, split_part($5, ' ', 1) AS word),"
#define MATCHES(col) \
	" CASE WHEN q.fold THEN lower(" col ") ELSE " col " END LIKE ALL (q.pats)"
/* CTEs cte_recent and cte_older: the keys of table's rows whose col holds
 * every word, the newest first (by order) and, when those are fewer than
 * the limit, the newest through the bucketed bigram index of col
 * (sql/022_search_order.sql): rows are numbered in the order they were
 * made (column made, from the sequence seq), and their buckets are read
 * from the newest row's back to the first until the limit is met. */
#define WINDOWED(cte, wanted, table, key, order, col, made, seq) \
	" " cte "_recent AS (SELECT x." key ", x.created_at FROM (SELECT " key ", created_at, " \
	col " FROM " table "  ORDER BY " order " DESC LIMIT " SEARCH_WINDOW ") x, q" \
	"  WHERE " wanted " AND" MATCHES("x." col) " LIMIT $2)," \
	" " cte "_older AS MATERIALIZED (SELECT f." key ", f.created_at" \
	"  FROM generate_series(search_bucket((SELECT last_value FROM " seq ")), 0, -1) AS b (n)" \
	"  CROSS JOIN LATERAL (SELECT x." key ", x.created_at FROM " table " x, q" \
	"   WHERE search_bucket_grams(x." col ", search_bucket(x." made "))" \
	"    @> search_bucket_grams($5, b.n) AND" MATCHES("x." col) \
	"   ORDER BY x." order " DESC LIMIT $2) f" \
	"  WHERE " wanted " AND (SELECT count(*) FROM " cte "_recent) < $2 LIMIT $2),"

static struct db_statement stmt_search_text = {
	.what = "search words",
	.sql = SEARCH_Q
	       /* A name: the whole of it first, then its start, then within it.
	        * Always through the index: the best match may be the oldest. */
	       " named AS MATERIALIZED (SELECT c.id, c.name, c.created_at FROM customers c, q"
	       "  WHERE $1::text[] && '{customers,tickets}'"
	       "  AND text_bigrams(c.name) @> text_bigrams($5) AND" MATCHES("c.name")
	       "  LIMIT " SEARCH_CAP "),"
	       " by_name AS (SELECT id, created_at, CASE WHEN lower(name) = lower($5) THEN 800"
	       "   WHEN starts_with(lower(name), lower($5)) THEN 700 ELSE 600 END AS score"
	       "  FROM named ORDER BY score DESC, created_at DESC LIMIT $2),"
	       " by_serial AS (SELECT u.id, u.customer_id, c.created_at,"
	       "   u.model || ' ' || u.serial AS detail"
	       "  FROM units u JOIN customers c ON c.id = u.customer_id"
	       "  WHERE $1::text[] && '{customers,tickets}' AND upper(u.serial) = upper($5)),"
	       WINDOWED("addr", "'customers' = ANY ($1)", "customers", "id", "id", "address",
	           "id", "customers_id_seq")
	       WINDOWED("fault", "'tickets' = ANY ($1)", "tickets", "no", "created_at", "fault",
	           "made", "ticket_order")
	       WINDOWED("words", "'complaints' = ANY ($1)", "complaints", "no", "created_at", "text",
	           "made", "complaint_order")
	       " found (kind, key, score, at, detail) AS ("
	       "  SELECT 'customer', id::text, score, created_at, NULL FROM by_name"
	       "   WHERE 'customers' = ANY ($1)"
	       "  UNION ALL SELECT 'customer', customer_id::text, 650, created_at, detail"
	       "   FROM by_serial WHERE 'customers' = ANY ($1)"
	       "  UNION ALL SELECT 'customer', id::text, 400, created_at, NULL FROM addr_recent"
	       "  UNION ALL SELECT 'customer', id::text, 400, created_at, NULL FROM addr_older"
	       /* The tickets of a customer found by name, a few each, under them. */
	       "  UNION ALL SELECT 'ticket', t.no, m.score - 50, t.created_at, NULL FROM by_name m"
	       "   CROSS JOIN LATERAL (SELECT no, created_at FROM tickets t"
	       "   WHERE t.customer_id = m.id ORDER BY t.created_at DESC LIMIT 3) t"
	       "   WHERE 'tickets' = ANY ($1)"
	       "  UNION ALL SELECT 'ticket', t.no, 640, t.created_at, s.detail FROM by_serial s"
	       "   CROSS JOIN LATERAL (SELECT no, created_at FROM tickets t WHERE t.unit_id = s.id"
	       "   ORDER BY t.created_at DESC LIMIT $2) t WHERE 'tickets' = ANY ($1)"
	       "  UNION ALL SELECT 'ticket', no, 300, created_at, NULL FROM fault_recent"
	       "  UNION ALL SELECT 'ticket', no, 300, created_at, NULL FROM fault_older"
	       "  UNION ALL SELECT 'complaint', no, 300, created_at, NULL FROM words_recent"
	       "  UNION ALL SELECT 'complaint', no, 300, created_at, NULL FROM words_older),"
	       SEARCH_TAIL,
};

/* Words, for a technician ($6): their newest SEARCH_WINDOW tickets, each
 * with its customer's name and address and its unit's serial; every word
 * anywhere in those. */
static struct db_statement stmt_search_own = {
	.what = "search words in own tickets",
	.sql = SEARCH_Q
	       " mine AS (SELECT t.no, t.created_at, t.fault || ' ' || c.name || ' ' || c.address"
	       "   || ' ' || coalesce(u.serial, '') AS doc"
	       "  FROM (SELECT no, created_at, fault, customer_id, unit_id FROM tickets"
	       "   WHERE technician = $6 ORDER BY created_at DESC LIMIT " SEARCH_WINDOW ") t"
	       "  JOIN customers c ON c.id = t.customer_id LEFT JOIN units u ON u.id = t.unit_id),"
	       " found (kind, key, score, at, detail) AS (SELECT 'ticket', m.no, 300, m.created_at,"
	       "  NULL::text FROM mine m, q WHERE 'tickets' = ANY ($1) AND" MATCHES("m.doc") "),"
	       SEARCH_TAIL,
};

/* What was asked, read and classified. */
struct query {
	char text[SEARCH_Q_MAX * 4 + 1];   /* trimmed, blanks as one space */
	char number[SEARCH_Q_MAX * 4 + 1]; /* the text in upper case */
	char phone[PHONE_MAX];
	bool is_phone;
	char kinds[64], limit[8];
};

/* The text without blanks around it and with each run of blanks (spaces,
 * tabs, ideographic spaces) as one space. */
static void
squeeze(const char *in, char *out)
{
	size_t n = 0;
	bool blank = false;

	for (const unsigned char *s = (const unsigned char *)in; *s != '\0';) {
		bool ideographic = s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80;
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || ideographic) {
			blank = n > 0;
			s += ideographic ? 3 : 1;
			continue;
		}
		if (blank)
			out[n++] = ' ';
		blank = false;
		out[n++] = (char)*s++;
	}
	out[n] = '\0';
}

/* The longest word, in characters: text needs one of two at least (a
 * bigram index finds nothing shorter, and one character is half the
 * customers). */
static size_t
longest_word(const char *text)
{
	size_t best = 0, n = 0;

	for (const char *s = text;; s++) {
		if (*s == ' ' || *s == '\0') {
			best = n > best ? n : best;
			n = 0;
			if (*s == '\0')
				return best;
		} else if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	}
}

static bool
read_query(const cJSON *args, enum role role, struct query *qy,
    struct proto_error *err)
{
	const char *q;
	unsigned asked = (1u << K_COUNT) - 1, may = 0;
	int64_t limit = 20;
	size_t n = 0;

	if (!arg_string(args, "q", ARG_REQUIRED, SEARCH_Q_MAX, &q, err) ||
	    !arg_enum_set(args, "kinds", ARG_OPTIONAL, kind_names, &asked, err) ||
	    !arg_int(args, "limit", ARG_OPTIONAL, 1, SEARCH_LIMIT_MAX, &limit, err))
		return false;
	if (asked == 0)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "kinds",
		    "kinds must name at least one of tickets, complaints or customers");
	squeeze(q, qy->text);
	if (utf8_length(qy->text) < 2 || longest_word(qy->text) < 2)
		return proto_fail(err, PROTO_INVALID_ARGUMENT, "q",
		    "q needs a word of at least two characters");
	for (size_t i = 0; qy->text[i] != '\0'; i++)
		qy->number[i] = (char)(qy->text[i] >= 'a' && qy->text[i] <= 'z' ?
		    qy->text[i] - 'a' + 'A' : qy->text[i]);
	qy->number[strlen(qy->text)] = '\0';
	qy->is_phone = phone_normalise(qy->text, qy->phone);
	for (int k = 0; k < K_COUNT; k++) {
		const struct op_entry *reader = ops_find(kind_readers[k]);
		if (reader != NULL && (reader->roles & ROLE_BIT(role)))
			may |= 1u << k;
	}
	qy->kinds[n++] = '{';
	for (int k = 0; k < K_COUNT; k++)
		if (asked & may & (1u << k))
			n += (size_t)snprintf(qy->kinds + n, sizeof qy->kinds - n, "%s%s",
			    n > 1 ? "," : "", kind_names[k]);
	snprintf(qy->kinds + n, sizeof qy->kinds - n, "}");
	snprintf(qy->limit, sizeof qy->limit, "%d", (int)limit);
	return true;
}

static void
on_found(void *arg, PGresult *res)
{
	struct request *req = arg;

	request_reply_cell(req, res, req->state, "hits");
}

static void
search_exec(struct request *req)
{
	struct query qy;
	struct proto_error err;
	struct client *c = req->client;
	const char *own = c->role == ROLE_TECHNICIAN ? c->user : NULL;
	bool ticket, receipt, complaint;

	if (!read_query(req->args, c->role, &qy, &err)) {
		request_fail(req, &err);
		return;
	}
	if (strcmp(qy.kinds, "{}") == 0) {   /* nothing this role may open */
		cJSON *none = cJSON_CreateObject();
		cJSON_AddItemToObject(none, "hits", cJSON_CreateArray());
		request_reply(req, none);
		return;
	}
	ticket = is_ticket_no(qy.number);
	receipt = is_receipt_no(qy.number);
	complaint = is_complaint_no(qy.text);
	if (ticket || receipt || complaint || qy.is_phone) {
		const char *params[9] = { qy.kinds, qy.limit, c->user, c->addr,
		    ticket ? qy.number : NULL, receipt ? qy.number : NULL,
		    complaint ? qy.text : NULL, qy.is_phone ? qy.phone : NULL, own };
		req->state = &stmt_search_exact;
		db_query(req->srv->db, &stmt_search_exact, 9, params, on_found, req);
		return;
	}
	const char *params[6] = { qy.kinds, qy.limit, c->user, c->addr, qy.text, own };
	req->state = own != NULL ? &stmt_search_own : &stmt_search_text;
	db_query(req->srv->db, req->state, own != NULL ? 6 : 5, params, on_found, req);
}

const struct op_entry op_search = {
	.name = "search", .roles = ROLES_STAFF,
	.summary = "find tickets, complaints and customers by number, phone or words: "
	           "q, kinds?[], limit? (<=50)",
	.exec = search_exec,
};
