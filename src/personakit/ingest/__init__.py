"""Importers: readers with dialect sniffing, column roles, snapshots and linking on a key."""

from personakit.ingest._describe import describe_source
from personakit.ingest._formats import table_from_records
from personakit.ingest._import import import_file, slugify
from personakit.ingest._link import link_report, linked_frame, text_items
from personakit.ingest._model import (
    ImportResult,
    LinkedData,
    LinkPair,
    LinkReport,
    ReadResult,
    Reject,
    SourceSummary,
)
from personakit.ingest._read import infer_columns, read_table
from personakit.ingest._registry import Loaded, Reader, reader_for, readers, register_reader
from personakit.ingest._roles import infer_role, name_hint
from personakit.ingest._scales import SCALES, match_scale
from personakit.ingest._sources import (
    duckdb_views,
    latest_snapshot,
    list_sources,
    load_source,
    source_columns,
)

__all__ = [
    "ImportResult",
    "LinkPair",
    "LinkReport",
    "LinkedData",
    "Loaded",
    "ReadResult",
    "Reader",
    "Reject",
    "SCALES",
    "SourceSummary",
    "describe_source",
    "duckdb_views",
    "import_file",
    "infer_columns",
    "infer_role",
    "latest_snapshot",
    "link_report",
    "linked_frame",
    "list_sources",
    "load_source",
    "match_scale",
    "name_hint",
    "read_table",
    "reader_for",
    "readers",
    "register_reader",
    "slugify",
    "source_columns",
    "table_from_records",
    "text_items",
]
