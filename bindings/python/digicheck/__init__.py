"""digicheck -- check German draft laws for digital readiness (the "Digitalcheck").

A Python binding of libdigicheck through ctypes (standard library only)::

    import digicheck

    report = digicheck.check("entwurf.md")            # the default rule set
    for f in report:
        print(f"{f.line}:{f.column} {f.severity} {f.message} ({f.path})")
    report = digicheck.check(text="Der Antrag ist schriftlich zu stellen.")

    reports = digicheck.check_folder("entwuerfe/", jobs=4)   # threads, a checker each
    rows = reports.to_records()       # or reports.to_dataframe() with pandas

    with digicheck.Ruleset.load("rules/starter") as rules, \\
         digicheck.Checker(rules) as checker, \\
         digicheck.Draft.from_text(text, name="entwurf.md") as draft:
        draft.set_answer("vp.it-system", "yes")
        report = checker.check(draft)
        print(report.to_markdown())

The default rule set is, in order: the directory or file in the environment variable
``DIGICHECK_RULESET``; the rule set installed by ``make install`` (``digitalcheck``, else
``starter``); in the source tree ``rules/digitalcheck``, else ``rules/starter``.
Where the shared library is looked for is described in ``digicheck._lib``.
"""

from __future__ import annotations

import errno
import os
import sys
import threading
from typing import Dict, List, Mapping, Optional, Sequence, Union

from . import _lib
from ._core import (CATEGORIES, RECORD_COLUMNS, Checker, Document, Draft, Evidence, ExampleResults,
                    Finding, PrincipleSummary, Question, Report, Ruleset, StrPath, Vorpruefung,
                    annotate, render_many)
from ._errors import (DigicheckError, DigicheckIOError, DraftNotFoundError, EncodingError,
                      InvalidArgumentError, LimitError, OutOfMemoryError, RegexError,
                      RuleSyntaxError, SchemaError, UnsupportedError)
from ._folder import Reports, check_paths, drafts_in
from ._version import __version__

__all__ = [
    "CATEGORIES", "Checker", "DigicheckError", "DigicheckIOError", "Document", "Draft",
    "DraftNotFoundError", "EncodingError", "Evidence", "ExampleResults", "Finding",
    "InvalidArgumentError", "LimitError", "OutOfMemoryError", "PrincipleSummary", "Question",
    "RECORD_COLUMNS", "RegexError", "Report", "Reports", "RuleSyntaxError", "Ruleset",
    "SchemaError", "UnsupportedError", "Vorpruefung", "__version__", "annotate", "check",
    "check_folder", "default_ruleset", "default_ruleset_path", "drafts_in", "library_path",
    "library_version", "render_many",
]

#: A str as long as this or longer, or with a line break, is always the draft's text.
MAX_PATH_LENGTH = 4096

#: The extensions that make a str given to check() a path (besides a path separator).
PATH_EXTENSIONS = (".md", ".markdown", ".txt", ".xml", ".docx", ".odt", ".yaml", ".yml",
                   ".json")

_RULESET_NAMES = ("digitalcheck", "starter")


def library_version() -> str:
    """The version of the loaded library at run time (``digicheck_version_string()``)."""
    return _lib.lib.digicheck_version_string().decode()


def library_path() -> str:
    """The path or name the library was loaded from."""
    return _lib.path


def _rules_dirs() -> List[str]:
    """The directories holding installed or built rule sets, best first."""
    config = _lib.installed_config()
    if config is not None:
        return [_lib.from_package(config.RULES)]
    root = _lib.source_root()
    if root is not None:
        return [os.path.join(root, "rules")]
    # installed some other way (pip): where `make install` puts rule sets
    return [os.path.join(prefix, "share", "digicheck", "rules")
            for prefix in dict.fromkeys((sys.prefix, "/usr/local", "/usr"))]


def default_ruleset_path() -> str:
    """The path of the default rule set (see the module's documentation).

    Raises DigicheckIOError when there is none."""
    env = os.environ.get("DIGICHECK_RULESET")
    if env:
        return env
    tried = []
    for name in _RULESET_NAMES:
        for rules in _rules_dirs():
            path = os.path.join(rules, name)
            if os.path.isdir(path):
                return path
            tried.append(path)
    raise DigicheckIOError("no default rule set: set DIGICHECK_RULESET or pass ruleset=; "
                           "tried " + ", ".join(tried))


_defaults: Dict[str, Ruleset] = {}
_defaults_lock = threading.Lock()


