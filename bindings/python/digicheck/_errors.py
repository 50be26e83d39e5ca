"""Exceptions: one class per error code of the C library.

Every failure of the library is raised as a subclass of :class:`DigicheckError` that
carries what the library's ``digicheck_error`` held: ``code``, ``message``, ``source``
(the file or rule the error is about), ``line`` and ``column`` (1-based, columns in
Unicode code points; 0 when unknown).
"""

from __future__ import annotations

import errno
import os
from typing import Any, Dict, Optional, Tuple, Type

# The pinned error codes of include/digicheck.h.
OK = 0
ERROR = -1
ENOMEM = -2
EINVAL = -3
EIO = -4
ESYNTAX = -5
ESCHEMA = -6
EREGEX = -7
EENCODING = -8
ELIMIT = -9
EUNSUPPORTED = -10


class DigicheckError(Exception):
    """A failure reported by libdigicheck (code ``-1`` and unknown codes use this class).

    ``str(error)`` is ``"source:line:column: message"``, the form of a compiler
    diagnostic; a part that is unknown (no source, line or column 0) is left out, so an
    error about an argument reads just ``"message"``.
    """

    #: The error code this class stands for (the class of an unknown code uses -1).
    default_code = ERROR

    def __init__(self, message: str, code: Optional[int] = None, source: str = "",
                 line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.code = self.default_code if code is None else code
        self.source = source
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.source
        if self.line > 0:
            where += f":{self.line}"
            if self.column > 0:
                where += f":{self.column}"
        return f"{where}: {self.message}" if where else self.message

    def __repr__(self) -> str:
        return (f"{type(self).__name__}({self.message!r}, code={self.code}, "
                f"source={self.source!r}, line={self.line}, column={self.column})")

    def __reduce__(self) -> Tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, self.code, self.source, self.line,
                           self.column))


def _rebuild(cls: Type[DigicheckError], message: str, code: int, source: str, line: int,
             column: int) -> DigicheckError:
    return cls(message, code, source, line, column)


class OutOfMemoryError(DigicheckError, MemoryError):
    """An allocation failed (``DIGICHECK_ENOMEM``, -2)."""

    default_code = ENOMEM


class InvalidArgumentError(DigicheckError, ValueError):
    """An invalid argument (``DIGICHECK_EINVAL``, -3), including a closed handle."""

    default_code = EINVAL


class DigicheckIOError(DigicheckError, OSError):
    """A file could not be opened or read (``DIGICHECK_EIO``, -4)."""

    default_code = EIO

    def __str__(self) -> str:  # OSError has its own __str__; keep the diagnostic form
        return DigicheckError.__str__(self)


class DraftNotFoundError(DigicheckIOError, FileNotFoundError):
    """check() was given a str that reads as a path (no line break; a draft's extension or a
    path separator) and names no file. It is a FileNotFoundError (``errno``, ``filename``)
    and a DigicheckIOError; a str that is the draft's text goes to ``check(text=...)``."""

    def __init__(self, path: str) -> None:
        super().__init__(f"no such file (to check a str as the draft's text, pass "
                         f"text={path!r})", EIO, path)
        self.errno = errno.ENOENT
        self.strerror = os.strerror(errno.ENOENT)
        self.filename = path

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.filename,))


class RuleSyntaxError(DigicheckError):
    """A syntax error (``DIGICHECK_ESYNTAX``, -5): YAML in a rule set or a draft
    description, XML in a LegalDocML.de draft."""

    default_code = ESYNTAX


class SchemaError(DigicheckError):
    """Well-formed YAML that is not a valid rule set (``DIGICHECK_ESCHEMA``, -6)."""

    default_code = ESCHEMA


class RegexError(DigicheckError):
    """A regular expression of a rule does not compile (``DIGICHECK_EREGEX``, -7)."""

    default_code = EREGEX


class EncodingError(DigicheckError, ValueError):
    """Input that is not valid UTF-8 or holds a NUL byte (``DIGICHECK_EENCODING``, -8)."""

    default_code = EENCODING


class LimitError(DigicheckError):
    """Input that exceeds a limit: size, depth, aliases (``DIGICHECK_ELIMIT``, -9)."""

    default_code = ELIMIT


class UnsupportedError(DigicheckError):
    """A format or feature this library version cannot handle (``DIGICHECK_EUNSUPPORTED``)."""

    default_code = EUNSUPPORTED


_BY_CODE: Dict[int, Type[DigicheckError]] = {
    cls.default_code: cls
    for cls in (OutOfMemoryError, InvalidArgumentError, DigicheckIOError, RuleSyntaxError,
                SchemaError, RegexError, EncodingError, LimitError, UnsupportedError)
}


def error_class(code: int) -> Type[DigicheckError]:
    """The exception class for an error code (DigicheckError for -1 and unknown codes)."""
    return _BY_CODE.get(code, DigicheckError)


def make_error(code: int, message: str, source: str = "", line: int = 0,
               column: int = 0) -> DigicheckError:
    """An exception of the class that belongs to ``code``."""
    return error_class(code)(message, code, source, line, column)
