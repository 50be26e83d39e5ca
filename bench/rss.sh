#!/bin/sh
# Peak memory of one check against the size of the draft: for each size in
# MB (default 1 20; 200 takes minutes and gigabytes), drafts of four kinds
# checked with the default rule set at -j1:
#   sentences  one German sentence repeated (a finding in every sentence)
#   lines      the same sentence one per line (normalizing joins the lines,
#              so the normalized view differs from the text as read)
#   letters    a single letter repeated (a prefilter hit at every byte)
#   statutes   the statutes of the corpus (CORPUS, default ../shared/corpus,
#              as in the Makefile) one after another, in name order
# KINDS picks some; from BIG_MB on (default 200) only BIG_KINDS (default
# all four) are run, for a quicker run of the large sizes.
#
# The rule set's fixed cost includes the JIT code of its patterns, which
# PCRE2 makes at a pattern's first match: a draft that wakes a pattern no
# earlier draft woke pays for its code once. So every draft is checked after
# a warm-up in the same process (the examples of every rule, from
# `digicheck rules -f json`, and the corpus's statutes under 16 KB, small
# enough that their own memory is some 100 KB). The examples do not wake
# every branch of a split pattern (compiled at its first match too), so the
# draft's first 64 KB, the same kind of text, is checked after the warm-up
# as well, and the draft's own cost is its peak above that of the warm-up
# and its first 64 KB: a host that has checked drafts of the kind before.
# The peak above the warm-up alone is printed too ("above warm"), and both
# baselines: the rule set after a one-sentence draft (as loaded, little JIT
# code) and after the warm-up.
# Prints size, kind, seconds (the warm-up's included), peak RSS, RSS per
# input byte, and the draft's own cost per input byte and whether that meets
# the target of SECURITY.md (at most 4); at the end how many met it. Not a test: it exits 0 whether or
# not they do (make bench runs it); the figures go into SECURITY.md by hand.
#
#   [KINDS=...] [BIG_MB=...] [BIG_KINDS=...] [CORPUS=...] \
#       bench/rss.sh DIGICHECK [RULESET] [MB...]
set -eu
dc=$1; rules=${2:-rules/digitalcheck}
[ $# -ge 2 ] && shift 2 || shift $#
sizes=${*:-1 20}
kinds=${KINDS:-sentences lines letters statutes}
big_mb=${BIG_MB:-200}
big_kinds=${BIG_KINDS:-sentences lines letters statutes}
corpus=${CORPUS:-../shared/corpus}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dc-rss.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# seconds and peak RSS in KB of one check of the files given; a check that
# fails (exit status 2, or killed) measures nothing: the run stops there
peak() {
    /usr/bin/time -f '%e %M %x' -o "$tmp/time" "$dc" check -j1 -r "$rules" -f jsonl "$@" \
        >/dev/null 2>"$tmp/err" || true
    read -r p_secs p_kb p_status <<EOT
$(tail -n 1 "$tmp/time")
EOT
    if [ "$p_status" != 0 ] && [ "$p_status" != 1 ]; then
        echo "rss.sh: the check of $* failed ($(head -c 300 "$tmp/err"))" >&2
        exit 1
    fi
    echo "$p_secs $p_kb" > "$tmp/peak"
}

# the warm-up: every rule's examples, one a paragraph, and the small statutes
"$dc" rules -f json "$rules" | python3 -c '
import json, sys
for rule in json.load(sys.stdin)["rules"]:
    for texts in (rule.get("examples") or {}).values():
        for t in texts or []:
            print(t + "\n")
' > "$tmp/examples.txt"
warm="$tmp/examples.txt $(find "$corpus/gesetze" -name '*.md' -size -16k | sort | tr '\n' ' ')"

echo 'Der Antrag ist zu stellen.' > "$tmp/one.txt"
peak "$tmp/one.txt"
read -r secs one < "$tmp/peak"
# shellcheck disable=SC2086  # the warm-up's names hold no blanks
peak $warm
read -r warm_secs base < "$tmp/peak"
printf 'rule set after a one-sentence draft: %d MB; after the warm-up: %d MB (%s s)\n' \
    $((one / 1024)) $((base / 1024)) "$warm_secs"
printf 'MB  kind       seconds  peak MB  RSS/byte  above warm  draft/byte  <= 4\n'
met=0; runs=0
mkdir "$tmp/d"
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
    python3 - "$tmp/d" "$mb" "$corpus/gesetze" $these <<'PY'
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
    name = f"{d}/{kind}.{'md' if kind == 'statutes' else 'txt'}"
    with open(name, "wb") as f:
        if kind in ("sentences", "lines"):
            s = "Der Antrag ist schriftlich bei der zuständigen Behörde zu stellen.".encode()
            s += b"\n" if kind == "lines" else b" "
            f.write(s * (n // len(s)))
        elif kind == "letters":
            f.write(b"x" * n)
        else:
            statutes(f)
    # its first 64 KB, cut at white space: the same kind of text, checked
    # after the warm-up, wakes the patterns this kind wakes
    with open(name, "rb") as f:
        head = f.read(65536)
    cut = max(head.rfind(b" "), head.rfind(b"\n"))
    with open(name.replace(f"/{kind}.", f"/{kind}-head."), "wb") as f:
        f.write(head[:cut] if cut > 0 else head)
PY
    for kind in $these; do
        file=$tmp/d/$kind.txt
        [ "$kind" = statutes ] && file=$tmp/d/$kind.md
        head=$(echo "$file" | sed "s|/$kind\.|/$kind-head.|")
        # shellcheck disable=SC2086
        peak $warm "$head" "$file"
        read -r secs kb < "$tmp/peak"
        # shellcheck disable=SC2086
        peak $warm "$head"
        read -r hsecs hkb < "$tmp/peak"
        above=$(echo "($kb - $base) * 1024 / ($mb * 1000000)" | bc -l)
        own=$(echo "($kb - $hkb) * 1024 / ($mb * 1000000)" | bc -l)
        ok=no
        [ "$(echo "$own <= 4" | bc -l)" = 1 ] && ok=yes && met=$((met + 1))
        runs=$((runs + 1))
        printf '%-3s %-10s %7s %8d %9.1f %11.1f %10.1f  %s\n' "$mb" "$kind" "$secs" \
            $((kb / 1024)) "$(echo "$kb * 1024 / ($mb * 1000000)" | bc -l)" "$above" "$own" "$ok"
    done
    rm -f "$tmp"/d/*
done
printf 'within 4 bytes per input byte above the warm-up and the draft'\''s first 64 KB: %d of %d\n' "$met" "$runs"
