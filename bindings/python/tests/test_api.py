"""The binding's objects: findings read through the C accessors, reports as sequences and
their renderings, documents of many reports, the one-call check() and the default rule set."""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import tempfile
import unittest

import support  # noqa: F401

import digicheck
from digicheck._lib import lib
from support import (ANTRAG, DRAFTS, GOLDEN, ROOT, RULESET_HEAD, STARTER, TempDirTest,
                     run_python)

ANSWERS_CASE = os.path.join(GOLDEN, "absence-and-answers")


class JustifyTest(unittest.TestCase):
    """A finding accepted with a reason, through the API and an inline comment."""

    TEXT = ("§ 1 Antrag\n\n(1) Der Antrag ist schriftlich zu stellen.\n\n"
            "<!-- digicheck: form.schriftform: Art. 5 der Richtlinie -->\n"
            "(2) Die Erklärung ist schriftlich abzugeben.\n")

    def test_justified_findings_carry_their_reason(self) -> None:
        with digicheck.default_ruleset() as rs, digicheck.Checker(rs) as checker, \
                digicheck.Draft.from_text(self.TEXT, "e.txt", format="text") as draft:
            draft.justify("form.schriftform", "Aus dem Antrag", at="§ 1 Abs. 1", by="Z 1")
            with checker.check(draft) as report:
                found = [f for f in report if f.rule == "form.schriftform"]
                self.assertEqual([f.justified for f in found], [True, True])
                self.assertEqual(found[0].justification,
                                 digicheck.Justification("Aus dem Antrag", "Z 1", "api"))
                self.assertEqual(found[1].justification,
                                 digicheck.Justification("Art. 5 der Richtlinie", None,
                                                         "inline"))
                data = json.loads(report.to_json())["files"][0]["findings"]
                self.assertEqual([f.to_dict() for f in report], data)

    def test_bad_justifications(self) -> None:
        with digicheck.Draft.from_text("Text.", "e.txt", format="text") as draft:
            with self.assertRaises(digicheck.InvalidArgumentError):
                draft.justify("form.schriftform", "")
        with self.assertRaises(digicheck.SchemaError):
            digicheck.Draft.from_text("Text.\n<!-- digicheck: x -->\nMehr.\n", "e.txt",
                                      format="text")


