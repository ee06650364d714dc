# tests/privilege.test.sh: wasl-forms with least privilege, end to end.
# Started as root the way `make run` starts it (fcgi/ctl.sh), the
# supervisor and every worker run as the unprivileged user wasl, the
# workers under their seccomp filter (tests/unit/test_sandbox.c proves
# forbidden calls are refused); the database is the user's alone; the
# forms and the status page still work; a worker killed by SIGSYS, as a
# breach of the filter would be, is logged and replaced. Run as another
# user, there is no root to drop and these checks are skipped.
# Prints PASS/FAIL/SKIP lines for tests/run.sh.
set -u
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP privilege: not root, nothing to drop"
	exit 0
fi
WORKERS=2
. tests/stack.sh
db() { sqlite3 -batch "$VAR/data/wasl.db" "$1"; }
stack_start privilege

user=wasl
uid=$(id -u "$user") gid=$(id -g "$user")
sup=$(cat "$VAR/wasl-forms.pid")
# field PID NAME: that line of /proc/PID/status, its values only.
field() { sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status" 2>/dev/null | tr -s '[:space:]' ' ' | sed 's/ $//'; }
workers() { pgrep -P "$sup" | sort; }

[ "$(field "$sup" Uid)" = "$uid $uid $uid $uid" ] &&
    [ "$(field "$sup" Gid)" = "$gid $gid $gid $gid" ] &&
    pass "supervisor: runs as $user (real, effective, saved)" ||
    fail "supervisor: runs as $user (real, effective, saved)" "Uid $(field "$sup" Uid), Gid $(field "$sup" Gid)"
[ "$(field "$sup" Groups)" = "$gid" ] && pass "supervisor: no groups but $user's" ||
    fail "supervisor: no groups but $user's" "$(field "$sup" Groups)"

# check_workers LABEL: every worker of the supervisor dropped and confined.
check_workers() {
	local w n=0 bad=""
	for w in $(workers); do
		n=$((n + 1))
		[ "$(field "$w" Uid)" = "$uid $uid $uid $uid" ] || bad="$bad $w:uid"
		[ "$(field "$w" Seccomp)" = 2 ] || bad="$bad $w:seccomp=$(field "$w" Seccomp)"
		[ "$(field "$w" NoNewPrivs)" = 1 ] || bad="$bad $w:no_new_privs"
		[ "$(field "$w" CapEff)" = 0000000000000000 ] || bad="$bad $w:caps"
	done
	[ "$n" -eq "$WORKERS" ] && [ -z "$bad" ] &&
	    pass "$1: $WORKERS workers as $user, no capabilities, seccomp filter on" ||
	    fail "$1: $WORKERS workers as $user, no capabilities, seccomp filter on" "$n workers;$bad"
}
# wait_workers: until every worker has loaded its filter, which it does
# once its database connection is open (5 s at most).
wait_workers() {
	local w ok
	for _ in $(seq 1 50); do
		ok=1
		for w in $(workers); do [ "$(field "$w" Seccomp)" = 2 ] || ok=0; done
		[ "$ok" = 1 ] && [ "$(workers | wc -l)" -eq "$WORKERS" ] && return
		sleep 0.1
	done
}
wait_workers
check_workers "start"

# The staff console: the same user (it writes the same database), its
# one worker under the same filter, and it still answers confined.
csup=$(cat "$VAR/wasl-console.pid")
[ "$(field "$csup" Uid)" = "$uid $uid $uid $uid" ] &&
    [ "$(field "$csup" Gid)" = "$gid $gid $gid $gid" ] &&
    [ "$(field "$csup" Groups)" = "$gid" ] &&
    pass "console supervisor: runs as $user (real, effective, saved), no other groups" ||
    fail "console supervisor: runs as $user" "Uid $(field "$csup" Uid), Gid $(field "$csup" Gid), Groups $(field "$csup" Groups)"
cworker=""
for _ in $(seq 1 50); do
	cworker=$(pgrep -P "$csup" | head -1)
	[ -n "$cworker" ] && [ "$(field "$cworker" Seccomp)" = 2 ] && break
	sleep 0.1
done
[ -n "$cworker" ] && [ "$(pgrep -P "$csup" | wc -l)" -eq 1 ] &&
    [ "$(field "$cworker" Uid)" = "$uid $uid $uid $uid" ] &&
    [ "$(field "$cworker" Seccomp)" = 2 ] && [ "$(field "$cworker" NoNewPrivs)" = 1 ] &&
    [ "$(field "$cworker" CapEff)" = 0000000000000000 ] &&
    pass "console worker: as $user, no root, no capabilities, seccomp filter on (Seccomp: 2)" ||
    fail "console worker: as $user, confined" "pid '$cworker' Uid $(field "$cworker" Uid) Seccomp $(field "$cworker" Seccomp) NoNewPrivs $(field "$cworker" NoNewPrivs)"
code=$(curl -s -o "$work/cbody" -w '%{http_code}' "$base/staff/signin")
[ "$code" = 200 ] && grep -q 'name="password"' "$work/cbody" &&
    pass "console worker: answers confined (the sign-in page)" ||
    fail "console worker: answers confined" "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $base" \
    --data-urlencode name=nobody --data-urlencode password=wrong-password \
    --data-urlencode code=123456 "$base/staff/signin")
