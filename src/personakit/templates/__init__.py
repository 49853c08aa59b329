"""Canvas templates (issue 14): B2C customer, B2B buyer, employee and citizen/client canvases
as data, registered like importers and renderers; a workspace chooses one (per target group
if it likes) and may keep its own adapted copies in ``templates/``.
"""

from personakit.templates._model import (
    FIXED_SECTIONS,
    CanvasTemplate,
    NarrativeForm,
    QuoteForm,
    TemplatePrivacy,
    TemplateSection,
    parse_template,
    read_template,
)
from personakit.templates._registry import (
    BUILTIN,
    DEFAULT_TEMPLATE,
    builtin_text,
    get_template,
    register_template,
    registered,
    template_names,
)
from personakit.templates._workspace import (
    copy_template,
    init_workspace,
    template_for,
    template_name_for,
    use_template,
)

__all__ = [
    "BUILTIN",
    "CanvasTemplate",
    "DEFAULT_TEMPLATE",
    "FIXED_SECTIONS",
    "NarrativeForm",
    "QuoteForm",
    "TemplatePrivacy",
    "TemplateSection",
    "builtin_text",
    "copy_template",
    "get_template",
    "init_workspace",
    "parse_template",
    "read_template",
    "register_template",
    "registered",
    "template_for",
    "template_name_for",
    "template_names",
    "use_template",
]
