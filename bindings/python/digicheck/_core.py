"""The objects of the binding: Ruleset, Draft, Checker, Report, Finding and Document.

Every object that owns a C handle has ``close()`` (idempotent), works as a context manager
and closes itself when it is garbage-collected. A handle is used under its object's lock,
so a close from one thread never frees memory another thread is reading, and a checker,
draft, report or document shared by mistake between threads is used by one at a time, as
the C library requires. Using a closed object raises :class:`InvalidArgumentError`.

Lifetimes: a Checker keeps its Ruleset alive (and the C checker holds its own reference to
the C rule set, so closing the Ruleset while checkers exist is safe). A Report copies every
finding into :class:`Finding` objects when it is made: findings stay readable after the
report is closed; renderings need the open report. A Report does not refer to its Draft.
"""

from __future__ import annotations

import ctypes
import json
import os
import threading
from contextlib import contextmanager
from ctypes import byref, c_char_p, c_int, c_long, c_size_t, c_void_p
from dataclasses import asdict, dataclass, fields
from typing import (Any, Callable, Dict, Iterable, Iterator, List, Mapping, Optional,
                    Sequence, Tuple, TypedDict, TypeVar, Union, overload)

from . import _lib
from ._errors import DigicheckError, InvalidArgumentError, OutOfMemoryError
from ._lib import Error, lib

StrPath = Union[str, "os.PathLike[str]"]

FORMATS: Dict[str, int] = {"auto": 0, "text": 1, "markdown": 2, "yaml": 3, "json": 4,
                           "ldml": 5, "docx": 6, "odt": 7}
OUTPUTS: Dict[str, int] = {"text": 0, "json": 1, "sarif": 2, "markdown": 3, "jsonl": 4,
                           "documentation": 5}
SEVERITIES: Dict[int, str] = {1: "info", 2: "warning", 3: "error"}


def _categories() -> Tuple[str, ...]:
    names: List[str] = []
    while True:
        name = lib.digicheck_category(len(names))
        if name is None:
            return tuple(names)
        names.append(name.decode("utf-8"))


#: the fixed taxonomy of categories of the rule language (digicheck_category())
CATEGORIES: Tuple[str, ...] = _categories()
#: DIGICHECK_VP_* and DIGICHECK_PRINCIPLE_*, by number
VERDICTS: Tuple[str, ...] = ("open", "positive", "unsure", "negative")
STATUSES: Tuple[str, ...] = ("clean", "findings", "open-questions", "not-relevant")
CHECKER_LIMITS: Dict[str, int] = {
    "lua_memory": 1, "lua_instructions": 2, "lua_time": 3, "lua_text": 4
}
_NAMED_EXTENSIONS = (".md", ".markdown", ".txt", ".xml", ".docx", ".odt")


def _code(value: Union[str, int], table: Mapping[str, int], what: str) -> int:
    """A format or output given by name ("markdown") or by its C constant."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"{what} must be a str or int, not {type(value).__name__}")
    if isinstance(value, int):
        return value  # the library checks the range and names it
    try:
        return table[value]
    except KeyError:
        raise InvalidArgumentError(f"unknown {what} {value!r}; expected one of "
                                   f"{', '.join(table)}") from None


_H = TypeVar("_H", bound="_Handle")


class _Handle:
    """An object owning one C handle, released by the class's _free function."""

    _kind = "handle"
    _free: Callable[[Optional[int]], None]

    def __init__(self, ptr: int) -> None:
        self._lock = threading.Lock()
        self._ptr: Optional[int] = ptr

    @contextmanager
    def _held(self) -> Iterator[int]:
        """The handle, under the object's lock; InvalidArgumentError if it is closed."""
        with self._lock:
            if self._ptr is None:
                raise InvalidArgumentError(f"the {self._kind} is closed")
            yield self._ptr

    @property
    def closed(self) -> bool:
        """True once close() was called."""
        return self._ptr is None

    def close(self) -> None:
        """Releases the C object. Calling it again does nothing."""
        lock = getattr(self, "_lock", None)
        if lock is None:  # __init__ did not get far
            return
        with lock:
            ptr, self._ptr = self._ptr, None
            if ptr is not None:
                type(self)._free(ptr)

    def __enter__(self: _H) -> _H:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # pragma: no cover - nothing to report to at collection time
            pass


# ---- rule sets -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ExampleResults:
    """The outcome of :meth:`Ruleset.test`: the rules' examples run as tests."""

    passed: int
    failed: int
    #: one line per failed example: "rule-id: expected a match: <text>"
    failures: Tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.failed == 0


