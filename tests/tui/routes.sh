#!/usr/bin/env bash
# tests/tui/routes.sh: the complaint route editor (issue #13), at 80x24:
#   - the admin's F6 goes round to the complaint routes: one row per
#     category, its stages in words, the total, Saturday, abroad
#   - Enter opens packaging's route; a adds a stage, Right picks its
#     department from the list, Enter its budget
#   - a route whose stages add up to more than its total is refused in the
#     editor, the problem said in words; nothing is sent
#   - the same department twice in a row is refused, the stage named
#   - K moves a stage up, t the total; Ctrl-S saves: the database has the
#     new route, audited; the list shows it
#   - the daemon's refusal (a department gone meanwhile) is said by stage
#   - a complaint classified into packaging then follows it: its stages in
#     the database, and the complaint's detail shows them
#   - a manager reads the route, read only (no Save)
#   - zh_CN at 80x24: the list and the editor lay out, in Chinese
TUI_COLS=80
TUI_LINES=24
. "$(dirname "$0")/lib.sh"

tui_setup

C1=$(tui_complaint 王五 13700000011 r1 包装破损) || tui_bail "cannot register a complaint"

tui_client ad
if ! tui_login ad admin demo1234 || ! tui_wait ad "Role: Administrator" 20; then
    tui_not_ok "log in as admin" ad
    tui_done
fi
if tui_f6_to ad "Complaint routes"; then tui_ok "F6 goes round to the complaint routes"
else tui_not_ok "F6 goes round to the complaint routes" ad; fi
tui_check "packaging's route: one warehouse stage of 2 working days" ad "Warehouse 2" 10
tui_wait_row ad "product quality" "GM's office 0.5 > Quality 1" 5 &&
    tui_ok "product quality's stages in words" || tui_not_ok "product quality's stages in words" ad
tui_frame_ok "the routes lay out at 80x24" ad

tui_select ad "packaging"
tui_keys ad Enter
tui_check "Enter opens the route in the editor" ad "Route: packaging" 10
tui_check "the editor shows its total" ad "Total budget: 13 working days; the stages: 2" 5
tui_frame_ok "the editor lays out at 80x24" ad

# A second stage: after-sales first in the list, four to the right is production.
tui_keys ad a
tui_check "a adds a stage" ad " 2  After-sales" 5
tui_keys ad Right Right Right Right
tui_check "Right picks the stage's department from the list" ad " 2  Production" 5
tui_keys ad Enter
tui_wait ad "Working days:" 5
tui_keys ad C-a C-k
tui_type ad 12
tui_keys ad Enter
tui_check "Enter sets the stage's budget" ad "the stages: 14" 5
tui_keys ad C-s
tui_check "stages over the total are refused in the editor" ad \
    "The stages add up to 14 working days, more than the total budget of 13" 5
[[ $(tui_sql_value "SELECT stages::text FROM routes WHERE category = 'packaging'") == \
    '[{"days": 2, "department": "warehouse"}]' ]] && tui_ok "nothing was sent" ||
    tui_not_ok "nothing was sent"

# The same department twice in a row.
tui_keys ad Enter
tui_wait ad "Working days:" 5
tui_keys ad C-a C-k
tui_type ad 3
tui_keys ad Enter
tui_keys ad a
tui_check "a third stage" ad " 3  After-sales" 5
tui_keys ad Right Right Right Right
tui_keys ad C-s
tui_check "the same department twice in a row is refused, the stage named" ad \
    "Stage 3: the same department as the stage before it" 5
tui_keys ad x
tui_wait_gone ad " 3  Production" 5

# K moves production first; t the total; Ctrl-S saves.
tui_keys ad K
tui_check "K moves the stage up" ad " 1  Production" 5
tui_keys ad t
tui_wait ad "Working days:" 5
tui_keys ad C-a C-k
tui_type ad 6
tui_keys ad Enter
tui_check "t sets the total" ad "Total budget: 6 working days; the stages: 5" 5
tui_keys ad C-s
tui_check "Ctrl-S saves the route" ad "The route of packaging is saved" 10
if tui_wait_sql "SELECT string_agg((s->>'department') || ':' || (s->>'days'), ',')
        || '|' || close_days FROM routes, jsonb_array_elements(stages) s
        WHERE category = 'packaging' GROUP BY close_days" "production:3,warehouse:2|6.0" 10; then
    tui_ok "the database has the new route"
