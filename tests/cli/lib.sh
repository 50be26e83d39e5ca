# What the command's test scripts share (sourced; $tmp is their scratch
# directory, $suite the name their messages start with): counting passes
# and failures, running a command for its exit code, and a small rule set.
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "$suite: FAIL: $*" >&2; }

# expect CODE DESCRIPTION COMMAND...: runs the command, checks its exit code.
expect() {
    want=$1; what=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok; else
        bad "$what: exit $got, expected $want"; sed 's/^/    /' "$tmp/err" >&2
    fi
}

# has FILE TEXT DESCRIPTION: the file holds the text.
has() {
    if grep -qF -- "$2" "$1"; then ok; else
        bad "$3: lacks '$2'"; sed 's/^/    /' "$1" >&2
    fi
}

# land_rules DIR SEVERITY: a small rule set of its own principle and one rule,
# land.fax (the word "Fax"), to combine with rules/digitalcheck.
land_rules() {
    mkdir -p "$1"
    { printf 'digicheck: 1\nid: land\ntitle: Land\nprinciples:\n  - {id: L1, title: Land}\n'
      printf 'rules:\n  - {id: land.fax, principle: L1, category: paper-or-post, '
      printf 'severity: %s, match: ['"'"'\\bFax\\b'"'"'], message: Fax.}\n' "$2"; } >"$1/ruleset.yaml"
}
