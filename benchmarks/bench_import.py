"""Import benchmark (issue 2): our full import vs DuckDB, pandas and polars readers.

Generates (once, cached in ``benchmarks/_data/``) a Dutch-style CSV of 30 columns: ``;``,
decimal comma with thousands dots, UTF-8 with BOM, CRLF, dd-mm-jjjj dates, categorical,
Likert, multi-select and free-text columns. Then times, each in its own fresh process, on
the same file, ``--repeat`` times per tool (all runs printed; median and best kept):

* ours: ``personakit.ingest.import_file`` into a fresh workspace (sniffing, typing, role
  inference, Parquet snapshot, record and config), with nothing told about the dialect;
* DuckDB ``read_csv``, ``pandas.read_csv`` and ``polars.read_csv``, each given the dialect.

Equal work: every reader must end with what our import ends with -- 10 integer columns,
3 float columns (``jaaromzet`` "1.234,56" with thousands dots, ``korting`` and
``looptijd_jaren`` "12,5"), 2 date columns (dd-mm-jjjj) and 15 text columns. Each reader
gets that the fastest way it offers:

* pandas (C engine, the only one that takes ``decimal``/``thousands``): ``sep``,
  ``decimal``, ``thousands``, ``encoding`` and ``parse_dates`` with ``date_format``;
* polars: ``separator``, ``decimal_comma`` and ``try_parse_dates``; its reader has no
  thousands separator, so ``jaaromzet`` is converted with polars string expressions;
* DuckDB: ``delim``, ``decimal_separator``, ``dateformat`` given; it has no thousands
  separator either, so ``jaaromzet`` is converted in the same query (``REPLACE``), read
  straight into Arrow.

Every run prints a fingerprint of its result (column kinds, sum of ``jaaromzet``, date
range), and the script checks they agree, so no reader is timed doing less. Plain pandas
without date parsing does less than we do; it is printed too, for reference, with its
ratio, but the target ratio is against the fastest reader doing equal work.

Prints wall time, peak memory (VmHWM of the process) and the ratio to the fastest reader.
Target: ours within 2x the fastest, peak below 2 GiB.

    .venv/bin/python benchmarks/bench_import.py [--rows 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

DATA = Path(__file__).parent / "_data"
GIB = 1 << 30

FIRST = np.array(["Jan", "Sanne", "Mohammed", "Fatima", "Pieter", "Emma", "Daan", "Noor",
                  "Lucas", "Julia", "Sem", "Anouk", "Thomas", "Lotte", "Bram", "Iris"])
LAST = np.array(["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer",
                 "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks"])
CITIES = np.array(["Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen",
                   "Tilburg", "Almere", "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem",
                   "Zaanstad", "Amersfoort", "'s-Hertogenbosch", "Zwolle", "Leiden", "Maastricht",
                   "Dordrecht"])
PRODUCTS = np.array(["Basis", "Plus", "Compleet", "Wegenwacht Europa"])
LIKERT = np.array(["Helemaal mee oneens", "Mee oneens", "Neutraal", "Mee eens",
                   "Helemaal mee eens"])
CHANNELS = np.array(["app", "email", "telefoon", "app;email", "email;telefoon",
                     "app;email;telefoon", "chat", "app;chat"])
PHRASES = np.array([
    "De app werkt prima; wachttijd te lang",
    "Snel geholpen bij pech, top monteur",
    "Prijs is hoog, ik twijfel of ik blijf",
    "Graag meer info over laadpalen",
    "Vriendelijke medewerker, dacht mee",
    "Ik mis persoonlijk contact",
])


def _dates(rng: np.random.Generator, n: int, start: str, days: int) -> np.ndarray:
    base = np.datetime64(start) + rng.integers(0, days, n).astype("timedelta64[D]")
    return pd.to_datetime(base).strftime("%d-%m-%Y").to_numpy()


def _amounts(values: np.ndarray) -> np.ndarray:
    """Dutch amounts: thousands dot, decimal comma (1.234,56)."""
    text = pd.Series(values).map("{:,.2f}".format)
    return text.str.replace(",", "_").str.replace(".", ",").str.replace("_", ".").to_numpy()


def make_frame(rows: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    ids = np.arange(1_000_000, 1_000_000 + rows)
    pick = rng.integers
    return pd.DataFrame({
        "klantnummer": ids,
        "voornaam": FIRST[pick(0, len(FIRST), rows)],
        "achternaam": LAST[pick(0, len(LAST), rows)],
        "email": np.char.add(np.char.add("k", ids.astype(str)), "@vb.nl"),
        "telefoon": np.char.add("06-", pick(10_000_000, 99_999_999, rows).astype(str)),
        "postcode": np.char.add(pick(1000, 9999, rows).astype(str), " AB"),
        "woonplaats": CITIES[pick(0, len(CITIES), rows)],
        "geslacht": np.array(["M", "V", "X"])[pick(0, 3, rows)],
        "geboortedatum": _dates(rng, rows, "1940-01-01", 25_000),
        "lid_sinds": _dates(rng, rows, "1990-01-01", 12_000),
        "leeftijd": pick(18, 95, rows),
        "product": PRODUCTS[pick(0, len(PRODUCTS), rows)],
        "jaaromzet": _amounts(rng.gamma(2.0, 400.0, rows)),
        "korting": np.round(rng.uniform(0, 30, rows), 1),
        "looptijd_jaren": np.round(rng.uniform(0, 40, rows), 1),
        "aantal_contacten": pick(0, 12, rows),
        "aantal_klachten": pick(0, 4, rows),
        "app_gebruik_per_maand": pick(0, 30, rows),
        "website_bezoeken": pick(0, 50, rows),
        "nieuwsbrief": np.array(["ja", "nee"])[pick(0, 2, rows)],
        "online_regelen": LIKERT[pick(0, 5, rows)],
        "prijsbewust": LIKERT[pick(0, 5, rows)],
        "persoonlijk_contact": LIKERT[pick(0, 5, rows)],
        "rapportcijfer (1-10)": pick(1, 11, rows),
        "aanbevelen (0-10)": pick(0, 11, rows),
        "kanalen": CHANNELS[pick(0, len(CHANNELS), rows)],
        "kanaal_app": pick(0, 2, rows),
        "kanaal_email": pick(0, 2, rows),
        "brandstof": np.array(["benzine", "diesel", "elektrisch", "hybride"])[pick(0, 4, rows)],
        "opmerking": PHRASES[pick(0, len(PHRASES), rows)],
    })


def dataset(rows: int) -> Path:
    """The cached benchmark CSV for *rows* rows."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"dutch_{rows}.csv"
    if not path.exists():
        frame = make_frame(rows)
        tmp = path.with_suffix(".tmp")
        frame.to_csv(tmp, sep=";", decimal=",", index=False, encoding="utf-8-sig",
                     lineterminator="\r\n")
        tmp.replace(path)
    return path


