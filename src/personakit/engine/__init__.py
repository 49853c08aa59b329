"""Execution backends: the same pipeline in this process or on Apache Spark (issue 15).

``[settings.engine] backend = "spark"`` makes ``segment`` read its source, filter the target
group, refine the mixture model by distributed EM and assign every individual on Spark;
what comes back to the workspace is the model and aggregates that respect the minimum
group size (:class:`ClusterAggregates`). See docs/spark.md.
"""

from personakit.engine._aggregates import ClusterAggregates, NumericAggregate
from personakit.engine._em import Shape, distributed_em, m_step_from_statistics
from personakit.engine._segment import infer_roles, segment_on_spark
from personakit.engine._session import spark_session
from personakit.engine._settings import EngineSettings, engine_settings
from personakit.engine._source import read_source

__all__ = [
    "ClusterAggregates",
    "EngineSettings",
    "NumericAggregate",
    "Shape",
    "distributed_em",
    "engine_settings",
    "infer_roles",
    "m_step_from_statistics",
    "read_source",
    "segment_on_spark",
    "spark_session",
]
