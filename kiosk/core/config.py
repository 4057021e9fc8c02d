"""The run configuration: how ``star-kiosk run`` was asked to run, built once by the CLI.

Everything downstream — the supervisor building its child's command line, the kiosk's
assembly, operations, the bench and the endurance harness — reads this one frozen value,
never the command line itself.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.paths import BUNDLED_CONTENT
from kiosk.core.renderer import AUTO


@dataclass(frozen=True)
class RunConfig:
    """One run of the kiosk."""

    content: Path = BUNDLED_CONTENT
    """The content folder (holding ``deck.yaml``)."""
    data_dir: Path | None = None
    """Logs, events and settings; None: the platform's user data folder."""
    windowed: bool = False
    """A normal, closable window (curators) instead of the locked full-screen kiosk."""
    window_size: tuple[int, int] | None = None
    """The kiosk screen a windowed preview shows (``--size``); None: the deck's first
    ``screens`` entry."""
    supervised: bool = True
    """Run under the restarting supervisor (never for a windowed run)."""
    language: str | None = None
    """Start in this language; None: the deck's default."""
    screen: int = 0
    """The screen to fill, 0 being the primary."""
    resume_slide: str | None = None
    """Open on this slide (the supervisor resumes a restarted kiosk where it was)."""
    ignore_hours: bool = False
    """Never show the closed screen: a curator previewing after hours (``--windowed`` sets
    it, as does ``--ignore-hours``)."""
    verbose: bool = False
    """Log debug details too."""
    time_scale: float = 1.0
    """The deck's timers run this many times faster (soak and end-to-end tests)."""
    locked_session: bool = False
    """The kiosk is the whole session (``install-session``): there is no desktop to go back
    to, so the first-run exit is never offered; without a PIN the pad says to call staff."""
    renderer: str = AUTO
    """How pushes and drags are composited: ``gpu`` (OpenGL), ``raster`` (Qt's software
    engine) or ``auto`` (raster until the GPU path is measured faster; see
    :mod:`kiosk.core.renderer`)."""
    metrics_file: Path | None = None
    """The Prometheus metrics file (:mod:`kiosk.core.metrics`); None: ``star-kiosk.prom`` in
    the data folder."""

    def child_arguments(self, resume_slide: str | None = None) -> list[str]:
        """``star-kiosk`` arguments that run this configuration unsupervised (the
        supervisor's child), resuming on ``resume_slide`` when given."""
        arguments = ["--verbose"] if self.verbose else []
        # Absolute but not resolved: a symlink-swap deploy (current -> rel2) must be followed.
        arguments += ["run", "--no-supervise", "--content", os.path.abspath(self.content),
                      "--screen", str(self.screen)]
        if self.data_dir is not None:
            arguments += ["--data-dir", str(self.data_dir)]
        if self.language:
            arguments += ["--lang", self.language]
        if self.windowed:
            arguments.append("--windowed")
        if self.window_size is not None:
            arguments += ["--size", f"{self.window_size[0]}x{self.window_size[1]}"]
        if self.ignore_hours:
            arguments.append("--ignore-hours")
        if self.locked_session:
            arguments.append("--locked-session")
        if self.renderer != AUTO:
            arguments += ["--renderer", self.renderer]
        if self.metrics_file is not None:
            arguments += ["--metrics-file", os.path.abspath(self.metrics_file)]
        slide = resume_slide or self.resume_slide
        if slide:
            arguments += ["--resume-slide", slide]
        return arguments
