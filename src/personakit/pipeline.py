"""The whole job in one call: sample data (or your files) → personas → report."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from personakit.workspace import CONFIG_NAME, Workspace

Step = Callable[[str], None]


@dataclass
class PipelineResult:
    """Where the results of a pipeline run are."""

    workspace: Path
    reports: dict[str, Path] = field(default_factory=dict)
    personas: int = 0
    profiles: int = 0
    imported: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def open_or_init(path: Path, language: str) -> Workspace:
    """The workspace in *path*, created if it is not one yet."""
    if (path / CONFIG_NAME).exists():
        return Workspace.open(path)
    return Workspace.init(path, language=language)


def run_demo(
    path: str | Path,
    *,
    customers: int = 20_000,
    seed: int = 42,
    language: str = "nl",
    formats: tuple[str, ...] = ("html", "pdf", "pptx", "json"),
    step: Step | None = None,
) -> PipelineResult:
    """Generate the sample organisation in ``path/sample-data`` and run the whole pipeline.

    A second run reuses the sample and the imports (importing the same file is a no-op),
    so only segmentation, synthesis and the report are redone.
    """
    from personakit.sample import generate_sample

    root = Path(path).resolve()
    sample_dir = root / "sample-data"
    manifest_path = sample_dir / "sample.json"
    say = step or (lambda _msg: None)
    if not _sample_is_current(manifest_path, customers, seed):
        say("sample")
        generate_sample(sample_dir, customers=customers, seed=seed)
    ws = open_or_init(root, language)
    with ws:
        return run_pipeline(ws, manifest_path, formats=formats, step=say, language=language)


def _sample_is_current(manifest_path: Path, customers: int, seed: int) -> bool:
    if not manifest_path.is_file():
        return False
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return bool(manifest.get("customers") == customers and manifest.get("seed") == seed)


def run_pipeline(
    ws: Workspace,
    manifest_path: Path,
    *,
    formats: tuple[str, ...] = ("html",),
    step: Step | None = None,
    language: str | None = None,
) -> PipelineResult:
    """Import every file of a manifest, then :func:`run_workspace`."""
    from personakit.ingest import import_file

    say = step or (lambda _msg: None)
    result = PipelineResult(workspace=ws.root)
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if not entry.get("source"):
            continue
        say(f"import:{entry['source']}")
        imported = import_file(
            ws,
            manifest_path.parent / entry["path"],
            name=entry["source"],
            key=entry.get("key"),
            link=None if entry.get("key") else entry.get("customer_column"),
        )
        (result.imported if imported.created else result.unchanged).append(entry["source"])
    return run_workspace(ws, formats=formats, step=say, language=language, result=result)


def run_workspace(
    ws: Workspace,
    *,
    formats: tuple[str, ...] = ("html",),
    step: Step | None = None,
    language: str | None = None,
    result: PipelineResult | None = None,
) -> PipelineResult:
    """Segment the imported sources, build personas and write the reports."""
    from personakit.persona import build_personas
    from personakit.report import render
    from personakit.segment import segment_workspace

    say = step or (lambda _msg: None)
    result = result or PipelineResult(workspace=ws.root)
    say("segment")
    segmentation = segment_workspace(ws)
    result.profiles = len(segmentation.profiles)
    say("build")
    version = build_personas(ws, segmentation)
    result.personas = len(version.personas)
    lang = language or ws.language
    for fmt in formats:
        say(f"report:{fmt}")
        suffix = "md" if fmt == "md" else fmt
        out = ws.reports_dir / f"personas-{lang}.{suffix}"
        result.reports[fmt] = render(ws, fmt, lang=lang, out=out)
    return result