class Ruleset(_Handle):
    """A loaded, validated rule set. Immutable: share one between threads, each thread with
    its own :class:`Checker`."""

    _kind = "rule set"
    _free = lib.digicheck_ruleset_free

    def __init__(self, ptr: int, path: str) -> None:
        super().__init__(ptr)
        #: the path it was loaded from
        self.path = path

    @classmethod
    def load(cls, path: StrPath) -> "Ruleset":
        """Loads a rule set: a directory holding ``ruleset.yaml``, or a single YAML file.

        Raises DigicheckIOError, RuleSyntaxError, SchemaError, RegexError, LimitError with
        the file, line and column at fault.
        """
        out, err = c_void_p(), Error()
        rc = lib.digicheck_ruleset_load(byref(out), _lib.encode_path(path), byref(err))
        _lib.raise_for(rc, err)
        return cls(out.value, os.fspath(path))

    @classmethod
    def load_many(cls, paths: Sequence[StrPath]) -> "Ruleset":
        """Loads several rule sets as one, as if one rule set extended each of them (an id two
        of them define is a SchemaError); its id is their ids joined with "+"."""
        raw = [_lib.encode_path(p) for p in paths]
        arr = (c_char_p * max(len(raw), 1))(*raw)
        out, err = c_void_p(), Error()
        rc = lib.digicheck_ruleset_load_many(byref(out), arr, len(raw), byref(err))
        _lib.raise_for(rc, err)
        return cls(out.value, os.pathsep.join(os.fspath(p) for p in paths))

    def set_level(self, rule_id: str, level: str) -> None:
        """Switches rule ``rule_id`` off (``"off"``: it leaves the rule set) or sets the severity
        of all its findings (``"info"``, ``"warning"``, ``"error"``), before checkers are made.
        An unknown rule id raises InvalidArgumentError naming the nearest one."""
        rule, word, err = _lib.encode_str(rule_id, "rule_id"), _lib.encode_str(level, "level"), Error()
        with self._held() as rs:
            rc = lib.digicheck_ruleset_set_level(rs, rule, word, byref(err))
        _lib.raise_for(rc, err)

    @property
    def rule_count(self) -> int:
        """The number of rules."""
        with self._held() as rs:
            return int(lib.digicheck_ruleset_rule_count(rs))

    def __len__(self) -> int:
        return self.rule_count

    def test(self) -> ExampleResults:
        """Runs the examples of every rule (``examples: {match: …, no_match: …}``)."""
        passed, failed, failures, err = c_size_t(), c_size_t(), c_void_p(), Error()
        with self._held() as rs:
            rc = lib.digicheck_ruleset_test(rs, byref(passed), byref(failed),
                                            byref(failures), byref(err))
        text = _lib.take_string(failures.value)
        _lib.raise_for(rc, err)
        return ExampleResults(passed.value, failed.value, tuple(text.splitlines()))

    def describe(self, rule_id: Optional[str] = None, output: Union[str, int] = "text") -> str:
        """The rule set, or the rule ``rule_id``, described: "text" (the list of rules, or
        everything about one rule), "json" (every field of every rule) or "markdown" (the
        reference a rule set ships as its README). An unknown rule id raises
        InvalidArgumentError naming the nearest one."""
        rule = None if rule_id is None else _lib.encode_str(rule_id, "rule_id")
        code = _code(output, OUTPUTS, "output")
        with self._held() as rs:
            return _render(lib.digicheck_ruleset_describe, rs, rule, code)

    def checker(self) -> "Checker":
        """A new checker for this rule set (one per thread)."""
        return Checker(self)

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"{self.rule_count} rules"
        return f"<digicheck.Ruleset {self.path!r} ({state})>"


# ---- drafts --------------------------------------------------------------------------------

