"""personakit: evidence-backed, living personas from an organisation's own data."""

from personakit.errors import ConfigError, InputError, PersonakitError, WorkspaceError
from personakit.workspace import Workspace

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "InputError",
    "PersonakitError",
    "Workspace",
    "WorkspaceError",
    "__version__",
]
