"""Reading a large CSV or Parquet source on the cluster, with clear messages for bad input."""

from __future__ import annotations

from typing import TYPE_CHECKING

from personakit.engine._session import _first_line
from personakit.engine._settings import EngineSettings
from personakit.errors import InputError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

_NUMBER = r"^\s*-?[0-9]+([.,][0-9]+)?\s*$"


def source_format(path: str, given: str) -> str:
    """``csv`` or ``parquet``: as configured, else from the path's extension."""
    if given != "auto":
        return given
    lowered = path.lower().rstrip("/")
    if lowered.endswith((".csv", ".csv.gz", ".txt", ".tsv")):
        return "csv"
    return "parquet"


def read_source(spark: SparkSession, settings: EngineSettings,
                path: str | None = None) -> DataFrame:
    """The source as a Spark DataFrame (lazy: only the schema is read here).

    A path that does not exist, or Parquet files whose schemas differ, raise
    :class:`InputError` naming the path.
    """
    from pyspark.errors import AnalysisException

    where = path or settings.source
    if not where:
        raise InputError("engine.error.no_source")
    fmt = source_format(where, settings.format)
    try:
        if fmt == "csv":
            frame = spark.read.csv(where, header=True, inferSchema=True,
                                   sep=settings.csv_delimiter)
            return _decimal_comma(frame) if settings.csv_decimal == "," else frame
        return _parquet(spark, where)
    except AnalysisException as exc:
        key = "engine.error.path" if "PATH_NOT_FOUND" in str(exc) or \
            "does not exist" in str(exc) else "engine.error.read"
        raise InputError(key, file=where, detail=_first_line(exc)) from exc


def _parquet(spark: SparkSession, where: str) -> DataFrame:
    """Parquet with every file's schema compared: Spark otherwise takes one file's schema
    and fails (or silently reads nulls) on the others, late and far from the cause."""
    from pyspark.errors import AnalysisException
    from pyspark.errors.exceptions.captured import SparkUpgradeException

    plain = spark.read.parquet(where)
    try:
        merged = spark.read.option("mergeSchema", "true").parquet(where)
    except (AnalysisException, SparkUpgradeException) as exc:
        raise InputError("engine.error.schema", file=where, detail=_first_line(exc)) from exc
    except Exception as exc:  # a merge conflict surfaces as a Java SparkException
        raise InputError("engine.error.schema", file=where, detail=_first_line(exc)) from exc
    extra = sorted(set(merged.columns) - set(plain.columns))
    if extra or [f.dataType for f in merged.schema] != [
            plain.schema[f.name].dataType for f in merged.schema if f.name in plain.columns]:
        raise InputError("engine.error.schema", file=where,
                         detail=", ".join(extra) or str(merged.schema.simpleString()))
    return plain


def _decimal_comma(frame: DataFrame) -> DataFrame:
    """Text columns that are numbers written with a decimal comma (``3,5``) become doubles:
    Spark's CSV reader knows only the decimal point. One pass checks every text column."""
    from pyspark.sql import functions as F

    texts = [f.name for f in frame.schema if f.dataType.typeName() == "string"]
    if not texts:
        return frame
    checks = [F.sum(F.when(F.col(c).isNotNull() & ~F.col(c).rlike(_NUMBER), 1)
                    .otherwise(0)).alias(c) for c in texts]
    filled = [F.count(F.col(c)).alias(f"n_{c}") for c in texts]
    row = frame.agg(*checks, *filled).first()
    assert row is not None
    numeric = [c for c in texts if not row[c] and row[f"n_{c}"]]
    for column in numeric:
        frame = frame.withColumn(
            column, F.regexp_replace(F.trim(F.col(column)), ",", ".").cast("double"))
    return frame
