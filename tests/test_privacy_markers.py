"""Privacy end to end: unique markers planted in personal-data columns (and in open answers)
never reach any output format — html, md, json, pdf text, pptx text."""

from __future__ import annotations

import csv
import random
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from personakit.persona import build_personas
from personakit.report import render
from personakit.workspace import Workspace

pytestmark = pytest.mark.slow
GROUPS = [  # (kanaal, app visits, age, satisfaction, answer)
    ("app", 25, 31, 8.5, "De app werkt snel en ik regel alles zelf online, heel fijn."),
    ("telefoon", 1, 71, 6.0, "Ik bel liever, met de website kom ik er niet goed uit."),
    ("email", 6, 48, 7.0, "Mijn vraag per mail werd netjes en op tijd beantwoord."),
]


def marker(kind: str, i: int) -> str:
    return f"Qzv{kind}{i:03d}x"


def write_data(folder: Path, per_group: int = 70) -> list[str]:
    rng = random.Random(5)
    markers: list[str] = []
    crm, survey = [], []
    for g, (channel, visits, age, satisfaction, answer) in enumerate(GROUPS):
        for j in range(per_group):
            i = g * per_group + j
            name = f"{marker('Voornaam', i)} {marker('Achternaam', i)}"
            email = f"{marker('mail', i).lower()}@example.test"
            phone = f"06{10_000_000 + i * 7919:08d}"
            street = f"{marker('Straat', i)}straat {i + 1}"
            markers += [marker("Voornaam", i), marker("Achternaam", i), email, phone,
                        marker("Straat", i)]
            crm.append({
                "klantnummer": f"K{i:05d}", "naam": name, "email": email, "telefoon": phone,
                "adres": street, "kanaal_voorkeur": channel,
                "app_bezoeken": visits + rng.randint(-1, 1),
                "leeftijd": age + rng.randint(-4, 4),
                "tevredenheid": round(satisfaction + rng.uniform(-0.5, 0.5), 1),
            })
            # Every answer carries the person's own data, so any quote must be scrubbed.
            text = (f"Ik ben {name}, bel me op {phone}. {answer}" if j % 2
                    else f"{answer} Mail gerust naar {email}.")
            survey.append({"klantnummer": f"K{i:05d}", "toelichting": text})
    for filename, rows in (("crm.csv", crm), ("enquete.csv", survey)):
        with (folder / filename).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
            writer.writeheader()
            writer.writerows(rows)
    return markers


def test_no_marker_reaches_any_output(workspace: Workspace, tmp_path: Path) -> None:
    from personakit.ingest import import_file
    from personakit.segment import segment_workspace

    markers = write_data(tmp_path)
    import_file(workspace, tmp_path / "crm.csv", name="crm", key="klantnummer")
    import_file(workspace, tmp_path / "enquete.csv", name="enquete", key="klantnummer")
    segmentation = segment_workspace(workspace, k=3, seed=1)
    version = build_personas(workspace, segmentation)
    assert version.personas and any(p.quotes for p in version.personas)

    outputs: dict[str, str] = {}
    for fmt in ("html", "md", "json"):
        path = render(workspace, fmt, lang="nl", out=tmp_path / f"out.{fmt}")
        outputs[fmt] = path.read_text(encoding="utf-8")
    pdf = render(workspace, "pdf", lang="nl", out=tmp_path / "out.pdf")
    outputs["pdf"] = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                    text=True, check=True).stdout
    deck = Presentation(str(render(workspace, "pptx", lang="nl", out=tmp_path / "out.pptx")))
    outputs["pptx"] = "\n".join(shape.text_frame.text for slide in deck.slides
                                for shape in slide.shapes if shape.has_text_frame)
    outputs["stored"] = "".join(p.model_dump_json() for p in version.personas)

    for fmt, text in outputs.items():
        lowered = text.lower()
        leaked = [m for m in markers if m.lower() in lowered]
        assert not leaked, f"{fmt} shows personal data: {leaked[:5]}"
        assert "qzv" not in lowered, fmt
