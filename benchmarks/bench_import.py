"""Import benchmark (issue 2): our full import vs DuckDB, pandas and polars readers.

Generates (once, cached in ``benchmarks/_data/``) a Dutch-style CSV of 30 columns: ``;``,
decimal comma with thousands dots, UTF-8 with BOM, CRLF, dd-mm-jjjj dates, categorical,
Likert, multi-select and free-text columns. Then times, each in its own process:

* ours: ``personakit.ingest.import_file`` into a fresh workspace (sniffing, typing, role
  inference, Parquet snapshot, record and config), with nothing told about the dialect;
* DuckDB ``read_csv``, ``pandas.read_csv`` and ``polars.read_csv``, each given the dialect.

Prints wall time, peak memory (max RSS of the process) and the ratio to the fastest reader.
Target: ours within 2x the fastest, peak below 2 GiB.

    .venv/bin/python benchmarks/bench_import.py [--rows 1000000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

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
RUNNERS = {
    "personakit import": """
from personakit.workspace import Workspace
from personakit.ingest import import_file
ws = Workspace.init(sys.argv[2], language="en")
start = time.perf_counter()
result = import_file(ws, path, key="klantnummer")
elapsed = time.perf_counter() - start
ws.close()
rows = result.snapshot.rows
""",
    "duckdb read_csv": """
import duckdb
start = time.perf_counter()
con = duckdb.connect()
table = con.execute(
    "SELECT * FROM read_csv(?, delim=';', decimal_separator=',', header=true, quote='\\"',"
    " dateformat='%d-%m-%Y', all_varchar=false)", [str(path)]).to_arrow_table()
elapsed = time.perf_counter() - start
rows = table.num_rows
""",
    "pandas.read_csv": """
import pandas as pd
start = time.perf_counter()
frame = pd.read_csv(path, sep=";", decimal=",", thousands=".", encoding="utf-8-sig")
elapsed = time.perf_counter() - start
rows = len(frame)
""",
    "polars.read_csv": """
import polars as pl
start = time.perf_counter()
frame = pl.read_csv(path, separator=";", decimal_comma=True, encoding="utf8")
elapsed = time.perf_counter() - start
rows = frame.height
""",
}

_PRELUDE = """
import json, sys, time
from pathlib import Path
path = Path(sys.argv[1])
"""
# VmHWM, not getrusage: ru_maxrss survives exec, so a child would report the parent's peak.
_EPILOGUE = """
status = Path("/proc/self/status").read_text()
peak = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM"))) * 1024
print(json.dumps({"seconds": elapsed, "peak": peak, "rows": rows}))
"""


def run(name: str, path: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        code = _PRELUDE + RUNNERS[name] + _EPILOGUE
        done = subprocess.run([sys.executable, "-c", code, str(path), str(Path(tmp) / "ws")],
                              capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool; best is kept")
    args = parser.parse_args()
    path = dataset(args.rows)
    size = path.stat().st_size
    print(f"file: {path.name}, {args.rows:,} rows, 30 columns, {size / 1e6:.0f} MB "
          "(';', decimal comma, BOM, CRLF, dd-mm-jjjj)")
    results = {}
    for name in RUNNERS:
        runs = [run(name, path) for _ in range(args.repeat)]
        results[name] = min(runs, key=lambda r: r["seconds"])
    readers = [n for n in results if n != "personakit import"]
    fastest = min(results[n]["seconds"] for n in readers)
    print(f"{'tool':<20}{'seconds':>10}{'peak MiB':>10}{'rows':>12}{'x fastest':>11}")
    for name, r in results.items():
        print(f"{name:<20}{r['seconds']:>10.2f}{r['peak'] / 2**20:>10.0f}{int(r['rows']):>12,}"
              f"{r['seconds'] / fastest:>11.2f}")
    ours = results["personakit import"]
    print(f"ours / fastest reader: {ours['seconds'] / fastest:.2f} (target <= 2.0); "
          f"peak {ours['peak'] / GIB:.2f} GiB (target < 2.0)")


if __name__ == "__main__":
    main()
