#!/bin/sh
# exe_wine_etw.sh WSTRACE_EXE_CMD WORKDIR
#
# (c) wstrace.exe against Wine's ETW: StartTraceW and EnableTraceEx2
# succeed there, OpenTraceW fails with ERROR_ACCESS_DENIED. `wstrace start`
# must print one clear line saying to run elevated, exit 1 (docs/cli.md),
# and stop the session it had started: Wine's +eventlog trace must show
# ControlTraceW with code 1 (EVENT_TRACE_CONTROL_STOP) on the session's
# handle after the OpenTraceW.
set -u
exe=$1 work=$2
mkdir -p "$work"
failures=0 checks=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run NAME ARGS...: stdout, stderr and status into $work/NAME.*
run() {
	name=$1
	shift
	checks=$((checks + 1))
	"$exe" "$@" >"$work/$name.out" 2>"$work/$name.err"
	echo $? >"$work/$name.status"
}

status() { cat "$work/$1.status"; }

# The message, alone on stderr.
run start start --format json
[ "$(status start)" = 1 ] || fail "start: exit $(status start), expected 1"
[ "$(wc -l <"$work/start.err")" -eq 1 ] || fail "start: stderr is not one line: $(cat "$work/start.err")"
grep -q "^wstrace: cannot read the session 'wstrace' .*ERROR_ACCESS_DENIED (5): run wstrace from an elevated prompt" \
	"$work/start.err" || fail "start: message: $(cat "$work/start.err")"
[ -s "$work/start.out" ] && fail "start: printed on stdout: $(head -c 200 "$work/start.out")"

# The calls, from Wine's trace of its ETW functions.
export WST_WINEDEBUG=-all,+eventlog
run start-traced start
trace=$work/start-traced.err
grep -q "StartTraceW (.*L\"wstrace\"" "$trace" || fail "no StartTraceW of 'wstrace' in the trace"
grep -q "EnableTraceEx2 (.*{e53c6823-7bb8-44bb-90dc-3f86090d48a6}, 1, 5, 1000000000c," "$trace" ||
	fail "AFD not enabled at level 5, keywords 0x1000000000c"
# disabled_then_stopped WHAT TRACE GUID...: everything after OpenTraceW in
# TRACE: each provider disabled, then STOP (code 1) of the session.
disabled_then_stopped() {
	what=$1 after=$(sed -n '/OpenTraceW/,$p' "$2")
	shift 2
	for guid in "$@"; do
		echo "$after" | grep -q "EnableTraceEx2 (.*{$guid}, 0," ||
			fail "$what: {$guid} was not disabled after OpenTraceW failed"
	done
	echo "$after" | grep -Eq "ControlTraceW \\(cafe4242, \\(null\\), [0-9A-Fa-f]+, 1\\)" ||
		fail "$what: no ControlTraceW(STOP) of the session after OpenTraceW failed: $after"
}
afd=e53c6823-7bb8-44bb-90dc-3f86090d48a6 kernel_process=22fb2cd6-0e7b-422b-a0c7-2fad1fd0e716
disabled_then_stopped start "$trace" $afd
[ "$(status start-traced)" = 1 ] || fail "start (traced): exit $(status start-traced)"

# --etl names a full path in the properties; the error path is the same.
run start-etl start --etl "$work/capture.etl" --session wst-test
unset WST_WINEDEBUG
grep -q "StartTraceW (.*L\"wst-test\"" "$work/start-etl.err" || fail "--session not used"
grep -Eq "ControlTraceW \\(cafe4242, \\(null\\), [0-9A-Fa-f]+, 1\\)" "$work/start-etl.err" ||
	fail "--etl: session not stopped"

