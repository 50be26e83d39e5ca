"""digicheck -- check German draft laws for digital readiness (the "Digitalcheck").

A Python binding of libdigicheck through ctypes (standard library only)::

    import digicheck

    report = digicheck.check("entwurf.md")            # the default rule set
    for f in report:
        print(f"{f.line}:{f.column} {f.severity} {f.message} ({f.path})")

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

import os
import sys
import threading
from typing import Dict, List, Mapping, Optional, Union

from . import _lib
from ._core import (Checker, Document, Draft, Evidence, ExampleResults, Finding,
                    PrincipleSummary, Question, Report, Ruleset, StrPath, Vorpruefung,
                    render_many)
from ._errors import (DigicheckError, DigicheckIOError, EncodingError, InvalidArgumentError,
                      LimitError, OutOfMemoryError, RegexError, RuleSyntaxError, SchemaError,
                      UnsupportedError)
from ._version import __version__

__all__ = [
    "Checker", "DigicheckError", "DigicheckIOError", "Document", "Draft", "EncodingError",
    "Evidence", "ExampleResults", "Finding", "InvalidArgumentError", "LimitError",
    "OutOfMemoryError", "PrincipleSummary", "Question", "RegexError", "Report",
    "RuleSyntaxError", "Ruleset", "SchemaError", "UnsupportedError", "Vorpruefung", "__version__", "check", "default_ruleset", "default_ruleset_path",
    "library_path", "library_version", "render_many",
]

#: A str shorter than this, without a line break, that names an existing file or directory
#: is taken by check() as a path; any other str is the draft's text.
MAX_PATH_LENGTH = 4096

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


def _is_path(text_or_path: Union[str, bytes, StrPath]) -> bool:
    if isinstance(text_or_path, os.PathLike):
        return True
    if not isinstance(text_or_path, str):
        return False
    return (len(text_or_path) < MAX_PATH_LENGTH and "\n" not in text_or_path
            and "\r" not in text_or_path and os.path.exists(text_or_path))


def check(text_or_path: Union[str, bytes, StrPath],
          ruleset: Union[Ruleset, StrPath, None] = None, *,
          answers: Optional[Mapping[str, str]] = None, name: Optional[str] = None,
          format: Union[str, int] = "auto") -> Report:
    """Checks one draft in one call and returns its Report.

    ``text_or_path`` is a path when it is an ``os.PathLike``, or a str shorter than
    MAX_PATH_LENGTH characters, without a line break, that names an existing file (see
    ``os.path.exists``); otherwise a str or bytes is the draft's text (then ``name`` is the
    name shown in findings). ``ruleset`` is a Ruleset, a path to load one from, or None
    for the default rule set. ``answers`` maps question ids to answers ("yes", "no",
    "unsure").
    """
    if ruleset is None:
        rules = default_ruleset()
    elif isinstance(ruleset, Ruleset):
        rules = ruleset
    else:
        rules = Ruleset.load(ruleset)  # kept alive by the report (report.ruleset)
    if _is_path(text_or_path):
        draft = Draft.from_file(text_or_path, format=format)  # type: ignore[arg-type]
    else:
        draft = Draft.from_text(text_or_path, name=name, format=format)  # type: ignore[arg-type]
    with draft, Checker(rules) as checker:
        if answers:
            draft.set_answers(answers)
        return checker.check(draft)