class Draft(_Handle):
    """A parsed draft law or ordinance, with the answers given to the rule set's questions."""

    _kind = "draft"
    _free = lib.digicheck_draft_free

    def __init__(self, ptr: int, name: str, fmt: int) -> None:
        super().__init__(ptr)
        #: the name shown in findings (the file name). A draft description (YAML, JSON)
        #: whose text is in a file takes that file's name, which is known here once the
        #: draft has been checked.
        self.name = name
        self._answers: Dict[str, str] = {}
        # Whether name is surely the library's: the draft is text, Markdown or LegalDocML.de
        # by the format asked for or by the name's extension (else it may be a description).
        self._name_known = fmt in (FORMATS["text"], FORMATS["markdown"], FORMATS["ldml"],
                                   FORMATS["docx"], FORMATS["odt"]) or (
            fmt == FORMATS["auto"] and name.lower().endswith(_NAMED_EXTENSIONS))

    @classmethod
    def from_text(cls, text: Union[str, bytes], name: Optional[str] = None,
                  format: Union[str, int] = "auto") -> "Draft":
        """Parses a draft from memory.

        ``text`` is a str, or bytes that must be UTF-8 (invalid bytes and NUL characters
        raise EncodingError with their line and column). ``name`` is shown in findings
        (default ``"<input>"``) and, with ``format="auto"``, picks the format by its
        extension (``.md`` Markdown, ``.xml`` LegalDocML.de, ``.yaml``/``.json`` a draft
        description) or else by the content. ``format``: "auto", "text", "markdown",
        "yaml", "json", "ldml" (or a DIGICHECK_FORMAT_* number).
        """
        if isinstance(text, str):
            data = text.encode("utf-8", "surrogatepass")
        elif isinstance(text, (bytes, bytearray, memoryview)):
            data = bytes(text)
        else:
            raise TypeError(f"text must be str or bytes, not {type(text).__name__}")
        raw_name = None if name is None else _lib.encode_str(name, "name")
        fmt = _code(format, FORMATS, "format")
        out, err = c_void_p(), Error()
        rc = lib.digicheck_draft_parse(byref(out), data, len(data), raw_name, fmt, byref(err))
        _lib.raise_for(rc, err)
        return cls(out.value, "<input>" if name is None else name, fmt)

    @classmethod
    def from_file(cls, path: StrPath, format: Union[str, int] = "auto") -> "Draft":
        """Reads a draft from a file; the path becomes its name. With ``format="auto"``
        the extension decides (``.md`` Markdown, ``.txt`` text, ``.xml`` LegalDocML.de,
        ``.docx`` Word, ``.odt`` OpenDocument, ``.yaml``/``.yml``/``.json`` a draft
        description), else the
        content. A Word draft can be annotated: see :func:`annotate`."""
        fmt = _code(format, FORMATS, "format")
        out, err = c_void_p(), Error()
        rc = lib.digicheck_draft_load(byref(out), _lib.encode_path(path), fmt, byref(err))
        _lib.raise_for(rc, err)
        return cls(out.value, os.fspath(path), fmt)

    @property
    def text(self) -> str:
        """The text a finding's line, column, offset and length count in: the draft's own
        text, or for a Word or OpenDocument draft the text the library reads out of it (a
        paragraph a line), for a draft description the text it names. Offsets count bytes
        of its UTF-8 encoding."""
        length = c_size_t()
        with self._held() as d:
            p = lib.digicheck_draft_text(d, byref(length))
            if not p:
                # the text as read is made on first request and may not fit
                raise OutOfMemoryError("out of memory making the draft's text")
            data = ctypes.string_at(p, length.value)
        return data.decode("utf-8", "surrogatepass")

    def set_answer(self, question_id: str, answer: str) -> None:
        """Records the answer to a question (``"vp.it-system"`` -> ``"yes"``); a later answer
        to the same question replaces the earlier one."""
        qid = _lib.encode_str(question_id, "question_id")
        value = _lib.encode_str(answer, "answer")
        err = Error()
        with self._held() as d:
            rc = lib.digicheck_draft_set_answer(d, qid, value, byref(err))
        _lib.raise_for(rc, err)
        self._answers[question_id] = answer

    def justify(self, rule_id: str, reason: str, at: Optional[Union[str, int]] = None,
                by: Optional[str] = None) -> None:
        """Accepts the findings of rule ``rule_id`` at ``at`` (a path such as ``"§ 2 Abs. 1"``,
        that unit and the units inside it; a line number; None: the whole draft) with a
        reason. They stay in the report with ``justified`` set; a justification that
        accepts no finding gives a diagnostic "stale-justification"."""
        rid = _lib.encode_str(rule_id, "rule_id")
        why = _lib.encode_str(reason, "reason")
        where = None if at is None else _lib.encode_str(str(at), "at")
        who = None if by is None else _lib.encode_str(by, "by")
        err = Error()
        with self._held() as d:
            rc = lib.digicheck_draft_justify(d, rid, where, why, who, byref(err))
        _lib.raise_for(rc, err)

    def set_reason(self, question_id: str, reason: str) -> None:
        """Records the Begründung of an answer: of a question (``"P1.1.1"``), an
        interoperability rating (``"io.legal"``) or a principle's rating (``"P5"``)."""
        qid = _lib.encode_str(question_id, "question_id")
        value = _lib.encode_str(reason, "reason")
        err = Error()
        with self._held() as d:
            rc = lib.digicheck_draft_set_reason(d, qid, value, byref(err))
        _lib.raise_for(rc, err)

    def check_answers(self, ruleset: "Ruleset") -> None:
        """Checks the answers of the draft's description against ``ruleset`` (ids, allowed
        answers, the Begründung a rating "no"/"not-relevant" needs); raises SchemaError
        naming the description's line and column."""
        err = Error()
        with self._held() as d, ruleset._held() as rs:
            rc = lib.digicheck_draft_check_answers(d, rs, byref(err))
        _lib.raise_for(rc, err)

    def set_answers(self, answers: Mapping[str, str]) -> None:
        """Records several answers."""
        for question_id, answer in answers.items():
            self.set_answer(question_id, answer)

    @property
    def answers(self) -> Dict[str, str]:
        """A copy of the answers recorded so far."""
        return dict(self._answers)

    def __repr__(self) -> str:
        return f"<digicheck.Draft {self.name!r}{' (closed)' if self.closed else ''}>"


# ---- findings and reports ------------------------------------------------------------------

@dataclass(frozen=True)
class Justification:
    """Why a finding is accepted: the reason, who accepted it (None if not said) and where
    it is written: "description", "record", "inline" (a comment in the draft) or "api"."""

    reason: str
    by: Optional[str]
    source: str


