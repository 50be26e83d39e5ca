"""Word drafts through the binding: Draft.from_file on a .docx, findings in Word terms
(paragraph and offset), and annotate() writing the findings as comments into a copy."""

from __future__ import annotations

import hashlib
import json
import os
import zipfile

import support  # noqa: F401

import digicheck
from support import ROOT, TempDirTest

DOCX = os.path.join(ROOT, "tests", "docx", "drafts")
PLAIN = os.path.join(DOCX, "plain.docx")


def digest(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class DocxTest(TempDirTest):

    def test_from_file_reads_word(self) -> None:
        draft = digicheck.Draft.from_file(PLAIN)
        report = digicheck.default_ruleset().checker().check(draft)
        schrift = [f for f in report if f.rule == "form.schriftform"]
        self.assertEqual([(f.path, f.match, f.paragraph, f.paragraph_offset) for f in schrift],
                         [("§ 1 Abs. 2 Satz 1", "schriftlich", 7, 22)])
        self.assertEqual(schrift[0].to_dict()["paragraph"], 7)

    def test_json_keys_of_word_findings(self) -> None:
        report = digicheck.check(PLAIN)
        data = json.loads(report.to_json())["files"][0]["findings"]
        self.assertEqual([list(f.to_dict()) for f in report], [list(f) for f in data])
        self.assertEqual(list(data[0])[-2:], ["paragraph", "paragraph_offset"])

    def test_text_is_what_findings_point_into(self) -> None:
        draft = digicheck.Draft.from_file(PLAIN)
        report = digicheck.default_ruleset().checker().check(draft)
        text = draft.text.encode("utf-8")
        self.assertFalse(text.startswith(b"PK"))       # the text read out, not the zip
        found = [f for f in report if f.length > 0]
        self.assertTrue(found)
        for f in found:
            self.assertEqual(text[f.offset:f.offset + f.length].decode("utf-8"), f.match)
            line = text.split(b"\n")[f.line - 1].decode("utf-8")
            self.assertEqual(line[f.column - 1:f.column - 1 + len(f.match)], f.match)

    def test_other_drafts_have_no_paragraph(self) -> None:
        report = digicheck.check("Der Antrag ist schriftlich zu stellen.")
        finding = report[0]
        self.assertEqual((finding.paragraph, finding.paragraph_offset), (-1, -1))
        self.assertNotIn("paragraph", finding.to_dict())

    def test_annotate_writes_comments(self) -> None:
        out = os.path.join(self.dir, "annotated.docx")
        before = digest(PLAIN)
        draft = digicheck.Draft.from_file(PLAIN)
        report = digicheck.default_ruleset().checker().check(draft)
        digicheck.annotate(draft, report, out)
        self.assertEqual(digest(PLAIN), before)
        with zipfile.ZipFile(out) as z:
            comments = z.read("word/comments.xml").decode("utf-8")
        self.assertIn("Regel: form.schriftform", comments)
        self.assertIn('w:author="Digitalcheck"', comments)
        again = digicheck.Draft.from_file(out)
        self.assertEqual(len(digicheck.default_ruleset().checker().check(again)), len(report))

    def test_annotate_refuses_other_drafts(self) -> None:
        draft = digicheck.Draft.from_text("Der Antrag ist schriftlich zu stellen.", "a.md")
        report = digicheck.default_ruleset().checker().check(draft)
        with self.assertRaises(digicheck.InvalidArgumentError):
            digicheck.annotate(draft, report, os.path.join(self.dir, "x.docx"))

    def test_from_file_reads_opendocument(self) -> None:
        draft = digicheck.Draft.from_file(os.path.join(DOCX, "tracked.odt"))
        report = digicheck.default_ruleset().checker().check(draft)
        self.assertEqual([(f.rule, f.paragraph, f.paragraph_offset) for f in report
                          if f.rule == "form.schriftform"], [("form.schriftform", 5, 62)])
        with self.assertRaises(digicheck.InvalidArgumentError):
            digicheck.annotate(draft, report, os.path.join(self.dir, "x.docx"))

    def test_old_word_is_refused(self) -> None:
        with self.assertRaises(digicheck.UnsupportedError) as cm:
            digicheck.Draft.from_file(os.path.join(ROOT, "tests", "docx", "hostile", "old-word.doc"))
        self.assertIn("convert it to .docx", str(cm.exception))
