"""Finding and loading libdigicheck, and the ctypes prototypes of its functions.

The library is looked up in this order; the first that loads and speaks the binding's
major version is used:

1. the path in the environment variable ``DIGICHECK_LIBRARY`` (when it is set, nothing
   else is tried);
2. for a package installed by ``make install``: the library installed with it (its place,
   relative to the package, is written to ``_config.py`` at install time);
   for the package in the source tree: the build tree's ``build/libdigicheck.so``;
3. the system: ``ctypes.util.find_library("digicheck")``, then the SONAME
   ``libdigicheck.so.MAJOR.MINOR`` through the dynamic loader (``LD_LIBRARY_PATH``, the
   ldconfig cache).

If none works, ``import digicheck`` raises ImportError naming everything that was tried.

Every function is declared with ``argtypes`` and ``restype``. Handles are ``c_void_p``.
Strings the caller must free are declared as ``c_void_p`` out-parameters, copied with
``ctypes.string_at`` and released with ``digicheck_free`` (see :func:`take_string`);
borrowed strings (accessors, static strings) are ``c_char_p`` and copied by ctypes.
ctypes releases the GIL during every call, so checks in several threads run in parallel.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from ctypes import POINTER, c_char, c_char_p, c_int, c_long, c_size_t, c_void_p
from types import ModuleType
from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import _errors
from ._version import VERSION_MAJOR, __version__

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


class Error(ctypes.Structure):
    """``digicheck_error``, field for field as in include/digicheck.h."""

    _fields_ = [
        ("code", c_int),
        ("line", c_long),
        ("column", c_long),
        ("source", c_char * 256),
        ("message", c_char * 512),
    ]


_ERR = POINTER(Error)
_OUT = POINTER(c_void_p)      # an out-parameter for a handle or an owned string
_SIZE = POINTER(c_size_t)

# name: (argtypes, restype)
_PROTOTYPES: Dict[str, Tuple[Sequence[Any], Any]] = {
    "digicheck_version": ((), c_int),
    "digicheck_version_string": ((), c_char_p),
    "digicheck_strerror": ((c_int,), c_char_p),
    "digicheck_free": ((c_void_p,), None),
    "digicheck_escape": ((c_char_p, c_size_t, c_int, _OUT, _SIZE), c_int),
    "digicheck_ruleset_load": ((_OUT, c_char_p, _ERR), c_int),
    "digicheck_ruleset_load_many": ((_OUT, POINTER(c_char_p), c_size_t, _ERR), c_int),
    "digicheck_ruleset_set_level": ((c_void_p, c_char_p, c_char_p, _ERR), c_int),
    "digicheck_ruleset_free": ((c_void_p,), None),
    "digicheck_ruleset_rule_count": ((c_void_p,), c_size_t),
    "digicheck_ruleset_test": ((c_void_p, _SIZE, _SIZE, _OUT, _ERR), c_int),
    "digicheck_ruleset_describe": ((c_void_p, c_char_p, c_int, _OUT, _SIZE, _ERR), c_int),
    "digicheck_draft_parse": ((_OUT, c_char_p, c_size_t, c_char_p, c_int, _ERR), c_int),
    "digicheck_draft_parse_in": ((_OUT, c_char_p, c_size_t, c_char_p, c_int, c_char_p, _ERR),
                                 c_int),
    "digicheck_draft_load": ((_OUT, c_char_p, c_int, _ERR), c_int),
    "digicheck_draft_set_answer": ((c_void_p, c_char_p, c_char_p, _ERR), c_int),
    "digicheck_draft_justify": ((c_void_p, c_char_p, c_char_p, c_char_p, c_char_p, _ERR), c_int),
    "digicheck_draft_set_reason": ((c_void_p, c_char_p, c_char_p, _ERR), c_int),
    "digicheck_draft_check_answers": ((c_void_p, c_void_p, _ERR), c_int),
    "digicheck_draft_text": ((c_void_p, _SIZE), c_void_p),
    "digicheck_draft_free": ((c_void_p,), None),
    "digicheck_draft_annotate": ((c_void_p, c_void_p, c_char_p, _ERR), c_int),
    "digicheck_record_load": ((_OUT, c_void_p, c_char_p, _ERR), c_int),
    "digicheck_record_apply": ((c_void_p, c_void_p, _ERR), c_int),
    "digicheck_record_answer_count": ((c_void_p,), c_size_t),
    "digicheck_record_free": ((c_void_p,), None),
    "digicheck_checker_new": ((_OUT, c_void_p, _ERR), c_int),
    "digicheck_check": ((c_void_p, c_void_p, _OUT, _ERR), c_int),
    "digicheck_checker_set_limit": ((c_void_p, c_int, c_long, _ERR), c_int),
    "digicheck_checker_free": ((c_void_p,), None),
    "digicheck_report_count": ((c_void_p,), c_size_t),
    "digicheck_report_get": ((c_void_p, c_size_t), c_void_p),
    "digicheck_report_render": ((c_void_p, c_int, _OUT, _SIZE, _ERR), c_int),
    "digicheck_report_free": ((c_void_p,), None),
    "digicheck_report_file": ((c_void_p,), c_char_p),
    "digicheck_report_keep": ((c_void_p, c_int, POINTER(c_char_p), c_size_t, POINTER(c_char_p),
                               c_size_t, _ERR), c_int),
    "digicheck_category": ((c_size_t,), c_char_p),
    "digicheck_report_question_count": ((c_void_p,), c_size_t),
    "digicheck_report_question": ((c_void_p, c_size_t), c_void_p),
    "digicheck_report_vorpruefung": ((c_void_p, POINTER(c_int), POINTER(c_int),
                                      POINTER(c_int)), c_int),
    "digicheck_report_principle_count": ((c_void_p,), c_size_t),
    "digicheck_report_principle_id": ((c_void_p, c_size_t), c_char_p),
    "digicheck_report_principle_title": ((c_void_p, c_size_t), c_char_p),
    "digicheck_report_principle_status": ((c_void_p, c_size_t, _SIZE, _SIZE), c_int),
    "digicheck_report_principle_rating": ((c_void_p, c_size_t, POINTER(c_char_p)), c_char_p),
    "digicheck_report_document": ((c_void_p, c_int, _OUT, _SIZE, _ERR), c_int),
    "digicheck_report_relevant_count": ((c_void_p,), c_size_t),
    "digicheck_report_relevant": ((c_void_p, c_size_t, POINTER(c_char_p), POINTER(c_char_p),
                                   POINTER(c_long)), c_char_p),
    "digicheck_question_id": ((c_void_p,), c_char_p),
    "digicheck_question_stage": ((c_void_p,), c_char_p),
    "digicheck_question_principle": ((c_void_p,), c_char_p),
    "digicheck_question_aspect": ((c_void_p,), c_char_p),
    "digicheck_question_reason": ((c_void_p,), c_char_p),
    "digicheck_question_text": ((c_void_p,), c_char_p),
    "digicheck_question_applicable": ((c_void_p,), c_int),
    "digicheck_question_answer": ((c_void_p,), c_char_p),
    "digicheck_question_suggested": ((c_void_p,), c_char_p),
    "digicheck_question_evidence_count": ((c_void_p,), c_size_t),
    "digicheck_question_evidence_path": ((c_void_p, c_size_t), c_char_p),
    "digicheck_question_evidence_line": ((c_void_p, c_size_t), c_long),
    "digicheck_question_evidence_column": ((c_void_p, c_size_t), c_long),
    "digicheck_question_evidence_excerpt": ((c_void_p, c_size_t), c_char_p),
    "digicheck_output_new": ((_OUT, c_void_p, c_int, _ERR), c_int),
    "digicheck_output_add": ((c_void_p, c_void_p, _OUT, _SIZE, _ERR), c_int),
    "digicheck_output_add_error": ((c_void_p, c_char_p, _ERR, _OUT, _SIZE, _ERR), c_int),
    "digicheck_output_finish": ((c_void_p, _OUT, _SIZE, _ERR), c_int),
    "digicheck_output_set_max_results": ((c_void_p, c_size_t, _ERR), c_int),
    "digicheck_output_free": ((c_void_p,), None),
    "digicheck_finding_rule_id": ((c_void_p,), c_char_p),
    "digicheck_finding_principle": ((c_void_p,), c_char_p),
    "digicheck_finding_category": ((c_void_p,), c_char_p),
    "digicheck_finding_severity": ((c_void_p,), c_int),
    "digicheck_finding_message": ((c_void_p,), c_char_p),
    "digicheck_finding_suggestion": ((c_void_p,), c_char_p),
    "digicheck_finding_kind": ((c_void_p,), c_char_p),
    "digicheck_finding_path": ((c_void_p,), c_char_p),
    "digicheck_finding_excerpt": ((c_void_p,), c_char_p),
    "digicheck_finding_match": ((c_void_p,), c_char_p),
    "digicheck_finding_eid": ((c_void_p,), c_char_p),
    "digicheck_finding_eid_offset": ((c_void_p,), c_long),
    "digicheck_finding_paragraph": ((c_void_p,), c_long),
    "digicheck_finding_paragraph_offset": ((c_void_p,), c_long),
    "digicheck_finding_target_path": ((c_void_p,), c_char_p),
    "digicheck_finding_line": ((c_void_p,), c_long),
    "digicheck_finding_column": ((c_void_p,), c_long),
    "digicheck_finding_end_line": ((c_void_p,), c_long),
    "digicheck_finding_end_column": ((c_void_p,), c_long),
    "digicheck_finding_offset": ((c_void_p,), c_size_t),
    "digicheck_finding_length": ((c_void_p,), c_size_t),
    "digicheck_finding_reference_count": ((c_void_p,), c_size_t),
    "digicheck_finding_reference": ((c_void_p, c_size_t), c_char_p),
    "digicheck_finding_fingerprint": ((c_void_p,), c_char_p),
    "digicheck_finding_baseline_state": ((c_void_p,), c_char_p),
    "digicheck_baseline_new": ((_OUT, _ERR), c_int),
    "digicheck_baseline_load": ((_OUT, c_char_p, _ERR), c_int),
    "digicheck_baseline_add": ((c_void_p, c_void_p, _ERR), c_int),
    "digicheck_baseline_count": ((c_void_p,), c_size_t),
    "digicheck_baseline_write": ((c_void_p, c_char_p, _ERR), c_int),
    "digicheck_baseline_free": ((c_void_p,), None),
    "digicheck_report_compare": ((c_void_p, c_void_p, c_int, _ERR), c_int),
    "digicheck_report_absent_count": ((c_void_p,), c_size_t),
    "digicheck_report_absent_rule": ((c_void_p, c_size_t), c_char_p),
    "digicheck_report_absent_fingerprint": ((c_void_p, c_size_t), c_char_p),
    "digicheck_finding_justified": ((c_void_p,), c_int),
    "digicheck_finding_justification_reason": ((c_void_p,), c_char_p),
    "digicheck_finding_justification_by": ((c_void_p,), c_char_p),
    "digicheck_finding_justification_source": ((c_void_p,), c_char_p),
    "digicheck_report_justified_count": ((c_void_p,), c_size_t),
}


def installed_config() -> Optional[ModuleType]:
    """The ``_config`` module that ``make install`` writes, or None in the source tree."""
    try:
        from . import _config  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _config


def from_package(relative: str) -> str:
    """A path written relative to the package directory, made absolute."""
    return os.path.normpath(os.path.join(PACKAGE_DIR, relative))


def source_root() -> Optional[str]:
    """The source tree holding this package (bindings/python/digicheck), or None."""
    root = os.path.normpath(os.path.join(PACKAGE_DIR, "..", "..", ".."))
    if os.path.isfile(os.path.join(root, "include", "digicheck.h")):
        return root
    return None


def candidates() -> List[Tuple[str, Optional[str]]]:
    """Where the library is looked for, in order: (how it was found, path or name)."""
    env = os.environ.get("DIGICHECK_LIBRARY")
    if env:
        return [("DIGICHECK_LIBRARY", env)]
    found: List[Tuple[str, Optional[str]]] = []
    config = installed_config()
    if config is not None:
        found.append(("installed with the package", from_package(config.LIBRARY)))
    else:
        root = source_root()
        if root is not None:
            found.append(("build tree", os.path.join(root, "build", "libdigicheck.so")))
    found.append(("ctypes.util.find_library('digicheck')", ctypes.util.find_library("digicheck")))
    minor = __version__.split(".")[1]
    found.append(("dynamic loader", f"libdigicheck.so.{VERSION_MAJOR}.{minor}"))
    return found


def _declare(lib: ctypes.CDLL) -> None:
    for name, (argtypes, restype) in _PROTOTYPES.items():
        fn = getattr(lib, name)
        fn.argtypes = list(argtypes)
        fn.restype = restype


def _open(path: str) -> ctypes.CDLL:
    """Loads one candidate and checks that it is a libdigicheck of our major version."""
    lib = ctypes.CDLL(path)
    try:
        version = lib.digicheck_version
    except AttributeError:
        raise OSError("not a libdigicheck (no digicheck_version)") from None
    version.argtypes = []
    version.restype = c_int
    number = version()
    if number // 10000 != VERSION_MAJOR:
        raise OSError(f"library version {number // 10000}.{number // 100 % 100}."
                      f"{number % 100} has major version {number // 10000}; this binding "
                      f"(digicheck {__version__}) needs major version {VERSION_MAJOR}")
    try:
        _declare(lib)
    except AttributeError as e:
        raise OSError(f"the library lacks a function the binding needs ({e}); "
                      f"is it older than digicheck {__version__}?") from None
    return lib


def load() -> Tuple[ctypes.CDLL, str]:
    """The library and the path or name it was loaded from; ImportError if none loads."""
    tried: List[str] = []
    for how, path in candidates():
        if not path:
            tried.append(f"  {how}: nothing found")
            continue
        try:
            return _open(path), path
        except OSError as e:
            tried.append(f"  {how}: {path}: {e}")
    raise ImportError("digicheck: cannot load libdigicheck; tried:\n" + "\n".join(tried) +
                      "\nBuild it with `make`, install it with `make install`, or set "
                      "DIGICHECK_LIBRARY to the path of libdigicheck.so.")


lib, path = load()


# ---- helpers shared by the modules ------------------------------------------------------

def decode_path(raw: bytes) -> str:
    """A file name from the library, decoded as os.fsdecode() would."""
    return raw.decode("utf-8", "surrogateescape")


def encode_path(path: "os.PathLike[str] | str | bytes") -> bytes:
    """A path for the library. Refuses what cannot be passed as a C string."""
    raw = os.fsencode(path)
    if b"\0" in raw:
        raise _errors.InvalidArgumentError(f"path {os.fsdecode(raw)!r} holds a NUL character")
    return raw


def encode_str(value: str, what: str) -> bytes:
    """A string argument for the library (UTF-8 without NUL)."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    raw = value.encode("utf-8", "surrogatepass")
    if b"\0" in raw:
        raise _errors.InvalidArgumentError(f"{what} holds a NUL character")
    return raw


