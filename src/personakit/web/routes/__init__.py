"""One router per area of the app."""

from personakit.web.routes import (
    admin,
    api,
    auth,
    explorer,
    journey,
    lookup,
    personas,
    steer,
    texts,
    validate,
    versions,
)

ROUTERS = [auth.router, personas.router, journey.router, explorer.router, versions.router,
           lookup.router, validate.router, steer.router, texts.router, api.docs_router,
           admin.router, api.router]

__all__ = ["ROUTERS"]
