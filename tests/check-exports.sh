#!/bin/sh
# The shared library must export exactly the names in the export list: no
# Lua, libyaml or PCRE2 symbols, no internal dci_ functions.
set -eu
lib=$1
list=$2
actual=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^$' | sort)
expected=$(sort "$list")
if [ "$actual" != "$expected" ]; then
    echo "exports of $lib differ from $list (< exported, > listed):" >&2
    printf '%s\n' "$actual" > /tmp/dc-exports.$$
    printf '%s\n' "$expected" | diff /tmp/dc-exports.$$ - >&2 || true
    rm -f /tmp/dc-exports.$$
    exit 1
fi
echo "exports: $(printf '%s\n' "$actual" | wc -l) symbols, as listed"
