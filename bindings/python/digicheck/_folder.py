"""check_folder(): the drafts of a folder, checked on threads, and their reports as one object.

The folder is walked as ``digicheck check`` walks it: in name order, hidden entries and
links to directories skipped, statutes (``.txt .md .xml``) taken, and ``.yaml``,
``.yml`` and ``.json`` files only when they are draft descriptions (their text named at the
top level, or no top-level keys but a description's), so that a repository's
``package.json`` or rule files are not checked. Each thread has its own Checker over the
one Ruleset; ctypes releases the GIL while the library reads and checks a draft.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import threading
from typing import (Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union,
                    overload)

from ._core import Checker, Draft, Report, Ruleset, StrPath, records_frame, render_many
from ._errors import DigicheckError

STATUTE_EXTENSIONS = (".txt", ".md", ".xml", ".docx", ".odt")
DESCRIPTION_EXTENSIONS = (".yaml", ".yml", ".json")
DESCRIPTION_KEYS = frozenset(("title", "kind", "jurisdiction", "text", "text_file", "format",
                              "answers", "facts"))

# A key at the margin of block YAML: quoted, or plain up to ": " or ":" at the line's end.
_YAML_KEY = re.compile(r"""^(?:"([^"\\]*)"|'([^']*)'|([^\s#%'"\-][^\n]*?))[ \t]*:(?:\s|$)""",
                       re.M)
_YAML_SKIP = re.compile(r"^(?:[ \t#%\r]|---|\.\.\.|$)")


def _top_level_keys(path: str) -> Optional[List[str]]:
    """The top-level keys of a YAML or JSON file ([] for a list, an empty file), or None
    when a full parse would be needed to tell (a YAML flow mapping, broken JSON)."""
    with open(path, "rb") as fp:
        data = fp.read().decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if data.startswith(("{", "[")):
        try:
            value = json.loads(data)
        except ValueError:
            return None
        return list(value) if isinstance(value, dict) else []
    keys = []
    for line in data.split("\n"):
        if _YAML_SKIP.match(line):
            continue
        if line.startswith("-"):
            return []  # a list at the top
        m = _YAML_KEY.match(line)
        if m:
            keys.append(next(k for k in m.groups() if k is not None))
    return keys


def is_description(path: str) -> bool:
    """Is the YAML or JSON file at path a draft description? As ``digicheck check`` decides
    for what its walk finds, erring towards checking: a file that cannot be read or told
    counts as one, and the library then says what is wrong with it."""
    try:
        keys = _top_level_keys(path)
    except OSError:
        return True
    if keys is None:
        return True
    return ("text" in keys or "text_file" in keys
            or (bool(keys) and all(k in DESCRIPTION_KEYS for k in keys)))


def _excluded(patterns: Sequence[str], rel: str, name: str) -> bool:
    """Does a pattern name the entry (with a '/': its path below the folder)?"""
    return any(fnmatch.fnmatchcase(rel if "/" in p else name, p) for p in patterns)


def drafts_in(folder: StrPath, exclude: Sequence[str] = ()) -> List[str]:
    """The drafts check_folder() checks below folder, in the order it reports them."""
    root = os.fspath(folder)
    found: List[str] = []

    def walk(directory: str, depth: int) -> None:
        for name in sorted(os.listdir(directory)):
            path = os.path.join(directory, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            if name.startswith(".") or _excluded(exclude, rel, name):
                continue
            if os.path.isdir(path) and not os.path.islink(path):
                if depth < 64:
                    walk(path, depth + 1)
                continue
            lower = name.lower()
            if not os.path.isfile(path):
                if os.path.islink(path) and lower.endswith(STATUTE_EXTENSIONS +
                                                           DESCRIPTION_EXTENSIONS):
                    found.append(path)  # a broken link: the library says so
            elif lower.endswith(STATUTE_EXTENSIONS) or (
                    lower.endswith(DESCRIPTION_EXTENSIONS) and is_description(path)):
                found.append(path)

    if os.path.isdir(root):
        walk(root, 0)
    else:
        found.append(root)  # a file named is always checked
    return found


Item = Union[Report, Tuple[str, DigicheckError]]


class Reports(Sequence[Report]):
    """What check_folder() found: a sequence of the :class:`Report` of every draft that
    could be checked, in path order, and ``errors``, the ``(path, DigicheckError)`` of
    those that could not. Closing it closes the reports."""

    def __init__(self, ruleset: Ruleset, items: List[Item]) -> None:
        self.ruleset = ruleset
        self._items = items
        self.reports: List[Report] = [i for i in items if isinstance(i, Report)]
        self.errors: List[Tuple[str, DigicheckError]] = [
            i for i in items if not isinstance(i, Report)]

    def __len__(self) -> int:
        return len(self.reports)

    @overload
    def __getitem__(self, index: int) -> Report: ...
    @overload
    def __getitem__(self, index: slice) -> List[Report]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[Report, List[Report]]:
        return self.reports[index]

    def __iter__(self) -> Iterator[Report]:
        return iter(self.reports)

    @property
    def findings(self) -> int:
        """The number of findings of all reports."""
        return sum(len(r) for r in self.reports)

    def to_records(self) -> List[Dict[str, Any]]:
        """The records of every report (see :meth:`Report.to_records`), in path order."""
        return [record for report in self.reports for record in report.to_records()]

    def to_dataframe(self) -> Any:
        """:meth:`to_records` as a pandas DataFrame; ImportError without pandas."""
        return records_frame(self.to_records())

    def render(self, output: str = "json") -> str:
        """One document about every draft, the failed ones included (as ``digicheck
        check -f OUTPUT`` writes it)."""
        return render_many(self._items, output, self.ruleset)

    def close(self) -> None:
        for report in self.reports:
            report.close()

    def __enter__(self) -> "Reports":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (f"<digicheck.Reports: {len(self.reports)} drafts, {self.findings} findings, "
                f"{len(self.errors)} not checked>")


def _check_one(checker: Checker, path: str, answers: Optional[Mapping[str, str]]) -> Item:
    try:
        with Draft.from_file(path) as draft:
            if answers:
                draft.set_answers(answers)
            return checker.check(draft)
    except DigicheckError as e:
        return (path, e)


def check_paths(ruleset: Ruleset, paths: Sequence[str], jobs: int,
                answers: Optional[Mapping[str, str]]) -> Reports:
    """Checks paths on jobs threads, each with its own Checker."""
    items: List[Optional[Item]] = [None] * len(paths)
    failures: List[BaseException] = []
    lock = threading.Lock()
    todo = iter(range(len(paths)))

    def work() -> None:
        try:
            with Checker(ruleset) as checker:
                while True:
                    with lock:
                        i = next(todo, None)
                    if i is None:
                        return
                    items[i] = _check_one(checker, paths[i], answers)
        except BaseException as e:  # e.g. out of memory making the checker
            failures.append(e)
            with lock:
                for _ in todo:  # the other threads stop too
                    pass

    threads = [threading.Thread(target=work, name=f"digicheck-{n}")
               for n in range(max(1, min(jobs, len(paths))))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done = [i for i in items if i is not None]
    if failures:
        Reports(ruleset, done).close()
        raise failures[0]
    return Reports(ruleset, done)