# --report after a capture that could not be read: the same failure, and
# no report (there was no capture to report on).
run start-report start --report
[ "$(status start-report)" = 1 ] || fail "start --report: exit $(status start-report), expected 1"
[ -s "$work/start-report.out" ] && fail "start --report: printed on stdout: $(head -c 200 "$work/start-report.out")"
run report-value start --report=yes
[ "$(status report-value)" = 2 ] || fail "start --report=yes: exit $(status report-value), expected 2"

# Usage errors are told apart from failures.
run bad-level start --level 9
[ "$(status bad-level)" = 2 ] || fail "start --level 9: exit $(status bad-level), expected 2"
run bad-option start --bogus
[ "$(status bad-option)" = 2 ] || fail "start --bogus: exit $(status bad-option), expected 2"
run help start --help
[ "$(status help)" = 0 ] && grep -q -- "--keywords MASK" "$work/help.out" || fail "start --help"

# run: the session cannot be read, so the program is never started: one
# line, exit 1, no marker file; Kernel-Process was enabled beside AFD and
# both are disabled before the STOP.
rm -f "$work/marker.txt"
(cd "$work" && run run-refused run -- cmd.exe /c "echo started> marker.txt")
[ "$(status run-refused)" = 1 ] || fail "run: exit $(status run-refused), expected 1"
[ "$(wc -l <"$work/run-refused.err")" -eq 1 ] || fail "run: stderr is not one line: $(cat "$work/run-refused.err")"
grep -q "^wstrace: cannot read the session 'wstrace' .*ERROR_ACCESS_DENIED (5): run wstrace from an elevated prompt" \
	"$work/run-refused.err" || fail "run: message: $(cat "$work/run-refused.err")"
[ -e "$work/marker.txt" ] && fail "run: the program was started although the session could not be read"
export WST_WINEDEBUG=-all,+eventlog
(cd "$work" && run run-traced run -o "$work/run-events.txt" -- cmd.exe /c "echo started> marker.txt")
unset WST_WINEDEBUG
trace=$work/run-traced.err
grep -q "EnableTraceEx2 (.*{$kernel_process}, 1, 4, 10," "$trace" ||
	fail "run: Kernel-Process not enabled at level 4, keyword 0x10"
disabled_then_stopped run "$trace" $afd $kernel_process
[ -e "$work/marker.txt" ] && fail "run -o: the program was started"
[ "$(status run-traced)" = 1 ] || fail "run (traced): exit $(status run-traced)"

run run-none run --format json
[ "$(status run-none)" = 2 ] || fail "run without a program: exit $(status run-none), expected 2"
run run-bad-exit run --exit-code maybe -- cmd.exe
[ "$(status run-bad-exit)" = 2 ] || fail "run --exit-code maybe: exit $(status run-bad-exit)"
run run-bad-option run -x cmd.exe
[ "$(status run-bad-option)" = 2 ] || fail "run -x: exit $(status run-bad-option), expected 2"
run run-no-processes run --no-processes -- cmd.exe
[ "$(status run-no-processes)" = 2 ] || fail "run --no-processes: exit $(status run-no-processes), expected 2"
run run-help run --help
[ "$(status run-help)" = 0 ] && grep -q -- "--exit-code program|wstrace" "$work/run-help.out" || fail "run --help"

# stop: Wine's ControlTraceW succeeds, so the counters are reported.
run stop stop --session wstrace
[ "$(status stop)" = 0 ] || fail "stop: exit $(status stop)"
grep -q "^stopped session 'wstrace': 0 events lost" "$work/stop.out" || fail "stop: $(cat "$work/stop.out")"

# status: Wine lists no session.
run status status
[ "$(status status)" = 0 ] || fail "status: exit $(status status)"
grep -q "no session has Microsoft-Windows-Winsock-AFD enabled" "$work/status.out" || fail "status: $(cat "$work/status.out")"
run status-json status --format json
[ "$(status status-json)" = 0 ] && [ ! -s "$work/status-json.out" ] || fail "status --format json"

echo "$((checks - failures)) passed, $failures failed"
[ "$failures" = 0 ]
