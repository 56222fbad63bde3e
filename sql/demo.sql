-- demo.sql: a believable demo data set, loaded by `make run` on the first start (after
-- scripts/demo-users). Service points, technicians over several regions, customers with
-- units (Chinese names and addresses, real appliance models, purchases spread over four
-- years) and today's tickets in several states. Demo technicians share the demo
-- password (demo1234): their hash is copied from the `technician` demo user.
BEGIN;

INSERT INTO service_points (name, own, address, head, phone, region) VALUES
    ('朝阳服务站', true,  '北京市朝阳区酒仙桥路12号', '刘海波', '010-84561230', 'urban'),
    ('海淀服务站', true,  '北京市海淀区中关村南大街5号', '孙丽华', '010-62517788', 'urban'),
    ('通州服务站', true,  '北京市通州区新华大街101号', '马志远', '010-69543321', 'suburban'),
    ('顺义特约维修点', false, '北京市顺义区府前中街9号', '高建军', '010-69442255', 'suburban'),
    ('密云特约维修点', false, '北京市密云区鼓楼东大街3号', '周德明', '010-69041177', 'county');

INSERT INTO users (login, name, role, password_hash, department, region, service_point_id, skills)
SELECT t.login, t.name, 'technician', (SELECT password_hash FROM users WHERE login = 'technician'),
       'service', sp.region, sp.id, t.skills::text[]
FROM (VALUES
    ('wang.li',      '王力',   '朝阳服务站', '{冰箱,空调}'),
    ('zhang.qiang',  '张强',   '朝阳服务站', '{洗衣机,热水器}'),
    ('sun.hao',      '孙浩',   '朝阳服务站', '{电视,空调}'),
    ('he.jun',       '何军',   '朝阳服务站', '{冰箱,洗衣机}'),
    ('li.na',        '李娜',   '海淀服务站', '{空调,电视}'),
    ('zhao.lei',     '赵磊',   '海淀服务站', '{冰箱,洗衣机}'),
    ('qian.bo',      '钱波',   '海淀服务站', '{热水器,空调}'),
    ('feng.yu',      '冯宇',   '海淀服务站', '{电视,冰箱}'),
    ('chen.gang',    '陈刚',   '通州服务站', '{空调,热水器}'),
    ('liu.yang',     '刘洋',   '通州服务站', '{冰箱,电视}'),
    ('xu.ming',      '徐明',   '通州服务站', '{洗衣机,空调}'),
    ('ma.chao',      '马超',   '通州服务站', '{冰箱,热水器}'),
    ('huang.wei',    '黄伟',   '顺义特约维修点', '{洗衣机,空调}'),
    ('guo.tao',      '郭涛',   '顺义特约维修点', '{冰箱,电视}'),
    ('lin.feng',     '林峰',   '顺义特约维修点', '{热水器,洗衣机}'),
    ('zhou.jie',     '周杰',   '密云特约维修点', '{冰箱,空调,热水器}'),
    ('wu.gang',      '吴刚',   '密云特约维修点', '{洗衣机,电视}'),
    ('deng.hui',     '邓辉',   '密云特约维修点', '{空调,冰箱}'),
    ('song.jian',    '宋健',   '海淀服务站', '{洗衣机,热水器}'),
    ('tang.lei',     '唐磊',   '朝阳服务站', '{空调,电视}'),
    ('cao.yong',     '曹勇',   '通州服务站', '{冰箱,空调}'),
    ('luo.bin',      '罗斌',   '顺义特约维修点', '{空调,热水器}')
) AS t (login, name, point, skills)
JOIN service_points sp ON sp.name = t.point;
UPDATE users SET service_point_id = 1, region = 'urban' WHERE login = 'technician';

-- 2,000 customers: surname + given name, a mobile number, an address in their region.
INSERT INTO customers (name, phones, address, region, created_at)
SELECT (ARRAY['王','李','张','刘','陈','杨','黄','赵','吴','周','徐','孙','马','朱','胡','郭','何','高','林','罗'])[1 + i % 20]
       || (ARRAY['伟','芳','娜','秀英','敏','静','丽','强','磊','军','洋','勇','艳','杰','娟','涛','明','超','秀兰','霞'])[1 + (i / 20) % 20]
       || CASE WHEN i % 3 = 0 THEN (ARRAY['华','平','刚','玲','辉','红','鹏','燕'])[1 + (i / 400) % 8] ELSE '' END,
       ARRAY['1' || (ARRAY['3','5','8'])[1 + i % 3] || lpad(((i * 7919 + 12345678) % 1000000000)::text, 9, '0')],
       CASE r.region
         WHEN 'urban' THEN (ARRAY['北京市朝阳区','北京市海淀区','北京市东城区','北京市西城区'])[1 + i % 4]
                           || (ARRAY['建国路','中关村大街','东四北大街','西单北大街','望京街'])[1 + i % 5] || (i % 180 + 1) || '号'
         WHEN 'suburban' THEN (ARRAY['北京市通州区','北京市顺义区','北京市昌平区'])[1 + i % 3]
                           || (ARRAY['新华大街','府前街','回龙观西大街'])[1 + i % 3] || (i % 90 + 1) || '号'
         ELSE (ARRAY['北京市密云区','北京市延庆区','北京市平谷区'])[1 + i % 3]
                           || (ARRAY['鼓楼大街','妫水北街','府前街'])[1 + i % 3] || (i % 60 + 1) || '号'
       END,
       r.region,
       now() - (i % 1400) * interval '1 day'
