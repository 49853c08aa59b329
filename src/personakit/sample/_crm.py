"""The members of the club and their CRM export (Dutch Excel style)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from personakit.sample import _people as people
from personakit.sample import _segments as sg
from personakit.sample._places import CITIES, URBANITY_LABELS

REFERENCE_DATE = np.datetime64("2026-01-31")
CRM_COLUMNS = (
    "klantnummer", "voornaam", "tussenvoegsel", "achternaam", "geslacht", "geboortedatum",
    "leeftijd", "email", "telefoon", "fax", "straat", "huisnummer", "postcode", "woonplaats",
    "provincie", "land", "stedelijkheid", "iban", "betaalwijze", "product",
    "optie_reisverzekering", "optie_caravanhulp", "gezinslidmaatschap", "lid_sinds",
    "looptijd_jaren", "huishoudgrootte", "jaaromzet", "voorkeurskanaal", "nieuwsbrief",
    "app_gebruik_per_maand", "website_bezoeken", "aantal_contacten", "aantal_klachten",
    "aantal_pechmeldingen", "pechmeldingen_buitenland", "auto_leeftijd", "brandstof",
)
# Share of values left empty per column, as in real exports (issue 2: missing handled).
MISSING = {
    "email": 0.03, "telefoon": 0.02, "geboortedatum": 0.02, "huishoudgrootte": 0.05,
    "app_gebruik_per_maand": 0.04, "website_bezoeken": 0.03, "voorkeurskanaal": 0.04,
    "auto_leeftijd": 0.03,
}
REVENUE_OUTLIER_SHARE = 0.001  # business members with a fleet: a few huge revenues


def _cities(rng: np.random.Generator, seg: sg.IntArray) -> sg.IntArray:
    urbanity = sg.pick(rng, seg, sg.URBANITY_P)
    out = np.empty(seg.shape[0], dtype=np.int64)
    for cls in range(5):
        members = np.flatnonzero(urbanity == cls)
        candidates = np.array([i for i, c in enumerate(CITIES) if c[2] == cls + 1])
        weights = np.array([CITIES[i][6] for i in candidates], dtype=float)
        out[members] = rng.choice(candidates, size=len(members), p=weights / weights.sum())
    return out


def _ages(birth: np.ndarray) -> np.ndarray:
    """Completed years on the reference date, birthdays counted exactly."""
    ref = pd.Timestamp(REFERENCE_DATE)
    b = pd.DatetimeIndex(birth)
    before = (b.month > ref.month) | ((b.month == ref.month) & (b.day > ref.day))
    return np.asarray(ref.year - b.year - before.astype(int), dtype=np.int64)


def _behaviour(rng: np.random.Generator, seg: sg.IntArray) -> dict[str, np.ndarray]:
    n = len(seg)
    age_exact = np.clip(rng.normal(sg.AGE_MEAN[seg], sg.AGE_SD[seg]), 18.1, 96.0)
    birth = REFERENCE_DATE - (age_exact * 365.25).astype("timedelta64[D]")
    tenure = rng.gamma(sg.TENURE_SHAPE[seg], sg.TENURE_MEAN[seg] / sg.TENURE_SHAPE[seg])
    tenure = np.clip(tenure, 0.05, age_exact - 18.0)
    product = sg.pick(rng, seg, sg.PRODUCT_P)
    has_car = rng.random(n) < sg.HAS_CAR[seg]
    cyclist = product == sg.PRODUCTS.index("Fietsservice")
    travel = rng.random(n) < sg.TRAVEL_INSURANCE_P[seg]
    caravan = (rng.random(n) < sg.CARAVAN_P[seg]) & has_car & ~cyclist
    family = rng.random(n) < sg.FAMILY_P[seg]
    abroad = sg.overdispersed_counts(rng, sg.BREAKDOWNS_ABROAD[seg])
    complaints = sg.overdispersed_counts(rng, sg.COMPLAINTS[seg], shape=1.0)
    extra = np.exp(rng.normal(np.log(sg.EXTRA_SPEND_MEDIAN[seg]), 0.9))
    revenue = (sg.PRODUCT_PRICE[product] + 65.0 * travel + 35.0 * caravan + 45.0 * family
               + extra)
    outlier = rng.random(n) < REVENUE_OUTLIER_SHARE
    revenue = np.where(outlier, revenue * rng.uniform(8.0, 30.0, size=n), revenue)
    car_age = np.clip(np.rint(rng.normal(sg.CAR_AGE_MEAN[seg], sg.CAR_AGE_SD[seg])), 0, 35)
    return {
        "segment": seg,
        "birth": birth,
        "female": rng.random(n) < sg.FEMALE_P[seg],
        "tenure": tenure,
        "lid_sinds": REFERENCE_DATE - (tenure * 365.25).astype("timedelta64[D]"),
        "household": 1 + np.minimum(rng.poisson(sg.HOUSEHOLD_EXTRA[seg]), 6),
        "product": product,
        "city": _cities(rng, seg),
        "channel": sg.pick(rng, seg, sg.CHANNEL_P),
        "payment": sg.pick(rng, seg, sg.PAYMENT_P),
        "newsletter": rng.random(n) < sg.NEWSLETTER_P[seg],
        "travel": travel,
        "caravan": caravan,
        "family": family,
        "revenue": np.round(revenue, 2),
        "app": sg.overdispersed_counts(rng, sg.APP_PER_MONTH[seg]),
        "web": sg.overdispersed_counts(rng, sg.WEB_PER_YEAR[seg]),
        "complaints": complaints,
        "contacts": sg.overdispersed_counts(rng, sg.CONTACTS_PER_YEAR[seg]) + complaints,
        "abroad": abroad,
        "breakdowns": sg.overdispersed_counts(rng, sg.BREAKDOWNS[seg]) + abroad,
        "has_car": has_car,
        "car_age": car_age.astype(np.int64),
        "fuel": sg.pick(rng, seg, sg.FUEL_P),
    }


def build_members(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """Every member with their hidden segment, behaviour and personal data.

    Rows are in order of membership start, so customer numbers rise with it as in a real CRM.
    """
    seg = sg.draw_segments(rng, n)
    data = _behaviour(rng, seg)
    order = np.argsort(data["lid_sinds"], kind="stable")
    frame = pd.DataFrame({k: v[order] for k, v in data.items()})
    frame.insert(0, "klantnummer", 1_000_000 + np.cumsum(rng.integers(1, 25, size=n)))
    birth_year = pd.DatetimeIndex(frame["birth"]).year.to_numpy().astype(np.int64)
    female = frame["female"].to_numpy()
    frame["voornaam"] = people.first_names(rng, birth_year, female)
    tussen, last = people.surnames(rng, n)
    frame["tussenvoegsel"], frame["achternaam"] = tussen, last
    frame["email"] = people.emails(rng, frame["voornaam"].to_numpy(), tussen, last, birth_year)
    city = frame["city"].to_numpy()
    area = np.array([c[5] for c in CITIES], dtype=object)[city]
    landline_p = np.where(frame["segment"].to_numpy() == 2, 0.6, 0.12)
    frame["telefoon"] = people.phones(rng, area, landline_p)
    for column, values in people.addresses(rng, city).items():
        frame[column] = values
    frame["iban"] = people.ibans(rng, n)
    return frame


def _dutch_date(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.strftime("%d-%m-%Y")


def _decimal_comma(values: np.ndarray, digits: int) -> list[str]:
    return [f"{v:.{digits}f}".replace(".", ",") for v in values]


def _yes_no(values: pd.Series) -> np.ndarray:
    return np.where(values.to_numpy(), "ja", "nee")


def crm_frame(members: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The export as the CRM writes it: Dutch labels, dates and decimal commas, gaps."""
    m = members
    city = m["city"].to_numpy()
    has_car = m["has_car"].to_numpy()
    out = pd.DataFrame({
        "klantnummer": m["klantnummer"],
        "voornaam": m["voornaam"],
        "tussenvoegsel": m["tussenvoegsel"],
        "achternaam": m["achternaam"],
        "geslacht": np.where(m["female"].to_numpy(), "V", "M"),
        "geboortedatum": _dutch_date(m["birth"]),
        "leeftijd": pd.array(_ages(m["birth"].to_numpy()), dtype="Int64"),
        "email": m["email"],
        "telefoon": m["telefoon"],
        "fax": "",
        "straat": m["straat"],
        "huisnummer": m["huisnummer"],
        "postcode": m["postcode"],
        "woonplaats": np.array([c[0] for c in CITIES], dtype=object)[city],
        "provincie": np.array([c[1] for c in CITIES], dtype=object)[city],
        "land": "Nederland",
        "stedelijkheid": np.array(URBANITY_LABELS, dtype=object)[
            np.array([c[2] for c in CITIES])[city] - 1],
        "iban": np.where(m["payment"].to_numpy() == 0, m["iban"].to_numpy(), ""),
        "betaalwijze": np.array(sg.PAYMENTS, dtype=object)[m["payment"].to_numpy()],
        "product": np.array(sg.PRODUCTS, dtype=object)[m["product"].to_numpy()],
        "optie_reisverzekering": _yes_no(m["travel"]),
        "optie_caravanhulp": _yes_no(m["caravan"]),
        "gezinslidmaatschap": _yes_no(m["family"]),
        "lid_sinds": _dutch_date(m["lid_sinds"]),
        "looptijd_jaren": _decimal_comma(m["tenure"].to_numpy(), 1),
        "huishoudgrootte": pd.array(m["household"].to_numpy(), dtype="Int64"),
        "jaaromzet": _decimal_comma(m["revenue"].to_numpy(), 2),
        "voorkeurskanaal": np.array(sg.CHANNELS, dtype=object)[m["channel"].to_numpy()],
        "nieuwsbrief": _yes_no(m["newsletter"]),
        "app_gebruik_per_maand": pd.array(m["app"].to_numpy(), dtype="Int64"),
        "website_bezoeken": pd.array(m["web"].to_numpy(), dtype="Int64"),
        "aantal_contacten": pd.array(m["contacts"].to_numpy(), dtype="Int64"),
        "aantal_klachten": pd.array(m["complaints"].to_numpy(), dtype="Int64"),
        "aantal_pechmeldingen": pd.array(m["breakdowns"].to_numpy(), dtype="Int64"),
        "pechmeldingen_buitenland": pd.array(m["abroad"].to_numpy(), dtype="Int64"),
        "auto_leeftijd": pd.array(np.where(has_car, m["car_age"].to_numpy(), 0), dtype="Int64"),
        "brandstof": np.where(has_car, np.array(sg.FUELS, dtype=object)[m["fuel"].to_numpy()],
                              ""),
    })
    out.loc[~has_car, "auto_leeftijd"] = pd.NA
    _blank(out, rng)
    return out[list(CRM_COLUMNS)]


def _blank(out: pd.DataFrame, rng: np.random.Generator) -> None:
    n = len(out)
    for column, share in MISSING.items():
        mask = rng.random(n) < share
        if column == "geboortedatum":
            out.loc[mask, "leeftijd"] = pd.NA
        if isinstance(out[column].dtype, pd.Int64Dtype):
            out.loc[mask, column] = pd.NA
        else:
            out.loc[mask, column] = ""


def write_crm(frame: pd.DataFrame, path: Path) -> None:
    """``;``, decimal comma (pre-formatted), CRLF, cp1252: what Dutch Excel saves as CSV."""
    frame.to_csv(path, sep=";", index=False, encoding="cp1252", lineterminator="\r\n")
