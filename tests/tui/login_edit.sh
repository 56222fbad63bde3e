#!/usr/bin/env bash
# tests/tui/login_edit.sh: editing Chinese text in the login form.
#   - a Chinese user name typed in the user field shows, and the cursor moves
#     two columns per character
#   - one Backspace removes one character (two columns), Left and Delete
#     edit in the middle
#   - after that, logging in normally works
. "$(dirname "$0")/lib.sh"

tui_setup

tui_client e
if ! tui_wait e "Password:" 10 || ! tui_wait_connected e 15; then
    tui_not_ok "the login screen is up and connected" e
    tui_done
fi
# The cursor in the empty user field gives the field's first column.
tui_keys e Up C-a C-k
user_y=$(($(tui_screen e | grep -n "User:" | head -n 1 | cut -d: -f1) - 1))
for _ in $(seq 100); do
    field=$(tui_cursor e)
    [[ ${field#* } == "$user_y" ]] && break
    sleep 0.1
done
x0=${field%% *}

tui_type e "王小明"
if tui_wait e "王小明" 5 && tui_wait_cursor e $((x0 + 6)) 5; then
    tui_ok "Chinese typed in the user field shows, two columns a character"
else
    tui_not_ok "Chinese typed in the user field shows, two columns a character (cursor $(tui_cursor e), field at $x0)" e
fi

tui_keys e BSpace
if tui_wait_gone e "王小明" 5 && tui_wait e "王小" 5 && tui_wait_cursor e $((x0 + 4)) 5; then
    tui_ok "one Backspace removes one Chinese character"
else
    tui_not_ok "one Backspace removes one Chinese character (cursor $(tui_cursor e), field at $x0)" e
fi

# Left, then Delete removes the character under the cursor: 王小 -> 王.
tui_keys e Left
tui_wait_cursor e $((x0 + 2)) 5
tui_keys e DC
if tui_wait_gone e "王小" 5 && tui_wait e "王" 5 && tui_wait_cursor e $((x0 + 2)) 5; then
    tui_ok "Left and Delete edit a Chinese name in the middle"
else
    tui_not_ok "Left and Delete edit a Chinese name in the middle (cursor $(tui_cursor e), field at $x0)" e
fi

tui_keys e BSpace
if tui_wait_gone e "王" 5 && tui_wait_cursor e "$x0" 5; then
    tui_ok "Backspace empties the field"
else
    tui_not_ok "Backspace empties the field" e
fi

# Now log in normally.
tui_type e dispatcher
tui_keys e Tab
tui_type e demo1234
tui_keys e Enter
tui_check "logging in after the edits works" e "Role: Dispatcher" 20

tui_done
