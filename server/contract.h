/*
 * contract.h: what other areas share with contract.c (maintenance contracts,
 * doc/domain.md, Maintenance contracts).
 *
 * A unit's `contract_end` (unit.save, call.register's new unit) is kept for
 * the clients that set it: a unit without a contract that has started gets
 * one from its purchase date (or the end, if earlier) to that end, with the
 * setting contract_visits_per_year, recorded by the acting user. The SQL of
 * that insert, for a CTE; its arguments are SQL expressions over `from`.
 */
#ifndef SVCDESK_CONTRACT_H
#define SVCDESK_CONTRACT_H

#define CONTRACT_FROM_END_SQL(unit_id, bought, ends, actor, from) \
	"INSERT INTO contracts (unit_id, starts, ends, visits_per_year, created_by)" \
	" SELECT " unit_id ", least(" bought ", " ends "), " ends "," \
	"  setting_int('contract_visits_per_year')::int, " actor " FROM " from

#endif
