"""The hidden segments and the behaviour they drive.

Five segments of unequal size, each a coherent story. Every behaviour variable overlaps
between segments on its own, but several variables per segment are shifted by about 1.5-2.5
within-segment standard deviations, so the segments separate jointly (issue 3 asks a good
mixed-data clustering to recover them with ARI >= 0.90) while no single column gives them away.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Segment:
    """One hidden segment: its code, names and the parameters of its members' behaviour."""

    code: str
    name_nl: str
    name_en: str
    share: float


SEGMENTS: tuple[Segment, ...] = (
    Segment("digitale_forens", "Digitale forens", "Digital commuter", 0.32),
    Segment("gezinsplanner", "Zorgzame gezinsplanner", "Caring family planner", 0.24),
    Segment("kostenbewuste_senior", "Kostenbewuste senior", "Cost-conscious senior", 0.20),
    Segment("europa_reiziger", "Avontuurlijke Europa-reiziger", "Adventurous Europe traveller",
            0.14),
    Segment("stadse_starter", "Stadse fietser en starter", "Urban cyclist and starter", 0.10),
)

# Per segment, in the order of SEGMENTS. Means and spreads are per member.
AGE_MEAN = np.array([37.0, 45.0, 72.0, 59.0, 24.0])
AGE_SD = np.array([5.0, 5.0, 6.0, 7.0, 3.0])
TENURE_MEAN = np.array([9.0, 11.0, 28.0, 19.0, 1.5])  # years, gamma distributed
TENURE_SHAPE = np.array([5.0, 5.0, 6.0, 5.0, 2.5])
HOUSEHOLD_EXTRA = np.array([0.7, 3.3, 0.6, 0.6, 0.3])  # huishoudgrootte = 1 + Poisson
APP_PER_MONTH = np.array([16.0, 4.0, 0.4, 3.5, 9.0])
WEB_PER_YEAR = np.array([8.0, 16.0, 2.0, 12.0, 4.0])
CONTACTS_PER_YEAR = np.array([0.7, 2.5, 5.0, 2.2, 0.9])
COMPLAINTS = np.array([0.05, 0.2, 0.7, 0.25, 0.12])
BREAKDOWNS = np.array([0.5, 1.8, 1.4, 3.0, 1.0])  # last three years
BREAKDOWNS_ABROAD = np.array([0.04, 0.1, 0.02, 3.0, 0.02])
HAS_CAR = np.array([0.97, 0.99, 0.93, 0.99, 0.30])
CAR_AGE_MEAN = np.array([3.0, 7.0, 13.0, 8.0, 12.0])
CAR_AGE_SD = np.array([2.0, 3.0, 4.0, 4.0, 4.0])
EXTRA_SPEND_MEDIAN = np.array([40.0, 110.0, 12.0, 260.0, 18.0])  # shop and travel, euro

PRODUCTS = ("Basis", "Wegenhulp Nederland", "Wegenhulp Europa", "Compleet", "Fietsservice")
PRODUCT_PRICE = np.array([59.0, 149.0, 219.0, 289.0, 39.0])
PRODUCT_P = np.array([
    [0.05, 0.24, 0.12, 0.56, 0.03],
    [0.08, 0.60, 0.10, 0.20, 0.02],
    [0.60, 0.30, 0.05, 0.04, 0.01],
    [0.02, 0.06, 0.75, 0.17, 0.00],
    [0.25, 0.10, 0.00, 0.05, 0.60],
])
URBANITY_P = np.array([  # CBS classes 1 (very strongly urban) .. 5 (not urban)
    [0.45, 0.30, 0.15, 0.07, 0.03],
    [0.06, 0.20, 0.36, 0.27, 0.11],
    [0.10, 0.15, 0.25, 0.25, 0.25],
    [0.10, 0.20, 0.30, 0.25, 0.15],
    [0.65, 0.25, 0.07, 0.02, 0.01],
])
CHANNELS = ("app", "e-mail", "telefoon", "chat", "website", "balie")
CHANNEL_P = np.array([
    [0.60, 0.15, 0.03, 0.15, 0.07, 0.00],
    [0.15, 0.40, 0.15, 0.05, 0.24, 0.01],
    [0.03, 0.15, 0.58, 0.01, 0.07, 0.16],
    [0.25, 0.35, 0.24, 0.03, 0.13, 0.00],
    [0.40, 0.10, 0.01, 0.44, 0.05, 0.00],
])
PAYMENTS = ("automatische incasso", "iDEAL", "acceptgiro")
PAYMENT_P = np.array([
    [0.70, 0.28, 0.02],
    [0.85, 0.12, 0.03],
    [0.55, 0.05, 0.40],
    [0.85, 0.12, 0.03],
    [0.40, 0.58, 0.02],
])
FUELS = ("benzine", "diesel", "elektrisch", "hybride", "lpg")
FUEL_P = np.array([
    [0.30, 0.05, 0.45, 0.20, 0.00],
    [0.45, 0.20, 0.10, 0.25, 0.00],
    [0.70, 0.18, 0.02, 0.06, 0.04],
    [0.25, 0.55, 0.05, 0.12, 0.03],
    [0.75, 0.05, 0.10, 0.10, 0.00],
])
NEWSLETTER_P = np.array([0.22, 0.55, 0.78, 0.60, 0.18])
TRAVEL_INSURANCE_P = np.array([0.25, 0.35, 0.10, 0.85, 0.10])
CARAVAN_P = np.array([0.02, 0.15, 0.10, 0.45, 0.00])
FAMILY_P = np.array([0.08, 0.80, 0.12, 0.15, 0.03])
FEMALE_P = np.array([0.42, 0.58, 0.52, 0.40, 0.50])
SURVEY_RESPONSE_P = np.array([0.08, 0.10, 0.14, 0.11, 0.07])  # 10 % overall

