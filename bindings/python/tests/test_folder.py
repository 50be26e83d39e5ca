"""A path is a path: check() with a mistyped file name, check(text=...), check_folder() on
threads over a repository-like folder, and Report/Reports.to_records() and to_dataframe()."""

from __future__ import annotations

import errno
import os
import shutil
import sys
import types
import unittest
import subprocess
from typing import Any, Dict, List, Union

import support  # noqa: F401

import digicheck
from support import ANTRAG, DRAFTS, GOLDEN, ROOT, STARTER, TempDirTest

CLI = os.path.join(ROOT, "build", "digicheck")

SENTENCE = "Der Antrag ist schriftlich zu stellen."


class PathOrTextTest(TempDirTest):

    def test_a_mistyped_path_is_no_text(self) -> None:
        for typo in ("shared/corpus/gesetze/ozgg.md", "ozgg.md", "entwurf.YAML",
                     os.path.join(self.dir, "missing"), "./entwurf"):
            with self.subTest(typo=typo):
                with self.assertRaises(FileNotFoundError) as caught:
                    digicheck.check(typo, STARTER)
                self.assertEqual(caught.exception.errno, errno.ENOENT)
                self.assertEqual(caught.exception.filename, typo)
                self.assertIsInstance(caught.exception, digicheck.DigicheckIOError)
                self.assertIn("text=", str(caught.exception))

    def test_text_is_given_as_text(self) -> None:
        by_keyword = digicheck.check(text=SENTENCE, ruleset=STARTER)
        self.assertEqual((by_keyword.file, by_keyword[0].rule), ("<input>", "form.schriftlich"))
        # what would read as a path is text when given as text
        slash = "Der Antrag und/oder die Anzeige ist schriftlich zu stellen."
        with self.assertRaises(FileNotFoundError):
            digicheck.check(slash, STARTER)
        self.assertEqual(digicheck.check(text=slash, ruleset=STARTER)[0].rule,
                         "form.schriftlich")
        self.assertEqual(len(digicheck.check(text="ozgg.md", ruleset=STARTER)), 0)
        with digicheck.Draft.from_text("x/ozgg.md") as draft:
            self.assertEqual(draft.name, "<input>")
        # a one-line text without a separator or extension, and any text with a line
        # break, is text as before
        self.assertEqual(digicheck.check(SENTENCE, STARTER).file, "<input>")
        self.assertEqual(digicheck.check("x/ozgg.md\n" + SENTENCE, STARTER).file, "<input>")
        with self.assertRaises(TypeError):
            digicheck.check(ANTRAG, STARTER, text=SENTENCE)
        with self.assertRaises(TypeError):
            digicheck.check(ruleset=STARTER)

    def test_an_existing_path_is_read(self) -> None:
        self.assertEqual(digicheck.check(ANTRAG, STARTER).file, ANTRAG)
        plain = self.write("entwurf", SENTENCE + "\n")  # no extension: it exists
        self.assertEqual(digicheck.check(plain, STARTER).file, plain)


def read(path: str) -> str:
    with open(path, encoding="utf-8") as fp:
        return fp.read()


def make_repository(root: str) -> None:
    """A folder as a repository holds drafts: statutes, descriptions and other files."""
    files: Dict[str, Union[str, bytes]] = {
        "docs/antrag.md": read(ANTRAG),
        "docs/alt/old.md": read(ANTRAG),
        "verordnung.txt": read(os.path.join(DRAFTS, "verordnung.txt")),
        "d.yaml": "# a description\n---\ntitle: T\ntext: |\n  " + SENTENCE + "\n",
        "d.json": '{"title": "T", "facts": {"a": "}"}, "text": "' + SENTENCE + '"}\n',
        "package.json": '{"name": "x", "scripts": {"text": "y"}}\n',
        "ci.yml": "name: ci\nsteps: |\n  text: no\n",
        "rules/form.yaml": read(os.path.join(STARTER, "form.yaml")),
        ".git/stray.md": SENTENCE,
        "broken.md": b"Der Antrag ist schriftlich zu stellen \xe4.\n",  # not UTF-8
    }
    for rel, content in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fp:
            fp.write(content if isinstance(content, bytes) else content.encode("utf-8"))


