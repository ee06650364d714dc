#!/usr/bin/env bash
# bench/site.sh [PAGES] [RUNS]: the generator side by side with Hugo on
# one corpus, in one run, and with the cmark command as the floor.
#
# A deterministic corpus of PAGES (default 10000) Arabic policy-like pages
# of about 5 KB (bench/corpus.c) is built by wasl-build and by Hugo with
# minimal equivalent templates (bench/hugo/layouts), RUNS times each
# (default 3), interleaved; medians and ratios are printed, with peak
# memory. Also: a rebuild with nothing changed and with one page changed.
# With WASL_BEFORE set to another checkout of wasl with its programs
# built (in its bin/), that build runs beside this one on the same corpus
# (before, before-same, before-one), with its own templates, and the
# ratios compare the two.
# Prints times; asserts none (the machine is shared and noisy).
set -eu
cd "$(dirname "$0")/.."
PAGES=${1:-10000}
RUNS=${2:-3}
BIN=${BIN:-bin}
BEFORE=${WASL_BEFORE:-}
if [ -n "$BEFORE" ]; then
	BEFORE=$(cd "$BEFORE" && pwd)
	[ -x "$BEFORE/bin/wasl-build" ] ||
	    { echo "bench/site.sh: no $BEFORE/bin/wasl-build"; exit 1; }
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cc -std=c11 -D_DEFAULT_SOURCE -O2 -Ilib/base -o "$work/corpus" bench/corpus.c \
    lib/base/buf.c lib/base/fsx.c
"$work/corpus" "$work" "$PAGES"
cp -r bench/hugo/layouts "$work/hugo/"
echo "corpus: $PAGES pages, $(du -sh "$work/all.md" | cut -f1) of Markdown"

# run NAME COMMAND...: wall seconds and peak KB of one run, appended to
# $work/NAME.times as "seconds kb".
run() {
	local name=$1
	shift
	/usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" ||
	    { echo "$name failed:"; cat "$work/err"; exit 1; }
	cat "$work/t" >>"$work/$name.times"
}
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
col() { awk -v c="$2" '{print $c}' "$work/$1.times"; }

for r in $(seq 1 "$RUNS"); do
	rm -rf "$work/out"
	run wasl "$BIN/wasl-build" --quiet --content "$work/wasl" \
	    --out "$work/out"
	rm -rf "$work/hugo/public" "$work/hugo/resources"
	if [ -n "$BEFORE" ]; then
		rm -rf "$work/out-before"
		run before env -C "$BEFORE" bin/wasl-build --quiet \
		    --content "$work/wasl" --out "$work/out-before"
	fi
	run hugo hugo --quiet --source "$work/hugo"
	run cmark cmark "$work/all.md"
	# rebuilds over an existing site
	run wasl-same "$BIN/wasl-build" --quiet --content "$work/wasl" \
	    --out "$work/out"
	[ -z "$BEFORE" ] || run before-same env -C "$BEFORE" bin/wasl-build \
	    --quiet --content "$work/wasl" --out "$work/out-before"
	run hugo-same hugo --quiet --source "$work/hugo"
	printf '\nسطر أضيف في الجولة %s.\n' "$r" >>"$work/wasl/channels/p00001.md"
	printf '\nسطر أضيف في الجولة %s.\n' "$r" >>"$work/hugo/content/channels/p00001.md"
	run wasl-one "$BIN/wasl-build" --quiet --content "$work/wasl" \
	    --out "$work/out"
	[ -z "$BEFORE" ] || run before-one env -C "$BEFORE" bin/wasl-build \
	    --quiet --content "$work/wasl" --out "$work/out-before"
	run hugo-one hugo --quiet --source "$work/hugo"
done

printf '\n%-34s %10s %12s\n' "full build ($RUNS runs)" "median s" "peak MB"
names="wasl hugo cmark wasl-same hugo-same wasl-one hugo-one"
[ -z "$BEFORE" ] || names="$names before before-same before-one"
for n in $names; do
	t=$(col $n 1 | median)
	m=$(col $n 2 | median)
	printf '%-34s %10s %12s\n' "$n" "$t" "$((m / 1024))"
	eval "T_${n//-/_}=$t; M_${n//-/_}=$m"
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
echo
echo "Hugo / wasl full build:            $(ratio "$T_hugo" "$T_wasl")x (target: 5x or more)"
echo "wasl / cmark floor:                $(ratio "$T_wasl" "$T_cmark")x (target: 2x or less)"
echo "wasl rebuild, nothing changed:     $(ratio "$T_wasl_same" "$T_wasl" | awk '{printf "%.0f%%", $1 * 100}') of a full build (target: 5% or less)"
echo "wasl rebuild, one page changed:    $(ratio "$T_wasl_one" "$T_wasl" | awk '{printf "%.0f%%", $1 * 100}') of a full build (target: 5% or less)"
echo "Hugo / wasl peak memory:           $(ratio "$M_hugo" "$M_wasl")x"
if [ -n "$BEFORE" ]; then
	echo
	echo "this build / $BEFORE ($(git -C "$BEFORE" log -1 --format=%h 2>/dev/null)):"
	echo "  full build:                      $(ratio "$T_wasl" "$T_before")x"
	echo "  rebuild, nothing changed:        $(ratio "$T_wasl_same" "$T_before_same")x"
	echo "  rebuild, one page changed:       $(ratio "$T_wasl_one" "$T_before_one")x"
	echo "  peak memory:                     $(ratio "$M_wasl" "$M_before")x"
fi
