"""Finding and loading the library: lookup order, refusal of another major version, the
ctypes declarations against include/digicheck.h, and the versions."""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import tempfile
import unittest
from typing import Optional

import support  # noqa: F401

import digicheck
from digicheck import _lib
from support import HEADER, ROOT, header_define, run_python

CC = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc")
BUILT = os.path.join(ROOT, "build", "libdigicheck.so")


def compile_c(source: str, output: str, *flags: str) -> None:
    """Compiles C code (a test helper); skips the test when there is no compiler."""
    if CC is None:
        raise unittest.SkipTest("no C compiler")
    src = output + ".c"
    with open(src, "w", encoding="utf-8") as fp:
        fp.write(source)
    subprocess.run([CC, "-I", os.path.dirname(HEADER), *flags, src, "-o", output],
                   check=True)


class LookupTest(unittest.TestCase):

    def setUp(self) -> None:
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.dir = tmp.name

    def import_with(self, library: Optional[str]) -> "subprocess.CompletedProcess[str]":
        return run_python("import digicheck; print(digicheck.library_path())",
                          env={"DIGICHECK_LIBRARY": library or ""})

    def test_environment_variable_wins(self) -> None:
        out = self.import_with(_lib.path)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.strip(), _lib.path)

    def test_missing_library_names_what_was_tried(self) -> None:
        missing = os.path.join(self.dir, "libnothing.so")
        out = self.import_with(missing)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("ImportError: digicheck: cannot load libdigicheck; tried:", out.stderr)
        self.assertIn(f"DIGICHECK_LIBRARY: {missing}", out.stderr)
        self.assertIn("DIGICHECK_LIBRARY to the path", out.stderr)

    @unittest.skipUnless(os.path.exists(BUILT), "the library is not built in build/")
    def test_build_tree(self) -> None:
        out = self.import_with(None)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.strip(), BUILT)

    def test_candidates_without_environment(self) -> None:
        saved = os.environ.pop("DIGICHECK_LIBRARY", None)
        try:
            found = _lib.candidates()
        finally:
            if saved is not None:
                os.environ["DIGICHECK_LIBRARY"] = saved
        hows = [how for how, _ in found]
        self.assertEqual(hows[0], "build tree")
        self.assertEqual(hows[-2:], ["ctypes.util.find_library('digicheck')",
                                     "dynamic loader"])
        self.assertEqual(found[-1][1], "libdigicheck.so.{}.{}".format(
            header_define("DIGICHECK_VERSION_MAJOR"), header_define("DIGICHECK_VERSION_MINOR")))

    def test_other_major_version_is_refused(self) -> None:
        fake = os.path.join(self.dir, "libdigicheck.so")
        compile_c("int digicheck_version(void) { return 10203; }\n", fake, "-shared", "-fPIC")
        out = self.import_with(fake)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("library version 1.2.3 has major version 1; this binding", out.stderr)
        self.assertIn("needs major version 0", out.stderr)

    def test_library_without_every_function_is_refused(self) -> None:
        fake = os.path.join(self.dir, "libdigicheck.so")
        compile_c("int digicheck_version(void) { return 1; }\n", fake, "-shared", "-fPIC")
        out = self.import_with(fake)
        self.assertIn("lacks a function the binding needs", out.stderr)

    def test_not_a_libdigicheck(self) -> None:
        fake = os.path.join(self.dir, "libother.so")
        compile_c("int other(void) { return 1; }\n", fake, "-shared", "-fPIC")
        out = self.import_with(fake)
        self.assertIn("not a libdigicheck", out.stderr)


class DeclarationTest(unittest.TestCase):

    def test_every_public_function_is_declared(self) -> None:
        with open(HEADER, encoding="utf-8") as fp:
            header = fp.read()
        public = set(re.findall(r"DIGICHECK_API\s[^;(]*?\b(digicheck_\w+)\s*\(", header))
        self.assertGreater(len(public), 30)
        self.assertEqual(public, set(_lib._PROTOTYPES))
        for name in public:
            fn = getattr(_lib.lib, name)
            self.assertIsNotNone(fn.argtypes, name)

    def test_owned_strings_are_not_converted(self) -> None:
        """Out-parameters for strings released with digicheck_free are void **."""
        for name in ("digicheck_report_render", "digicheck_output_add",
                     "digicheck_output_add_error", "digicheck_output_finish",
                     "digicheck_ruleset_test"):
            argtypes = getattr(_lib.lib, name).argtypes
            self.assertIn(ctypes.POINTER(ctypes.c_void_p), argtypes, name)
            self.assertNotIn(ctypes.POINTER(ctypes.c_char_p), argtypes, name)

    def test_error_struct_layout(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            exe = os.path.join(tmp, "layout")
            compile_c("""#include <stddef.h>
#include <stdio.h>
#include "digicheck.h"
int main(void) {
    printf("%zu %zu %zu %zu %zu %zu\\n", sizeof(digicheck_error),
           offsetof(digicheck_error, code), offsetof(digicheck_error, line),
           offsetof(digicheck_error, column), offsetof(digicheck_error, source),
           offsetof(digicheck_error, message));
    return 0;
}
""", exe)
            out = subprocess.run([exe], stdout=subprocess.PIPE, check=True,
                                 universal_newlines=True).stdout.split()
        E = _lib.Error
        mine = [ctypes.sizeof(E), E.code.offset, E.line.offset, E.column.offset,
                E.source.offset, E.message.offset]
        self.assertEqual([int(n) for n in out], mine)
        self.assertEqual((E.source.size, E.message.size), (256, 512))


class VersionTest(unittest.TestCase):

    def test_package_version_is_the_header_version(self) -> None:
        self.assertEqual(digicheck.__version__, header_define("DIGICHECK_VERSION_STRING")
                         .strip('"'))
        self.assertEqual(str(digicheck._version.VERSION_MAJOR),
                         header_define("DIGICHECK_VERSION_MAJOR"))

    def test_library_version(self) -> None:
        self.assertEqual(digicheck.library_version(), digicheck.__version__)
        number = _lib.lib.digicheck_version()
        self.assertEqual(number // 10000, digicheck._version.VERSION_MAJOR)
        self.assertEqual(_lib.lib.digicheck_strerror(-3), b"invalid argument")


if __name__ == "__main__":
    unittest.main()