@dataclass(frozen=True)
class Finding:
    """One finding, with every field of the JSON rendering (DESIGN.md §6).

    ``severity`` is "info", "warning" or "error"; ``kind`` "text", "absence" or
    "diagnostic" (an open question is not a finding: see :attr:`Report.questions`);
    ``suggestion`` is None when the rule has none (JSON null). Lines and columns are 1-based,
    columns in Unicode code points; ``offset`` and ``length`` are the byte span in the
    original input; ``end_line``/``end_column`` its last character.
    For a LegalDocML.de draft, ``eid`` is the eId of the innermost element holding the
    finding's start and ``eid_offset`` that start in the element's text, in code points;
    for other drafts they are "" and -1 (and the JSON form has neither key).
    ``justified`` is True for a finding accepted with a reason, ``justification`` then says
    why (else None; the JSON form has neither key).
    For a Word draft, ``paragraph`` is the index (from 0) of the body's paragraph holding
    the start and ``paragraph_offset`` that start in the paragraph's text, in code points;
    -1 for other drafts (the JSON form has neither key). Lines and columns of a Word draft
    refer to the text view the library reads (one line per paragraph).
    ``target_path`` names the provision an amendment command changes, for a finding in the
    wording the command puts in or (kind "improvement") removes; else None (and the JSON
    form has no such key; where it has one, it follows ``path``).
    """

    rule: str
    principle: str
    category: str
    severity: str
    kind: str
    message: str
    suggestion: Optional[str]
    references: Tuple[str, ...]
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    length: int
    excerpt: str
    match: str
    eid: str = ""
    eid_offset: int = -1
    paragraph: int = -1
    paragraph_offset: int = -1
    target_path: Optional[str] = None
    justified: bool = False
    justification: Optional[Justification] = None

    def to_dict(self) -> Dict[str, Any]:
        """The finding as in the JSON rendering (references as a list; the eId keys only
        for a LegalDocML.de draft, the paragraph keys only for a Word draft, target_path
        only in amendment wording, the justification keys only for an accepted finding)."""
        data = asdict(self)
        data["references"] = list(self.references)
        if self.eid_offset < 0 and not self.eid:
            del data["eid"], data["eid_offset"]
        if self.paragraph < 0:
            del data["paragraph"], data["paragraph_offset"]
        if not self.justified:
            del data["justified"], data["justification"]
        target = data.pop("target_path")
        if target is not None:      # right after "path", as in JSON
            ordered: Dict[str, Any] = {}
            for key, value in data.items():
                ordered[key] = value
                if key == "path":
                    ordered["target_path"] = target
            data = ordered
        return data


#: The columns of Report.to_records() and to_dataframe(): the draft's name, then every
#: field of Finding.
RECORD_COLUMNS: Tuple[str, ...] = ("file",) + tuple(f.name for f in fields(Finding))


def records_frame(records: List[Dict[str, Any]]) -> Any:
    """A pandas DataFrame of records with the columns RECORD_COLUMNS (also when empty)."""
    try:
        import pandas  # type: ignore[import-not-found]
    except ImportError as e:
        raise ImportError("to_dataframe() needs pandas, which is not installed "
                          "(pip install pandas); to_records() gives the same rows as dicts "
                          "without it") from e
    return pandas.DataFrame.from_records(records, columns=list(RECORD_COLUMNS))


def _optional_text(value: Optional[bytes]) -> Optional[str]:
    """A C string that may be NULL, as str or None."""
    return None if value is None else value.decode("utf-8")


def _read_finding(f: int) -> Finding:
    """Copies one finding out of the report through the accessors."""
    def text(accessor: Callable[[int], bytes]) -> str:
        return accessor(f).decode("utf-8")

    suggestion = text(lib.digicheck_finding_suggestion)
    count = lib.digicheck_finding_reference_count(f)
    return Finding(
        rule=text(lib.digicheck_finding_rule_id),
        principle=text(lib.digicheck_finding_principle),
        category=text(lib.digicheck_finding_category),
        severity=SEVERITIES.get(lib.digicheck_finding_severity(f), "unknown"),
        kind=text(lib.digicheck_finding_kind),
        message=text(lib.digicheck_finding_message),
        suggestion=suggestion or None,
        references=tuple(lib.digicheck_finding_reference(f, i).decode("utf-8")
                         for i in range(count)),
        path=text(lib.digicheck_finding_path),
        line=lib.digicheck_finding_line(f),
        column=lib.digicheck_finding_column(f),
        end_line=lib.digicheck_finding_end_line(f),
        end_column=lib.digicheck_finding_end_column(f),
        offset=lib.digicheck_finding_offset(f),
        length=lib.digicheck_finding_length(f),
        excerpt=text(lib.digicheck_finding_excerpt),
        match=text(lib.digicheck_finding_match),
        eid=text(lib.digicheck_finding_eid),
        eid_offset=lib.digicheck_finding_eid_offset(f),
        paragraph=lib.digicheck_finding_paragraph(f),
        paragraph_offset=lib.digicheck_finding_paragraph_offset(f),
        justified=bool(lib.digicheck_finding_justified(f)),
        justification=Justification(
            reason=text(lib.digicheck_finding_justification_reason),
            by=text(lib.digicheck_finding_justification_by) or None,
            source=text(lib.digicheck_finding_justification_source),
        ) if lib.digicheck_finding_justified(f) else None,
        target_path=_optional_text(lib.digicheck_finding_target_path(f)),
    )


