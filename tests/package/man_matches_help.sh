#!/bin/sh
# man_matches_help.sh WSTRACE_CMD MAN_PAGE [--every-command]
#
# The manual page stays in step with the program: every command that
# `wstrace --help` lists has a subsection under COMMANDS (.SS "wstrace NAME
# ..."), and the long options (--name) of `wstrace NAME --help` are exactly
# the options of that subsection's .TP/.TQ items; the options of `wstrace
# --help` itself are exactly those of the OPTIONS section. --help, which
# every command answers, is checked once, under OPTIONS. Reading --help
# generically keeps this working however the help texts are made; a new
# command or option without its place in the page fails here.
#
# A command whose --help fails here (start, stop, status on Linux: Windows
# only) still needs its subsection, and its options are left to the run
# with --every-command (tests/windows, wstrace.exe under Wine), where every
# command must answer --help.
set -u
wstrace=$1 page=$2 every=${3:-}
failures=0 checked=0 unchecked=""

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# Long options in a text, sorted, one a line.
long_options() { grep -o -- '--[a-z][a-z0-9-]*' | sort -u; }

# The page's options as "SECTION OPTION" lines, SECTION "-" for OPTIONS and
# the command's name under COMMANDS; "SECTION" alone for each subsection.
page_options() {
	awk '
	{ gsub(/\\-/, "-"); gsub(/\\f[BIRP]/, ""); gsub(/"/, "") }
	/^\.SH/ { sub(/^\.SH[ \t]*/, ""); sh = $0; cmd = (sh == "OPTIONS") ? "-" : ""; tag = 0; next }
	/^\.SS/ && sh == "COMMANDS" {
		sub(/^\.SS[ \t]*/, ""); sub(/^wstrace[ \t]+/, ""); split($0, w, /[ \t]/)
		cmd = w[1]; print cmd; tag = 0; next
	}
	/^\.(TP|TQ)/ { tag = 1; next }
	tag {
		tag = 0
		line = $0; sub(/^\.[A-Z]+[ \t]+/, "", line)
		if (cmd == "" || line !~ /^--/) next
		while (match(line, /--[a-z][a-z0-9-]*/)) {
			print cmd, substr(line, RSTART, RLENGTH)
			line = substr(line, RSTART + RLENGTH)
		}
	}' "$page"
}

# compare WHAT HELP_OPTIONS PAGE_OPTIONS: both ways.
compare() {
	for o in $2; do
		echo "$3" | grep -qx -- "$o" || fail "$1: $o is in its --help but not in $page"
	done
	for o in $3; do
		echo "$2" | grep -qx -- "$o" || fail "$1: $o is in $page but not in its --help"
	done
	checked=$((checked + 1))
}

main_help=$("$wstrace" --help 2>&1) || fail "wstrace --help: status $?"
main_help=$(echo "$main_help" | tr -d '\r')
# The commands: the first word of each indented line after "Commands:".
commands=$(echo "$main_help" | awk '
	/^[A-Za-z ]*[Cc]ommands:[ \t]*$/ { in_list = 1; next }
	in_list && /^[ \t]*$/ { in_list = 0 }
	in_list && /^[ \t]+[a-z]/ { print $1 }')
[ -n "$commands" ] || fail "no commands found in 'wstrace --help'"
options=$(page_options)
sections=$(echo "$options" | awk 'NF == 1')

compare "wstrace" "$(echo "$main_help" | long_options)" \
	"$(echo "$options" | awk '$1 == "-" { print $2 }')"

for c in $commands; do
	echo "$sections" | grep -qx -- "$c" ||
		fail "wstrace $c: no subsection for it under COMMANDS in $page"
	help=$("$wstrace" "$c" --help 2>&1)
	status=$?
	help=$(echo "$help" | tr -d '\r')
	if [ "$status" != 0 ]; then
		if [ -n "$every" ]; then
			fail "wstrace $c --help: status $status: $(echo "$help" | head -1)"
		else
			unchecked="$unchecked $c"
		fi
		continue
	fi
	compare "wstrace $c" "$(echo "$help" | long_options | grep -vx -- --help)" \
		"$(echo "$options" | awk -v c="$c" '$1 == c { print $2 }' | sort -u)"
done
for s in $sections; do
	echo "$commands" | grep -qx -- "$s" ||
		fail "$page documents 'wstrace $s', which 'wstrace --help' does not list"
done

echo "$checked option lists checked against $page, $failures failed${unchecked:+; options of$unchecked not checked here (their --help fails on this OS)}"
[ "$failures" = 0 ]