class FindingTest(TempDirTest):

    @classmethod
    def setUpClass(cls) -> None:
        cls.ruleset = digicheck.Ruleset.load(STARTER)

    @classmethod
    def tearDownClass(cls) -> None:
        cls.ruleset.close()

    def test_fields_equal_the_c_accessors(self) -> None:
        with digicheck.Checker(self.ruleset) as checker, \
                digicheck.Draft.from_file(ANTRAG) as draft, checker.check(draft) as report:
            self.assertEqual(len(report), lib.digicheck_report_count(report._ptr))
            for i, f in enumerate(report):
                p = lib.digicheck_report_get(report._ptr, i)
                self.assertEqual(f.rule, lib.digicheck_finding_rule_id(p).decode())
                self.assertEqual(f.principle, lib.digicheck_finding_principle(p).decode())
                self.assertEqual(f.category, lib.digicheck_finding_category(p).decode())
                self.assertEqual(f.severity, ("info", "warning", "error")[
                    lib.digicheck_finding_severity(p) - 1])
                self.assertEqual(f.kind, lib.digicheck_finding_kind(p).decode())
                self.assertEqual(f.message, lib.digicheck_finding_message(p).decode())
                self.assertEqual(f.suggestion or "",
                                 lib.digicheck_finding_suggestion(p).decode())
                self.assertEqual(f.references, tuple(
                    lib.digicheck_finding_reference(p, j).decode()
                    for j in range(lib.digicheck_finding_reference_count(p))))
                self.assertIsNone(lib.digicheck_finding_reference(p, len(f.references)))
                self.assertEqual(f.path, lib.digicheck_finding_path(p).decode())
                self.assertEqual(f.excerpt, lib.digicheck_finding_excerpt(p).decode())
                self.assertEqual(f.match, lib.digicheck_finding_match(p).decode())
                self.assertEqual((f.line, f.column, f.end_line, f.end_column),
                                 (lib.digicheck_finding_line(p), lib.digicheck_finding_column(p),
                                  lib.digicheck_finding_end_line(p),
                                  lib.digicheck_finding_end_column(p)))
                self.assertEqual((f.offset, f.length), (lib.digicheck_finding_offset(p),
                                                        lib.digicheck_finding_length(p)))
            self.assertIsNone(lib.digicheck_report_get(report._ptr, len(report)))

    def test_field_names_are_the_json_keys(self) -> None:
        report = digicheck.check(ANTRAG, self.ruleset)
        data = json.loads(report.to_json())["files"][0]["findings"]
        names = [field.name for field in dataclasses.fields(digicheck.Finding)]
        # the eId keys appear for LegalDocML.de drafts only (see the golden ldml case),
        # the paragraph keys for Word drafts only (test_docx), target_path for amendment
        # wording only (the golden amendments cases), the justification keys for accepted
        # findings only (test_justify)
        self.assertEqual(names, list(data[0]) + ["eid", "eid_offset", "paragraph",
                                                 "paragraph_offset", "target_path",
                                                 "justified", "justification"])
        self.assertEqual(list(report[0].to_dict()), list(data[0]))
        self.assertEqual((report[0].eid, report[0].eid_offset), ("", -1))
        for f in report:
            self.assertIsInstance(f.references, tuple)
            self.assertIn(f.severity, ("info", "warning", "error"))
            self.assertTrue(all(isinstance(getattr(f, n), int) for n in
                                ("line", "column", "end_line", "end_column", "offset",
                                 "length")))
        with self.assertRaises(dataclasses.FrozenInstanceError):
            report[0].line = 1  # type: ignore[misc]
        self.assertEqual(report[0], dataclasses.replace(report[0]))
        self.assertEqual(len({report[0], report[0]}), 1)

    def test_span_points_into_the_text(self) -> None:
        with open(ANTRAG, "rb") as fp:
            raw = fp.read()
        for f in digicheck.check(ANTRAG, self.ruleset):
            if f.match:
                self.assertEqual(raw[f.offset:f.offset + f.length].decode(), f.match)

    def test_unicode_columns(self) -> None:
        report = digicheck.check("Übergang: Der Antrag ist schriftlich zu stellen.",
                                 self.ruleset, name="x.txt")
        self.assertEqual(report.file, "x.txt")
        f = report[0]
        self.assertEqual(f.match, "schriftlich")
        # columns count code points: "Ü" is one column but two bytes
        self.assertEqual((f.column, f.offset), (26, 26))
        self.assertEqual(f.end_column, 36)

    def test_long_match_is_cut_on_a_character(self) -> None:
        path = self.write_rule("t.long", "ä+")
        f = digicheck.check("Satz " + "ä" * 300 + ".", path)[0]
        self.assertEqual(f.length, 600)
        self.assertTrue(f.match.endswith("ä…"), f.match[-5:])
        self.assertLessEqual(len(f.match.encode()), 200 + len("…".encode()))


