"""Same seed, same bytes; another seed, other data."""

from __future__ import annotations

from pathlib import Path

from personakit.sample import generate_sample
from tests.conftest import tree_fingerprint


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    generate_sample(tmp_path / "a", customers=600, seed=11)
    generate_sample(tmp_path / "b", customers=600, seed=11)
    first, second = tree_fingerprint(tmp_path / "a"), tree_fingerprint(tmp_path / "b")
    # 6 exports, 30 interview notes, 3 review exports and 5 truth files (members, planted
    # PII, web sessions, text topics, PII planted in texts)
    assert len(first) == 44
    assert first == second


def test_other_seed_gives_other_files(tmp_path: Path) -> None:
    generate_sample(tmp_path / "a", customers=600, seed=11)
    generate_sample(tmp_path / "b", customers=600, seed=12)
    first, second = tree_fingerprint(tmp_path / "a"), tree_fingerprint(tmp_path / "b")
    assert first.keys() == second.keys()
    assert all(first[name] != second[name] for name in first)


def test_progress_reports_every_step(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    generate_sample(tmp_path, customers=300, seed=1,
                    progress=lambda text, done, total: calls.append((text, done, total)))
    assert [done for _, done, _ in calls] == list(range(len(calls)))
    assert calls[-1][1] == calls[-1][2] and all(text for text, _, _ in calls)
