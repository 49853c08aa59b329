"""The rules every fuzz test of issue 16 checks, in one place.

For each generated input the code under test either succeeds or raises a typed
:class:`~personakit.errors.PersonakitError`; any other exception fails the test with the
input that caused it (hypothesis shrinks it first). Limits, each named:

- ``PER_INPUT_SECONDS``: an input that takes longer is a hang. The alarm interrupts Python
  code; the inputs are small (a few KiB), so a healthy reader needs milliseconds.
- ``MAX_RSS_GROWTH``: the peak memory of the process may grow at most this much over a
  whole fuzz test (inputs are small, so a reader that allocates by a count it reads from the
  file, or keeps what it read, shows up here).
- ``MAX_ARROW_LEFT``: Arrow memory still allocated after a test (a leak per input adds up).

Runs are reproducible: ``derandomize=True`` (a fixed seed per test) and no example database.
The example counts per test add up to more than 10,000 per run (see ``COUNTS``).
"""

from __future__ import annotations

import gc
import resource
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

import pyarrow as pa
from hypothesis import HealthCheck, settings

from personakit.errors import PersonakitError

PER_INPUT_SECONDS = 5.0
MAX_RSS_GROWTH = 400 << 20
MAX_ARROW_LEFT = 16 << 20

# Inputs actually run, per test name: each test checks its own count against its budget.
COUNTS: Counter[str] = Counter()

F = TypeVar("F", bound=Callable[..., Any])


def fuzz_settings(examples: int) -> Callable[[F], F]:
    """Hypothesis settings of a fuzz test: reproducible, no deadline flakiness on a shared
    CPU (the alarm of :func:`typed_only` bounds each input instead)."""
    return settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


class Hang(AssertionError):
    """An input ran longer than ``PER_INPUT_SECONDS``."""


@contextmanager
def time_limit(seconds: float = PER_INPUT_SECONDS) -> Iterator[None]:
    def alarm(_signum: int, _frame: FrameType | None) -> None:
        raise Hang(f"one input took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def typed_only(name: str, action: Callable[[], object]) -> PersonakitError | None:
    """Run *action* on one input: success, or the typed error it raised (returned).

    Anything else propagates, so hypothesis reports (and shrinks) the input.
    """
    COUNTS[name] += 1
    with time_limit():
        try:
            action()
        except PersonakitError as exc:
            exc.message()  # the message renders: every parameter its text needs is there
            return exc
    return None


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


@contextmanager
def bounded_memory() -> Iterator[None]:
    """The block may raise the process's peak memory by at most ``MAX_RSS_GROWTH`` and
    must give back its Arrow memory."""
    gc.collect()
    arrow_before = pa.total_allocated_bytes()
    peak_before = _peak_rss()
    yield
    gc.collect()
    grown = _peak_rss() - peak_before
    assert grown <= MAX_RSS_GROWTH, f"peak memory grew by {grown >> 20} MiB"
    left = pa.total_allocated_bytes() - arrow_before
    assert left <= MAX_ARROW_LEFT, f"{left >> 20} MiB of Arrow memory not given back"


def ran(name: str, budget: int) -> int:
    """The inputs run by test *name*; at least 90 % of its budget (hypothesis stops early
    only when it has tried every input a strategy can make)."""
    count = COUNTS[name]
    assert count >= 0.9 * budget, f"{name}: only {count} of {budget} inputs generated"
    return count


def write_input(path: Path, data: bytes) -> Path:
    """Write one input to *path*. The old file is removed first: ext4 flushes a file that is
    truncated and written again (3.6 ms per input measured, 0.1 ms with a new file)."""
    path.unlink(missing_ok=True)
    path.write_bytes(data)
    return path