def _str(value: Optional[bytes]) -> Optional[str]:
    return None if value is None else value.decode("utf-8")


@dataclass(frozen=True)
class Evidence:
    """A place in the text that suggests an answer to a question."""

    path: str
    line: int
    column: int
    excerpt: str


@dataclass(frozen=True)
class Question:
    """A question of the rule set as it stands for one draft. An open question (it applies
    and has no answer) is for the drafter to answer; it is never a :class:`Finding`.
    ``answer`` is None when unanswered; ``suggested`` the answer the text suggests (None
    without evidence); ``aspect`` the id of the principle's aspect it belongs to ("P1.2"),
    None for questions of no aspect."""

    id: str
    stage: str
    principle: str
    text: str
    applicable: bool
    answer: Optional[str]
    suggested: Optional[str]
    evidence: Tuple[Evidence, ...]
    aspect: Optional[str] = None
    reason: Optional[str] = None

    @property
    def open(self) -> bool:
        """Does it apply and lack an answer?"""
        return self.applicable and self.answer is None


def _read_question(q: int) -> Question:
    """Copies one question out of the report through the accessors."""
    count = lib.digicheck_question_evidence_count(q)
    return Question(
        id=lib.digicheck_question_id(q).decode("utf-8"),
        stage=lib.digicheck_question_stage(q).decode("utf-8"),
        principle=lib.digicheck_question_principle(q).decode("utf-8"),
        text=lib.digicheck_question_text(q).decode("utf-8"),
        applicable=bool(lib.digicheck_question_applicable(q)),
        answer=_str(lib.digicheck_question_answer(q)),
        suggested=_str(lib.digicheck_question_suggested(q)),
        evidence=tuple(Evidence(path=lib.digicheck_question_evidence_path(q, i).decode("utf-8"),
                                line=lib.digicheck_question_evidence_line(q, i),
                                column=lib.digicheck_question_evidence_column(q, i),
                                excerpt=lib.digicheck_question_evidence_excerpt(q, i)
                                .decode("utf-8"))
                       for i in range(count)),
        aspect=_str(lib.digicheck_question_aspect(q)),
        reason=_str(lib.digicheck_question_reason(q)),
    )


class Vorpruefung(TypedDict):
    """The result of the Vorprüfung (the JSON key ``vorpruefung``): ``result``,
    ``interoperability`` and ``eu_bezug`` are "open", "positive", "unsure" or "negative"."""

    result: str
    interoperability: str
    eu_bezug: str
    contradiction: bool


def _read_vorpruefung(r: int) -> Vorpruefung:
    interop, eu, contradiction = c_int(), c_int(), c_int()
    result = lib.digicheck_report_vorpruefung(r, byref(interop), byref(eu),
                                              byref(contradiction))
    return Vorpruefung(result=VERDICTS[result], interoperability=VERDICTS[interop.value],
                       eu_bezug=VERDICTS[eu.value], contradiction=bool(contradiction.value))


class PrincipleSummary(TypedDict):
    """The summary of one principle in a report (the JSON key ``principles``)."""

    title: str
    status: str          # "findings", "open-questions", "clean" or "not-relevant"
    rating: Optional[str]   # the drafter's: "yes", "no", "not-relevant"; None: not rated
    reason: Optional[str]   # its Begründung
    findings: int
    open_questions: int


def _read_principles(r: int) -> Dict[str, PrincipleSummary]:
    out: Dict[str, PrincipleSummary] = {}
    findings, open_questions = c_size_t(), c_size_t()
    for i in range(lib.digicheck_report_principle_count(r)):
        status = lib.digicheck_report_principle_status(r, i, byref(findings),
                                                       byref(open_questions))
        reason = c_char_p()
        rating = lib.digicheck_report_principle_rating(r, i, byref(reason))
        out[lib.digicheck_report_principle_id(r, i).decode("utf-8")] = PrincipleSummary(
            title=lib.digicheck_report_principle_title(r, i).decode("utf-8"),
            status=STATUSES[status], rating=_str(rating), reason=_str(reason.value),
            findings=findings.value, open_questions=open_questions.value)
    return out


def _render(fn: Callable[..., int], *args: Any) -> str:
    """Calls a function that hands out a string (…, char **out, size_t *len, err)."""
    out, length, err = c_void_p(), c_size_t(), Error()
    rc = fn(*args, byref(out), byref(length), byref(err))
    text = _lib.take_string(out.value, length.value)
    _lib.raise_for(rc, err)
    return text


