"""The package's own PEP 517 build backend, standard library only.

The package is pure Python, so building it is zipping its files with their metadata. A
backend that needs no other package lets `pip install bindings/python` work offline and
without setuptools or wheel, in an isolated build as well as with --no-build-isolation.
pyproject.toml names it (backend-path); the metadata is kept here and the version is read
from digicheck/_version.py (without importing the package, which would load the library).

Hooks: build_wheel, build_sdist, build_editable (PEP 660: a .pth file naming the source
directory), the prepare_metadata_* hooks and the get_requires_* hooks (nothing).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import tarfile
import time
import zipfile
from typing import Any, Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # bindings/python
NAME = "digicheck"
SUMMARY = "Check German draft laws for digital readiness (binding of libdigicheck)"
REQUIRES_PYTHON = ">=3.9"
TAG = "py3-none-any"
# Files of an sdist, relative to HERE (the package's files are added to them).
SDIST_FILES = ["pyproject.toml", "build_backend/digicheck_build.py"]
# Timestamps inside archives: SOURCE_DATE_EPOCH if set, else 1980-01-01 (zip's first day),
# so that the same sources give the same archive.
EPOCH = max(int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")), 315532800)

ConfigSettings = Optional[Dict[str, Any]]


def version() -> str:
    with open(os.path.join(HERE, NAME, "_version.py"), encoding="utf-8") as fp:
        found = re.search(r'^__version__ = "([^"]+)"', fp.read(), re.M)
    if not found:
        raise RuntimeError("no __version__ in digicheck/_version.py")
    return found.group(1)


def package_files() -> List[str]:
    """The package's files, relative to HERE: its modules and py.typed (no _config.py,
    which only `make install` writes)."""
    names = sorted(n for n in os.listdir(os.path.join(HERE, NAME))
                   if (n.endswith(".py") and n != "_config.py") or n == "py.typed")
    return [f"{NAME}/{n}" for n in names]


def dist_info() -> str:
    return f"{NAME}-{version()}.dist-info"


def metadata() -> str:
    return (f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {version()}\n"
            f"Summary: {SUMMARY}\nRequires-Python: {REQUIRES_PYTHON}\n"
            "Classifier: Programming Language :: Python :: 3\n"
            "Classifier: Operating System :: POSIX :: Linux\n")


def wheel_info(name: str) -> Dict[str, bytes]:
    """The .dist-info files but RECORD."""
    return {
        f"{name}/METADATA": metadata().encode(),
        f"{name}/WHEEL": (f"Wheel-Version: 1.0\nGenerator: digicheck_build\n"
                          f"Root-Is-Purelib: true\nTag: {TAG}\n").encode(),
        f"{name}/top_level.txt": f"{NAME}\n".encode(),
    }


def write_metadata(directory: str) -> str:
    name = dist_info()
    for path, data in wheel_info(name).items():
        os.makedirs(os.path.join(directory, os.path.dirname(path)), exist_ok=True)
        with open(os.path.join(directory, path), "wb") as fp:
            fp.write(data)
    return name


def record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}\n"


def write_wheel(directory: str, files: List[Tuple[str, bytes]]) -> str:
    """A wheel of files (archive path, content) plus the .dist-info; returns its name."""
    info = dist_info()
    files = files + sorted(wheel_info(info).items())
    record = "".join(record_line(path, data) for path, data in files)
    files.append((f"{info}/RECORD", (record + f"{info}/RECORD,,\n").encode()))
    filename = f"{NAME}-{version()}-{TAG}.whl"
    stamp = time.gmtime(EPOCH)[:6]
    with zipfile.ZipFile(os.path.join(directory, filename), "w",
                         zipfile.ZIP_DEFLATED) as whl:
        for path, data in files:
            entry = zipfile.ZipInfo(path, stamp)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            whl.writestr(entry, data)
    return filename


def read(path: str) -> bytes:
    with open(os.path.join(HERE, path), "rb") as fp:
        return fp.read()


# ---- PEP 517 / PEP 660 hooks -------------------------------------------------------------

def get_requires_for_build_wheel(config_settings: ConfigSettings = None) -> List[str]:
    return []


def get_requires_for_build_sdist(config_settings: ConfigSettings = None) -> List[str]:
    return []


def get_requires_for_build_editable(config_settings: ConfigSettings = None) -> List[str]:
    return []


def prepare_metadata_for_build_wheel(metadata_directory: str,
                                     config_settings: ConfigSettings = None) -> str:
    return write_metadata(metadata_directory)


def prepare_metadata_for_build_editable(metadata_directory: str,
                                        config_settings: ConfigSettings = None) -> str:
    return write_metadata(metadata_directory)


def build_wheel(wheel_directory: str, config_settings: ConfigSettings = None,
                metadata_directory: Optional[str] = None) -> str:
    return write_wheel(wheel_directory, [(path, read(path)) for path in package_files()])


def build_editable(wheel_directory: str, config_settings: ConfigSettings = None,
                   metadata_directory: Optional[str] = None) -> str:
    """A wheel whose .pth file puts this source directory on sys.path: the package then
    runs from the source tree and finds the library in its build tree."""
    return write_wheel(wheel_directory, [(f"{NAME}.pth", (HERE + "\n").encode())])


def build_sdist(sdist_directory: str, config_settings: ConfigSettings = None) -> str:
    base = f"{NAME}-{version()}"
    filename = f"{base}.tar.gz"
    pkg_info = metadata().encode()
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz",
                      format=tarfile.PAX_FORMAT) as tar:
        for path, data in ([(p, read(p)) for p in SDIST_FILES + package_files()] +
                           [("PKG-INFO", pkg_info)]):
            entry = tarfile.TarInfo(f"{base}/{path}")
            entry.size, entry.mtime, entry.mode = len(data), EPOCH, 0o644
            tar.addfile(entry, io.BytesIO(data))
    return filename