class CombinedRulesetTest(unittest.TestCase):
    """Rule sets loaded as one, and rules switched off or re-leveled."""

    DATA = os.path.join(ROOT, "tests", "unit", "data", "extends")

    def test_load_many(self) -> None:
        rs = digicheck.Ruleset.load_many([os.path.join(self.DATA, "ext"),
                                          os.path.join(self.DATA, "other")])
        self.assertEqual(rs.rule_count, 7)
        self.assertEqual(json.loads(rs.describe(output="json"))["id"], "ext+other")
        with self.assertRaises(digicheck.SchemaError) as cm:
            digicheck.Ruleset.load_many([os.path.join(self.DATA, "base"),
                                         os.path.join(self.DATA, "clash")])
        self.assertIn("rule 'base.kann' is defined in two rule sets", str(cm.exception))
        with self.assertRaises(digicheck.InvalidArgumentError):
            digicheck.Ruleset.load_many([])

    def test_set_level(self) -> None:
        rs = digicheck.Ruleset.load(STARTER)
        n = rs.rule_count
        rs.set_level("form.schriftlich", "off")
        self.assertEqual(rs.rule_count, n - 1)
        with self.assertRaises(digicheck.InvalidArgumentError) as cm:
            rs.set_level("form.orginal", "off")
        self.assertIn("did you mean 'form.original'?", str(cm.exception))
        with self.assertRaises(digicheck.InvalidArgumentError):
            rs.set_level("form.original", "loud")
        rs.set_level("form.original", "error")
        report = digicheck.check(ANTRAG, rs)
        rules = {f.rule for f in report}
        self.assertNotIn("form.schriftlich", rules)
        self.assertEqual({f.severity for f in report if f.rule == "form.original"},
                         {"error"})


