"""Checks an installed copy of the package (run by `make test-install` on the staged tree):
the package, the library it loads and its default rule set all come from ROOT, found
through the _config.py that `make install` wrote, and a draft checks as expected.

Usage: installed.py ROOT DRAFT   (with PYTHONPATH naming the installed package's directory)
"""

from __future__ import annotations

import os
import sys


def main(root: str, draft: str) -> int:
    import digicheck

    root = os.path.realpath(root)
    places = {
        "package": digicheck.__file__,
        "library": digicheck.library_path(),
        "default rule set": digicheck.default_ruleset_path(),
    }
    wrong = [f"{what} {path} is not under {root}" for what, path in places.items()
             if not os.path.realpath(path).startswith(root + os.sep)]
    # the installed starter rule set, beside the default one, flags the sentence that
    # demands the written form
    starter = os.path.join(os.path.dirname(places["default rule set"]), "starter")
    report = digicheck.check(draft, starter)
    if "Art. 1 § 2 Abs. 1 Satz 1" not in {f.path for f in report if f.rule == "form.schriftlich"}:
        wrong.append(f"unexpected findings:\n{report.to_text()}")
    if digicheck.library_version() != digicheck.__version__:
        wrong.append(f"library {digicheck.library_version()}, package {digicheck.__version__}")
    for line in wrong:
        print(f"installed package: {line}", file=sys.stderr)
    if not wrong:
        print(f"installed package: ok ({len(report)} findings, library "
              f"{os.path.relpath(places['library'], root)})")
    return 1 if wrong else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