def raise_for(rc: int, err: Error) -> None:
    """Raises the exception for a failed call (rc < 0) from what the library filled in."""
    if rc >= 0:
        return
    code = err.code if err.code < 0 else rc
    message = err.message.decode("utf-8", "replace") or lib.digicheck_strerror(code).decode()
    raise _errors.make_error(code, message, decode_path(err.source), int(err.line),
                             int(err.column))


def take_string(ptr: Optional[int], length: Optional[int] = None) -> str:
    """Copies a string the library handed over (up to its NUL when length is None) and
    releases it with digicheck_free.

    Decoded with surrogateescape: the text and Markdown renderings copy file names as
    they are, so a name that is not UTF-8 yields bytes that are not either; they come back
    as lone surrogates, and ``text.encode("utf-8", "surrogateescape")`` gives the bytes.
    (JSON and SARIF put U+FFFD for such bytes.)"""
    if not ptr:
        return ""
    try:
        raw = ctypes.string_at(ptr) if length is None else ctypes.string_at(ptr, length)
        return raw.decode("utf-8", "surrogateescape")
    finally:
        lib.digicheck_free(ptr)


def fill_error(error: _errors.DigicheckError) -> Error:
    """A digicheck_error holding what an exception carries (for digicheck_output_add_error)."""
    err = Error()
    err.code = error.code
    err.line = error.line
    err.column = error.column
    err.source = _truncate(error.source.encode("utf-8", "surrogateescape"), 255)
    err.message = _truncate(error.message.encode("utf-8", "replace"), 511)
    return err


def _truncate(raw: bytes, size: int) -> bytes:
    """At most size bytes, cut before a UTF-8 continuation byte, without NUL bytes."""
    raw = raw.replace(b"\0", b" ")
    if len(raw) <= size:
        return raw
    cut = size
    while cut > 0 and raw[cut] & 0xC0 == 0x80:
        cut -= 1
    return raw[:cut]