[ "$code" = 422 ] && [ "$(field "$cworker" Seccomp)" = 2 ] && kill -0 "$cworker" 2>/dev/null &&
    pass "console worker: a refused sign-in (a database write) confined, the same worker" ||
    fail "console worker: sign-in confined" "$code, worker $(pgrep -P "$csup")"
[ "$(stat -c '%U %G %a' "$VAR/wasl-console.sock")" = "root www-data 660" ] &&
    pass "console socket: root's, group www-data, mode 0660" ||
    fail "console socket: root's, group www-data, mode 0660" "$(stat -c '%U %G %a' "$VAR/wasl-console.sock")"

# The database is the user's alone; everything else stays root's.
[ "$(stat -c '%U %a' "$VAR/data")" = "$user 700" ] && pass "data folder: $user's, mode 0700" ||
    fail "data folder: $user's, mode 0700" "$(stat -c '%U %a' "$VAR/data")"
[ "$(stat -c '%U %a' "$VAR/data/wasl.db")" = "$user 600" ] && pass "database: $user's, mode 0600" ||
    fail "database: $user's, mode 0600" "$(stat -c '%U %a' "$VAR/data/wasl.db")"
runuser -u "$user" -- sh -c "echo x >'$SITE/index.html'" 2>/dev/null &&
    fail "the site: $user cannot change it" "it could" ||
    pass "the site: $user cannot change it"
runuser -u "$user" -- sh -c "echo x >'$VAR/nginx.conf'" 2>/dev/null &&
    fail "nginx's configuration: $user cannot change it" "it could" ||
    pass "nginx's configuration: $user cannot change it"

# The FastCGI socket: nginx's group may connect, no other local user.
sock=$VAR/wasl-forms.sock
[ "$(stat -c '%U %G %a' "$sock")" = "root www-data 660" ] &&
    pass "socket: root's, group www-data, mode 0660" ||
    fail "socket: root's, group www-data, mode 0660" "$(stat -c '%U %G %a' "$sock")"
install -m 755 "$BIN/tests/tools/sockpeer" "$work/sockpeer"
got=$(runuser -u nobody -- "$work/sockpeer" connect "$sock")
[ "$got" = EACCES ] && pass "socket: another local user (nobody) is refused (EACCES)" ||
    fail "socket: another local user (nobody) is refused (EACCES)" "$got"
got=$(runuser -u "$user" -- "$work/sockpeer" connect "$sock")
[ "$got" = EACCES ] && pass "socket: not even $user may connect to it" ||
    fail "socket: not even $user may connect to it" "$got"
got=$(runuser -u www-data -- "$work/sockpeer" connect "$sock")
[ "$got" = connected ] && pass "socket: nginx's user www-data connects" ||
    fail "socket: nginx's user www-data connects" "$got"
