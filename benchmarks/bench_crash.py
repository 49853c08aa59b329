"""Crash safety (issue 16): SIGKILL `personakit import`, `segment`, `build` and `forget` at
random moments, at least 100 times, and check every workspace after it.

After each kill the workspace is opened (finishing or undoing the interrupted transaction)
and must pass `personakit check` and be wholly before or wholly after the command.

    python benchmarks/bench_crash.py [--per-command 25] [--seed 16]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests._crash import build_template, run_kills  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-command", type=int, default=25)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        template = build_template(Path(tmp) / "template")
        outcomes = run_kills(template, Path(tmp) / "work", args.per_command, args.seed,
                             say=print)
    sides = Counter((o.kind, o.side) for o in outcomes)
    print()
    print(f"{'command':<8} {'before':>7} {'after':>6} {'torn':>5} {'check failed':>13}")
    for kind in ("import", "segment", "build", "forget"):
        failed = sum(1 for o in outcomes if o.kind == kind and o.findings)
        print(f"{kind:<8} {sides[(kind, 'before')]:>7} {sides[(kind, 'after')]:>6} "
              f"{sides[(kind, 'torn')]:>5} {failed:>13}")
    bad = [o for o in outcomes if o.side == "torn" or o.findings]
    print(f"{len(outcomes)} kills in {time.perf_counter() - started:.0f} s: "
          f"{len(outcomes) - len(bad)} whole, {len(bad)} torn or failing the check")


if __name__ == "__main__":
    main()
