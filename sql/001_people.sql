-- 001_people.sql: departments, service points, users and their roles, the audit log.

CREATE TABLE departments (
    code        text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,32}$'),
    name        text NOT NULL,
    name_zh     text NOT NULL
);

INSERT INTO departments (code, name, name_zh) VALUES
    ('service',     'Service line',               '服务部'),
    ('warehouse',   'Warehouse and logistics',    '仓储物流部'),
    ('production',  'Production',                 '生产部'),
    ('quality',     'Quality',                    '质量管理部'),
    ('rnd',         'Research and development',   '研发部'),
    ('sales',       'Sales',                      '销售部'),
    ('gm_office',   'General manager''s office',  '总经理办公室'),
    ('aftersales',  'After-sales',                '售后服务部'),
    ('cs_manager',  'Customer-service manager',   '客服经理'),
    ('management',  'Senior management',          '高层管理');

CREATE TABLE service_points (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL,
    own         boolean NOT NULL DEFAULT true,      -- own or outsourced (网点)
    address     text NOT NULL DEFAULT '',
    head        text NOT NULL DEFAULT '',
    phone       text NOT NULL DEFAULT '',
    region      text NOT NULL DEFAULT 'urban'
                CHECK (region IN ('urban', 'suburban', 'county'))
);

CREATE TABLE users (
    login           text PRIMARY KEY CHECK (login ~ '^[a-z0-9][a-z0-9._-]{1,31}$'),
    name            text NOT NULL,
    role            text NOT NULL CHECK (role IN
                    ('operator', 'dispatcher', 'technician', 'quality', 'manager', 'admin')),
    password_hash   text NOT NULL,                  -- Argon2id, libsodium's encoded form
    department      text REFERENCES departments (code),
    region          text CHECK (region IN ('urban', 'suburban', 'county')),
    service_point_id bigint REFERENCES service_points (id),
    skills          text[] NOT NULL DEFAULT '{}',
    monthly_bonus   bigint NOT NULL DEFAULT 0 CHECK (monthly_bonus >= 0),  -- fen
    active          boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_role ON users (role) WHERE active;

-- Every read of a customer's file and every change: who, from where, when, what.
CREATE TABLE audit_log (
    id          bigserial PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor       text,                               -- login, NULL for the system
    address     text,                               -- client address
    action      text NOT NULL,                      -- e.g. session.login, customer.get
    object      text,                               -- e.g. customer:42
    details     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_object ON audit_log (object, at) WHERE object IS NOT NULL;
