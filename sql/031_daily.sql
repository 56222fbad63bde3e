-- 031_daily.sql: indexes for the daily work report (server/report_daily.c,
-- doc/architecture.md "Reports"). Each reads one day (or a period) by time, so
-- each source is reached by a range on its time column, only over the rows
-- that can count.

-- calls (dispatch, reassign) and arrivals (arrive) of a day.
CREATE INDEX ticket_events_daily ON ticket_events (at)
    WHERE kind IN ('dispatch', 'reassign', 'arrive');
-- completed and work_minutes of a day.
CREATE INDEX tickets_completed ON tickets (completed_at) WHERE completed_at IS NOT NULL;
-- repeat repairs registered in a day or a period.
CREATE INDEX tickets_repeats_created ON tickets (created_at) WHERE repeat_of IS NOT NULL;
