"""The version of the package: the C library's DIGICHECK_VERSION_STRING it was written for.

A test compares these values with include/digicheck.h, so the binding and the header cannot
drift apart unnoticed.
"""

__version__ = "0.1.0"

#: The library's major version the binding speaks (DIGICHECK_VERSION_MAJOR). A library with
#: another major version is refused at import.
VERSION_MAJOR = 0