class Report(_Handle):
    """The findings of one check: a sequence of :class:`Finding` (``len``, ``report[i]``,
    iteration), its :attr:`questions`, :attr:`vorpruefung` and :attr:`principles` (all read
    through the library's accessors when the report is made), and its renderings
    (``to_json()`` …), produced by the library."""

    _kind = "report"
    _free = lib.digicheck_report_free

    def __init__(self, ptr: int, ruleset: Ruleset) -> None:
        super().__init__(ptr)
        #: the rule set the draft was checked with
        self.ruleset = ruleset
        self._data: Optional[Dict[str, Any]] = None
        try:
            #: the draft's name (a description's text file, if it names one)
            self.file: str = lib.digicheck_report_file(ptr).decode("utf-8", "surrogateescape")
            self._read_findings(ptr)
            #: every question of the rule set as it stands for the draft, in its order
            self.questions: Tuple[Question, ...] = tuple(
                _read_question(lib.digicheck_report_question(ptr, i))
                for i in range(lib.digicheck_report_question_count(ptr)))
            #: the result of the Vorprüfung
            self.vorpruefung: Vorpruefung = _read_vorpruefung(ptr)
        except BaseException:
            self.close()
            raise

    def _read_findings(self, ptr: int) -> None:
        count = lib.digicheck_report_count(ptr)
        self.findings: Tuple[Finding, ...] = tuple(
            _read_finding(lib.digicheck_report_get(ptr, i)) for i in range(count))
        self._principles = _read_principles(ptr)
        self._data = None

    def keep(self, severity: Optional[str] = None, categories: Iterable[str] = (),
             rules: Iterable[str] = ()) -> None:
        """Keeps only the findings of ``severity`` ("info", "warning", "error") or higher,
        of one of ``categories`` (see :data:`CATEGORIES`) and of one of ``rules`` (empty:
        any), for the findings, principles and renderings after it. An unknown name raises
        InvalidArgumentError (naming the valid ones, or the nearest rule id)."""
        levels = {name: value for value, name in SEVERITIES.items()}
        if severity is not None and severity not in levels:
            raise InvalidArgumentError(f"unknown severity {severity!r} "
                                       f"({', '.join(levels)})")
        cats = [_lib.encode_str(c, "category") for c in categories]
        ids = [_lib.encode_str(r, "rule") for r in rules]
        cat_array = (c_char_p * max(len(cats), 1))(*cats)
        id_array = (c_char_p * max(len(ids), 1))(*ids)
        err = Error()
        with self._held() as r:
            rc = lib.digicheck_report_keep(r, levels.get(severity or "", 0), cat_array,
                                           len(cats), id_array, len(ids), byref(err))
            _lib.raise_for(rc, err)
            self._read_findings(r)

    @property
    def open_questions(self) -> Tuple[Question, ...]:
        """The questions that apply and have no answer."""
        return tuple(q for q in self.questions if q.open)

    def __len__(self) -> int:
        return len(self.findings)

    @overload
    def __getitem__(self, index: int) -> Finding: ...
    @overload
    def __getitem__(self, index: slice) -> Tuple[Finding, ...]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[Finding, Tuple[Finding, ...]]:
        return self.findings[index]

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def render(self, output: Union[str, int]) -> str:
        """The report as a whole document: "text", "json", "jsonl", "sarif" or "markdown"."""
        code = _code(output, OUTPUTS, "output")
        with self._held() as r:
            return _render(lib.digicheck_report_render, r, code)

    def to_text(self) -> str:
        """One line per finding: ``file:line:column: severity: message [rule] (§ path)``,
        then one line of the open questions."""
        return self.render("text")

    def to_json(self) -> str:
        """The JSON document ``{"version":1,"files":[…],"summary":{…}}``."""
        return self.render("json")

    def to_jsonl(self) -> str:
        """The file object of the JSON form, on one line."""
        return self.render("jsonl")

    def to_sarif(self) -> str:
        """A SARIF 2.1.0 log (columns in Unicode code points)."""
        return self.render("sarif")

    def to_markdown(self) -> str:
        """The per-principle documentation, in German."""
        return self.render("markdown")

    @property
    def ratings(self) -> Dict[str, Tuple[Optional[str], Optional[str]]]:
        """The drafter's rating of each principle (``"P1"`` -> (rating, Begründung)): "yes"
        (Ja, gänzlich oder teilweise), "no", "not-relevant", or None while not rated."""
        out: Dict[str, Tuple[Optional[str], Optional[str]]] = {}
        with self._held() as r:
            for i in range(lib.digicheck_report_principle_count(r)):
                reason = c_char_p()
                rating = lib.digicheck_report_principle_rating(r, i, byref(reason))
                out[lib.digicheck_report_principle_id(r, i).decode("utf-8")] = (
                    _str(rating), _str(reason.value))
        return out

    @property
    def relevant(self) -> Tuple[Tuple[str, Optional[str], str, int], ...]:
        """The places where a principle matters without a defect (relevance rules; no
        findings): (rule id, aspect, path, line) each."""
        out = []
        with self._held() as r:
            for i in range(lib.digicheck_report_relevant_count(r)):
                aspect, path, line = c_char_p(), c_char_p(), c_long()
                rule = lib.digicheck_report_relevant(r, i, byref(aspect), byref(path),
                                                     byref(line))
                out.append((rule.decode("utf-8"), _str(aspect.value),
                            (path.value or b"").decode("utf-8"), line.value))
        return tuple(out)

    def document(self, form: str = "markdown") -> Union[str, bytes]:
        """The "Dokumentation der Digitaltauglichkeit": "markdown" or "html" (str), or
        "odt" (the bytes of an OpenDocument text)."""
        forms = {"markdown": 0, "html": 1, "odt": 2}
        if form not in forms:
            raise InvalidArgumentError(f"unknown form {form!r} ({', '.join(forms)})")
        out, length, err = c_void_p(), c_size_t(), Error()
        with self._held() as r:
            rc = lib.digicheck_report_document(r, forms[form], byref(out), byref(length),
                                               byref(err))
        if form != "odt":
            text = _lib.take_string(out.value, length.value)
            _lib.raise_for(rc, err)
            return text
        data = ctypes.string_at(out.value, length.value) if out.value else b""
        lib.digicheck_free(out)
        _lib.raise_for(rc, err)
        return data

    def to_dict(self) -> Dict[str, Any]:
        """The file object of the JSON rendering, parsed: findings, principles, vorpruefung,
        questions. Read from the library once, then kept."""
        if self._data is None:
            self._data = json.loads(self.to_json())["files"][0]
        return self._data

    def to_records(self) -> List[Dict[str, Any]]:
        """One dict per finding, for tables: the draft's name as ``"file"``, then every
        field of :class:`Finding` (references as a list, ``eid`` "" and ``eid_offset`` -1
        where the draft is not LegalDocML.de), in the order of RECORD_COLUMNS."""
        # vars(): the fields in their order, without asdict()'s deep copy (a tenth the time)
        return [{"file": self.file, **vars(f), "references": list(f.references)}
                for f in self.findings]

    def to_dataframe(self) -> Any:
        """The records of :meth:`to_records` as a pandas DataFrame, one row per finding.
        Raises ImportError when pandas is not installed."""
        return records_frame(self.to_records())

    @property
    def principles(self) -> Dict[str, PrincipleSummary]:
        """Per principle: ``{"P1": {"title", "status", "findings", "open_questions"}, …}``."""
        return dict(self._principles)

    def __str__(self) -> str:
        """The text rendering, so that ``print(report)`` shows the findings; a closed
        report (which can no longer render) gives its repr."""
        if self.closed:
            return repr(self)
        return self.to_text()

    def __repr__(self) -> str:
        state = " (closed)" if self.closed else ""
        return f"<digicheck.Report {self.file!r}: {len(self.findings)} findings{state}>"


