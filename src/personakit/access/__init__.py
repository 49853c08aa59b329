"""Access: users and roles, web sessions, API tokens, the audit log and personal profiles.

No web framework here: the web app and the CLI are thin adapters over these functions.
"""

from personakit.access._audit import (
    AuditEntry,
    ChainReport,
    audit,
    audit_entries,
    verify_audit_chain,
)
from personakit.access._lookup import (
    PersonalProfile,
    SourceRecords,
    approach_of,
    key_text,
    persona_for,
    personal_profile,
)
from personakit.access._roles import (
    PERMISSIONS,
    AccessDenied,
    Permission,
    Role,
    can,
    parse_role,
    require,
)
from personakit.access._sessions import (
    WebSession,
    csrf_matches,
    end_session,
    get_session,
    start_session,
)
from personakit.access._settings import WebSettings, web_settings
from personakit.access._tokens import (
    ApiToken,
    TokenScope,
    create_token,
    get_token,
    list_tokens,
    revoke_token,
    verify_token,
)
from personakit.access._users import (
    User,
    add_user,
    authenticate,
    get_user,
    list_users,
    remove_user,
    set_language,
    set_password,
    set_role,
)

__all__ = [
    "AccessDenied",
    "ApiToken",
    "AuditEntry",
    "ChainReport",
    "PERMISSIONS",
    "Permission",
    "PersonalProfile",
    "Role",
    "SourceRecords",
    "TokenScope",
    "User",
    "WebSession",
    "WebSettings",
    "add_user",
    "approach_of",
    "audit",
    "audit_entries",
    "authenticate",
    "can",
    "create_token",
    "csrf_matches",
    "end_session",
    "get_session",
    "get_token",
    "get_user",
    "key_text",
    "list_tokens",
    "list_users",
    "parse_role",
    "persona_for",
    "personal_profile",
    "remove_user",
    "require",
    "revoke_token",
    "set_language",
    "set_password",
    "set_role",
    "start_session",
    "verify_audit_chain",
    "verify_token",
    "web_settings",
]
