-- 015_settings.sql: every number the seeds call a default, as a setting with its
-- shipped value (common/settings.c holds the same table with each one's range;
-- test_policy holds the two equal). policy.set changes them; the code reads them with
-- setting_int (sql/functions/05_settings.sql) or from the policy cache.
INSERT INTO settings (key, value) VALUES
    ('markup_cap_percent', '16'),            -- seed 000 IV: 上浮不超过16%
    ('unsatisfied_score', '80'),             -- a return visit below it is unsatisfied
    ('major_stage_hours', '1'),              -- seed 004 §9: a major incident within 1 hour
    ('overdue_penalty_per_day', '5000'),     -- seed 004 4.5: 50 yuan a late day, in fen
    ('penalty_warning_min', '40000'),        -- seed 000 经济处罚准则: warning at least 400
    ('penalty_minor_min', '80000'),          -- minor demerit at least 800
    ('penalty_month_cap_percent', '50'),     -- at most 50% of a month's bonus deducted
    ('visit_resample_percent', '15'),        -- seed 004: head office resamples 15%
    ('contract_notice_days', '30'),          -- seed 000 (二十): a month before the end
    ('contract_visits_per_year', '2'),       -- seed 000 列印机合同 2
    ('recall_notify_hours', '4'),            -- seed 004 §15, Monday to Saturday
    ('recall_notify_hours_sunday', '6'),     -- and on Sunday
    ('complaint_rate_limit_percent', '8'),   -- seed 004 §4 八: above 8% a year fails
    ('retention_years', '3')                 -- seed 004 仓库管理 9: kept three years
ON CONFLICT (key) DO NOTHING;