# ---- checking ------------------------------------------------------------------------------

class Checker(_Handle):
    """Checks drafts against one rule set. Use one checker per thread; many checkers may
    share one :class:`Ruleset`. The checker keeps its rule set alive."""

    _kind = "checker"
    _free = lib.digicheck_checker_free

    def __init__(self, ruleset: Ruleset) -> None:
        if not isinstance(ruleset, Ruleset):
            raise TypeError(f"ruleset must be a Ruleset, not {type(ruleset).__name__}")
        out, err = c_void_p(), Error()
        with ruleset._held() as rs:
            rc = lib.digicheck_checker_new(byref(out), rs, byref(err))
        _lib.raise_for(rc, err)
        super().__init__(out.value)
        #: the rule set the checker checks with
        self.ruleset = ruleset

    def set_limit(self, limit: Union[str, int], value: int) -> None:
        """Sets a limit of this checker for the checks to come: "lua_memory" (bytes of its
        Lua state), "lua_instructions" or "lua_time" (milliseconds; both per call of a Lua
        rule), "lua_text" (bytes of messages and suggestions Lua rules report per draft), or a
        DIGICHECK_CHECKER_LIMIT_* number; value at least 1. A Lua rule that hits a limit
        gives a finding of kind "diagnostic"."""
        code = _code(limit, CHECKER_LIMITS, "limit")
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"value must be an int, not {type(value).__name__}")
        if not -2**63 <= value < 2**63:
            raise InvalidArgumentError(f"value {value} does not fit a C long")
        err = Error()
        with self._held() as c:
            rc = lib.digicheck_checker_set_limit(c, code, value, byref(err))
        _lib.raise_for(rc, err)

    def check(self, draft: Draft) -> Report:
        """Checks a draft. Findings are sorted by position, then by the order of the rules."""
        if not isinstance(draft, Draft):
            raise TypeError(f"draft must be a Draft, not {type(draft).__name__}")
        out, err = c_void_p(), Error()
        with self._held() as c, draft._held() as d:
            rc = lib.digicheck_check(c, d, byref(out), byref(err))
        _lib.raise_for(rc, err)
        report = Report(out.value, self.ruleset)
        if not draft._name_known:  # a description may have named its text file
            draft.name = report.file
            draft._name_known = True
        return report

    def __repr__(self) -> str:
        return f"<digicheck.Checker for {self.ruleset!r}{' (closed)' if self.closed else ''}>"


