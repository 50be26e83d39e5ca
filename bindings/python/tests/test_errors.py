"""Every error path of the binding: bad arguments, missing files, bad rule sets, bad input,
closed handles; and the exception classes themselves."""

from __future__ import annotations

import os
import pickle
import unittest
from contextlib import contextmanager
from typing import Any, Iterator, Type

import support

import digicheck
from digicheck import _errors
from support import ANTRAG, RULESET_HEAD, STARTER

DOCTYPE = '<!DOCTYPE akn [<!ENTITY e "x">]><akomaNtoso/>'

class TempDirTest(support.TempDirTest):

    @contextmanager
    def assertRaisesCode(self, cls: Type[BaseException], code: int) -> Iterator[Any]:
        """assertRaises for a DigicheckError subclass that also checks the code."""
        with self.assertRaises(cls) as cm:
            yield cm
        self.assertEqual(cm.exception.code, code, repr(cm.exception))  # type: ignore


class RulesetErrorTest(TempDirTest):

    def test_missing_path(self) -> None:
        missing = os.path.join(self.dir, "nowhere")
        with self.assertRaisesCode(digicheck.DigicheckIOError, -4) as cm:
            digicheck.Ruleset.load(missing)
        self.assertEqual(cm.exception.source, missing)
        self.assertIsInstance(cm.exception, OSError)
        self.assertIn("nowhere", str(cm.exception))

    def test_yaml_syntax(self) -> None:
        path = self.write("r.yaml", RULESET_HEAD + 'rules:\n  - id: "open\n')
        with self.assertRaisesCode(digicheck.RuleSyntaxError, -5) as cm:
            digicheck.Ruleset.load(path)
        self.assertEqual(cm.exception.source, path)
        self.assertGreater(cm.exception.line, 0)

    def test_schema(self) -> None:
        path = self.write("r.yaml", RULESET_HEAD + "colour: blue\n")
        with self.assertRaisesCode(digicheck.SchemaError, -6) as cm:
            digicheck.Ruleset.load(path)
        self.assertEqual((cm.exception.line, cm.exception.column), (6, 1))
        self.assertEqual(str(cm.exception), f"{path}:6:1: {cm.exception.message}")

    def test_regex(self) -> None:
        path = self.write_rule("t.bad", "(unclosed")
        with self.assertRaisesCode(digicheck.RegexError, -7) as cm:
            digicheck.Ruleset.load(path)
        self.assertIn("t.bad", cm.exception.message)

    def test_limit(self) -> None:
        path = self.write("r.yaml", "digicheck: 1\nid: t\ntitle: " + "[" * 80 + "]" * 80)
        with self.assertRaisesCode(digicheck.LimitError, -9):
            digicheck.Ruleset.load(path)

    def test_bad_arguments(self) -> None:
        with self.assertRaises(TypeError):
            digicheck.Ruleset.load(None)  # type: ignore[arg-type]
        with self.assertRaisesCode(digicheck.InvalidArgumentError, -3):
            digicheck.Ruleset.load("rules\0starter")
        with self.assertRaises(TypeError):
            digicheck.Checker("rules/starter")  # type: ignore[arg-type]


class DraftErrorTest(TempDirTest):

    def test_missing_file(self) -> None:
        with self.assertRaisesCode(digicheck.DigicheckIOError, -4) as cm:
            digicheck.Draft.from_file(os.path.join(self.dir, "missing.md"))
        self.assertTrue(cm.exception.source.endswith("missing.md"))

    def test_invalid_utf8(self) -> None:
        with self.assertRaisesCode(digicheck.EncodingError, -8) as cm:
            digicheck.Draft.from_text(b"Zeile\nab\xffc", name="x.txt")
        e = cm.exception
        self.assertEqual((e.source, e.line, e.column), ("x.txt", 2, 3))
        self.assertIsInstance(e, ValueError)
        path = self.write("bad.md", b"# T\n\xc3(")
        with self.assertRaisesCode(digicheck.EncodingError, -8) as cm:
            digicheck.Draft.from_file(path)
        self.assertEqual((cm.exception.source, cm.exception.line), (path, 2))

    def test_nul_and_surrogates(self) -> None:
        with self.assertRaisesCode(digicheck.EncodingError, -8) as cm:
            digicheck.Draft.from_text("ab\0c")
        self.assertEqual((cm.exception.source, cm.exception.column), ("<input>", 3))
        with self.assertRaisesCode(digicheck.EncodingError, -8):
            digicheck.Draft.from_text("lone \udc80 surrogate")

    def test_formats(self) -> None:
        with self.assertRaisesCode(digicheck.UnsupportedError, -10):
            digicheck.Draft.from_text(DOCTYPE, format="ldml")
        with self.assertRaisesCode(digicheck.RuleSyntaxError, -5) as cm:
            digicheck.Draft.from_text("kein XML", name="d.xml")
        self.assertEqual((cm.exception.source, cm.exception.line), ("d.xml", 1))
        with self.assertRaisesCode(digicheck.InvalidArgumentError, -3) as cm:
            digicheck.Draft.from_text("x", format=99)
        self.assertIn("format", cm.exception.message)
        with self.assertRaisesCode(digicheck.InvalidArgumentError, -3) as cm:
            digicheck.Draft.from_text("x", format="pdf")
        self.assertIn("'pdf'", cm.exception.message)
        with self.assertRaises(TypeError):
            digicheck.Draft.from_text("x", format=None)  # type: ignore[arg-type]
        with self.assertRaises(TypeError):
            digicheck.Draft.from_text(42)  # type: ignore[arg-type]

    def test_bad_answers(self) -> None:
        with digicheck.Draft.from_text("x") as draft:
            with self.assertRaisesCode(digicheck.InvalidArgumentError, -3) as cm:
                draft.set_answer("", "yes")
            self.assertIn("question_id", cm.exception.message)
            with self.assertRaisesCode(digicheck.InvalidArgumentError, -3):
                draft.set_answer("vp.it-system", "")
            with self.assertRaisesCode(digicheck.InvalidArgumentError, -3):
                draft.set_answer("vp.it\0system", "yes")
            with self.assertRaises(TypeError):
                draft.set_answer("vp.it-system", True)  # type: ignore[arg-type]
            self.assertEqual(draft.answers, {})
        with self.assertRaises(TypeError):
            digicheck.Draft.from_text("x", name=b"x.md")  # type: ignore[arg-type]


