"""One router per area of the app."""

from personakit.web.routes import admin, api, auth, explorer, lookup, personas, versions

ROUTERS = [auth.router, personas.router, explorer.router, versions.router, lookup.router,
           api.docs_router,
           admin.router, api.router]

__all__ = ["ROUTERS"]
