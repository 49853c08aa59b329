"""What a generated sample organisation consists of: the manifest written as ``sample.json``."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SampleFile(BaseModel):
    """One file of the sample organisation.

    Parameters
    ----------
    path
        Path relative to the sample folder (``/`` separated).
    source
        Suggested source name when importing (``crm``, ``enquete``, ...); ``None`` for files
        that are not meant to be imported (the hidden truth).
    key
        Column that identifies a row uniquely and links it to the CRM, for ``import --key``;
        ``None`` when rows repeat per customer (chats, web events) or there is no customer.
    customer_column
        Column that names the customer (repeats allowed, may be empty), for linking.
    rows
        Number of data rows (JSONL: lines).
    encoding, delimiter, decimal, line_ending
        How the file is written, as a real export of that kind would be.
    sha256
        Content hash of the file.
    description
        What the file holds, per language (``nl``, ``en``).
    kind, competitor
        For texts (issue 11): what they are (``interview``, ``review``), and for reviews of
        another organisation its name; passed to ``import --kind/--competitor``.
    """

    path: str
    source: str | None
    key: str | None
    customer_column: str | None
    rows: int
    encoding: str
    delimiter: str | None = None
    decimal: str | None = None
    line_ending: str
    sha256: str
    description: dict[str, str]
    kind: str | None = None
    competitor: str | None = None


class SampleSegment(BaseModel):
    """One hidden segment: its code, its name per language and its size."""

    code: str
    name: dict[str, str]
    size: int


class SampleManifest(BaseModel):
    """The sample organisation: who it is, how it was made, and its files.

    Parameters
    ----------
    organisation
        Name of the fictional organisation.
    seed, customers
        The generator's inputs; the same pair gives byte-identical files.
    generator_version
        Bumped whenever the same seed would give different data.
    reference_date
        The export date (ISO), fixed so the data does not depend on today.
    files
        The files meant for import, in suggested import order.
    truth
        The hidden ground truth, for tests and benchmarks only; the pipeline never reads it.
    segments
        The hidden segments and their sizes.
    """

    organisation: str
    seed: int
    customers: int
    generator_version: int
    reference_date: str
    files: list[SampleFile]
    truth: list[SampleFile] = Field(default_factory=list)
    segments: list[SampleSegment] = Field(default_factory=list)
