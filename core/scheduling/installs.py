"""A workspace that removes the bot keeps its schedules, paused; installing the bot again
resumes them from their next occurrence. Schedules paused for another reason (a channel that
is gone) stay paused."""

from __future__ import annotations

from datetime import datetime

from core.kernel.platform import Platform
from core.ports import ScheduleStore

# The pause reason of a workspace's schedules while the bot is not installed there; shown to
# members by `/prep schedules`, and how a reinstall knows which schedules to resume.
NOT_INSTALLED = "the app is not installed in this workspace"


async def uninstalled(schedules: ScheduleStore, platform: Platform, workspace: str) -> int:
    """Pause every running schedule of the workspace; the number paused."""
    return await schedules.pause_workspace(platform, workspace, NOT_INSTALLED)


async def installed(
    schedules: ScheduleStore, platform: Platform, workspace: str, now: datetime
) -> int:
    """Resume what an uninstall paused, each from its next occurrence after `now` (none of
    the posts missed meanwhile is sent late); the number resumed."""
    resumed = 0
    for schedule in await schedules.paused_for(platform, workspace, NOT_INSTALLED):
        if schedule.kind.one_off:
            await schedules.remove(schedule.id)  # a check-in put off, a reminder: long stale
            continue
        upcoming = schedule.recurrence.next_after(now)
        if await schedules.set_paused(schedule.id, None, upcoming.fire_at):
            resumed += 1
    return resumed
