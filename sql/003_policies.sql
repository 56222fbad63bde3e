-- 003_policies.sql: policies as data: SLA hours, the business calendar, settings.

-- Business hours to arrive, per region class and ticket type (seed 000 (十九)).
CREATE TABLE sla_policies (
    region          text NOT NULL CHECK (region IN ('urban', 'suburban', 'county')),
    ticket_type     char(1) NOT NULL CHECK (ticket_type IN ('B', 'Y', 'Z', 'Q')),
    arrival_hours   numeric(6,2) CHECK (arrival_hours > 0),   -- NULL: no arrival deadline
    reply_hours     numeric(6,2) NOT NULL DEFAULT 24 CHECK (reply_hours > 0),
    PRIMARY KEY (region, ticket_type)
);
INSERT INTO sla_policies (region, ticket_type, arrival_hours)
SELECT r.region, t.type,
       CASE WHEN t.type IN ('B', 'Y') THEN r.hours END
FROM (VALUES ('urban', 6), ('suburban', 7), ('county', 24)) AS r (region, hours),
     (VALUES ('B'), ('Y'), ('Z'), ('Q')) AS t (type);

-- Working hours per ISO weekday (1 Monday .. 7 Sunday); a missing day is closed.
CREATE TABLE working_hours (
    weekday     integer PRIMARY KEY CHECK (weekday BETWEEN 1 AND 7),
    opens       time NOT NULL,
    closes      time NOT NULL CHECK (closes > opens)
);
INSERT INTO working_hours (weekday, opens, closes)
SELECT d, '08:30', '17:30' FROM generate_series(1, 5) AS d;

-- Days off (holidays) and working days that fall on a weekend (调休).
CREATE TABLE calendar_days (
    day         date PRIMARY KEY,
    working     boolean NOT NULL,
    name        text NOT NULL DEFAULT ''
);

-- Scalar policies: time zone, repeat-repair window, and the like.
CREATE TABLE settings (
    key         text PRIMARY KEY,
    value       jsonb NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO settings (key, value) VALUES
    ('time_zone', '"Asia/Shanghai"'),
    ('repeat_window_days', '90'),
    ('default_warranty_months', '12');
