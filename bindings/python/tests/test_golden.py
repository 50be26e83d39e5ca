"""The golden cases of tests/golden through the binding, exactly as tests/golden/runner.c
runs them through the C API: change into the case directory, load rules.yaml (or the path
in ruleset.txt), load draft.md, .yaml, .json, .xml or .txt with format auto, record
answers.txt, check, and compare the renderings with expected.* byte for byte, or the error
with expected.error ("CODE LINE COLUMN SOURCE", then a message prefix)."""

from __future__ import annotations

import json
import os
import unittest
from typing import List, Optional

import support  # noqa: F401  (puts the binding on sys.path)

import digicheck
from support import GOLDEN

RENDERINGS = (("expected.json", "to_json"), ("expected.txt", "to_text"),
              ("expected.sarif", "to_sarif"), ("expected.md", "to_markdown"))


def case_names() -> List[str]:
    """The case directories, as the runner picks them (no dot in the name)."""
    return sorted(n for n in os.listdir(GOLDEN)
                  if not n.startswith(".") and "." not in n
                  and os.path.isdir(os.path.join(GOLDEN, n)))


def read(name: str) -> Optional[bytes]:
    try:
        with open(name, "rb") as fp:
            return fp.read()
    except FileNotFoundError:
        return None


def first_difference(want: bytes, got: bytes) -> str:
    i = 0
    while i < min(len(want), len(got)) and want[i] == got[i]:
        i += 1
    line = want[:i].count(b"\n") + 1
    return (f"differs at line {line}, byte {i}:\n  want: {want[i:i + 120]!r}\n"
            f"  got:  {got[i:i + 120]!r}")


def api_text(report: digicheck.Report) -> str:
    """The questions, the Vorprüfung and the principles as the runner's api_text() writes
    them (expected.api), from the objects the binding read through the accessors."""
    vp = report.vorpruefung
    lines = [f"file: {report.file}",
             f"vorpruefung: result={vp['result']} interoperability={vp['interoperability']} "
             f"eu_bezug={vp['eu_bezug']} contradiction={int(vp['contradiction'])}"]
    for pid, p in report.principles.items():
        lines.append(f"principle {pid}: status={p['status']} findings={p['findings']} "
                     f"open_questions={p['open_questions']} title={p['title']}")
    for q in report.questions:
        lines.append(f"question {q.id}: stage={q.stage} principle={q.principle} "
                     f"applicable={int(q.applicable)} answer={q.answer or '(null)'} "
                     f"suggested={q.suggested or '(null)'}")
        lines.append(f"  text: {q.text}")
        lines += [f"  evidence {e.line}:{e.column} {e.path}: {e.excerpt}" for e in q.evidence]
    return "".join(line + "\n" for line in lines)


def run_case() -> digicheck.Report:
    """Loads and checks the case in the current directory (the runner's run_case)."""
    ruleset_path = "rules.yaml"
    if not os.path.exists(ruleset_path):
        text = read("ruleset.txt")
        if text is not None:
            ruleset_path = text.decode().splitlines()[0].strip()
    draft_path = next((name for name in ("draft.md", "draft.yaml", "draft.json", "draft.xml")
                       if os.path.exists(name)), "draft.txt")
    with digicheck.Ruleset.load(ruleset_path) as ruleset, \
            digicheck.Draft.from_file(draft_path, format="auto") as draft:
        answers = read("answers.txt")
        for line in (answers or b"").decode().split("\n"):
            if "=" in line and not line.startswith("#"):
                question, answer = line.split("=", 1)
                draft.set_answer(question, answer)
        with digicheck.Checker(ruleset) as checker:
            return checker.check(draft)


class GoldenTest(unittest.TestCase):

    def setUp(self) -> None:
        self.cwd = os.getcwd()
        self.addCleanup(os.chdir, self.cwd)

    def test_cases_exist(self) -> None:
        self.assertGreaterEqual(len(case_names()), 5)

    def test_golden_cases(self) -> None:
        for name in case_names():
            with self.subTest(case=name):
                os.chdir(os.path.join(GOLDEN, name))
                try:
                    self.check_case(name)
                finally:
                    os.chdir(self.cwd)

    def check_case(self, name: str) -> None:
        expected_error = read("expected.error")
        try:
            report = run_case()
        except digicheck.DigicheckError as e:
            if expected_error is None:
                raise
            self.check_error(e, expected_error)
            return
        self.assertIsNone(expected_error, f"{name}: expected an error, the check succeeded")
        with report:
            for file, method in RENDERINGS:
                want = read(file)
                if want is None:
                    self.assertNotEqual(file, "expected.json", f"{name}: missing {file}")
                    continue
                got = getattr(report, method)().encode("utf-8")
                if got != want:
                    self.fail(f"{name}: {file} {first_difference(want, got)}")
            self.check_findings(report)

    def check_error(self, e: digicheck.DigicheckError, expected: bytes) -> None:
        head, _, rest = expected.decode("utf-8").partition("\n")
        fields = head.split(None, 3)
        code, line, column = int(fields[0]), int(fields[1]), int(fields[2])
        source = fields[3] if len(fields) > 3 else ""
        prefix = rest.split("\n", 1)[0]
        self.assertEqual((e.code, e.line, e.column), (code, line, column), repr(e))
        if source:
            self.assertEqual(e.source, source)
        self.assertTrue(e.message.startswith(prefix), f"{e.message!r} !~ {prefix!r}")
        self.assertIs(type(e), digicheck.DigicheckError if code == -1 else
                      digicheck._errors.error_class(code))
        # unknown parts (line or column 0) are left out of str()
        where = e.source + (f":{line}" if line else "") + (f":{column}" if line and column
                                                             else "")
        self.assertEqual(str(e), f"{where}: {e.message}")

    def check_findings(self, report: digicheck.Report) -> None:
        """Every field of every Finding equals the JSON rendering's finding."""
        file = json.loads(report.to_json())["files"][0]
        self.assertEqual(report.file, file["file"])
        self.assertEqual(len(report), len(file["findings"]))
        for finding, data in zip(report, file["findings"]):
            self.assertEqual(finding.to_dict(), data)
        self.assertEqual(report.to_dict(), file)
        self.assertEqual(report.principles, file.get("principles", {}))
        self.assertEqual(report.vorpruefung, {k: file["vorpruefung"][k] for k in
                                              ("result", "interoperability", "eu_bezug",
                                               "contradiction")})
        self.assertEqual(len(report.questions), len(file["questions"]))
        for q, data in zip(report.questions, file["questions"]):
            self.assertEqual((q.id, q.stage, q.principle, q.text, q.applicable, q.answer),
                             (data["id"], data["stage"], data["principle"], data["text"],
                              data["applicable"], data["answer"]))
            self.assertEqual(q.suggested, data["suggested"] if data["evidence"] else None)
            self.assertEqual([(e.path, e.line, e.column, e.excerpt) for e in q.evidence],
                             [(e["path"], e["line"], e["column"], e["excerpt"])
                              for e in data["evidence"]])
        self.assertEqual(sum(q.open for q in report.questions),
                         sum(p["open_questions"] for p in file["principles"].values()))
        want = read("expected.api")
        if want is not None:
            got = api_text(report).encode("utf-8")
            if got != want:
                self.fail(f"expected.api {first_difference(want, got)}")


if __name__ == "__main__":
    unittest.main()
