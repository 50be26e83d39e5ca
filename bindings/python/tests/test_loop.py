"""Create, check, render and free many times, through every path that releases a handle:
close(), context managers, garbage collection, and errors. Run it under a leak checker to
show that the binding releases every handle (see `make test-python-asan`); the number of
rounds is DIGICHECK_LOOP (default 100)."""

from __future__ import annotations

import gc
import os
import unittest

import support  # noqa: F401

import digicheck
from support import ANTRAG, GOLDEN, STARTER

ROUNDS = int(os.environ.get("DIGICHECK_LOOP", "100"))
ANSWERS_RULES = os.path.join(GOLDEN, "absence-and-answers", "rules.yaml")


def one_round(i: int) -> int:
    findings = 0
    with digicheck.Ruleset.load(STARTER) as ruleset, digicheck.Checker(ruleset) as checker:
        with digicheck.Draft.from_file(ANTRAG) as draft, checker.check(draft) as report:
            findings += len(report)
            for output in ("text", "json", "jsonl", "sarif", "markdown"):
                report.render(output)
            report.principles
            with digicheck.Document(ruleset, "sarif") as doc:
                doc.add(report)
                doc.add_error("x.md", digicheck.DigicheckIOError("cannot open", source="x.md"))
                doc.finish()
        ruleset.test()
        # left to the garbage collector: __del__ closes them
        unclosed = checker.check(digicheck.Draft.from_text("Schriftlich.", name=f"{i}.txt"))
        findings += len(unclosed)
        digicheck.Checker(ruleset)
        digicheck.Document(ruleset)
    report = digicheck.check(ANTRAG, ANSWERS_RULES, answers={"vp.it-system": "yes"})
    findings += len(report)
    for bad in (lambda: digicheck.Ruleset.load("/nonexistent"),
                lambda: digicheck.Draft.from_text(b"\xff"),
                lambda: digicheck.Draft.from_text("<!DOCTYPE x><x/>", format="ldml"),
                lambda: digicheck.check("x", os.path.join(GOLDEN, "error-bad-regex",
                                                          "rules.yaml"))):
        try:
            bad()
        except digicheck.DigicheckError:
            pass
    return findings


class LoopTest(unittest.TestCase):

    def test_many_rounds(self) -> None:
        first = one_round(0)
        for i in range(1, ROUNDS):
            self.assertEqual(one_round(i), first)
        gc.collect()


if __name__ == "__main__":
    unittest.main()
