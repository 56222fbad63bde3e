#!/usr/bin/env bash
# tests/tui/admin_points.sh: the admin's Service points screen and form, at
# 80x24 in English and Chinese.
#   - F6 twice brings the admin to the Service points screen
#   - a point created in the form (kind and region chosen, a phone typed
#     with +86 and dashes) is in the list with its canonical phone; the
#     database agrees; the audit has it
#   - a phone that is not one is refused by the form, naming the field;
#     a name another point has is refused by the daemon, said in words
#   - Enter edits the selected point; the change reaches the database with
#     before and after in the audit
#   - in Chinese the screen and the form lay out at 80x24
. "$(dirname "$0")/lib.sh"

TUI_COLS=80
TUI_LINES=24
tui_setup

tui_client ad
if ! tui_login ad admin demo1234 || ! tui_wait ad "Role: Administrator" 20; then
    tui_not_ok "log in as admin" ad
    tui_done
fi
tui_keys ad F6
tui_wait ad "users; role:" 10
tui_keys ad F6
tui_check "F6 twice brings the admin to the Service points screen" ad "0 service points" 10

tui_keys ad a
tui_check "a opens the new point form" ad "New service point" 5
tui_type ad "通州特约站"
tui_keys ad Tab Right                    # kind: outsourced
tui_check "kind: outsourced" ad "< outsourced >" 5
tui_keys ad Tab Right Right              # region: county
tui_check "region: county" ad "< county >" 5
tui_keys ad Tab
tui_type ad "孙经理"
tui_keys ad Tab
tui_type ad "+86 138-0013 8000"
tui_keys ad Tab
tui_type ad "通州区新华大街8号"
tui_keys ad C-s
tui_check "the point is saved" ad "Service point 通州特约站 is saved" 10
tui_check "the list shows it with the canonical phone" ad "13800138000" 10
row=$(tui_sql_value "SELECT own || '|' || region || '|' || head || '|' || phone || '|' || address
    FROM service_points WHERE name = '通州特约站'")
[[ $row == "false|county|孙经理|13800138000|通州区新华大街8号" ]] &&
    tui_ok "the database has the point" || tui_not_ok "the database has the point (got: $row)"
n=$(tui_sql_value "SELECT count(*) FROM audit_log WHERE action = 'service_point.save'
    AND actor = 'admin' AND details->'after'->>'name' = '通州特约站'")
[[ $n == 1 ]] && tui_ok "the audit has the creation" || tui_not_ok "the audit has the creation (got: $n)"

# Refusals: the form's own, then the daemon's.
tui_keys ad a
tui_check "a opens the form again" ad "New service point" 5
tui_type ad "通州特约站"
tui_keys ad Tab Tab Tab Tab
tui_type ad "abc"
tui_keys ad C-s
tui_check "a phone that is not one is refused, by its label" ad "Phone: a phone number, 7 to 20 digits" 5
tui_keys ad C-u
tui_keys ad C-s
tui_check "a name taken is refused by the daemon, in words" ad \
    "Point name: a service point of this name exists" 10
tui_keys ad Escape
tui_wait ad "Leave" 3 && tui_keys ad y
tui_check "Esc goes back to the list" ad "1 service point" 10

# Edit the point.
tui_keys ad Enter
tui_check "Enter edits the point" ad "Edit service point no." 5
tui_keys ad Tab Tab Tab C-u
tui_type ad "周站长"
tui_keys ad C-s
tui_check "the change is saved" ad "Service point 通州特约站 is saved" 10
n=$(tui_sql_value "SELECT count(*) FROM audit_log WHERE action = 'service_point.save'
    AND details->'before'->>'head' = '孙经理' AND details->'after'->>'head' = '周站长'")
[[ $n == 1 ]] && tui_ok "the audit has before and after" ||
    tui_not_ok "the audit has before and after (got: $n)"
tui_check "the list shows the new head" ad "周站长" 10

# Chinese, 80x24.
if tui_has_locale zh_CN.UTF-8; then
    tui_client zh LANG=zh_CN.UTF-8
    if tui_login zh admin demo1234 "密码" && tui_wait zh "系统管理员" 20; then
        tui_keys zh F6
        tui_check "zh: the Users screen" zh "角色：全部角色" 10
        tui_keys zh a
        tui_check "zh: the user form shows the service point field" zh "服务网点" 5
        tui_check "zh: and the second password field" zh "再输一次" 5
        tui_keys zh Escape
        tui_keys zh F6
        tui_check "zh: the Service points screen" zh "1 个服务网点" 10
        tui_check "zh: the kind in words" zh "外包" 5
        tui_keys zh a
        tui_check "zh: the point form" zh "新建服务网点" 5
        tui_check "zh: its address field" zh "地址" 5
    else
        tui_not_ok "zh: log in as admin" zh
    fi
else
    tui_skip "zh: the Chinese layout" "no zh_CN.UTF-8 locale"
fi

tui_done
