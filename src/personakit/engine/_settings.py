"""``[settings.engine]`` in personakit.toml: where the heavy steps run (issue 15)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from personakit.workspace import Workspace


class EngineSettings(BaseModel):
    """Settings read from ``[settings.engine]`` (all optional).

    Parameters
    ----------
    backend
        ``"local"`` (default): everything in this process. ``"spark"``: reading the source,
        the target filter, the segmentation's EM over all rows and the assignment of every
        individual run on Spark; only the model and aggregates come back.
    master
        Spark master URL (``local[2]``, ``spark://host:7077``, ``yarn``, ``k8s://...``).
        Empty: the master of an existing session or of ``spark-submit``.
    app_name
        Name of the Spark application (shown in the cluster's UI).
    source
        Path or URI of the data on the cluster (a CSV or Parquet file, folder or glob).
    format
        ``"auto"`` (from the path's extension), ``"csv"`` or ``"parquet"``.
    key
        Column holding the customer key (the individual's id in the CRM).
    csv_delimiter, csv_decimal
        How a CSV source is written (Dutch Excel style: ``;`` and ``,``).
    assignments
        Where the assignment of every individual is written (Parquet, partitioned by
        profile); empty: ``<source folder>/personakit-assignments/<segmentation id>``.
    em_max_iter, em_tol
        Distributed EM over all rows: most passes, and the change of the mean
        log-likelihood per row below which it stops (the local model's own tolerance).
    batch_rows
        Rows per Arrow batch handed to Python on the executors (larger: fewer, bigger
        matrix products; 100,000 rows of 40 variables is ~16 MB).
    spark_conf
        Extra Spark configuration (``"spark.executor.memory" = "8g"``), passed as is.
    """

    model_config = ConfigDict(extra="forbid")

    backend: Literal["local", "spark"] = "local"
    master: str = "local[2]"
    app_name: str = "personakit"
    source: str = ""
    format: Literal["auto", "csv", "parquet"] = "auto"
    key: str = ""
    csv_delimiter: str = Field(default=",", min_length=1, max_length=1)
    csv_decimal: str = Field(default=".", min_length=1, max_length=1)
    assignments: str = ""
    em_max_iter: int = Field(default=100, ge=1)
    em_tol: float = Field(default=1e-5, gt=0.0)
    batch_rows: int = Field(default=100_000, ge=1000)
    spark_conf: dict[str, str] = Field(default_factory=dict)


def engine_settings(ws: Workspace) -> EngineSettings:
    return ws.settings_section("engine", EngineSettings)
