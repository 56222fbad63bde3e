-- 034_export.sql: report.penalties, the payroll's month (server/attribute.c; exported by
-- report.export, doc/domain.md, Exports). It reads penalty_deductions by month alone, which
-- its primary key (login, month) cannot serve: one row per person and month grows by the
-- staff every month, so a month is found by this index rather than by reading every month
-- there ever was (doc/architecture.md, Exports).
CREATE INDEX IF NOT EXISTS penalty_deductions_month ON penalty_deductions (month);
