"""The Python examples in examples/ run and print what they promise."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import unittest

import support  # noqa: F401

from support import DRAFTS, GOLDEN, ROOT, STARTER

EXAMPLES = os.path.join(ROOT, "examples")


def run_example(name: str, *args: str) -> "subprocess.CompletedProcess[str]":
    env = dict(os.environ, PYTHONPATH=support.BINDING)
    return subprocess.run([sys.executable, os.path.join(EXAMPLES, name), *args], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          universal_newlines=True, timeout=300)


class ExamplesTest(unittest.TestCase):

    def test_check_folder_by_file(self) -> None:
        out = run_example("check_folder.py", DRAFTS, "--ruleset", STARTER)
        self.assertEqual(out.returncode, 0, out.stderr)
        lines = out.stdout.splitlines()
        self.assertEqual(lines[0].split(), ["draft", "P1", "P2", "P3", "P4", "P5"])
        self.assertEqual(lines[1].split(), ["antrag.md", "3", "0", "0", "1", "1"])
        self.assertEqual(lines[-1].split(), ["all", "drafts", "3", "0", "0", "1", "1"])

    def test_check_folder_by_severity_and_document(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            saved = os.path.join(tmp, "all.json")
            out = run_example("check_folder.py", GOLDEN, "--ruleset", STARTER,
                              "--by", "severity", "--save", saved)
            with open(saved, encoding="utf-8") as fp:
                document = fp.read()
        self.assertEqual(out.returncode, 1)  # two drafts of the golden cases are broken
        self.assertIn("error-nul-byte/draft.md:4:16: NUL byte", out.stderr)
        self.assertEqual(out.stdout.splitlines()[0].split(),
                         ["principle", "error", "warning", "info", "all"])
        self.assertIn('"errors":2', document)

    def test_threads(self) -> None:
        out = run_example("threads.py", GOLDEN, "--sample", "0", "--rounds", "1",
                          "--threads", "3", "--ruleset", STARTER)
        self.assertEqual(out.returncode, 0, out.stderr + out.stdout)
        self.assertIn("speed-up with 3 threads:", out.stdout)


if __name__ == "__main__":
    unittest.main()
