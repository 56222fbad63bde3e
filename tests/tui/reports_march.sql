-- tests/tui/reports_march.sql: a small known March 2026 for the report screens'
-- tmux tests (stats.sh, monthly.sh); every figure they assert is worked out by
-- hand from these rows in the test's header.
--   tickets (urban, customer 甲): R1 repair 03-05 10:00, completed after 24 h,
--   arrived on time, visited 95 (satisfied), cause compressor, KFR-35;
--   R2 repair 03-05 11:00, completed after 12 h, arrived late, visited 70
--   (unsatisfied), cause compressor, KFR-35; R3 repair 03-06 09:00, open, a
--   repeat of R1, cause wiring, BCD-200; Y1 other service 03-07 09:00,
--   completed, arrived on time, not visited, BCD-200.
--   one complaint (service, minor) 03-10 10:00, its first stage finished in time,
--   the service line 60% of it (50 yuan) and the technician 40% (20 yuan).
--   for the monthly pack: R1 paid (A), R2 and R3 free (C); labour 40 and 30 minutes
--   on R1, R2 (15 on the open R3, not counted); R2's visit rated attitude 3; parts
--   CAP-35 2 on R1 and 1 on R2 at 15 yuan, FAN-1 1 on R2 at 80 yuan.
INSERT INTO customers (name, phones, region) VALUES ('甲', '{13800000001}', 'urban');
INSERT INTO units (customer_id, model, serial, purchase_date)
 SELECT c.id, u.model, u.serial, '2025-01-01' FROM customers c,
  (VALUES ('KFR-35', 'U1'), ('KFR-35', 'U2'), ('BCD-200', 'U3'), ('BCD-200', 'U4')) u(model, serial)
 WHERE c.name = '甲';
INSERT INTO tickets (no, type, channel, state, service_class, customer_id, unit_id, region,
 fault, taken_by, owner, created_at, completed_at, repair)
 SELECT v.no, v.type, 'phone', v.state, 'C', c.id, (SELECT id FROM units WHERE serial = v.unit),
  'urban', '不制冷', 'operator', 'operator', v.created, v.done, v.card::jsonb
 FROM customers c, (VALUES
  ('B2603050001', 'B', 'completed', 'U1', timestamptz '2026-03-05 10:00+08',
   timestamptz '2026-03-06 10:00+08',
   '{"cause": "压缩机", "cause_code": "compressor", "labour_minutes": 40}'),
  ('B2603050002', 'B', 'completed', 'U2', timestamptz '2026-03-05 11:00+08',
   timestamptz '2026-03-05 23:00+08',
   '{"cause": "压缩机", "cause_code": "compressor", "labour_minutes": 30}'),
  ('B2603060001', 'B', 'new', 'U3', timestamptz '2026-03-06 09:00+08', NULL,
   '{"cause": "线", "cause_code": "wiring", "labour_minutes": 15}'),
  ('Y2603070001', 'Y', 'completed', 'U4', timestamptz '2026-03-07 09:00+08',
   timestamptz '2026-03-08 09:00+08', NULL)
 ) v(no, type, state, unit, created, done, card) WHERE c.name = '甲';
UPDATE tickets SET repeat_of = 'B2603050001' WHERE no = 'B2603060001';
UPDATE tickets SET service_class = 'A' WHERE no = 'B2603050001';
INSERT INTO ticket_events (ticket_no, at, actor, kind, from_state, to_state, details) VALUES
 ('B2603050001', '2026-03-05 12:00+08', 'technician', 'arrive', 'dispatched', 'on_site', '{"on_time": true}'),
 ('B2603050002', '2026-03-05 18:00+08', 'technician', 'arrive', 'dispatched', 'on_site', '{"on_time": false}'),
 ('Y2603070001', '2026-03-07 11:00+08', 'technician', 'arrive', 'dispatched', 'on_site', '{"on_time": true}');
INSERT INTO visits (ticket_no, by_user, attitude, skill, punctuality, promise, score) VALUES
 ('B2603050001', 'operator', 1, 1, 1, 1, 95),
 ('B2603050002', 'operator', 3, 1, 1, 1, 70);
INSERT INTO complaints (no, channel, customer_id, text, taken_by, category, created_at)
 SELECT '260310001', 'phone', id, 'x', 'operator', 'service', '2026-03-10 10:00+08'
 FROM customers WHERE name = '甲';
UPDATE complaints SET department = category_department(category), severity = 'minor';
INSERT INTO complaint_stages (complaint_no, seq, department, budget_days, started_at, due,
 finished_at)
 SELECT no, 1, department, 2, created_at, created_at + interval '2 days',
  created_at + interval '1 day' FROM complaints;
INSERT INTO complaint_shares (complaint_no, seq, department, login, percent, penalty_kind,
 penalty_fen) VALUES
 ('260310001', 1, 'service', NULL, 60, 'fine', 5000),
 ('260310001', 2, NULL, 'technician', 40, 'fine', 2000);
INSERT INTO service_points (name, region) VALUES ('东区网点', 'urban');
INSERT INTO parts (part_no, name, price) VALUES ('CAP-35', '启动电容', 1500),
 ('FAN-1', '风扇电机', 8000);
INSERT INTO ticket_parts (ticket_no, part_no, service_point_id, qty, price, technician)
 SELECT v.no, v.part, (SELECT id FROM service_points WHERE name = '东区网点'), v.qty, v.price,
  'technician' FROM (VALUES ('B2603050001', 'CAP-35', 2, 1500), ('B2603050002', 'CAP-35', 1, 1500),
  ('B2603050002', 'FAN-1', 1, 8000)) v(no, part, qty, price);