[ ! -e "$sock.new" ] && pass "socket: no temporary name left" || fail "socket: no temporary name left" "$sock.new"

# submit TAG: an inquiry with the message TAG; its reference on stdout
# when it got 303.
submit() {
	local out
	out=$(curl -s -m 10 -o /dev/null -w '%{http_code} %{redirect_url}' \
	    -X POST -d kind=inquiry -d mobile=0512345678 -d privacy_consent=yes \
	    --data-urlencode "message=$1" "$base/forms/inquiry")
	case "$out" in "303 "*) echo "${out##*/}" ;; esac
}
stored() { [ "$(db "SELECT count(*) FROM field JOIN submission ON id = submission_id WHERE ref = '$1' AND name = 'message' AND value = '$2'")" = 1 ]; }

ref=$(submit "رسالة من عامل مقيد")
[ -n "$ref" ] && stored "$ref" "رسالة من عامل مقيد" &&
    pass "confined: a submission is acknowledged and stored" ||
    fail "confined: a submission is acknowledged and stored" "ref '$ref'"
# Every kind of answer a worker gives, confined: the form with its errors,
# the confirmation, the status page and a failed lookup.
code=$(curl -s -o "$work/body" -w '%{http_code}' -X POST -d kind=inquiry "$base/forms/inquiry")
[ "$code" = 422 ] && grep -q 'aria-invalid="true"' "$work/body" &&
    pass "confined: a mistake gets the form again (422)" ||
    fail "confined: a mistake gets the form again (422)" "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/forms/inquiry/received/$ref")
[ "$code" = 200 ] && pass "confined: the confirmation page" || fail "confined: the confirmation page" "$code"
code=$(curl -s -o "$work/body" -w '%{http_code}' -X POST -d ref=AAAAAAAA -d national_id=1000000008 "$base/forms/status")
[ "$code" -lt 500 ] && grep -q 'dir="rtl"' "$work/body" &&
    pass "confined: the status page answers a lookup" ||
    fail "confined: the status page answers a lookup" "$code"
check_workers "after requests"

# A breach of the filter ends a worker with SIGSYS: the supervisor says so
# and replaces it, and service goes on.
victim=$(workers | head -1) sys=$(kill -l SYS)
kill -SYS "$victim"
for _ in $(seq 1 50); do
	grep -q "worker $victim killed by signal $sys;" "$VAR/wasl-forms.log" &&
	    ! workers | grep -qx "$victim" && [ "$(workers | wc -l)" -eq "$WORKERS" ] && break
	sleep 0.1
done
grep -q "worker $victim killed by signal $sys; replacing it" "$VAR/wasl-forms.log" &&
    pass "SIGSYS: the supervisor logs the worker's end" ||
    fail "SIGSYS: the supervisor logs the worker's end" "$(tail -3 "$VAR/wasl-forms.log")"
wait_workers
check_workers "replaced"
ref=$(submit "بعد الاستبدال")
[ -n "$ref" ] && stored "$ref" "بعد الاستبدال" && pass "SIGSYS: service resumes" ||
    fail "SIGSYS: service resumes" "ref '$ref'"

# Refusals at start-up, before anything is opened.
"$BIN/wasl-forms" --check --user root --content content --templates templates \
    --db "$work/x.db" >"$work/root.log" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q "name an unprivileged user with --user" "$work/root.log" && [ ! -e "$work/x.db" ] &&
    pass "start-up: --user root refused, nothing created" ||
    fail "start-up: --user root refused, nothing created" "status $rc: $(head -2 "$work/root.log")"
"$BIN/wasl-forms" --check --user wasl-no-such-user --content content --templates templates \
    --db "$work/x.db" >"$work/none.log" 2>&1
rc=$?
[ "$rc" = 1 ] && grep -q "does not exist" "$work/none.log" && [ ! -e "$work/x.db" ] &&
    pass "start-up: a missing user refused, nothing created" ||
    fail "start-up: a missing user refused, nothing created" "status $rc: $(head -2 "$work/none.log")"