class ClosedHandleTest(unittest.TestCase):

    def test_closed_everything(self) -> None:
        ruleset = digicheck.Ruleset.load(STARTER)
        draft = digicheck.Draft.from_file(ANTRAG)
        checker = digicheck.Checker(ruleset)
        report = checker.check(draft)
        document = digicheck.Document(ruleset, "json")
        findings = list(report)
        for obj in (ruleset, draft, checker, report, document):
            self.assertFalse(obj.closed)
            obj.close()
            obj.close()  # idempotent
            self.assertTrue(obj.closed)
            self.assertIn("closed", repr(obj))
        closed = digicheck.InvalidArgumentError
        with self.assertRaisesRegex(closed, "the rule set is closed"):
            digicheck.Checker(ruleset)
        with self.assertRaisesRegex(closed, "the rule set is closed"):
            ruleset.rule_count
        with self.assertRaisesRegex(closed, "the draft is closed"):
            draft.set_answer("vp.it-system", "yes")
        with self.assertRaisesRegex(closed, "the checker is closed"):
            checker.check(digicheck.Draft.from_text("x"))
        with self.assertRaisesRegex(closed, "the report is closed"):
            report.to_json()
        with self.assertRaisesRegex(closed, "the document is closed"):
            document.finish()
        # the findings were copied when the report was made
        self.assertEqual(list(report), findings)
        self.assertEqual(len(report), 5)

    def test_closed_draft_in_check(self) -> None:
        with digicheck.Ruleset.load(STARTER) as ruleset, digicheck.Checker(ruleset) as checker:
            draft = digicheck.Draft.from_text("x")
            draft.close()
            with self.assertRaisesRegex(digicheck.InvalidArgumentError, "draft is closed"):
                checker.check(draft)
            with self.assertRaises(TypeError):
                checker.check("text")  # type: ignore[arg-type]

    def test_context_managers_close(self) -> None:
        with digicheck.Ruleset.load(STARTER) as ruleset:
            with digicheck.Checker(ruleset) as checker:
                with digicheck.Draft.from_file(ANTRAG) as draft:
                    with checker.check(draft) as report:
                        pass
        for obj in (ruleset, checker, draft, report):
            self.assertTrue(obj.closed)

    def test_ruleset_closed_before_checker(self) -> None:
        """The C checker holds the rule set: closing the Python Ruleset first is safe."""
        ruleset = digicheck.Ruleset.load(STARTER)
        checker = digicheck.Checker(ruleset)
        ruleset.close()
        with checker, digicheck.Draft.from_file(ANTRAG) as draft:
            with checker.check(draft) as report:
                self.assertEqual(len(report), 5)
                self.assertIn("form.schriftlich", report.to_text())


class ExceptionClassTest(unittest.TestCase):

    def test_one_class_per_code(self) -> None:
        expected = {
            -1: digicheck.DigicheckError, -2: digicheck.OutOfMemoryError,
            -3: digicheck.InvalidArgumentError, -4: digicheck.DigicheckIOError,
            -5: digicheck.RuleSyntaxError, -6: digicheck.SchemaError,
            -7: digicheck.RegexError, -8: digicheck.EncodingError,
            -9: digicheck.LimitError, -10: digicheck.UnsupportedError,
            -99: digicheck.DigicheckError,
        }
        for code, cls in expected.items():
            e = _errors.make_error(code, "m", "s.yaml", 2, 3)
            self.assertIs(type(e), cls)
            self.assertIsInstance(e, digicheck.DigicheckError)
            self.assertEqual((e.code, e.message, e.source, e.line, e.column),
                             (code, "m", "s.yaml", 2, 3))
            self.assertEqual(str(e), "s.yaml:2:3: m")
            copy = pickle.loads(pickle.dumps(e))
            self.assertIs(type(copy), cls)
            self.assertEqual(repr(copy), repr(e))
        self.assertIsInstance(_errors.make_error(-2, "m"), MemoryError)

    def test_str_leaves_out_unknown_parts(self) -> None:
        self.assertEqual(str(digicheck.DigicheckError("m")), "m")
        self.assertEqual(str(digicheck.DigicheckError("m", source="f")), "f: m")
        self.assertEqual(str(digicheck.DigicheckError("m", source="f", line=4)), "f:4: m")
        self.assertEqual(digicheck.InvalidArgumentError("m").code, -3)


if __name__ == "__main__":
    unittest.main()