class CheckFolderTest(TempDirTest):

    def setUp(self) -> None:
        super().setUp()
        make_repository(self.dir)
        self.ruleset = digicheck.Ruleset.load(STARTER)
        self.addCleanup(self.ruleset.close)

    def rel(self, paths: List[str]) -> List[str]:
        return [os.path.relpath(p, self.dir).replace(os.sep, "/") for p in paths]

    def test_walks_drafts_only(self) -> None:
        self.assertEqual(self.rel(digicheck.drafts_in(self.dir)),
                         ["broken.md", "d.json", "d.yaml", "docs/alt/old.md", "docs/antrag.md",
                          "verordnung.txt"])
        self.assertEqual(self.rel(digicheck.drafts_in(self.dir, ["alt", "d.*"])),
                         ["broken.md", "docs/antrag.md", "verordnung.txt"])
        self.assertEqual(self.rel(digicheck.drafts_in(self.dir, ["docs/*"])),
                         ["broken.md", "d.json", "d.yaml", "verordnung.txt"])
        package = os.path.join(self.dir, "package.json")
        self.assertEqual(digicheck.drafts_in(package), [package])  # named: always checked

    def test_reports_in_path_order_with_errors(self) -> None:
        with digicheck.check_folder(self.dir, self.ruleset, jobs=3) as reports:
            self.assertEqual(self.rel([r.file for r in reports]),
                             ["d.json", "d.yaml", "docs/alt/old.md", "docs/antrag.md",
                              "verordnung.txt"])
            self.assertEqual(self.rel([path for path, _ in reports.errors]), ["broken.md"])
            self.assertIsInstance(reports.errors[0][1], digicheck.EncodingError)
            self.assertEqual(reports.findings, sum(len(r) for r in reports))
            self.assertIn('"errors":1', reports.render("json"))
            serial = digicheck.check_folder(self.dir, self.ruleset, jobs=1)
            self.assertEqual(reports.render("jsonl"), serial.render("jsonl"))
            serial.close()
        self.assertTrue(all(r.closed for r in reports))

    def test_the_same_as_one_check_per_draft(self) -> None:
        paths = digicheck.drafts_in(GOLDEN)
        self.assertFalse([p for p in paths if p.endswith(("expected.json", "rules.yaml"))])
        with digicheck.check_folder(GOLDEN, self.ruleset, jobs=3) as reports, \
                digicheck.Checker(self.ruleset) as checker, \
                digicheck.Document(self.ruleset, "jsonl") as doc:
            pieces = []
            for path in paths:
                try:
                    with digicheck.Draft.from_file(path) as draft, checker.check(draft) as r:
                        pieces.append(doc.add(r))
                except digicheck.DigicheckError as e:
                    pieces.append(doc.add_error(path, e))
            self.assertEqual(reports.render("jsonl"), "".join(pieces) + doc.finish())

    @unittest.skipUnless(os.access(CLI, os.X_OK), "the command is not built")
    def test_the_same_as_the_command(self) -> None:
        for folder in (self.dir, GOLDEN):
            with self.subTest(folder=folder), \
                    digicheck.check_folder(folder, self.ruleset) as reports:
                cli = subprocess.run([CLI, "check", "-r", STARTER, "-f", "json", folder],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     universal_newlines=True, timeout=120)
                self.assertEqual(reports.render("json"), cli.stdout)

    def test_arguments(self) -> None:
        with self.assertRaises(FileNotFoundError):
            digicheck.check_folder(os.path.join(self.dir, "nowhere"), self.ruleset)
        for jobs in (0, -1, 1.5, True):
            with self.subTest(jobs=jobs), self.assertRaises(ValueError):
                digicheck.check_folder(self.dir, self.ruleset, jobs=jobs)  # type: ignore
        answered = digicheck.check_folder(os.path.join(self.dir, "d.yaml"), self.ruleset,
                                          answers={"vp.it-system": "ja"})
        self.assertEqual([f.rule for f in answered[0]],
                         ["sec.register-ohne-sicherheit", "form.schriftlich"])
        shutil.rmtree(os.path.join(self.dir, "docs"))
        self.assertEqual(len(digicheck.check_folder(self.dir, STARTER, exclude="*.md")), 3)


class RecordsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls) -> None:
        cls.report = digicheck.check(ANTRAG, STARTER)

    def test_records(self) -> None:
        records = self.report.to_records()
        self.assertEqual(len(records), len(self.report))
        for record, finding in zip(records, self.report):
            self.assertEqual(list(record), list(digicheck.RECORD_COLUMNS))
            self.assertEqual(record["file"], ANTRAG)
            self.assertEqual(record["rule"], finding.rule)
            self.assertEqual(record["references"], list(finding.references))
        with digicheck.check_folder(DRAFTS, STARTER) as reports:
            self.assertEqual(reports.to_records(),
                             [r for report in reports for r in report.to_records()])

    def test_dataframe_without_pandas(self) -> None:
        saved = sys.modules.get("pandas")
        sys.modules["pandas"] = None  # type: ignore[assignment]  # import pandas fails
        try:
            with self.assertRaises(ImportError) as caught:
                self.report.to_dataframe()
            self.assertIn("needs pandas", str(caught.exception))
            self.assertIn("to_records()", str(caught.exception))
        finally:
            if saved is None:
                del sys.modules["pandas"]
            else:
                sys.modules["pandas"] = saved

    def test_dataframe(self) -> None:
        calls: List[Any] = []
        fake = types.ModuleType("pandas")

        class DataFrame:
            @staticmethod
            def from_records(records: Any, columns: Any) -> str:
                calls.append((records, columns))
                return "frame"

        fake.DataFrame = DataFrame  # type: ignore[attr-defined]
        saved = sys.modules.get("pandas")
        sys.modules["pandas"] = fake
        try:
            self.assertEqual(self.report.to_dataframe(), "frame")
            empty = digicheck.check(os.path.join(DRAFTS, "verordnung.txt"), STARTER)
            empty.to_dataframe()  # no finding: still every column
        finally:
            if saved is None:
                del sys.modules["pandas"]
            else:
                sys.modules["pandas"] = saved
        self.assertEqual(calls[0], (self.report.to_records(), list(digicheck.RECORD_COLUMNS)))
        self.assertEqual(calls[1], ([], list(digicheck.RECORD_COLUMNS)))


if __name__ == "__main__":
    unittest.main()