class ReportTest(unittest.TestCase):

    def setUp(self) -> None:
        self.report = digicheck.check(ANTRAG, STARTER)
        self.addCleanup(self.report.close)

    def test_sequence(self) -> None:
        r = self.report
        self.assertEqual(len(r), 5)
        self.assertEqual(r[0].rule, "form.schriftlich")
        self.assertEqual(r[-1], list(r)[-1])
        self.assertEqual(r[1:3], tuple(r)[1:3])
        self.assertEqual(r.findings, tuple(r))
        with self.assertRaises(IndexError):
            r[5]
        self.assertIn("5 findings", repr(r))
        self.assertEqual(r.ruleset.path, STARTER)

    def test_renderings(self) -> None:
        r = self.report
        doc = json.loads(r.to_json())
        self.assertEqual(doc["summary"]["findings"], 5)
        self.assertEqual(json.loads(r.to_jsonl()), doc["files"][0])
        self.assertEqual(r.to_jsonl().count("\n"), 1)
        sarif = json.loads(r.to_sarif())
        self.assertEqual(sarif["version"], "2.1.0")
        self.assertEqual(len(sarif["runs"][0]["results"]), 5)
        self.assertTrue(r.to_markdown().startswith("# Digitalcheck"))
        self.assertEqual(r.to_text().count("\n"), 5)
        self.assertEqual(r.render("json"), r.render(1))
        with self.assertRaises(digicheck.InvalidArgumentError):
            r.render("pdf")
        with self.assertRaises(digicheck.InvalidArgumentError):
            r.render(42)

    def test_principles(self) -> None:
        p = self.report.principles
        self.assertEqual(sorted(p), ["P1", "P2", "P3", "P4", "P5"])
        self.assertEqual(p["P1"], {"title": "Digitale Angebote für alle nutzbar gestalten",
                                   "status": "findings", "rating": None, "reason": None,
                                   "findings": 3, "open_questions": 0})
        self.assertEqual(p["P2"]["status"], "clean")
        self.assertEqual(sum(s["findings"] for s in p.values()), len(self.report))

    def test_file_name_that_is_not_utf8(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(os.fsencode(tmp), b"\xff.txt")
            with open(path, "w", encoding="utf-8") as fp:
                fp.write("Der Antrag ist schriftlich zu stellen.\n")
            report = digicheck.check(os.fsdecode(path), STARTER)
        self.assertEqual(report.file, os.fsdecode(path))
        # the text form escapes the byte that is not UTF-8; the file keeps it
        self.assertIn("\\xff.txt:1:16: error:", report.to_text())
        self.assertEqual(report.principles["P1"]["findings"], 1)

    def test_print_shows_the_findings(self) -> None:
        # print(digicheck.check(...)) on the default rule set: the written-form finding
        # with its line, column and provision
        report = digicheck.check("Der Antrag ist schriftlich zu stellen.")
        text = str(report)
        self.assertEqual(text, report.to_text())
        line = [x for x in text.splitlines() if "[form.schriftform]" in x]
        self.assertEqual(len(line), 1)
        self.assertTrue(line[0].startswith("<input>:1:16: warning: "), line[0])
        self.assertTrue(line[0].endswith("(Satz 1)"), line[0])
        report.close()
        self.assertEqual(str(report), repr(report))

    def test_empty_report(self) -> None:
        report = digicheck.check(os.path.join(DRAFTS, "verordnung.txt"), STARTER)
        self.assertEqual(len(report), 0)
        self.assertEqual(list(report), [])
        self.assertEqual(report.to_text(), "")


class QuestionTest(unittest.TestCase):

    def test_open_questions_are_not_findings(self) -> None:
        # the default rule set on an empty draft: no finding, the Vorprüfung's
        # questions open, read through the accessors and equal to the JSON
        report = digicheck.check("")
        self.assertEqual(len(report), 0)
        opened = report.open_questions
        self.assertIn("vp.it-system", [q.id for q in opened])
        self.assertTrue(all(q.open and q.answer is None for q in opened))
        self.assertEqual(report.vorpruefung, {"result": "open", "interoperability": "open",
                                              "eu_bezug": "open", "contradiction": False})
        data = json.loads(report.to_json())
        self.assertEqual(data["summary"]["open_questions"], len(opened))
        self.assertEqual(data["summary"]["findings"], 0)

    def test_answers_and_evidence(self) -> None:
        text = "## § 1 Register\n\nDie Stelle führt ein elektronisches Register.\n"
        report = digicheck.check(text, answers={"vp.datenaustausch": "nein",
                                                "vp.eu-bezug": "ja"})
        by_id = {q.id: q for q in report.questions}
        self.assertEqual(by_id["vp.datenaustausch"].answer, "no")
        self.assertFalse(by_id["vp.datenaustausch"].open)
        self.assertTrue(report.vorpruefung["contradiction"])
        it = by_id["vp.it-system"]
        self.assertEqual(it.stage, "vorpruefung")
        self.assertEqual(it.suggested, "yes")
        self.assertEqual(it.evidence[0].path, "§ 1 Satz 1")
        self.assertEqual(it.evidence[0].line, 3)

    def test_aspect_questions_after_the_vorpruefung(self) -> None:
        # the aspects' check questions apply once the Vorprüfung finds a
        # Digitalbezug; the interoperability assessment when vp.eu-bezug is yes
        text = "## § 1 Antrag\n\nDer Antrag ist schriftlich zu stellen.\n"
        by_id = {q.id: q for q in digicheck.check(text).questions}
        self.assertEqual(by_id["P1.1.1"].aspect, "P1.1")
        self.assertEqual(by_id["P1.1.1"].stage, "aspekt")
        self.assertFalse(by_id["P1.1.1"].applicable)
        self.assertIsNone(by_id["vp.it-system"].aspect)
        self.assertEqual(len([q for q in by_id.values() if q.stage == "aspekt"]), 59)
        report = digicheck.check(text, answers={"vp.kommunikation": "ja", "vp.eu-bezug": "ja"})
        by_id = {q.id: q for q in report.questions}
        self.assertTrue(by_id["P1.1.1"].open)
        self.assertEqual(by_id["P1.1.1"].suggested, "yes")
        self.assertTrue(by_id["io.legal"].applicable)

    def test_documentation_with_ratings_and_reasons(self) -> None:
        # a description with ratings and Begründungen, one more answer set from Python
        path = os.path.join(ROOT, "examples", "documentation", "pflegeanerkennung.yaml")
        with digicheck.Draft.from_file(path) as draft, \
                digicheck.Checker(digicheck.Ruleset.load(os.path.join(ROOT, "rules",
                                                                      "digitalcheck"))) as c:
            draft.set_answer("P4", "nein")
            draft.set_reason("P4", "Ermessen bleibt nötig.")
            report = c.check(draft)
        self.assertEqual(report.ratings["P3"][0], "not-relevant")
        self.assertEqual(report.ratings["P4"], ("no", "Ermessen bleibt nötig."))
        by_id = {q.id: q for q in report.questions}
        self.assertEqual(by_id["P1.1.1"].reason,
                         "Schriftform und beglaubigte Abschriften in § 1 Abs. 1.")
        md = report.document()
        self.assertIn("**Bewertung:** Nicht relevant", md)
        self.assertIn("Ermessen bleibt nötig.", md)
        self.assertTrue(report.document("html").startswith("<!DOCTYPE html>"))
        self.assertTrue(report.document("odt").startswith(b"PK"))
        self.assertIn(("rel.personenbezogene-daten", "P5.1", "§ 3 Satz 2", 25),
                      report.relevant)
        self.assertEqual(len([p for p in report.relevant if p[2] == "§ 3 Satz 2"]), 1)


class KeepTest(unittest.TestCase):

    def test_keep_by_severity_category_and_rule(self) -> None:
        path = os.path.join(GOLDEN, "mantelgesetz", "draft.md")
        report = digicheck.check(path)
        self.assertIn("info", {f.severity for f in report})
        report.keep(severity="warning")
        self.assertTrue(report.findings)
        self.assertEqual({f.severity for f in report}, {"warning"})
        self.assertEqual(len(json.loads(report.to_json())["files"][0]["findings"]),
                         len(report))
        # the discretion hints are the opt-in rule set rules/ermessen
        report = digicheck.check(path, os.path.join(ROOT, "rules", "ermessen"))
        report.keep(categories=["discretion"], rules=["auto.kann"])
        self.assertEqual([f.rule for f in report], ["auto.kann"])
        self.assertEqual(report.principles["P4"]["findings"], 1)

    def test_unknown_names(self) -> None:
        report = digicheck.check("Der Antrag ist schriftlich zu stellen.")
        with self.assertRaisesRegex(digicheck.InvalidArgumentError,
                                    "did you mean 'form.schriftform'"):
            report.keep(rules=["form.schriftfrom"])
        with self.assertRaisesRegex(digicheck.InvalidArgumentError, "unknown category 'form'"):
            report.keep(categories=["form"])
        with self.assertRaises(digicheck.InvalidArgumentError):
            report.keep(severity="fatal")
        self.assertEqual(len(report), 1)
        self.assertIn("written-form", digicheck.CATEGORIES)


class DocumentTest(unittest.TestCase):

    def test_document_of_reports_and_errors(self) -> None:
        with digicheck.Ruleset.load(STARTER) as ruleset, digicheck.Checker(ruleset) as c:
            reports = [c.check(digicheck.Draft.from_file(os.path.join(DRAFTS, name)))
                       for name in ("antrag.md", "verordnung.txt")]
            try:
                digicheck.Draft.from_text(b"\xff", name="kaputt.txt")
            except digicheck.EncodingError as e:
                broken = e
            text = digicheck.render_many(reports + [broken], "json")
            doc = json.loads(text)
            self.assertEqual(doc["summary"]["files"], 3)
            self.assertEqual(doc["summary"]["errors"], 1)
            self.assertEqual(doc["files"][2]["file"], "kaputt.txt")
            self.assertEqual(doc["files"][2]["error_code"], -8)
            self.assertEqual(doc["files"][2]["error_column"], 1)
            self.assertEqual(digicheck.render_many(reports[:1]), reports[0].to_json())
            sarif = json.loads(digicheck.render_many(
                [("other.md", broken)], "sarif", ruleset=ruleset))
            self.assertFalse(sarif["runs"][0]["invocations"][0]["executionSuccessful"])
            with digicheck.Document(ruleset, "text") as doc_:
                pieces = [doc_.add(reports[0]), doc_.add(reports[1]),
                          doc_.add_error("x.md", digicheck.DigicheckIOError("cannot open"))]
                pieces.append(doc_.finish())
            self.assertEqual("".join(pieces[:2]), reports[0].to_text())
            self.assertEqual(pieces[2], "x.md: error: cannot open\n")
            with self.assertRaises(TypeError):
                digicheck.render_many(["not a report"], ruleset=ruleset)
        with self.assertRaises(digicheck.InvalidArgumentError):
            digicheck.render_many([broken])

    def test_finished_document(self) -> None:
        with digicheck.Ruleset.load(STARTER) as ruleset, \
                digicheck.Document(ruleset) as doc:
            report = digicheck.check(ANTRAG, ruleset)
            doc.add(report)
            self.assertTrue(doc.finish().endswith("}}}\n"))
            for again in (lambda: doc.finish(), lambda: doc.add(report),
                          lambda: doc.add_error("x", digicheck.DigicheckError("m"))):
                with self.assertRaisesRegex(digicheck.InvalidArgumentError, "finished"):
                    again()

    def test_report_of_another_ruleset(self) -> None:
        other = digicheck.check(ANTRAG, STARTER)
        with digicheck.Ruleset.load(STARTER) as ruleset, \
                digicheck.Document(ruleset) as doc:
            with self.assertRaises(digicheck.InvalidArgumentError):
                doc.add(other)


class CheckFunctionTest(TempDirTest):

    def test_path_or_text(self) -> None:
        by_path = digicheck.check(ANTRAG, STARTER)
        self.assertEqual(by_path.file, ANTRAG)
        self.assertEqual(digicheck.check(pathlib.Path(ANTRAG), STARTER).file, ANTRAG)
        with open(ANTRAG, encoding="utf-8") as fp:
            text = fp.read()
        by_text = digicheck.check(text, STARTER, name="antrag.md")
        self.assertEqual(by_text.file, "antrag.md")
        self.assertEqual([f.rule for f in by_text], [f.rule for f in by_path])
        self.assertEqual(digicheck.check(text.encode(), STARTER).file, "<input>")
        # a short str naming no file is text, not a missing path
        one_line = digicheck.check("Der Antrag ist schriftlich zu stellen.", STARTER)
        self.assertEqual(one_line.file, "<input>")
        self.assertEqual(one_line[0].rule, "form.schriftlich")
        with self.assertRaises(digicheck.DigicheckIOError):  # a PathLike is always a path
            digicheck.check(pathlib.Path(ANTRAG + ".missing"), STARTER)

    def test_draft_descriptions(self) -> None:
        inline = "text: |\n  Der Antrag ist schriftlich zu stellen.\nanswers:\n  vp.it-system: ja\n"
        report = digicheck.check(inline, STARTER, name="d.yaml")
        # the answer vp.it-system: ja makes the rule on IT security apply
        self.assertEqual([f.rule for f in report], ["sec.register-ohne-sicherheit",
                                                    "form.schriftlich"])
        self.assertEqual(report.file, "d.yaml")
        case = os.path.join(GOLDEN, "description")
        with digicheck.Draft.from_file(os.path.join(case, "draft.yaml")) as draft:
            with digicheck.Ruleset.load(STARTER) as rs, rs.checker() as c, c.check(draft) as r:
                self.assertEqual(r.file, os.path.join(case, "entwurf.md"))
                self.assertEqual(json.loads(r.to_json())["files"][0]["file"], r.file)
            self.assertEqual(draft.name, r.file)
        with self.assertRaises(digicheck.SchemaError):
            digicheck.Draft.from_text("text: [1, 2]\n", format="yaml")

    def test_answers_and_ruleset_arguments(self) -> None:
        draft = os.path.join(ANSWERS_CASE, "draft.md")
        rules = os.path.join(ANSWERS_CASE, "rules.yaml")
        without = digicheck.check(draft, rules)
        with_answer = digicheck.check(draft, rules, answers={"vp.it-system": "yes"})
        self.assertNotEqual(len(without), len(with_answer))
        with digicheck.Draft.from_file(draft) as d:
            d.set_answers({"vp.it-system": "yes"})
            self.assertEqual(d.answers, {"vp.it-system": "yes"})
            with digicheck.Ruleset.load(rules) as rs, rs.checker() as c, c.check(d) as r:
                self.assertEqual(r.findings, with_answer.findings)

    def test_default_ruleset(self) -> None:
        path = digicheck.default_ruleset_path()
        self.assertIn(os.path.basename(path), ("digitalcheck", "starter"))
        self.assertEqual(os.path.dirname(path), os.path.join(ROOT, "rules"))
        self.assertIs(digicheck.default_ruleset(), digicheck.default_ruleset())
        self.assertIs(digicheck.check(ANTRAG).ruleset, digicheck.default_ruleset())

    def test_default_ruleset_from_environment(self) -> None:
        rules = os.path.join(ANSWERS_CASE, "rules.yaml")
        code = ("import digicheck; print(digicheck.default_ruleset_path()); "
                "print(digicheck.default_ruleset().rule_count)")
        out = run_python(code, env={"DIGICHECK_RULESET": rules})
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.split("\n")[0], rules)
        missing = run_python("import digicheck; digicheck.check('x')",
                             env={"DIGICHECK_RULESET": "/nonexistent/rules"})
        self.assertIn("DigicheckIOError", missing.stderr)

    def test_describe(self) -> None:
        with digicheck.Ruleset.load(STARTER) as rs:
            listing = rs.describe()
            self.assertIn("form.schriftlich", listing)
            self.assertEqual(len(json.loads(rs.describe(output="json"))["rules"]), len(rs))
            self.assertIn("form.schriftlich", rs.describe("form.schriftlich", "markdown"))
            with self.assertRaisesRegex(digicheck.InvalidArgumentError, "form.schriftlich"):
                rs.describe("form.schriftlch")
            with self.assertRaises(digicheck.InvalidArgumentError):
                rs.describe(output="sarif")

    def test_checker_limits(self) -> None:
        path = self.write("rules.yaml", RULESET_HEAD + """rules:
  - id: t.loop
    type: lua
    principle: P1
    category: vague-term
    severity: info
    message: m
    code: |
      return function(draft, report)
        local n = 0
        while true do n = n + 1 end
      end
""")
        with digicheck.Ruleset.load(path) as rs, rs.checker() as checker, \
                digicheck.Draft.from_text("Ein Satz.") as draft:
            checker.set_limit("lua_instructions", 1000)
            checker.set_limit(1, 64 * 1024 * 1024)
            checker.set_limit("lua_time", 5000)
            checker.set_limit("lua_text", 1 << 20)
            with checker.check(draft) as report:
                self.assertEqual([(f.rule, f.kind) for f in report], [("t.loop", "diagnostic")])
            for limit, value in (("lua_memory", 0), (99, 10), ("lua_gas", 10)):
                with self.assertRaises(digicheck.InvalidArgumentError):
                    checker.set_limit(limit, value)
            with self.assertRaises(TypeError):
                checker.set_limit("lua_memory", 1.5)  # type: ignore[arg-type]

    def test_ruleset_examples(self) -> None:
        with digicheck.Ruleset.load(STARTER) as rs:
            result = rs.test()
            self.assertTrue(result.ok)
            self.assertEqual(result.failures, ())
            self.assertGreater(result.passed, len(rs))
        path = self.write_rule("t.wrong", "\\bangemessen\\b", """    examples:
      match: ["Eine billige Frist."]
      no_match: ["Eine kurze Frist."]
""")
        with digicheck.Ruleset.load(path) as rs:
            result = rs.test()
        self.assertEqual((result.passed, result.failed, result.ok), (1, 1, False))
        self.assertEqual(len(result.failures), 1)
        self.assertTrue(result.failures[0].startswith("t.wrong: "), result.failures)


if __name__ == "__main__":
    unittest.main()
