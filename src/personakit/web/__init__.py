"""The web app and REST API: a thin FastAPI adapter over the library.

``create_app(ws)`` returns the app; ``personakit serve`` runs it under uvicorn.
"""

from personakit.web._app import create_app

__all__ = ["create_app"]