def annotate(draft: Draft, report: Report, path: StrPath) -> None:
    """Writes a copy of a Word draft to ``path`` with the findings of ``report`` (the
    report of checking ``draft``) as Word comments anchored on the matched words, and the
    open questions as one comment at the start. The draft's file is not changed; ``path``
    must name another file. Raises InvalidArgumentError for a draft that is not Word."""
    if not isinstance(draft, Draft):
        raise TypeError(f"draft must be a Draft, not {type(draft).__name__}")
    if not isinstance(report, Report):
        raise TypeError(f"report must be a Report, not {type(report).__name__}")
    err = Error()
    with draft._held() as d, report._held() as r:
        rc = lib.digicheck_draft_annotate(d, r, _lib.encode_path(path), byref(err))
    _lib.raise_for(rc, err)


# ---- documents of many reports -------------------------------------------------------------

class Document(_Handle):
    """One document (a JSON object, a SARIF log, Markdown …) about many drafts, written as a
    stream: each call returns the next piece of text to write out, so a large batch is never
    held in memory::

        with digicheck.Document(ruleset, "sarif") as doc:
            for path in paths:
                try:
                    out.write(doc.add(checker.check(digicheck.Draft.from_file(path))))
                except digicheck.DigicheckError as e:
                    out.write(doc.add_error(path, e))
            out.write(doc.finish())
    """

    _kind = "document"
    _free = lib.digicheck_output_free

    def __init__(self, ruleset: Ruleset, output: Union[str, int] = "json") -> None:
        if not isinstance(ruleset, Ruleset):
            raise TypeError(f"ruleset must be a Ruleset, not {type(ruleset).__name__}")
        code = _code(output, OUTPUTS, "output")
        out, err = c_void_p(), Error()
        with ruleset._held() as rs:
            rc = lib.digicheck_output_new(byref(out), rs, code, byref(err))
        _lib.raise_for(rc, err)
        super().__init__(out.value)
        self.ruleset = ruleset
        self._finished = False

    @contextmanager
    def _open_document(self) -> Iterator[int]:
        """The handle of a document that is not finished yet."""
        with self._held() as o:
            if self._finished:
                raise InvalidArgumentError("the document is finished")
            yield o

    def add(self, report: Report) -> str:
        """The piece for one report (with the document's head if it is the first)."""
        with self._open_document() as o, report._held() as r:
            return _render(lib.digicheck_output_add, o, r)

    def add_error(self, file: str, error: DigicheckError) -> str:
        """The piece for a file that could not be read or checked."""
        if not isinstance(error, DigicheckError):
            raise TypeError(f"error must be a DigicheckError, not {type(error).__name__}")
        name = _lib.encode_str(file, "file")
        why = _lib.fill_error(error)
        with self._open_document() as o:
            return _render(lib.digicheck_output_add_error, o, name, byref(why))

    def finish(self) -> str:
        """The tail of the document (the JSON summary, the SARIF invocation). After it,
        add(), add_error() and finish() raise InvalidArgumentError."""
        with self._open_document() as o:
            tail = _render(lib.digicheck_output_finish, o)
            self._finished = True
            return tail

    def __repr__(self) -> str:
        return f"<digicheck.Document{' (closed)' if self.closed else ''}>"


ReportOrError = Union[Report, DigicheckError, Tuple[str, DigicheckError]]


def render_many(items: Iterable[ReportOrError], output: Union[str, int] = "json",
                ruleset: Optional[Ruleset] = None) -> str:
    """One document about many drafts: each item is a Report, or a file that could not be
    checked as ``(file, error)`` or as a DigicheckError (its ``source`` names the file).
    ``ruleset`` defaults to the rule set of the first report."""
    pairs: List[Union[Report, Tuple[str, DigicheckError]]] = []
    for item in items:
        if isinstance(item, Report):
            pairs.append(item)
        elif isinstance(item, DigicheckError):
            pairs.append((item.source, item))
        elif (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)
              and isinstance(item[1], DigicheckError)):
            pairs.append(item)
        else:
            raise TypeError("render_many: items are Reports, DigicheckErrors or "
                            f"(file, DigicheckError) pairs, not {item!r}")
    if ruleset is None:
        ruleset = next((i.ruleset for i in pairs if isinstance(i, Report)), None)
        if ruleset is None:
            raise InvalidArgumentError("render_many: no report among the items; pass ruleset")
    pieces: List[str] = []
    with Document(ruleset, output) as doc:
        for pair in pairs:
            pieces.append(doc.add(pair) if isinstance(pair, Report)
                          else doc.add_error(pair[0], pair[1]))
        pieces.append(doc.finish())
    return "".join(pieces)