# -- the contestants, each run in a fresh process -----------------------------------------
DATES = ["geboortedatum", "lid_sinds"]
OURS = "personakit import"
REFERENCE = "pandas, no dates"  # does less than we do: shown, not the target
RUNNERS = {
    OURS: """
from personakit.workspace import Workspace
from personakit.ingest import import_file
ws = Workspace.init(sys.argv[2], language="en")
start = time.perf_counter()
result = import_file(ws, path, key="klantnummer")
elapsed = time.perf_counter() - start
ws.close()
import pyarrow.parquet as pq
table = pq.read_table(Path(sys.argv[2]) / result.snapshot.path)
kinds = [arrow_kind(t) for t in table.schema.types]
amount = table["jaaromzet"].to_pylist()
born = table["geboortedatum"].to_pylist()
""",
    "duckdb read_csv": """
import duckdb
start = time.perf_counter()
con = duckdb.connect()
table = con.sql(
    "SELECT * REPLACE (CAST(replace(replace(jaaromzet, '.', ''), ',', '.') AS DOUBLE)"
    " AS jaaromzet) FROM read_csv($path, delim=';', decimal_separator=',', header=true,"
    " quote='\\"', dateformat='%d-%m-%Y')", params={"path": str(path)}).to_arrow_table()
elapsed = time.perf_counter() - start
kinds = [arrow_kind(t) for t in table.schema.types]
amount = table["jaaromzet"].to_pylist()
born = table["geboortedatum"].to_pylist()
""",
    "pandas.read_csv": """
import pandas as pd
start = time.perf_counter()
frame = pd.read_csv(path, sep=";", decimal=",", thousands=".", encoding="utf-8-sig",
                    engine="c", parse_dates=DATES, date_format="%d-%m-%Y")
elapsed = time.perf_counter() - start
kinds = [pandas_kind(t) for t in frame.dtypes]
amount = frame["jaaromzet"].tolist()
born = [t.date() for t in frame["geboortedatum"]]
""",
    "polars.read_csv": """
import polars as pl
start = time.perf_counter()
frame = pl.read_csv(path, separator=";", decimal_comma=True, encoding="utf8",
                    try_parse_dates=True).with_columns(
    pl.col("jaaromzet").str.replace_all(".", "", literal=True)
    .str.replace(",", ".", literal=True).cast(pl.Float64))
elapsed = time.perf_counter() - start
kinds = [arrow_kind(t) for t in frame.to_arrow().schema.types]
amount = frame["jaaromzet"].to_list()
born = frame["geboortedatum"].to_list()
""",
    REFERENCE: """
import pandas as pd
start = time.perf_counter()
frame = pd.read_csv(path, sep=";", decimal=",", thousands=".", encoding="utf-8-sig",
                    engine="c")
elapsed = time.perf_counter() - start
kinds = [pandas_kind(t) for t in frame.dtypes]
amount = frame["jaaromzet"].tolist()
born = [None]
""",
}