FROM generate_series(1, 2000) AS i,
     LATERAL (SELECT CASE WHEN i % 10 < 6 THEN 'urban' WHEN i % 10 < 9 THEN 'suburban' ELSE 'county' END AS region) r;

-- One unit each, bought over the last four years; some under a maintenance contract.
INSERT INTO units (customer_id, model, serial, purchase_date, invoice_no, warranty_months)
SELECT c.id,
       (ARRAY['海尔 BCD-470WDPG 冰箱','美的 KFR-35GW 空调','格力 KFR-26GW 空调','小天鹅 TG100V 洗衣机',
              '海信 65E3F 电视','美的 F6021-X1 热水器','西门子 KG50NA 冰箱','松下 XQG100 洗衣机'])[1 + c.id % 8],
       'SN' || to_char(current_date - (c.id * 7 % 1460)::int, 'YYMMDD') || lpad(c.id::text, 5, '0'),
       current_date - (c.id * 7 % 1460)::int,
       'FP' || lpad((c.id * 31)::text, 8, '0'),
       12
FROM customers c;

-- Every ninth unit under a year's maintenance contract that ends in 180 days.
INSERT INTO contracts (unit_id, starts, ends, visits_per_year, created_by)
SELECT u.id, current_date - 185, current_date + 180, 2, 'operator'
FROM units u WHERE u.customer_id % 9 = 0;

