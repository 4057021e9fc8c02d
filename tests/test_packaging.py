"""The package as IT staff install it: a wheel in a fresh environment, outside the checkout.

The wheel is built from a copy of the repository's tracked files (so the checkout gains no
build/ or egg-info), installed with pip into a new virtual environment in a temporary
folder, and its ``star-kiosk`` command is run from yet another folder: it must find the
bundled deck and fonts inside the installed package. The new environment borrows the
running environment's third-party packages through a ``.pth`` line (no download of Qt);
building uses pip's normal isolated build, which fetches setuptools from the package index.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import setuptools

REPO = Path(__file__).resolve().parents[1]


def _tracked_copy(destination: Path) -> Path:
    """The repository's tracked (and new, unignored) files copied to ``destination``."""
    listing = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listing):
        source = REPO / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    return destination


def _clean_env() -> dict[str, str]:
    """The environment without anything pointing Python at the checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _fresh_venv(folder: Path) -> Path:
    """A new virtual environment whose third-party packages come from the running one."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; "
                           "print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # A plain path line: the shared folder's own .pth files (among them the editable
    # install of the checkout) are not processed, so 'kiosk' can only come from the wheel.
    Path(site, "shared-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def _pip(python: Path, *args: str, cwd: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "pip", "--python", str(python),
                             "--disable-pip-version-check", "-q", *args],
                            cwd=cwd, env=_clean_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.skipif(not (REPO / ".git").exists(), reason="needs the git checkout")
def test_wheel_outside_the_checkout_validates_and_exports_the_bundled_deck(tmp_path):
    source = _tracked_copy(tmp_path / "source")
    dist = tmp_path / "dist"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            "--disable-pip-version-check", "-w", str(dist), str(source)],
                           cwd=tmp_path, env=_clean_env(), capture_output=True, text=True)
    assert build.returncode == 0, build.stdout + build.stderr
    wheel, = dist.glob("star_kiosk-*.whl")

    python = _fresh_venv(tmp_path / "venv")
    _pip(python, "install", "--no-deps", str(wheel), cwd=tmp_path)
    command = tmp_path / "venv" / "bin" / "star-kiosk"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    validate = subprocess.run([str(command), "validate"], cwd=elsewhere, env=_clean_env(),
                              capture_output=True, text=True, timeout=60)
    assert validate.returncode == 0, validate.stderr
    installed_content = tmp_path / "venv" / "lib"
    assert str(installed_content) in validate.stdout, validate.stdout  # not the checkout's
    assert "bundled_content: valid — " in validate.stdout

    data = tmp_path / "data"
    export = subprocess.run(
        [str(command), "export", "--out", "out", "--lang", "zh"], cwd=elsewhere,
        env={**_clean_env(), "XDG_DATA_HOME": str(data)},
        capture_output=True, text=True, timeout=240)
    assert export.returncode == 0, export.stdout + export.stderr
    pngs = sorted((elsewhere / "out").glob("*.png"))
    slides = int(re.search(r"valid — (\d+) slides", validate.stdout).group(1))
    assert len(pngs) == slides > 10
    assert (elsewhere / "out" / "handout.pdf").stat().st_size > 10_000
    # The fonts came from the installed package: no 'no bundled fonts' warning anywhere.
    assert "bundled fonts" not in export.stdout + export.stderr

    where = subprocess.run([str(python), "-c", "from kiosk.core import paths; "
                            "print(paths.BUNDLED_CONTENT); print(paths.ASSETS)"],
                           cwd=elsewhere, env=_clean_env(), capture_output=True, text=True)
    content, assets = where.stdout.split()
    assert Path(content).is_relative_to(tmp_path / "venv")
    assert (Path(assets) / "fonts" / "NotoSansSC-Regular.otf").is_file()
    assert (Path(assets) / "icon.png").is_file()


@pytest.mark.slow
@pytest.mark.skipif(not (REPO / ".git").exists(), reason="needs the git checkout")
def test_editable_install_still_reads_the_checkouts_top_level_folders(tmp_path):
    """bootstrap.sh's ``pip install -e``: edits to content/ show without reinstalling."""
    source = _tracked_copy(tmp_path / "source")
    python = _fresh_venv(tmp_path / "venv")
    _pip(python, "install", "--no-deps", "-e", str(source), cwd=tmp_path)
    where = subprocess.run([str(python), "-c", "from kiosk.core import paths; "
                            "print(paths.BUNDLED_CONTENT); print(paths.ASSETS)"],
                           cwd=tmp_path, env=_clean_env(), capture_output=True, text=True)
    assert where.returncode == 0, where.stderr
    assert where.stdout.split() == [str(source / "content"), str(source / "assets")]


def test_every_kiosk_package_is_in_the_wheel():
    """pyproject.toml lists the packages explicitly (package-dir needs it): none forgotten."""
    import tomllib

    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = set(setuptools.find_packages(str(REPO), include=["kiosk*"]))
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
