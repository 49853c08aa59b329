"""Real public data sets shipped inside PyPI packages, for tests and benchmarks.

The product is judged on data nobody tuned it for; these files are such data. Only the
packages' data files are read (their code, and its dependencies, are never imported).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from personakit.errors import ConfigError

# name -> (distribution, path inside it, what it is)
DATASETS: dict[str, tuple[str, str]] = {
    # CoIL Challenge 2000 (insurance company benchmark): 5,822 customers, 86 coded columns
    # (43 neighbourhood census bands 0-9, 21 policy contribution levels, 21 policy counts,
    # customer type codes) and whether they bought caravan insurance.
    "caravan": ("islp", "ISLP/data/Caravan.csv"),
}


def public_dataset(name: str) -> Path:
    """Path of the public data set *name*; a ConfigError saying how to install it if absent."""
    dist_name, inner = DATASETS[name]
    try:
        path = Path(str(distribution(dist_name).locate_file(inner)))
    except PackageNotFoundError:
        path = None
    if path is None or not path.is_file():
        raise ConfigError("sample.error.public_missing", name=name, package=dist_name)
    return path
