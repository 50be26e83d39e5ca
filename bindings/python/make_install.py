"""Helper of `make install` for the Python package (standard library only).

    python3 make_install.py pythondir PREFIX
        The directory the package goes into: the interpreter's own site-packages when it
        lies under PREFIX/lib (Debian's python3 with /usr/local: .../dist-packages), else
        PREFIX/lib/pythonX.Y/site-packages, so that PREFIX is always honoured.

    python3 make_install.py config PACKAGE-DIR LIBRARY RULES-DIR
        The text of the package's _config.py: where the installed library and rule sets
        are, relative to the installed package, so that the tree still works when it is
        staged under DESTDIR or moved as a whole.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from typing import List


def pythondir(prefix: str) -> str:
    lib = os.path.join(os.path.normpath(prefix), "lib")
    own = sysconfig.get_path("purelib")
    if os.path.commonpath([lib, own]) == lib:
        return own
    return sysconfig.get_path("purelib", "posix_prefix", vars={"base": prefix})


def config(package_dir: str, library: str, rules: str) -> str:
    return (
        "# Written by `make install`: where the installed library and rule sets are,\n"
        "# relative to this package's directory.\n"
        f"LIBRARY = {os.path.relpath(library, package_dir)!r}\n"
        f"RULES = {os.path.relpath(rules, package_dir)!r}\n"
    )


def main(argv: List[str]) -> int:
    if len(argv) == 2 and argv[0] == "pythondir":
        print(pythondir(argv[1]))
    elif len(argv) == 4 and argv[0] == "config":
        sys.stdout.write(config(*argv[1:]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
