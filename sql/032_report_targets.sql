-- 032_report_targets.sql: the targets of the ticket KPIs (issue 15; doc/domain.md,
-- Reports), as settings beside complaint_rate_limit_percent: report.kpi reads each
-- with setting_int (sql/functions/90_reports.sql), policy.set changes them within the
-- ranges of common/settings.c, which holds the same shipped values.
INSERT INTO settings (key, value) VALUES
    ('target_arrival_on_time_percent', '100'), -- seed 004 服务目标 d: 售后服务及时率100％
    ('target_repair_hours', '48'),             -- seed 004 服务承诺 6: 48小时内派人赴现场处理
    ('target_repeat_percent', '0'),            -- seed 001: 不允许同一问题重复修理
    ('target_visit_percent', '100'),           -- seed 000 工作目标 1: 保修期内客户回访率100%
    ('target_satisfaction_percent', '98'),     -- seed 000 工作目标 2: 服务满意率98%以上
    ('target_timely_reply_percent', '100')     -- seed 004 服务目标 c: 投诉及时处理率100％
ON CONFLICT (key) DO NOTHING;

-- report.kpi and report.monthly read each ticket's first arrival (its arrive event of
-- least id) and whether it went through the workshop (doc/architecture.md, Reports).
CREATE INDEX ticket_events_arrive ON ticket_events (ticket_no, id) WHERE kind = 'arrive';
CREATE INDEX shop_ledger_ticket ON shop_ledger (ticket_no);