# Survey attitudes on a -2..2 scale: digital, price, personal contact, environment, abroad.
ATTITUDE_MEAN = np.array([
    [1.3, -0.3, -1.0, 0.8, 0.2],
    [0.5, 0.4, 0.3, 0.3, 0.3],
    [-1.2, 1.4, 1.3, -0.3, -0.8],
    [0.3, -0.6, 0.0, -0.5, 1.5],
    [1.0, 1.0, -0.8, 1.3, 0.0],
])
SATISFACTION_MEAN = np.array([7.6, 7.8, 6.9, 8.2, 7.1])
CHURN_PCT = np.array([0.7, 0.5, 1.1, 0.4, 1.6])  # monthly, for the KPI file

# Web funnel: sessions per member per export period, and the chance to go one step further
# (home -> product -> offerte -> afrekenen -> bevestiging).
WEB_SESSIONS = np.array([1.3, 1.1, 0.3, 1.1, 0.9])
FUNNEL_NEXT = np.array([
    [0.80, 0.60, 0.70, 0.85],
    [0.70, 0.65, 0.60, 0.80],
    [0.45, 0.35, 0.40, 0.60],
    [0.75, 0.70, 0.65, 0.85],
    [0.60, 0.40, 0.35, 0.70],
])
DEVICES = ("mobiel", "desktop", "tablet")
DEVICE_P = np.array([
    [0.80, 0.15, 0.05],
    [0.45, 0.40, 0.15],
    [0.15, 0.45, 0.40],
    [0.40, 0.50, 0.10],
    [0.88, 0.10, 0.02],
])
CHATS_PER_MEMBER = np.array([0.22, 0.26, 0.25, 0.30, 0.25])  # about 1 per 4 members


def draw_segments(rng: np.random.Generator, n: int) -> IntArray:
    """Segment index per member, with the shares of :data:`SEGMENTS`."""
    shares = np.array([s.share for s in SEGMENTS])
    return rng.choice(len(SEGMENTS), size=n, p=shares / shares.sum()).astype(np.int64)


def pick(rng: np.random.Generator, seg: IntArray, probs: npt.NDArray[np.float64]) -> IntArray:
    """One category index per member, from the row of *probs* of the member's segment."""
    cumulative = np.cumsum(probs, axis=1)
    cumulative[:, -1] = 1.0
    u = rng.random(len(seg))
    chosen: IntArray = (u[:, None] > cumulative[seg]).sum(axis=1).astype(np.int64)
    return chosen


def overdispersed_counts(rng: np.random.Generator, mean: FloatArray, shape: float = 4.0
                         ) -> IntArray:
    """Counts with more spread than Poisson (a gamma-Poisson mix), as real contact counts."""
    rate = mean * rng.gamma(shape, 1.0 / shape, size=len(mean))
    return rng.poisson(rate).astype(np.int64)
