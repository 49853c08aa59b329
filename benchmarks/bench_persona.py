"""Persona synthesis on the sample organisation: build time after segmentation, statements.

Generates the sample organisation (seeded), imports it, segments it, then times
``build_personas`` (quotes, names, narrative, storage) and the report renderers.

    .venv/bin/python benchmarks/bench_persona.py [--customers 20000] [--seed 42]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from personakit.ingest import import_file
from personakit.persona import build_personas
from personakit.report import render
from personakit.sample import generate_sample
from personakit.segment import segment_workspace
from personakit.workspace import Workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", type=Path, default=None, help="workspace folder to keep")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-persona-"))
    sample = root / "sample-data"
    generate_sample(sample, customers=args.customers, seed=args.seed)
    ws = Workspace.init(root / "ws", language="nl")
    manifest = json.loads((sample / "sample.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry.get("source"):
            import_file(ws, sample / entry["path"], name=entry["source"], key=entry.get("key"))
    started = time.perf_counter()
    segmentation = segment_workspace(ws)
    segment_seconds = time.perf_counter() - started
    started = time.perf_counter()
    version = build_personas(ws, segmentation)
    build_seconds = time.perf_counter() - started
    again = build_personas(ws, segmentation)
    print(f"sample organisation: {args.customers} customers, seed {args.seed}; "
          f"segmentation {segment_seconds:.1f} s, {len(segmentation.profiles)} profiles")
    print(f"build_personas: {build_seconds:.2f} s for {len(version.personas)} personas "
          f"(target ≤ 30 s); rebuild identical: {again.content_hash == version.content_hash}")
    print(f"{'persona':<28}{'size':>7}{'statements':>12}{'evidence':>10}{'quotes':>8}  sections")
    for persona in version.personas:
        backed = sum(1 for s in persona.statements if s.evidence)
        sections = sorted({s.section for s in persona.statements})
        print(f"{persona.name:<28}{persona.size:>7}{len(persona.statements):>12}{backed:>10}"
              f"{len(persona.quotes):>8}  {', '.join(sections)}")
    least = min(sum(1 for s in p.statements if s.evidence) for p in version.personas)
    print(f"fewest evidence-backed statements on a persona: {least} (target ≥ 5)")
    for fmt in ("html", "md", "json", "pptx", "pdf"):
        started = time.perf_counter()
        path = render(ws, fmt, lang="nl", out=root / "ws" / "reports" / f"personas-nl.{fmt}")
        print(f"report {fmt:<5} {time.perf_counter() - started:6.2f} s  {path}")
    ws.close()


if __name__ == "__main__":
    main()
