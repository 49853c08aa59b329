"""The sample organisation's files look exactly as promised (formats, links, truth, PII)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from stdnum import iban as std_iban
from stdnum.nl import bsn as std_bsn

from personakit.errors import InputError
from personakit.sample import SampleManifest, generate_sample

CUSTOMERS = 2_000


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SampleManifest]:
    root = tmp_path_factory.mktemp("sample")
    return root, generate_sample(root, customers=CUSTOMERS, seed=7)


def _crm(root: Path) -> pd.DataFrame:
    return pd.read_csv(root / "crm_export.csv", sep=";", decimal=",", encoding="cp1252",
                       dtype={"postcode": str, "huisnummer": str, "telefoon": str})


def test_crm_is_dutch_excel_style(sample: tuple[Path, SampleManifest]) -> None:
    root, _ = sample
    raw = (root / "crm_export.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("cp1252")
    assert raw.count(b"\r\n") == CUSTOMERS + 1 and b"\n" not in raw.replace(b"\r\n", b"")
    header = text.split("\r\n", 1)[0].split(";")
    assert header[0] == "klantnummer" and len(header) >= 20
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # accented names are real cp1252 bytes, not UTF-8
    frame = _crm(root)
    assert frame["klantnummer"].is_unique and len(frame) == CUSTOMERS
    assert frame["jaaromzet"].dtype == float and frame["looptijd_jaren"].dtype == float
    assert frame["geboortedatum"].dropna().str.fullmatch(r"\d{2}-\d{2}-\d{4}").all()
    assert frame["lid_sinds"].str.fullmatch(r"\d{2}-\d{2}-\d{4}").all()
    assert frame["postcode"].str.fullmatch(r"[1-9]\d{3} ?[A-Z]{2}").all()
    assert frame["land"].nunique() == 1 and frame["fax"].isna().all()


def test_crm_personal_data_is_valid(sample: tuple[Path, SampleManifest]) -> None:
    frame = _crm(sample[0])
    ibans = frame["iban"].dropna()
    assert len(ibans) > CUSTOMERS // 2
    assert all(std_iban.is_valid(v) and v.startswith("NL") for v in ibans)
    phones = frame["telefoon"].dropna()
    assert phones.str.fullmatch(r"(06-?\d{8}|\+31 6 \d{8}|0\d{2,3}[- ]\d{6,7})").all()
    assert frame["email"].dropna().str.fullmatch(r"[a-z0-9._]+@[a-z0-9.]+\.[a-z]+").all()


def test_crm_has_realistic_gaps(sample: tuple[Path, SampleManifest]) -> None:
    missing = _crm(sample[0]).isna().mean()
    for column in ("email", "telefoon", "app_gebruik_per_maand", "voorkeurskanaal"):
        assert 0.01 <= missing[column] <= 0.08, column
    assert missing["klantnummer"] == 0 and missing["product"] == 0


def test_ages_match_birth_dates(sample: tuple[Path, SampleManifest]) -> None:
    frame = _crm(sample[0]).dropna(subset=["geboortedatum"])
    born = pd.to_datetime(frame["geboortedatum"], format="%d-%m-%Y")
    ref = pd.Timestamp("2026-01-31")  # the export date in the manifest
    not_yet = (born.dt.month > ref.month) | ((born.dt.month == ref.month)
                                             & (born.dt.day > ref.day))
    age = ref.year - born.dt.year - not_yet.astype(int)
    assert (age == frame["leeftijd"]).all()


def test_survey_is_a_linked_tenth_with_bom(sample: tuple[Path, SampleManifest]) -> None:
    root, _ = sample
    raw = (root / "enquete_2026.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    survey = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert 0.08 * CUSTOMERS <= len(survey) <= 0.12 * CUSTOMERS
    assert survey["Klantnummer"].is_unique
    linked = survey["Klantnummer"].isin(_crm(root)["klantnummer"]).mean()
    assert 0.95 <= linked < 1.0
    likert = {"Helemaal mee oneens", "Mee oneens", "Neutraal", "Mee eens", "Helemaal mee eens"}
    assert set(survey.iloc[:, 3].dropna()) == likert
    assert survey.filter(like="(1-10)").iloc[:, 0].between(1, 10).all()
    assert survey.filter(like="(0-10)").iloc[:, 0].between(0, 10).all()
    assert survey["Via welke kanalen neemt u contact met ons op"].str.contains(";").any()
    open_answers = survey["Wat kunnen wij verbeteren"].dropna()
    assert open_answers.str.contains(",").any() and open_answers.str.contains("\n").any()
    assert open_answers.nunique() > 0.5 * len(open_answers)


def test_chats_are_conversations_of_three_to_eight(sample: tuple[Path, SampleManifest]) -> None:
    lines = (sample[0] / "chats.jsonl").read_text(encoding="utf-8").splitlines()
    chats = pd.DataFrame([json.loads(line) for line in lines])
    assert list(chats.columns) == ["gesprek_id", "bericht_nr", "klantnummer", "tijdstip",
                                   "afzender", "tekst"]
    sizes = chats.groupby("gesprek_id").size()
    assert sizes.between(3, 8).all()
    assert 0.18 * CUSTOMERS <= len(sizes) <= 0.32 * CUSTOMERS
    assert set(chats["afzender"]) == {"klant", "medewerker"}
    assert pd.to_datetime(chats["tijdstip"], format="ISO8601").notna().all()


def test_web_funnel_drops_off(sample: tuple[Path, SampleManifest]) -> None:
    web = pd.read_csv(sample[0] / "web_analytics.csv")
    assert list(web.columns) == ["klant_id", "sessie_id", "tijdstip", "apparaat", "stap",
                                 "bezoeker_id", "bron"]
    # Every session has one visitor (browser) and one entry source.
    per_session = web.groupby("sessie_id")[["bezoeker_id", "bron"]].nunique()
    assert (per_session == 1).all().all()
    # Logged-in sessions carry the member's own visitor id: one visitor per member.
    logged_in = web.dropna(subset=["klant_id"])
    assert (logged_in.groupby("klant_id")["bezoeker_id"].nunique() == 1).all()
    counts = web["stap"].value_counts()
    steps = ["home", "product", "offerte", "afrekenen", "bevestiging"]
    assert list(counts[steps]) == sorted(counts[steps], reverse=True)
    assert 2.0 <= len(web) / CUSTOMERS <= 4.0
    assert 0.03 <= web["klant_id"].isna().mean() <= 0.15


def test_kpis_cover_24_months_per_product(sample: tuple[Path, SampleManifest]) -> None:
    raw = (sample[0] / "kpi_maandelijks.csv").read_bytes()
    assert b";" in raw.splitlines()[0] and b"\r\n" in raw
    kpi = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig")
    assert kpi.groupby("product")["maand"].nunique().eq(24).all()
    assert kpi["tevredenheid"].between(1, 10).all() and kpi["omzet"].gt(0).all()


def test_truth_has_five_unequal_segments(sample: tuple[Path, SampleManifest]) -> None:
    root, manifest = sample
    truth = pd.read_csv(root / "_truth" / "segments.csv", sep=";")
    sizes = truth["segment"].value_counts()
    assert len(sizes) == 5 and sizes.iloc[0] > 2 * sizes.iloc[-1]
    assert set(truth["klantnummer"]) == set(_crm(root)["klantnummer"])
    assert sorted(s.size for s in manifest.segments) == sorted(sizes)


def test_planted_pii_is_valid_and_present(sample: tuple[Path, SampleManifest]) -> None:
    root, _ = sample
    planted = pd.read_csv(root / "_truth" / "pii_planted.csv", sep=";", dtype=str)
    assert set(planted["kind"]) == {"name", "email", "phone", "iban", "bsn", "postcode",
                                    "address"}
    for value in planted.loc[planted["kind"] == "iban", "value"]:
        assert std_iban.is_valid(value), value
    for value in planted.loc[planted["kind"] == "bsn", "value"]:
        assert std_bsn.is_valid(value), value
    assert planted.loc[planted["kind"] == "postcode", "value"].str.fullmatch(
        r"\d{4} [A-Z]{2} \d+.*").all()
    survey = pd.read_csv(root / "enquete_2026.csv", encoding="utf-8-sig").set_index(
        "Respondent ID")
    chats = {f"{m['gesprek_id']}/{m['bericht_nr']}": m["tekst"] for m in map(
        json.loads, (root / "chats.jsonl").read_text(encoding="utf-8").splitlines())}
    for row in planted.itertuples():
        text = survey.at[row.record, row.column] if row.file == "enquete_2026.csv" else (
            chats[row.record])
        assert row.value in text, row
    answers = survey[["Wat vindt u het belangrijkst aan uw lidmaatschap",
                      "Wat kunnen wij verbeteren"]].stack().dropna()
    in_survey = (planted["file"] == "enquete_2026.csv").sum()
    assert 0.04 <= in_survey / len(answers) <= 0.12


def test_manifest_lists_files_with_sources_and_hashes(
        sample: tuple[Path, SampleManifest]) -> None:
    root, manifest = sample
    on_disk = json.loads((root / "sample.json").read_text(encoding="utf-8"))
    assert SampleManifest.model_validate(on_disk) == manifest
    assert [f.source for f in manifest.files] == [
        "crm", "enquete", "chats", "web", "kpi", "interviews", "recensies",
        "recensies_wegwijs", "recensies_rijvrij"]
    assert manifest.files[0].key == "klantnummer" and manifest.customers == CUSTOMERS
    for entry in manifest.files + manifest.truth:
        # the interview notes are a folder of documents, imported as one source
        assert (root / entry.path).is_dir() if entry.source == "interviews" else (
            root / entry.path).is_file()
        assert set(entry.description) == {"nl", "en"}
    assert all(f.source is None for f in manifest.truth)


def test_csv_quoting_round_trips(sample: tuple[Path, SampleManifest]) -> None:
    text = (sample[0] / "enquete_2026.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len({len(r) for r in rows}) == 1


@pytest.mark.parametrize(("customers", "seed"), [(10, 1), (100, -1)])
def test_bad_arguments_are_refused(tmp_path: Path, customers: int, seed: int) -> None:
    with pytest.raises(InputError):
        generate_sample(tmp_path / "out", customers=customers, seed=seed)
    assert not (tmp_path / "out").exists()
