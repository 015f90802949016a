"""Which adviser "call now" rings for a terminal: the one staff assigned to it, before the
advisers of its village (the same order the terminal lists them in for booking)."""

from datetime import UTC, datetime

from hub.core.db import writing
from hub.crud.terminals import update_terminal
from hub.video.duty import choose_adviser, set_on_duty
from hub.video.rooms import Windows

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
WINDOWS = Windows(
    opens_before_minutes=10, closes_after_minutes=30, call_now_minutes=30, ring_seconds=45
)


def test_the_assigned_adviser_is_rung_before_the_village_adviser(terminal, hub_env):
    """测试终端甲 stands in 示例社区, which adv-a serves; staff assign adv-b to it."""
    with writing(hub_env.engine) as conn:
        for adviser_id in ("adv-a", "adv-b"):
            set_on_duty(conn, adviser_id=adviser_id, on=True, now=NOW)
        chosen = []
        for assigned in ("adv-b", None, "adv-a"):
            update_terminal(
                conn, terminal_id=terminal["terminal_id"], fields={"adviser_id": assigned}
            )
            chosen.append(
                choose_adviser(conn, terminal_id=terminal["terminal_id"], now=NOW, windows=WINDOWS)
            )
    assert chosen == [("adv-b", ""), ("adv-a", ""), ("adv-a", "")]
