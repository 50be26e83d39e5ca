#!/bin/sh
# Peak memory of one check against the size of the draft: for each size in
# MB (default 1 20; 200 takes minutes and gigabytes), a draft of German
# sentences and one of a single letter repeated, checked with the default
# rule set; prints size, kind, seconds, peak RSS and RSS per input byte.
# Not a test: the figures go into SECURITY.md by hand.
#
#   bench/rss.sh DIGICHECK [RULESET] [MB...]
set -eu
dc=$1; rules=${2:-rules/digitalcheck}
[ $# -ge 2 ] && shift 2 || shift $#
sizes=${*:-1 20}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dc-rss.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
printf 'MB  kind       seconds  peak MB  RSS/byte\n'
for mb in $sizes; do
    python3 - "$tmp" "$mb" <<'PY'
import sys
d, mb = sys.argv[1], int(sys.argv[2])
n = mb * 1000000
s = "Der Antrag ist schriftlich bei der zuständigen Behörde zu stellen. "
with open(d + "/sentences.txt", "w") as f:
    f.write(s * (n // len(s.encode())))
with open(d + "/letters.txt", "w") as f:
    f.write("x" * n)
PY
    for kind in sentences letters; do
        /usr/bin/time -f '%e %M' -o "$tmp/time" "$dc" check -r "$rules" -f jsonl \
            "$tmp/$kind.txt" >/dev/null 2>&1 || true
        read -r secs kb <<EOT
$(tail -n 1 "$tmp/time")
EOT
        printf '%-3s %-10s %7s %8d %9.1f\n' "$mb" "$kind" "$secs" $((kb / 1024)) \
            "$(echo "$kb * 1024 / ($mb * 1000000)" | bc -l)"
    done
done
