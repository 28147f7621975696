#!/bin/sh
# report_html.sh WSTRACE TESTS_DIR WORKDIR
# The HTML report in a real browser: Debian's chromium, headless, with
# every host name unresolvable, loads the demo's report; the test checks
# the page holds no reference to anything outside it, that the browser
# logged no console message, and that the DOM it built has the expected
# findings, socket bars and table rows. The screenshot stays in WORKDIR as
# the test's artefact. Installs chromium when it can (root or sudo);
# skips (exit 77) with a message where it cannot.
set -u
wstrace=$1 tests=$2 work=$3
mkdir -p "$work"

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
	if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else sudo=none; fi
	if [ "$sudo" != none ] && command -v apt-get >/dev/null; then
		echo "report_html: installing chromium" >&2
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >"$work/apt.log" 2>&1 ||
			{ $sudo apt-get update -qq >/dev/null 2>&1 &&
			  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >"$work/apt.log" 2>&1; }
	fi
	browser=$(command -v chromium || true)
fi
if [ -z "$browser" ]; then
	echo "report_html: SKIPPED: chromium is not installed and could not be installed here (needs apt-get as root or sudo)" >&2
	exit 77
fi

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

python3 "$tests/tools/etlgen.py" "$tests/fixtures/demo.scn" "$work/demo.etl"
"$wstrace" report "$work/demo.etl" --format html -o "$work/demo.html" || fail "report exited $?"

# Self-contained: no script, no link, no source, no url(), no @import.
if grep -n -i -E '<script|<link|<img|<iframe|src=|href=|url\(|@import' "$work/demo.html" >&2; then
	fail "the page refers to something outside it"
fi

run_browser() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
		--host-resolver-rules="MAP * ~NOTFOUND" --enable-logging=stderr --v=0 "$@" "file://$work/demo.html"
}
run_browser --dump-dom >"$work/dom.html" 2>"$work/browser.log" || fail "chromium --dump-dom exited $?"
if grep -E 'CONSOLE|Uncaught' "$work/browser.log" >&2; then
	fail "console messages while loading the page"
fi
run_browser --screenshot="$work/report-demo.png" --window-size=1100,1200 2>>"$work/browser.log" ||
	fail "chromium --screenshot exited $?"

# The DOM as the browser built it, compared element by element.
python3 - "$work/dom.html" "$work/report-demo.png" <<'PY' || failures=$((failures + 1))
import html.parser, struct, sys

class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.findings, self.bars, self.failed, self.rows, self.svg = [], [], 0, 0, 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag == "section" and "finding" in cls:
            self.findings.append((a.get("data-finding"), cls[1], a.get("data-count")))
        if tag == "g" and "sock" in cls:
            self.bars.append(a.get("data-endpoint"))
            self.failed += "failed" in cls
        if tag == "tr":
            self.rows += 1
        if tag == "svg" and a.get("id") == "timeline":
            self.svg += 1

dom = Dom()
dom.feed(open(sys.argv[1], encoding="utf-8").read())
expected_findings = [("connect_refused", "error", "2"), ("name_not_found", "error", "1"),
                     ("datagrams_dropped", "warning", "1"),
                     ("sockets_left_open", "info", "1"), ("sockets_left_open", "info", "1")]
expected_bars = ["0xffffd20b90a7b3c0", "0xffffd20b90f51b80", "0xffffd20b90f51b80", "0xffffd20b9120c6f0",
                 "0xffffd20b92a18d50", "0xffffd20b91c3e010", "0xffffd20b91c40a30", "0xffffd20b93b0c010"]
ok = True
def check(what, got, want):
    global ok
    if got != want:
        print("FAIL: %s: %r, expected %r" % (what, got, want), file=sys.stderr)
        ok = False
check("findings", dom.findings, expected_findings)
check("socket bars", dom.bars, expected_bars)
check("failed bars", dom.failed, 3)
check("table rows (header + 5 processes)", dom.rows, 6)
check("timelines", dom.svg, 1)
png = open(sys.argv[2], "rb").read()
check("screenshot is a PNG", png[:8], b"\x89PNG\r\n\x1a\n")
check("screenshot size", struct.unpack(">II", png[16:24]), (1100, 1200))
sys.exit(0 if ok else 1)
PY

echo "report_html: $failures failure(s); screenshot $work/report-demo.png"
[ "$failures" = 0 ]
