"""What the garbage collector's full passes may skip: start-up's objects, frozen once the
runtime is serving, and those of a library loaded later by the first chart.

A full collection walks every object that is not frozen, holding the event loop while it does.
What start-up loads (modules, content, the schema) lives as long as the process, so the runtime
freezes it. Charts are drawn in a worker process, but in this one when that worker has died:
matplotlib is then imported here (about 59,000 objects, walked by every full pass after: about
28 ms of loop time at 50 requests at once), which is why the serving process freezes once more
after it; the first chart's own garbage is collected
first. What requests hold at that moment is frozen with it: a one-off, of a few requests.
"""

from __future__ import annotations

import gc
import sys

LOADED_BY_CHARTS = ("matplotlib",)


class Freezer:
    def __init__(self, late_modules: tuple[str, ...] = LOADED_BY_CHARTS) -> None:
        self.late_modules = late_modules
        self.frozen = False
        self._late_frozen = False

    def freeze(self) -> None:
        gc.collect()
        gc.freeze()
        self.frozen = True
        self._late_frozen = self._late_loaded()

    def unfreeze(self) -> None:
        gc.unfreeze()
        self.frozen = False

    def after_chart(self) -> None:
        """A reply with charts was built: freeze again if drawing it loaded the plotting
        library since the last freeze (once; cheap every other time)."""
        if self.frozen and not self._late_frozen and self._late_loaded():
            self.freeze()

    def _late_loaded(self) -> bool:
        return any(name in sys.modules for name in self.late_modules)