_PRELUDE = f"""
import json, sys, time
from pathlib import Path
path = Path(sys.argv[1])
DATES = {DATES!r}

def arrow_kind(t):
    import pyarrow as pa
    for kind, test in (("int", pa.types.is_integer), ("float", pa.types.is_floating),
                       ("date", pa.types.is_date), ("date", pa.types.is_timestamp)):
        if test(t):
            return kind
    return "text"

def pandas_kind(t):
    kind = getattr(t, "kind", "O")
    return {{"i": "int", "f": "float", "M": "date"}}.get(kind, "text")
"""
# VmHWM, not getrusage: ru_maxrss survives exec, so a child would report the parent's peak.
_EPILOGUE = """
status = Path("/proc/self/status").read_text()
peak = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM"))) * 1024
dates = [d for d in born if d is not None]
print(json.dumps({"seconds": elapsed, "peak": peak, "rows": len(amount), "fingerprint": {
    "kinds": {k: kinds.count(k) for k in sorted(set(kinds))},
    "jaaromzet_sum": round(sum(amount), 2),
    "dates": [str(min(dates)), str(max(dates))] if dates else None,
}}))
"""


def run(name: str, path: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        code = _PRELUDE + RUNNERS[name] + _EPILOGUE
        done = subprocess.run([sys.executable, "-c", code, str(path), str(Path(tmp) / "ws")],
                              capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; best is kept")
    args = parser.parse_args()
    path = dataset(args.rows)
    size = path.stat().st_size
    print(f"file: {path.name}, {args.rows:,} rows, 30 columns, {size / 1e6:.0f} MB "
          "(';', decimal comma, BOM, CRLF, dd-mm-jjjj)")
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in RUNNERS}
    for _ in range(args.repeat):
        # Round robin, so a slow spell of the machine hits every tool alike.
        for name in RUNNERS:
            runs[name].append(run(name, path))
    expected = runs[OURS][0]["fingerprint"]
    print(f"result of every tool: {json.dumps(expected)}")
    for name, results in runs.items():
        for r in results:
            if name != REFERENCE and r["fingerprint"] != expected:
                raise SystemExit(f"{name} read something else: {json.dumps(r['fingerprint'])}")
    best = {name: min(r["seconds"] for r in results) for name, results in runs.items()}
    readers = [n for n in RUNNERS if n not in (OURS, REFERENCE)]
    fastest = min(best[n] for n in readers)
    print(f"{'tool':<20}{'best s':>8}{'median s':>10}{'peak MiB':>10}{'rows':>11}"
          f"{'x fastest':>11}   all runs (s)")
    for name, results in runs.items():
        times = [r["seconds"] for r in results]
        peak = max(r["peak"] for r in results)
        note = "  (no date parsing: less work)" if name == REFERENCE else ""
        print(f"{name:<20}{best[name]:>8.2f}{statistics.median(times):>10.2f}"
              f"{peak / 2**20:>10.0f}{int(results[0]['rows']):>11,}"
              f"{best[name] / fastest:>11.2f}   {' '.join(f'{t:.2f}' for t in times)}{note}")
    ours = best[OURS]
    peak = max(r["peak"] for r in runs[OURS])
    median_ratio = statistics.median(r["seconds"] for r in runs[OURS]) / min(
        statistics.median(r["seconds"] for r in runs[n]) for n in readers)
    print(f"ours / fastest reader doing equal work: best {ours / fastest:.2f}, median "
          f"{median_ratio:.2f} (target <= 2.0); peak {peak / GIB:.2f} GiB (target < 2.0)")
    print(f"ours / plain pandas without dates (less work, for reference): "
          f"{ours / best[REFERENCE]:.2f}")


if __name__ == "__main__":
    main()
