#!/bin/sh
# Peak memory of one check against the size of the draft: for each size in
# MB (default 1 20; 200 takes minutes and gigabytes), drafts of three kinds
# checked with the default rule set at -j1:
#   sentences  one German sentence repeated (a finding in every sentence)
#   letters    a single letter repeated (a prefilter hit at every byte)
#   statutes   the statutes of the corpus (CORPUS, default ../shared/corpus,
#              as in the Makefile) one after another, in name order
# KINDS picks some; from BIG_MB on (default 200) only BIG_KINDS (default
# "sentences letters") are run: statutes of 200 MB take minutes, as they are
# searched in full.
# Prints size, kind, seconds, peak RSS, RSS per input byte, and the draft's
# own cost: the RSS above that of a one-sentence draft (the rule set's
# fixed cost, measured first), per input byte, and whether that meets the
# target of SECURITY.md (at most 4); at the end how many met it. Not a test:
# it exits 0 whether or not they do (make bench runs it); the figures go
# into SECURITY.md by hand.
#
#   [KINDS=...] [BIG_MB=...] [BIG_KINDS=...] [CORPUS=...] \
#       bench/rss.sh DIGICHECK [RULESET] [MB...]
set -eu
dc=$1; rules=${2:-rules/digitalcheck}
[ $# -ge 2 ] && shift 2 || shift $#
sizes=${*:-1 20}
kinds=${KINDS:-sentences letters statutes}
big_mb=${BIG_MB:-200}
big_kinds=${BIG_KINDS:-sentences letters}
corpus=${CORPUS:-../shared/corpus}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dc-rss.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# peak RSS in KB and seconds of one check of file $1
peak() {
    /usr/bin/time -f '%e %M' -o "$tmp/time" "$dc" check -j1 -r "$rules" -f jsonl "$1" \
        >/dev/null 2>&1 || true
    tail -n 1 "$tmp/time"
}

echo 'Der Antrag ist zu stellen.' > "$tmp/one.txt"
read -r secs base <<EOT
$(peak "$tmp/one.txt")
EOT
printf 'rule set alone: %d MB\n' $((base / 1024))
printf 'MB  kind       seconds  peak MB  RSS/byte  draft/byte  <= 4\n'
met=0; runs=0
for mb in $sizes; do
    these=$kinds
    if [ "$mb" -ge "$big_mb" ]; then
        these=
        for kind in $kinds; do
            case " $big_kinds " in
            *" $kind "*) these="$these $kind" ;;
            *) printf '%-3s %-10s skipped: takes too long at this size (BIG_KINDS)\n' \
                      "$mb" "$kind" ;;
            esac
        done
    fi
    [ -n "$these" ] || continue
    python3 - "$tmp" "$mb" "$corpus/gesetze" $these <<'PY'
import os, sys
d, mb, laws, kinds = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
n = mb * 1000000

def statutes(f):
    names = sorted(x for x in os.listdir(laws) if x.endswith(".md"))
    size = 0
    while size < n:
        for name in names:
            with open(os.path.join(laws, name), "rb") as g:
                b = g.read() + b"\n\n"
            f.write(b)
            size += len(b)
            if size >= n:
                return

for kind in kinds:
    with open(f"{d}/{kind}.{'md' if kind == 'statutes' else 'txt'}", "wb") as f:
        if kind == "sentences":
            s = "Der Antrag ist schriftlich bei der zuständigen Behörde zu stellen. ".encode()
            f.write(s * (n // len(s)))
        elif kind == "letters":
            f.write(b"x" * n)
        else:
            statutes(f)
PY
    for kind in $these; do
        file=$tmp/$kind.txt
        [ "$kind" = statutes ] && file=$tmp/$kind.md
        read -r secs kb <<EOT
$(peak "$file")
EOT
        own=$(echo "($kb - $base) * 1024 / ($mb * 1000000)" | bc -l)
        ok=no
        [ "$(echo "$own <= 4" | bc -l)" = 1 ] && ok=yes && met=$((met + 1))
        runs=$((runs + 1))
        printf '%-3s %-10s %7s %8d %9.1f %11.1f  %s\n' "$mb" "$kind" "$secs" $((kb / 1024)) \
            "$(echo "$kb * 1024 / ($mb * 1000000)" | bc -l)" "$own" "$ok"
    done
    rm -f "$tmp"/*.txt "$tmp"/*.md
done
printf 'within 4 bytes per input byte above the rule set: %d of %d\n' "$met" "$runs"
