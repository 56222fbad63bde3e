-- 030_causes.sql: the coded fault causes of the repair card (issue 15; doc/domain.md,
-- Repair card, Reports). The catalogue is data the admin keeps (cause.save); the
-- technician picks one for the card (ticket.repair cause_code, kept in tickets.repair as
-- `cause_code` beside the free-text `cause`, which stays the description); report.pareto
-- by cause counts the cards by code. Read and written by server/cause.c, server/repair.c,
-- server/report.c.

CREATE TABLE causes (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,32}$'),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
    name_zh     text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 64),
    -- An inactive cause stays for the cards that name it, and can no longer be picked.
    active      boolean NOT NULL DEFAULT true
);

-- Household appliances: refrigerators, washing machines, air conditioners, water heaters.
INSERT INTO causes (code, name, name_zh) VALUES
    ('compressor',       'Compressor failure',         '压缩机故障'),
    ('refrigerant_leak', 'Refrigerant leak',           '制冷剂泄漏'),
    ('capacitor',        'Capacitor failure',          '电容失效'),
    ('control_board',    'Control board failure',      '控制板故障'),
    ('sensor',           'Sensor failure',             '传感器故障'),
    ('thermostat',       'Thermostat failure',         '温控器故障'),
    ('motor',            'Motor failure',              '电机故障'),
    ('fan',              'Fan failure',                '风扇故障'),
    ('pump',             'Pump failure',               '水泵故障'),
    ('drain_blocked',    'Drain blocked',              '排水堵塞'),
    ('inlet_valve',      'Water inlet valve failure',  '进水阀故障'),
    ('door_seal',        'Door seal worn',             '门封老化'),
    ('heating_element',  'Heating element failure',    '加热管故障'),
    ('scale',            'Scale build-up',             '水垢堆积'),
    ('wiring',           'Wiring fault',               '线路故障'),
    ('power_supply',     'Mains supply problem',       '电源电压异常'),
    ('installation',     'Installation fault',         '安装不当'),
    ('transport_damage', 'Damaged in transport',       '运输损坏'),
    ('user_misuse',      'User misuse',                '用户使用不当'),
    ('no_fault_found',   'No fault found',             '未发现故障');

-- report.pareto by cause: the repair tickets of a period that have a coded card, read
-- from this index (the period, then the code) without reading uncoded or other tickets.
CREATE INDEX tickets_cause_created ON tickets (created_at, (repair->>'cause_code'))
    WHERE type = 'B' AND repair->>'cause_code' IS NOT NULL;