def default_ruleset() -> Ruleset:
    """The default rule set, loaded once and kept (reloaded if someone closed it)."""
    path = default_ruleset_path()
    with _defaults_lock:
        ruleset = _defaults.get(path)
        if ruleset is None or ruleset.closed:
            ruleset = _defaults[path] = Ruleset.load(path)
        return ruleset


def _as_path(text_or_path: Union[str, bytes, StrPath]) -> Optional[StrPath]:
    """The path check() reads, or None when text_or_path is the draft's text.

    Raises DraftNotFoundError for a str that reads as a path and names no file: checking
    a mistyped file name as statute text would report findings for "<input>"."""
    if isinstance(text_or_path, os.PathLike):
        return text_or_path
    if (not isinstance(text_or_path, str) or len(text_or_path) >= MAX_PATH_LENGTH
            or "\n" in text_or_path or "\r" in text_or_path):
        return None
    if os.path.exists(text_or_path):
        return text_or_path
    separators = [sep for sep in (os.sep, os.altsep, "/") if sep]
    if (text_or_path.lower().endswith(PATH_EXTENSIONS)
            or any(sep in text_or_path for sep in separators)):
        raise DraftNotFoundError(text_or_path)
    return None


def _ruleset(ruleset: Union[Ruleset, StrPath, None]) -> Ruleset:
    """A Ruleset argument: the Ruleset, loaded from a path, or the default one."""
    if ruleset is None:
        return default_ruleset()
    if isinstance(ruleset, Ruleset):
        return ruleset
    return Ruleset.load(ruleset)  # kept alive by the reports (report.ruleset)


def check(text_or_path: Union[str, bytes, StrPath, None] = None,
          ruleset: Union[Ruleset, StrPath, None] = None, *,
          text: Union[str, bytes, None] = None,
          answers: Optional[Mapping[str, str]] = None, name: Optional[str] = None,
          format: Union[str, int] = "auto") -> Report:
    """Checks one draft in one call and returns its Report.

    ``text_or_path`` is a path when it is an ``os.PathLike``, or a str shorter than
    MAX_PATH_LENGTH characters, without a line break, that names an existing file or reads
    as a path: one that ends in a draft's extension (PATH_EXTENSIONS) or holds a path
    separator and names no file raises :class:`DraftNotFoundError` (a FileNotFoundError).
    Any other str, and bytes, is the draft's text; ``text=`` gives the text whatever it
    looks like (a one-line text with a "/", "und/oder", needs it). ``name`` is the name
    shown in findings for a text. ``ruleset`` is a Ruleset, a path to load one from, or
    None for the default rule set. ``answers`` maps question ids to answers ("yes", "no",
    "unsure").
    """
    if (text is None) == (text_or_path is None):
        raise TypeError("check() takes a path or text_or_path, or text=, and not both")
    rules = _ruleset(ruleset)
    path = None if text is not None else _as_path(text_or_path)  # type: ignore[arg-type]
    if path is not None:
        draft = Draft.from_file(path, format=format)
    else:
        source = text if text is not None else text_or_path
        draft = Draft.from_text(source, name=name, format=format)  # type: ignore[arg-type]
    with draft, Checker(rules) as checker:
        if answers:
            draft.set_answers(answers)
        return checker.check(draft)


def check_folder(path: StrPath, ruleset: Union[Ruleset, StrPath, None] = None, *,
                 jobs: Optional[int] = None, answers: Optional[Mapping[str, str]] = None,
                 exclude: Sequence[str] = ()) -> Reports:
    """Checks the drafts of a folder (or one file) on ``jobs`` threads (default: the number
    of processors), each with its own Checker, and returns their :class:`Reports` in path
    order, with the files that could not be checked in ``Reports.errors``.

    The folder is walked as ``digicheck check`` walks it (see :func:`drafts_in`): statutes
    and those YAML/JSON files that are draft descriptions, hidden entries skipped; a name
    or (with a "/") a path below the folder that matches an ``exclude`` pattern (fnmatch)
    is skipped. ``answers`` hold for every draft. Raises FileNotFoundError when path does
    not exist.
    """
    if not os.path.exists(path):
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), os.fspath(path))
    if isinstance(exclude, str):
        exclude = (exclude,)
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a number of threads of at least 1, not {jobs!r}")
    rules = _ruleset(ruleset)
    return check_paths(rules, drafts_in(path, exclude), jobs or os.cpu_count() or 1, answers)
