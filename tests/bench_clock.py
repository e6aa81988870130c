"""The clock the benchmarks run on, for baselines a bench times by hand.

``make bench`` passes ``--benchmark-timer time.process_time`` (CPU seconds of this process, so a
busy machine slows both sides of a ratio alike); a baseline timed with ``timeit`` or in a child
process must use the same clock, or the ratio mixes CPU with wall time.
"""

from __future__ import annotations

import importlib
from typing import Callable


def clock_name(config) -> str:
    """The dotted name given to ``--benchmark-timer`` (``time.perf_counter`` when none was given)."""
    return str(config.getoption("benchmark_timer"))


def clock(config) -> Callable[[], float]:
    """The function ``--benchmark-timer`` names, e.g. ``time.process_time``: seconds as a float."""
    module, name = clock_name(config).rsplit(".", 1)
    return getattr(importlib.import_module(module), name)
