"""Shared paths and helpers of the binding's tests (run from bindings/python or by
`make test-python`)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import unittest
from typing import Dict, Optional, Union

TESTS = os.path.dirname(os.path.abspath(__file__))
BINDING = os.path.dirname(TESTS)                     # bindings/python
ROOT = os.path.dirname(os.path.dirname(BINDING))     # the source tree
GOLDEN = os.path.join(ROOT, "tests", "golden")
STARTER = os.path.join(ROOT, "rules", "starter")
DRAFTS = os.path.join(ROOT, "examples", "drafts")
ANTRAG = os.path.join(DRAFTS, "antrag.md")
HEADER = os.path.join(ROOT, "include", "digicheck.h")

if BINDING not in sys.path:
    sys.path.insert(0, BINDING)


def run_python(code: str, env: Optional[Dict[str, str]] = None,
               cwd: Optional[str] = None) -> subprocess.CompletedProcess:
    """Runs code in a fresh interpreter that imports the binding from the source tree.

    ``env`` entries replace the inherited ones; a value of "" removes the variable."""
    full = dict(os.environ)
    full["PYTHONPATH"] = BINDING
    for key, value in (env or {}).items():
        if value == "":
            full.pop(key, None)
        else:
            full[key] = value
    return subprocess.run([sys.executable, "-c", code], env=full, cwd=cwd,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=120)


def header_define(name: str) -> str:
    """The value of a #define in include/digicheck.h."""
    with open(HEADER, encoding="utf-8") as fp:
        for line in fp:
            parts = line.split(None, 2)
            if len(parts) == 3 and parts[0] == "#define" and parts[1] == name:
                return parts[2].strip()
    raise KeyError(name)


RULESET_HEAD = """digicheck: 1
id: t
title: T
principles:
  - {id: P1, title: "Eins"}
"""


class TempDirTest(unittest.TestCase):
    """A test case with a temporary directory, self.dir, and files written into it."""

    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = tmp.name

    def write(self, name: str, content: Union[str, bytes]) -> str:
        path = os.path.join(self.dir, name)
        with open(path, "wb") as fp:
            fp.write(content.encode() if isinstance(content, str) else content)
        return path

    def write_rule(self, rule_id: str, pattern: str, more: str = "") -> str:
        """A one-rule rule set file; more: further YAML lines of the rule."""
        return self.write("rules.yaml", RULESET_HEAD + f"""rules:
  - id: {rule_id}
    principle: P1
    category: vague-term
    severity: info
    match: ['{pattern}']
    message: m
""" + more)
