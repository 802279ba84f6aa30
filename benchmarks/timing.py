"""Medians and report lines shared by every benchmark."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(work: Callable[[], object], repeats: int = 7) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def report(title: str, measured: float, floor: float, floor_name: str) -> None:
    print(
        f"{title:<52} {measured * 1000:9.1f} ms   floor ({floor_name}) "
        f"{floor * 1000:7.1f} ms   ratio {measured / floor:6.1f}×"
    )
