"""Numbers the kiosk reads from its environment are ASCII digits, or ignored (issue 21, 6).

``str.isdigit`` is true for '²' and '١' too, and ``int('²')`` raises: "anything odd is left
out, never raised" needs ASCII digits only.
"""

from __future__ import annotations

import pytest

from kiosk.core import heartbeat
from kiosk.core.metrics import restarts_from_env


@pytest.mark.parametrize("odd", ["²", "١٢", "３"])
def test_odd_digits_in_the_environment_are_ignored_not_raised(monkeypatch, odd):
    monkeypatch.setenv(heartbeat.ENV_VAR, odd)
    monkeypatch.setenv(heartbeat.SUPERVISOR_PID_VAR, odd)
    assert heartbeat.heartbeat_fd_from_env() is None
    assert heartbeat.supervisor_pid_from_env() is None
    assert restarts_from_env(f"hang={odd},exit=3") == {"exit": 3}
