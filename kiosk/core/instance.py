"""One kiosk per data folder, and no kiosk outliving its supervisor.

Two kiosks on one data folder mean two full-screen windows fighting for the screen and two
writers of one event log. :func:`acquire_instance_lock` takes an exclusive ``flock`` on the
data folder itself (the directory's descriptor, not a lock file): that works in a read-only
data folder too, where no lock file could be created, and the kernel drops the lock when the
holder dies however it dies, so a stale lock can never block a restart. The supervisor holds
it for its whole life (its child is covered by it and does not lock); an unsupervised
``run --no-supervise`` takes it itself.

:func:`die_with_parent` makes the supervisor's child get SIGKILL when the supervisor dies
(``PR_SET_PDEATHSIG``, Linux), and exits at once if the supervisor is already gone. No Qt.
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import signal
import sys
from pathlib import Path

from kiosk.core.exit_codes import ORPHANED_EXIT

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1
"""From ``<linux/prctl.h>``."""


class AlreadyRunning(Exception):
    """Another kiosk (or supervisor) holds the data folder."""

    def __init__(self, folder: Path) -> None:
        super().__init__(f"another STAR Kiosk is already running on the data folder {folder}; "
                         "not starting a second one (stop the other first, or give this one "
                         "its own --data-dir)")
        self.folder = folder


class InstanceLock:
    """A held single-instance lock; released by :meth:`release` or when the process ends."""

    def __init__(self, folder: Path, fd: int | None) -> None:
        self.folder = folder
        self._fd = fd

    @property
    def held(self) -> bool:
        """False where the platform cannot lock (the kiosk then runs unguarded)."""
        return self._fd is not None

    def release(self) -> None:
        """Let another instance start (closing the descriptor drops the flock)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def acquire_instance_lock(folder: Path) -> InstanceLock:
    """Lock ``folder`` for this process; raises :class:`AlreadyRunning` if another holds it.

    The descriptor is not inherited by children (Python's default), so the kiosk the
    supervisor starts does not keep the lock alive after the supervisor has gone.
    """
    try:
        import fcntl
    except ImportError:  # Windows: no flock; one instance is then the staff's business
        return InstanceLock(folder, None)
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as error:  # a data folder that does not exist and cannot be made
        log.warning("cannot lock the data folder %s (%s); a second kiosk would not be "
                    "refused", folder, error.strerror or error)
        return InstanceLock(folder, None)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        os.close(fd)
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise AlreadyRunning(folder) from None
        log.warning("cannot lock the data folder %s (%s); a second kiosk would not be "
                    "refused", folder, error.strerror or error)
        return InstanceLock(folder, None)
    return InstanceLock(folder, fd)


def die_with_parent(parent_pid: int | None) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies; exit now if it has.

    ``parent_pid`` is the supervisor's pid as it told us: if our parent is already someone
    else, the supervisor died while we were starting, and running on would leave an
    orphaned full-screen kiosk.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
                log.warning("prctl(PR_SET_PDEATHSIG) failed: %s",
                            os.strerror(ctypes.get_errno()))
        except (OSError, AttributeError) as error:
            log.warning("cannot ask to die with the supervisor: %s", error)
    if parent_pid is not None and os.getppid() != parent_pid:
        log.warning("the supervisor (pid %d) is gone already; not starting", parent_pid)
        raise SystemExit(ORPHANED_EXIT)


def claim_run(data_folder: Path | None) -> InstanceLock | None:
    """Before an unsupervised kiosk comes up: the lock it must hold, or None to not start.

    The supervisor's own child is covered by its supervisor's lock and takes none; it asks
    to die with the supervisor instead. Any other run locks the data folder itself; None
    (with the reason logged) when another kiosk holds it.
    """
    from kiosk.core.heartbeat import supervisor_pid_from_env
    from kiosk.core.paths import data_dir

    supervisor = supervisor_pid_from_env()
    if supervisor is not None:
        die_with_parent(supervisor)
        return InstanceLock(data_dir(data_folder), None)
    folder = data_dir(data_folder)
    try:
        return acquire_instance_lock(folder)
    except AlreadyRunning as running:
        log.error("%s", running)
        return None