else
    tui_not_ok "the database has the new route"
fi
[[ $(tui_sql_value "SELECT count(*) FROM audit_log WHERE action = 'route.set' AND actor = 'admin'
    AND object = 'route:packaging'") == 1 ]] && tui_ok "the change is audited" ||
    tui_not_ok "the change is audited"
tui_check "the list shows the new route" ad "Production 3 > Warehouse 2" 10

# The daemon's own refusal, said by stage in words: a department gone since the
# editor read the list (made, picked, then deleted under it).
tui_sql "INSERT INTO departments (code, name, name_zh) VALUES ('aaa_temp', 'Temporary', '临时')" >/dev/null
tui_keys ad F5
tui_select ad "other"
tui_keys ad Enter
tui_check "the editor opens the other route" ad "Route: other" 10
tui_keys ad a
tui_check "the new department is first in the list" ad " 2  aaa_temp" 5
tui_sql "DELETE FROM departments WHERE code = 'aaa_temp'" >/dev/null
tui_keys ad C-s
tui_check "the daemon's refusal is said by stage, in words" ad \
    "Not saved: Stage 2: no such department (aaa_temp)" 10
tui_keys ad Escape
tui_wait ad "Leave and lose what you typed?" 5 && tui_keys ad y
tui_wait ad "Complaint routes" 5

# A complaint classified into packaging follows it.
tui_rpc quality complaint.classify '{"no":"'"$C1"'","severity":"minor","category":"packaging"}' \
    >/dev/null || tui_not_ok "classify the complaint"
row=$(tui_sql_value "SELECT string_agg(seq || ':' || department || ':' || budget_days, ','
    ORDER BY seq) FROM complaint_stages WHERE complaint_no = '$C1'")
[[ $row == "1:production:3.0,2:warehouse:2.0" ]] &&
    tui_ok "the complaint's stages follow the new route" ||
    tui_not_ok "the complaint's stages follow the new route (got: $row)"
tui_client q1
if tui_login q1 quality demo1234 && tui_wait q1 "Role: Quality" 20; then
    tui_keys q1 F9
    tui_wait q1 "Find:" 5
    tui_type q1 "$C1"
    tui_keys q1 Enter
    if tui_wait q1 "Complaint $C1" 10 && tui_wait_row q1 "1 Production" "due" 5 &&
        tui_wait q1 "2 Warehouse" 5; then
        tui_ok "the complaint's detail shows the new route"
    else
        tui_not_ok "the complaint's detail shows the new route" q1
    fi
else
    tui_not_ok "log in as quality" q1
fi

# A manager reads it.
tui_client m1
if tui_login m1 manager demo1234 && tui_wait m1 "Role: Manager" 20 &&
    tui_f6_to m1 "Complaint routes"; then
    tui_select m1 "packaging"
    tui_keys m1 Enter
    if tui_wait m1 "(read only)" 10 && ! tui_line m1 24 | grep -q "Save"; then
        tui_ok "a manager reads the route, read only"
    else
        tui_not_ok "a manager reads the route, read only" m1
    fi
else
    tui_not_ok "the manager's F6 goes round to the routes" m1
fi

# Chinese at 80x24.
if tui_has_locale zh_CN.UTF-8; then
    tui_client zh LANG=zh_CN.UTF-8
    if tui_login zh admin demo1234 "密码" && tui_wait zh "管理员" 20 &&
        tui_f6_to zh "投诉路线"; then
        tui_check "zh_CN: the routes in Chinese" zh "仓储" 10
        tui_frame_ok "zh_CN: the routes lay out at 80x24" zh
        tui_select zh "包装"
        tui_keys zh Enter
        tui_check "zh_CN: the editor in Chinese" zh "总时限" 10
        tui_frame_ok "zh_CN: the editor lays out at 80x24" zh
    else
        tui_not_ok "zh_CN: F6 goes round to 投诉路线" zh
    fi
else
    tui_skip "zh_CN" "no zh_CN.UTF-8 locale"
fi

tui_done
