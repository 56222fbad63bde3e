/*
 * intake.h: what the two intake ops share, call.register (call.c) and
 * complaint.register (complaint.c): the caller names a known customer
 * ({"id"}) or gives a new one's fields, and a statement either finds the
 * customer or inserts the new one, only when its request_key is fresh.
 */
#ifndef SVCDESK_INTAKE_H
#define SVCDESK_INTAKE_H

#include <stdbool.h>
#include <cjson/cJSON.h>

#include "common/proto.h"

struct intake_customer {
	char id_text[24];
	const char *id;       /* parameter: the known customer's id, or NULL */
	char *fresh;          /* parameter: the new customer as JSON text, or NULL */
};

/* Reads args.customer; errors name customer.<field>. */
bool intake_read_customer(const cJSON *args, struct intake_customer *c,
    struct proto_error *err);
/* Frees what intake_read_customer made. */
void intake_customer_free(struct intake_customer *c);

/*
 * CTEs new_customer and cust (id, region, json) for a statement that has
 * $4 the known customer's id, $5 the new customer's JSON and a CTE `fresh`
 * (yes: the request_key was not seen before).
 */
#define INTAKE_CUSTOMER_CTES \
	" new_customer AS (INSERT INTO customers (name, phones, address, region)" \
	"  SELECT $5::jsonb->>'name', ARRAY(SELECT jsonb_array_elements_text($5::jsonb->'phones'))," \
	"   coalesce($5::jsonb->>'address', ''), $5::jsonb->>'region'" \
	"  WHERE $4::bigint IS NULL AND (SELECT yes FROM fresh)" \
	"  RETURNING id, region, customer_json(customers) AS json)," \
	" cust AS (SELECT * FROM new_customer UNION ALL" \
	"  SELECT id, region, customer_json(c) FROM customers c WHERE c.id = $4::bigint),"

#endif
