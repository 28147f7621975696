#!/bin/sh
# check_tables.sh SOURCE_DIR WORKDIR: regenerates the name tables from
# src/tables/*.tsv and fails if the committed files differ; then checks
# that the generator refuses tables a binary search would get wrong.
set -eu
src=$1 work=$2 gen=$1/src/tables/gen_name_tables.py
mkdir -p "$work"
python3 "$gen" "$src/src/tables" "$work/name_tables.c" "$work/name_tables.h"
diff -u "$src/src/tables/name_tables.c" "$work/name_tables.c"
diff -u "$src/include/wstrace/name_tables.h" "$work/name_tables.h"

# refuse NAME CONTENT MESSAGE: a folder holding a.tsv (and b.tsv, the
# target of maps) must make the generator fail with MESSAGE.
refuse() {
	dir=$work/refuse-$1
	rm -rf "$dir" && mkdir -p "$dir"
	printf '1\tB_ONE\n2\tB_TWO\n' >"$dir/b.tsv"
	printf -- "$2" >"$dir/a.tsv"
	if python3 "$gen" "$dir" "$dir/out.c" "$dir/out.h" 2>"$dir/err"; then
		echo "check_tables: the generator accepted $1" >&2
		exit 1
	fi
	grep -q "$3" "$dir/err" || { echo "check_tables: $1: got: $(cat "$dir/err")" >&2; exit 1; }
}
refuse duplicate-value '0x10\tA_ONE\n16\tA_TWO\n' '0x10 is already A_ONE'
refuse duplicate-name '1\tA_ONE\n2\tA_ONE\n' 'A_ONE is given twice'
refuse bad-number '-1\tA_ONE\n' 'is not a decimal or 0x hex number'
refuse too-large '0x100000000\tA_ONE\n' 'is not a decimal or 0x hex number'
refuse one-column '1 A_ONE\n' 'tab-separated columns expected'
refuse wrong-map-name '#maps b b\n1\tB_TWO\t2\tB_TWO\n' 'B_TWO is not 0x1 in b.tsv'
refuse wrong-map-target '#maps b b\n1\tB_ONE\t2\tB_ONE\n' 'B_ONE is not 2 in b.tsv'
refuse unknown-map '#maps b c\n1\tB_ONE\t2\tB_TWO\n' 'unknown table c'
echo "check_tables: in sync, and 8 bad tables refused"
