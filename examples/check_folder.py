#!/usr/bin/env python3
"""Check a folder of drafts and print a table per principle of the Digitalcheck.

    python3 examples/check_folder.py FOLDER [--ruleset PATH] [--by file|severity]
                                            [--save report.sarif|.json|.jsonl|.md|.txt]

--by file (the default): one row per draft, one column per principle, each cell the number
of findings ("?" marks open questions, "-" a principle that is not relevant).
--by severity: one row per principle, the findings of all drafts counted by severity.
--save writes one document about all drafts; its form follows the extension.

The drafts are those `digicheck check FOLDER` takes (digicheck.check_folder walks the folder
the same way and checks on as many threads as there are processors).

Without the package installed, it is taken from bindings/python beside this script.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from typing import Dict, List, Optional, Sequence, TextIO

try:
    import digicheck
except ImportError:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                    "bindings", "python"))
    import digicheck

OUTPUT_BY_EXTENSION = {".json": "json", ".jsonl": "jsonl", ".sarif": "sarif", ".md": "markdown",
                       ".txt": "text"}
SEVERITIES = ("error", "warning", "info")


def cell(summary: digicheck.PrincipleSummary) -> str:
    if summary["status"] == "not-relevant":
        return "-"
    return str(summary["findings"]) + ("?" if summary["open_questions"] else "")


def print_table(header: Sequence[str], rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Left-aligned first column, right-aligned numbers."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        first, rest = row[0].ljust(widths[0]), [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        print("  ".join([first, *rest]), file=out)


def by_file(reports: List[digicheck.Report], root: str, out: TextIO) -> None:
    principles = sorted({p for r in reports for p in r.principles})
    rows = [[os.path.relpath(r.file, root)] + [cell(r.principles[p]) if p in r.principles
                                                else "" for p in principles]
            for r in reports]
    totals = [sum(r.principles.get(p, {}).get("findings", 0) for r in reports)
              for p in principles]
    rows.append(["all drafts"] + [str(t) for t in totals])
    print_table(["draft"] + principles, rows, out)


def by_severity(reports: List[digicheck.Report], out: TextIO) -> None:
    counts: Dict[str, Counter] = {}
    titles: Dict[str, str] = {}
    for report in reports:
        for pid, summary in report.principles.items():
            titles[pid] = summary["title"]
            counts.setdefault(pid, Counter())
        for finding in report:
            counts.setdefault(finding.principle, Counter())[finding.severity] += 1
    rows = [[f"{pid} {titles.get(pid, '')}".strip()] +
            [str(counts[pid][s]) for s in SEVERITIES] + [str(sum(counts[pid].values()))]
            for pid in sorted(counts)]
    print_table(["principle", *SEVERITIES, "all"], rows, out)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("folder", help="a folder of drafts, searched recursively")
    parser.add_argument("--ruleset", help="rule set (default: the default rule set)")
    parser.add_argument("--by", choices=("file", "severity"), default="file")
    parser.add_argument("--save", metavar="FILE",
                        help="also write one document about all drafts (.sarif, .json, …)")
    args = parser.parse_args(argv)

    output = "json"
    if args.save:
        output = OUTPUT_BY_EXTENSION.get(os.path.splitext(args.save)[1], "")
        if not output:
            parser.error(f"--save: unknown extension; use one of "
                         f"{', '.join(OUTPUT_BY_EXTENSION)}")
    try:
        ruleset = (digicheck.Ruleset.load(args.ruleset) if args.ruleset
                   else digicheck.default_ruleset())
    except digicheck.DigicheckError as e:
        print(e, file=sys.stderr)
        return 2
    reports = digicheck.check_folder(args.folder, ruleset)
    if not reports and not reports.errors:
        parser.error(f"no drafts in {args.folder}")
    if args.save:
        with open(args.save, "w", encoding="utf-8") as save:
            save.write(reports.render(output))
    if args.by == "file":
        by_file(list(reports), args.folder, sys.stdout)
    else:
        by_severity(list(reports), sys.stdout)
    for _path, e in reports.errors:
        print(f"error: {e}", file=sys.stderr)
    return 1 if reports.errors else 0


if __name__ == "__main__":
    sys.exit(main())
