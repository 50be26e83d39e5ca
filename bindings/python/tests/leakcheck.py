"""Runs the binding's tests against a library built with AddressSanitizer (and UBSan) and
fails on any memory error or undefined behaviour, and on any leak whose allocation stack
passes through libdigicheck or the libraries it uses (PCRE2, libyaml, Lua). The
interpreter's own leaks at exit are not the binding's and are only counted.

    make test-python-asan        (builds the library into build/asan and runs this)

Usage: leakcheck.py ASAN-LIBDIGICHECK [ROUNDS]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

TESTS = os.path.dirname(os.path.abspath(__file__))
MODULES = ["test_golden", "test_errors", "test_api", "test_threads", "test_loop"]
OURS = re.compile(r"\b(digicheck_|dci_|libdigicheck|pcre2_|yaml_|lua_|luaL_)")


def asan_runtime() -> str:
    """The path of the compiler's libasan (to preload into the interpreter)."""
    cc = os.environ.get("CC", "cc")
    return subprocess.run([cc, "-print-file-name=libasan.so"], stdout=subprocess.PIPE,
                          check=True, universal_newlines=True).stdout.strip()


def main() -> int:
    library = os.path.abspath(sys.argv[1])
    env = dict(os.environ)
    env.update({
        "DIGICHECK_LIBRARY": library,
        "DIGICHECK_LOOP": sys.argv[2] if len(sys.argv) > 2 else "200",
        "LD_PRELOAD": asan_runtime(),
        # exit 0 on leaks: the interpreter leaks at exit; this script judges the report
        "ASAN_OPTIONS": "detect_leaks=1:exitcode=0:fast_unwind_on_malloc=0",
        "PYTHONMALLOC": "malloc",
    })
    run = subprocess.run([sys.executable, "-m", "unittest", *MODULES], cwd=TESTS, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True)
    log = run.stdout
    blocks = re.split(r"\n(?=(?:Direct|Indirect) leak of )", log)
    leaks = [b for b in blocks if re.match(r"(?:Direct|Indirect) leak of ", b)]
    ours = [b for b in leaks if OURS.search(b)]
    errors = [line for line in log.splitlines()
              if "ERROR: AddressSanitizer" in line or "runtime error:" in line]
    tests_ok = re.search(r"^Ran \d+ tests? in .*\n\nOK", log, re.M) is not None
    for block in ours[:5]:
        print(block.strip(), "\n")
    for line in errors:
        print(line)
    print(f"leakcheck: {library}: tests {'passed' if tests_ok else 'FAILED'}; "
          f"{len(errors)} memory errors; {len(ours)} leaks through libdigicheck; "
          f"{len(leaks) - len(ours)} leak reports of the interpreter itself")
    if not tests_ok:
        print(log[-3000:])
    return 0 if tests_ok and not errors and not ours else 1


if __name__ == "__main__":
    sys.exit(main())