-- Today's tickets, numbered as call.register numbers them, in several states.
WITH today AS (SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYMMDD') AS d),
picked AS (
    SELECT n, c.id AS customer_id, u.id AS unit_id, c.region,
           (ARRAY['new','new','new','dispatched','dispatched','on_site','in_shop','repaired','inspected','completed','closed','cancelled'])[1 + n % 12] AS state,
           (ARRAY['冰箱不制冷，冷藏室温度高','空调开机后不出冷风','洗衣机脱水时噪音很大','电视有声音没有图像',
                  '热水器点火后熄灭','冰箱门封条老化漏冷','空调室外机漏水','洗衣机进水阀不关'])[1 + n % 8] AS fault,
           CASE WHEN unit_contract_end(u.id) >= current_date THEN 'B'
                WHEN u.purchase_date + make_interval(months => u.warranty_months) >= current_date THEN 'C'
                ELSE 'A' END AS service_class,
           now() - (n * 11 % 300) * interval '1 minute' AS created_at
    FROM generate_series(1, 60) AS n
    JOIN customers c ON c.id = 1 + (n * 37) % 2000
    JOIN units u ON u.customer_id = c.id
)
INSERT INTO tickets (no, type, channel, state, service_class, customer_id, unit_id, region, fault,
                     taken_by, owner, technician, created_at, reply_due, arrival_due, arrived_at)
SELECT 'B' || today.d || lpad(n::text, 4, '0'), 'B', (ARRAY['phone','phone','phone','web','visit'])[1 + n % 5],
       state, service_class, customer_id, unit_id, region, fault, 'operator', 'operator',
       CASE WHEN state <> 'new' AND state <> 'cancelled'
            THEN (SELECT login FROM users WHERE role = 'technician' ORDER BY login OFFSET n % 23 LIMIT 1) END,
       created_at, created_at + interval '24 hours',
       created_at + CASE region WHEN 'urban' THEN interval '6 hours' WHEN 'suburban' THEN interval '7 hours' ELSE interval '24 hours' END,
       CASE WHEN state IN ('on_site','in_shop','repaired','inspected','completed','closed') THEN created_at + interval '2 hours' END
FROM picked, today;

INSERT INTO ticket_events (ticket_no, at, actor, kind, from_state, to_state)
SELECT no, created_at, 'operator', 'register', NULL, 'new' FROM tickets;
INSERT INTO ticket_events (ticket_no, at, actor, kind, from_state, to_state, details)
SELECT no, created_at + interval '20 minutes', 'dispatcher', 'dispatch', 'new', 'dispatched',
       jsonb_build_object('technician', technician)
FROM tickets WHERE technician IS NOT NULL;

-- Registrations continue the numbering after the demo tickets.
SELECT setval(format('ticket_count_b_%s', extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')),
              (SELECT count(*) FROM tickets), true)
FROM (SELECT ticket_count('B', extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int)) AS made;

-- Parts (配件): a catalogue of common appliance spare parts at list price (fen), stock at
-- every service point (outsourced points keep less), the demo units now in the workshop
-- with their take-back receipts and ledger lines, and a regional manager (free-service
-- approvals: 1 a month up to 300 yuan) beside the after-sales manager `manager`.
INSERT INTO parts (part_no, name, price) VALUES
    ('BX-YSJ-01', '冰箱压缩机(定频)',       48000),
    ('BX-YSJ-02', '冰箱变频压缩机',         78000),
    ('BX-QDQ-01', '压缩机PTC启动器',         3500),
    ('BX-BHQ-01', '压缩机过载保护器',        2800),
    ('BX-WKQ-01', '冰箱机械温控器',          4500),
    ('BX-MF-01',  '冰箱门封条',              6800),
    ('BX-HSJ-01', '化霜加热管',              5500),
    ('BX-GLQ-01', '干燥过滤器',              1800),
    ('BX-FJ-01',  '冷冻室风扇电机',          6500),
    ('BX-ZB-01',  '冰箱主控板',             26000),
    ('KT-RQ-01',  '空调压缩机启动电容35μF',  3200),
    ('KT-FJ-01',  '空调室外风机电机',       18500),
    ('KT-FJ-02',  '空调室内贯流风机电机',   12000),
    ('KT-STF-01', '空调四通换向阀',         15000),
    ('KT-ZB-01',  '空调室内机主板',         22000),
    ('KT-YK-01',  '空调遥控器',              4500),
    ('KT-LM-01',  'R32冷媒(每公斤)',         9000),
    ('KT-CGQ-01', '空调管温传感器',          2500),
    ('XY-PSB-01', '洗衣机排水泵',           12000),
    ('XY-JSF-01', '洗衣机进水电磁阀',        6500),
    ('XY-DJ-01',  '洗衣机洗涤电机',         38000),
    ('XY-ZC-01',  '滚筒洗衣机轴承套件',     16000),
    ('XY-PD-01',  '洗衣机传动皮带',          3500),
    ('XY-MS-01',  '滚筒洗衣机门锁开关',      5800),
    ('XY-ZB-01',  '洗衣机电脑板',           24000),
    ('RS-JRG-01', '电热水器加热管',          8500),
    ('RS-MB-01',  '电热水器镁棒',            4800),
    ('RS-WKQ-01', '电热水器温控器',          3800),
    ('RS-DHZ-01', '燃气热水器点火针',        2500),
    ('RS-SLG-01', '燃气热水器水流传感器',    6000),
    ('DS-BG-01',  '液晶电视LED背光灯条',    15000),
    ('DS-DYB-01', '液晶电视电源板',         28000),
    ('DS-YK-01',  '电视遥控器',              3500);

-- The stock as the ledger's opening rows: the ledger's trigger
-- (sql/functions/55_stock.sql) puts them into part_stock.
INSERT INTO stock_ledger (service_point_id, part_no, kind, delta, reason)
SELECT sp.id, p.part_no, 'opening',
       (CASE WHEN sp.own THEN 4 ELSE 1 END) + (sp.id * 7 + ascii(right(p.part_no, 1)) * 3
        + length(p.name)) % (CASE WHEN sp.own THEN 16 ELSE 6 END), 'opening stock'
FROM service_points sp CROSS JOIN parts p ORDER BY sp.id, p.part_no;

INSERT INTO users (login, name, role, password_hash, department, region)
SELECT 'zhou.qiang', '周强', 'manager', password_hash, 'aftersales', 'suburban'
FROM users WHERE login = 'manager';

-- The demo units in the workshop: taken back two hours after arrival, each with its receipt.
WITH shop AS (
    SELECT no, technician, arrived_at + interval '2 hours' AS in_at,
           row_number() OVER (ORDER BY arrived_at, no) AS n
    FROM tickets WHERE state IN ('in_shop', 'repaired', 'inspected')),
receipts AS (
    UPDATE tickets t SET receipt_no = 'R' || to_char(shop.in_at AT TIME ZONE 'Asia/Shanghai', 'YYMMDD')
                                     || lpad(shop.n::text, 4, '0')
    FROM shop WHERE t.no = shop.no
    RETURNING t.no, t.receipt_no, t.technician, shop.in_at),
ledger AS (
    INSERT INTO shop_ledger (receipt_no, ticket_no, technician, in_at)
    SELECT receipt_no, no, technician, in_at FROM receipts)
INSERT INTO ticket_events (ticket_no, at, actor, kind, from_state, to_state, details)
SELECT no, in_at, technician, 'take_back', 'on_site', 'in_shop',
       jsonb_build_object('receipt_no', receipt_no)
FROM receipts;

-- Take-backs continue the receipt numbering after the demo's.
SELECT setval(format('receipt_count_%s', extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')),
              greatest((SELECT count(*) FROM shop_ledger), 1), (SELECT count(*) FROM shop_ledger) > 0)
FROM (SELECT receipt_count(extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int)) AS made;

-- The department users of scripts/demo-users head their departments: reminded of every
-- overdue stage there, charged for the late ones (department.save).
UPDATE departments d SET head = u.login FROM users u
WHERE u.login IN ('production', 'warehouse') AND d.code = u.department;

COMMIT;
