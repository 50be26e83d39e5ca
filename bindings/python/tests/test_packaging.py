"""Packaging: the in-tree build backend (wheel, sdist, editable), an offline
`pip install bindings/python`, and the paths `make install` computes."""

from __future__ import annotations

import base64
import hashlib
import os
import subprocess
import sys
import tarfile
import zipfile

import support

import digicheck
from support import ANTRAG, BINDING, STARTER, TempDirTest

sys.path.insert(0, os.path.join(BINDING, "build_backend"))
import digicheck_build  # noqa: E402

import make_install  # noqa: E402  (bindings/python is on sys.path through support)


def has_pip() -> bool:
    return subprocess.run([sys.executable, "-m", "pip", "--version"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE).returncode == 0


class BackendTest(TempDirTest):

    def test_wheel(self) -> None:
        self.assertEqual(digicheck_build.get_requires_for_build_wheel(), [])
        name = digicheck_build.build_wheel(self.dir)
        self.assertEqual(name, f"digicheck-{digicheck.__version__}-py3-none-any.whl")
        with zipfile.ZipFile(os.path.join(self.dir, name)) as whl:
            names = whl.namelist()
            info = f"digicheck-{digicheck.__version__}.dist-info"
            for module in ("__init__", "_core", "_errors", "_lib", "_version"):
                self.assertIn(f"digicheck/{module}.py", names)
            self.assertIn("digicheck/py.typed", names)
            self.assertFalse([n for n in names if "_config" in n or "__pycache__" in n])
            self.assertIn(f"Version: {digicheck.__version__}\n",
                          whl.read(f"{info}/METADATA").decode())
            record = whl.read(f"{info}/RECORD").decode().splitlines()
            self.assertEqual(len(record), len(names))
            for line in record:
                path, digest, size = line.rsplit(",", 2)
                if path.endswith("RECORD"):
                    continue
                data = whl.read(path)
                expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest())
                self.assertEqual(digest, "sha256=" + expected.rstrip(b"=").decode())
                self.assertEqual(int(size), len(data))

    def test_wheel_is_reproducible(self) -> None:
        first = os.path.join(self.dir, "a")
        second = os.path.join(self.dir, "b")
        os.mkdir(first)
        os.mkdir(second)
        name = digicheck_build.build_wheel(first)
        digicheck_build.build_wheel(second)
        with open(os.path.join(first, name), "rb") as a, open(os.path.join(second, name),
                                                              "rb") as b:
            self.assertEqual(a.read(), b.read())

    def test_sdist_and_editable(self) -> None:
        name = digicheck_build.build_sdist(self.dir)
        with tarfile.open(os.path.join(self.dir, name)) as tar:
            names = tar.getnames()
        base = f"digicheck-{digicheck.__version__}"
        for path in ("pyproject.toml", "build_backend/digicheck_build.py", "PKG-INFO",
                     "digicheck/_lib.py"):
            self.assertIn(f"{base}/{path}", names)
        editable = digicheck_build.build_editable(self.dir)
        with zipfile.ZipFile(os.path.join(self.dir, editable)) as whl:
            self.assertEqual(whl.read("digicheck.pth").decode().strip(), BINDING)
        meta = digicheck_build.prepare_metadata_for_build_wheel(self.dir)
        self.assertTrue(os.path.isfile(os.path.join(self.dir, meta, "METADATA")))

    def test_pip_install_offline(self) -> None:
        """pip builds the wheel in an isolated environment without any index."""
        if not has_pip():
            self.skipTest("no pip for this interpreter")
        target = os.path.join(self.dir, "site")
        pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-index",
                              "--disable-pip-version-check", "--no-cache-dir", "--target", target, BINDING],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             universal_newlines=True, timeout=300)
        self.assertEqual(pip.returncode, 0, pip.stdout)
        out = support.run_python(
            "import digicheck, sys; print(digicheck.__file__); "
            f"print(len(digicheck.check({ANTRAG!r})))",
            env={"PYTHONPATH": target, "DIGICHECK_LIBRARY": digicheck.library_path(),
                 "DIGICHECK_RULESET": STARTER}, cwd=self.dir)
        self.assertEqual(out.returncode, 0, out.stderr)
        installed, findings = out.stdout.split()
        self.assertTrue(installed.startswith(target), installed)
        self.assertEqual(findings, "5")


class MakeInstallTest(TempDirTest):

    def test_pythondir_honours_the_prefix(self) -> None:
        prefix = os.path.join(self.dir, "prefix")
        pythondir = make_install.pythondir(prefix)
        self.assertTrue(pythondir.startswith(os.path.join(prefix, "lib", "python")),
                        pythondir)

    def test_config_paths_are_relative(self) -> None:
        text = make_install.config("/usr/local/lib/python3.11/site-packages/digicheck",
                                   "/usr/local/lib/libdigicheck.so.0.1",
                                   "/usr/local/share/digicheck/rules")
        values: dict = {}
        exec(text, values)
        self.assertEqual(values["LIBRARY"], "../../../libdigicheck.so.0.1")
        self.assertEqual(values["RULES"], "../../../../share/digicheck/rules")


if __name__ == "__main__":
    import unittest
    unittest.main()
