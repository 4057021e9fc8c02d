"""One kiosk per data folder: the lock, and what a second start is told."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.core.instance import AlreadyRunning, acquire_instance_lock, die_with_parent
from tests.e2e_support import wait_for

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="flock")


def test_a_second_lock_on_the_same_folder_is_refused(tmp_path: Path) -> None:
    first = acquire_instance_lock(tmp_path)
    assert first.held
    with pytest.raises(AlreadyRunning, match="already running on the data folder"):
        acquire_instance_lock(tmp_path)
    first.release()
    again = acquire_instance_lock(tmp_path)  # released: the next start goes ahead
    assert again.held
    again.release()


def test_the_lock_dies_with_its_holder(tmp_path: Path) -> None:
    """A SIGKILLed supervisor leaves no stale lock behind: the kernel drops it."""
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time; from kiosk.core.instance import "
                               "acquire_instance_lock; acquire_instance_lock("
                               f"__import__('pathlib').Path({str(tmp_path)!r})); "
                               "print('held', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(AlreadyRunning):
            acquire_instance_lock(tmp_path)
    finally:
        holder.kill()
        holder.wait()
    acquire_instance_lock(tmp_path).release()


def test_a_read_only_data_folder_can_still_be_locked(tmp_path: Path) -> None:
    """The lock is on the folder itself: no lock file has to be created."""
    tmp_path.chmod(0o555)
    try:
        lock = acquire_instance_lock(tmp_path)
        assert lock.held and list(tmp_path.iterdir()) == []
        lock.release()
    finally:
        tmp_path.chmod(0o755)


def test_a_missing_data_folder_runs_unguarded(tmp_path: Path) -> None:
    lock = acquire_instance_lock(tmp_path / "missing")
    assert not lock.held


def test_a_child_whose_supervisor_is_gone_does_not_start() -> None:
    with pytest.raises(SystemExit) as leaving:
        die_with_parent(os.getppid() + 1_000_000)
    assert leaving.value.code == 5


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG")
def test_the_child_dies_with_its_parent(tmp_path: Path) -> None:
    """The child asks to die with its parent; SIGKILLing the parent kills it."""
    pid_file = tmp_path / "child.pid"
    child_script = tmp_path / "child.py"
    child_script.write_text(
        "import os, time\n"
        "from kiosk.core.instance import die_with_parent\n"
        "die_with_parent(os.getppid())\n"
        f"open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
        "time.sleep(60)\n")
    parent_script = tmp_path / "parent.py"
    parent_script.write_text(
        "import subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, {str(child_script)!r}])\n"
        "time.sleep(60)\n")
    parent = subprocess.Popen([sys.executable, str(parent_script)])
    try:
        assert wait_for(lambda: pid_file.exists() and pid_file.read_text(), 30, step=0.05), \
            "the child never started"
        child = int(pid_file.read_text())
        parent.kill()
        parent.wait()
        assert wait_for(lambda: not _running(child), 30, step=0.05), "the orphan lived on"
    finally:
        parent.kill()


def _running(pid: int) -> bool:
    try:
        return "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
