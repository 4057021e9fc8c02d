"""Running the kiosk as the ordinary user ``nobody`` from any checkout.

Some end-to-end tests run the kiosk as ``nobody`` (root writes anywhere, so a read-only data
folder needs another user). ``nobody`` cannot read a checkout that lives in a private folder
(a clone under ``/root`` or a 0700 home folder): it would fail with ``No module named kiosk``.
So once per session the tests put what the kiosk needs — the ``kiosk`` package, the bundled
``assets`` and ``content`` beside it (``kiosk.core.paths`` finds them there), and the
virtual environment's packages where ``nobody`` cannot read them — into a world-readable
temporary folder: hard links where it shares the file system (instant, no space), a copy
otherwise. The ``nobody_copy`` fixture in ``tests/conftest.py`` makes it and removes it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
"""The prefix that runs a command as ``nobody`` (util-linux's setpriv)."""
NEEDED = ("kiosk", "assets", "content")
"""The checkout's top-level folders a running kiosk reads."""


@dataclass(frozen=True)
class NobodyCopy:
    """What ``nobody`` runs the kiosk with: an interpreter it may execute, and a folder it
    can read holding the checkout's ``kiosk``, ``assets`` and ``content``."""

    python: str
    root: Path
    pythonpath: str

    @property
    def content(self) -> Path:
        """The bundled content, where ``nobody`` can read it."""
        return self.root / "content"


def _closed_inside(path: Path) -> bool:
    """Whether some file or folder in ``path`` is closed to other users by its own mode."""
    found = subprocess.run(
        ["find", str(path), "(", "-type", "f", "!", "-perm", "-o=r", ")", "-o",
         "(", "-type", "d", "!", "-perm", "-o=rx", ")", "-print", "-quit"],
        capture_output=True, text=True, check=False)
    return found.returncode != 0 or bool(found.stdout.strip())


def _world_readable(path: Path) -> bool:
    """Whether any user can reach ``path`` (every folder above it searchable) and read all
    of it."""
    above = Path(os.path.abspath(path)).parents
    return all(os.stat(folder).st_mode & 0o001 for folder in above) and \
        not _closed_inside(path)


def _place(source: Path, target: Path) -> None:
    """``source`` at ``target``, readable by everyone: hard links where the files' own modes
    already let others read and both sit on one file system; otherwise a copy opened up to all
    (a hard link shares its file's mode, and the checkout's modes stay as they are)."""
    if not _closed_inside(source):
        linked = subprocess.run(["cp", "-al", str(source), str(target)], capture_output=True,
                                check=False)
        if linked.returncode == 0:
            return
        shutil.rmtree(target, ignore_errors=True)  # across file systems: copy instead
    shutil.copytree(source, target, symlinks=True)
    subprocess.run(["chmod", "-R", "a+rX", str(target)], check=True)


def _python_nobody_runs() -> str | None:
    """An interpreter ``nobody`` may run: this one, or else the system's Python of the same
    version (a virtual environment made from a Python under /root, as pyenv's, or living in a
    private checkout cannot be run by another user)."""
    probe = [*NOBODY, sys.executable, "-c",
             "import subprocess, sys; subprocess.run([sys.executable, '-c', '0'], check=True)"]
    if subprocess.run(probe, capture_output=True, cwd="/").returncode == 0:
        return sys.executable
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    return next((path for path in (f"/usr/bin/{version}", f"/usr/local/bin/{version}")
                 if os.access(path, os.X_OK)), None)


def make_nobody_copy() -> NobodyCopy | None:
    """Put what the kiosk needs where ``nobody`` can read it (a new temporary folder: the
    caller removes ``root``), or None where no Python runs for ``nobody``."""
    python = _python_nobody_runs()
    if python is None:
        return None
    root = Path(tempfile.mkdtemp(prefix="star-kiosk-for-nobody-"))
    root.chmod(0o755)
    for name in NEEDED:
        _place(ROOT / name, root / name)
    packages = []
    for number, folder in enumerate(p for p in sys.path if p.endswith("site-packages")):
        if _world_readable(Path(folder)):
            packages.append(folder)
        else:
            _place(Path(folder), root / f"site-packages-{number}")
            packages.append(str(root / f"site-packages-{number}"))
    copy = NobodyCopy(python=python, root=root,
                      pythonpath=os.pathsep.join([str(root), *packages]))
    check = subprocess.run([*NOBODY, python, "-c", "import kiosk, PySide6.QtWidgets, yaml"],
                           env={**os.environ, "PYTHONPATH": copy.pythonpath}, cwd=str(root),
                           capture_output=True, text=True, check=False)
    if check.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"nobody cannot import the kiosk from {root}: {check.stderr}")
    return copy
