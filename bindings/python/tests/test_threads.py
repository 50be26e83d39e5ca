"""Threads: one Ruleset shared by threads that each have their own Checker; objects shared
by mistake are used by one thread at a time; close() racing with use is safe."""

from __future__ import annotations

import glob
import os
import threading
import unittest
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List

import support  # noqa: F401

import digicheck
from support import DRAFTS, GOLDEN, STARTER

THREADS = 4
ROUNDS = 10


def drafts() -> List[str]:
    """Every draft of the examples and of the golden cases that reads as UTF-8."""
    paths = sorted(glob.glob(os.path.join(DRAFTS, "*")) +
                   glob.glob(os.path.join(GOLDEN, "*", "draft.*")))
    return [p for p in paths if "error-" not in p]


class ThreadTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls) -> None:
        cls.ruleset = digicheck.Ruleset.load(STARTER)
        cls.paths = drafts()
        with digicheck.Checker(cls.ruleset) as checker:
            cls.serial: Dict[str, str] = {}
            for path in cls.paths:
                with digicheck.Draft.from_file(path) as d, checker.check(d) as r:
                    cls.serial[path] = r.to_json()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.ruleset.close()

    def test_one_checker_per_thread(self) -> None:
        def work(_: int) -> Dict[str, str]:
            results = {}
            with digicheck.Checker(self.ruleset) as checker:
                for _round in range(ROUNDS):
                    for path in self.paths:
                        with digicheck.Draft.from_file(path) as d, checker.check(d) as r:
                            results[path] = r.to_json()
            return results

        with ThreadPoolExecutor(THREADS) as pool:
            for results in pool.map(work, range(THREADS)):
                self.assertEqual(results, self.serial)

    def test_shared_checker_and_draft_are_serialised(self) -> None:
        path = self.paths[0]
        with digicheck.Checker(self.ruleset) as checker, digicheck.Draft.from_file(path) as d:
            def work(_: int) -> List[str]:
                out = []
                for _round in range(ROUNDS * 5):
                    with checker.check(d) as r:
                        out.append(r.to_json())
                return out

            with ThreadPoolExecutor(THREADS) as pool:
                for results in pool.map(work, range(THREADS)):
                    self.assertEqual(set(results), {self.serial[path]})

    def test_close_racing_with_use(self) -> None:
        for _round in range(20):
            checker = digicheck.Checker(self.ruleset)
            report = checker.check(digicheck.Draft.from_file(self.paths[0]))
            outcomes: List[str] = []
            start = threading.Barrier(THREADS + 1)

            def use() -> None:
                start.wait()
                for _ in range(20):
                    try:
                        outcomes.append(report.to_json())
                        checker.check(digicheck.Draft.from_text("x")).close()
                    except digicheck.InvalidArgumentError as e:
                        outcomes.append(e.message)

            threads = [threading.Thread(target=use) for _ in range(THREADS)]
            for t in threads:
                t.start()
            start.wait()
            report.close()
            checker.close()
            for t in threads:
                t.join()
            for outcome in outcomes:
                self.assertIn(outcome, (self.serial[self.paths[0]], "the report is closed",
                                        "the checker is closed"))


if __name__ == "__main__":
    unittest.main()
