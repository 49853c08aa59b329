"""Support chats in JSONL (one message per line), Dutch, with segment-typical topics."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from personakit.sample import _phrases as ph
from personakit.sample import _segments as sg
from personakit.sample._people import bsns
from personakit.sample._text import PersonLookup, Planted, fill, plant

PII_SHARE = 0.05  # of customer messages
# Which personal data people give away depends on the topic (a refund: the IBAN).
PII_KIND_BY_TOPIC: dict[str, tuple[str, ...]] = {
    "pech_buitenland": ("phone", "name", "email"),
    "pech_nederland": ("address", "postcode", "phone", "name"),
    "factuur": ("iban", "iban", "email", "name", "bsn"),
    "app_storing": ("email", "phone", "name"),
    "opzeggen": ("iban", "name", "postcode", "bsn"),
    "lidmaatschap_wijzigen": ("name", "email", "address", "bsn"),
    "fietspech": ("address", "phone", "name"),
    "reisverzekering": ("email", "iban", "bsn", "phone"),
}
START = np.datetime64("2025-02-01T00:00:00")
SPAN_DAYS = 365


def _conversation_owners(rng: np.random.Generator, segment: np.ndarray) -> np.ndarray:
    """Row numbers of the members, once per conversation they had."""
    per_member = rng.poisson(sg.CHATS_PER_MEMBER[segment])
    return np.repeat(np.arange(segment.shape[0]), per_member)


def _starts(rng: np.random.Generator, topics: np.ndarray) -> np.ndarray:
    day = rng.integers(0, SPAN_DAYS, size=len(topics))
    abroad = topics == ph.CHAT_TOPIC_NAMES.index("pech_buitenland")
    summer = rng.integers(120, 212, size=len(topics))  # June-August
    day = np.where(abroad & (rng.random(len(topics)) < 0.7), summer, day)
    seconds = rng.integers(7 * 3600, 23 * 3600, size=len(topics))
    return START + (day * 86_400 + seconds).astype("timedelta64[s]")


def write_chats(rng: np.random.Generator, members: pd.DataFrame, people: PersonLookup,
                path: Path) -> tuple[int, list[tuple[str, str, str, Planted]]]:
    """Write every message as a JSON line; return the message count and the planted items.

    Lines go to disk as they are made: a million members have 1.4 million messages.
    """
    seg_all = members["segment"].to_numpy()
    owners = _conversation_owners(rng, seg_all)
    topics = sg.pick(rng, seg_all[owners], np.array(ph.CHAT_TOPIC_P))
    starts = _starts(rng, topics)
    order = np.argsort(starts, kind="stable")
    writer = _Writer(
        rnd=random.Random(int(rng.integers(2**62))),
        people=people,
        keys=members["klantnummer"].to_numpy(),
        bsn_pool=bsns(rng, max(8, len(owners) // 20)),
    )
    lengths = rng.integers(3, 9, size=len(owners))
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for c, (owner, topic, start) in enumerate(
                zip(owners[order], topics[order], starts[order], strict=True)):
            handle.writelines(writer.conversation(c, int(owner), ph.CHAT_TOPIC_NAMES[topic],
                                                  start, int(lengths[c])))
    return writer.messages, writer.planted


@dataclass
class _Writer:
    """Writes conversations one by one, keeping count and the planted items."""

    rnd: random.Random
    people: PersonLookup
    keys: npt.NDArray[np.int64]
    bsn_pool: list[str]
    messages: int = 0
    planted: list[tuple[str, str, str, Planted]] = field(default_factory=list)

    def conversation(self, index: int, member: int, topic: str, start: np.datetime64,
                     length: int) -> list[str]:
        rnd = self.rnd
        customer_turns, agent_turns = ph.CHAT_TOPICS[topic]
        conversation = f"G{index + 1:07d}"
        moment = start
        lines = []
        for m in range(length):
            turns = customer_turns if m % 2 == 0 else agent_turns
            text = fill(rnd, rnd.choice(turns[min(m // 2, len(turns) - 1)]),
                        self.people.city(member))
            if m % 2 == 0 and rnd.random() < PII_SHARE:
                kind = rnd.choice(PII_KIND_BY_TOPIC[topic])
                text, item = plant(rnd, text, kind, self.people(member),
                                   rnd.choice(self.bsn_pool))
                self.planted.append(("chats.jsonl", f"{conversation}/{m + 1}", "tekst", item))
            moment = moment + np.timedelta64(rnd.randrange(15, 240), "s")
            lines.append(json.dumps({
                "gesprek_id": conversation,
                "bericht_nr": m + 1,
                "klantnummer": int(self.keys[member]),
                "tijdstip": str(moment),
                "afzender": "klant" if m % 2 == 0 else "medewerker",
                "tekst": text,
            }, ensure_ascii=False) + "\n")
        self.messages += length
        return lines
