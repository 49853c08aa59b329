"""Journeys defined by people: YAML or TOML files with a ``journeys`` table.

One file shape for both formats (``journeys.NAME``: label, source, stages, touchpoints, and
per persona per touchpoint what they expect, what stops them and what fits). Files in the
workspace's ``journeys/`` folder are the *configured* journeys; ``personakit journey define
FILE`` validates a file and saves its journeys as new revisions in the record database.
``personakit.toml`` itself holds no journeys: its settings are validated strictly and a
journey is a document people edit and version, not a setting.

Every error names the file, the line where it can be found, the field and what was
expected; nothing is saved unless the whole file is valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import tomlkit
import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from personakit.errors import InputError, PersonakitError, WorkspaceError
from personakit.i18n import LANGUAGES, t
from personakit.journey._model import Journey, PersonaTouchpoint, Stage, Touchpoint
from personakit.journey._store import (
    ENTRY_FIELDS,
    NAME_MAX,
    check_name,
    list_journeys,
    stored_journey,
    write_revisions,
)
from personakit.model import Evidence, Persona
from personakit.workspace import Workspace

Format = Literal["yaml", "toml"]
Loc = tuple[str | int, ...]
FOLDER = "journeys"
SUFFIXES: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".toml": "toml"}
DEFAULT_NAME = "default"  # the journey drafted from data
MAX_FILE_BYTES = 2_000_000  # a journey file is a few kB; a larger one is a mistake

Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX,
                                      pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StageSpec(_Strict):
    """A stage as written in a journey file."""

    id: Id
    label_nl: str = ""
    label_en: str = ""


class TouchpointSpec(_Strict):
    """A touchpoint as written in a journey file (``step``: its analytics step)."""

    id: Id
    stage: Id
    label_nl: str = ""
    label_en: str = ""
    channel: str = "web"
    step: str | None = None


class EntrySpec(_Strict):
    """One persona at one touchpoint as written by a person.

    ``evidence`` says where the person has it from (an interview, a study); without it the
    entry is an assumption and shown as such.
    """

    expectation_nl: str = ""
    expectation_en: str = ""
    barrier_nl: str = ""
    barrier_en: str = ""
    message_nl: str = ""
    message_en: str = ""
    cta_nl: str = ""
    cta_en: str = ""
    tone_nl: str = ""
    tone_en: str = ""
    channel_nl: str = ""
    channel_en: str = ""
    evidence: str | None = None


class JourneySpec(_Strict):
    """``journeys.NAME`` in a journey file."""

    label_nl: str = ""
    label_en: str = ""
    source: str | None = None
    stages: list[StageSpec] = Field(min_length=1)
    touchpoints: list[TouchpointSpec] = Field(min_length=1)
    personas: dict[str, dict[str, EntrySpec]] = Field(default_factory=dict)


class JourneyFile(_Strict):
    """A whole journey file: one or more journeys by name."""

    journeys: dict[str, JourneySpec] = Field(min_length=1)


@dataclass(frozen=True)
class Phrase:
    """A translated phrase inside a message, rendered in the message's language."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    def render(self, lang: str | None = None) -> str:
        return t(self.key, lang, **dict(self.params)) if lang else t(self.key,
                                                                     **dict(self.params))

    def __str__(self) -> str:
        return self.render()


def phrase(key: str, **params: Any) -> Phrase:
    return Phrase(key, tuple(params.items()))


class JourneyFileError(InputError):
    """A journey file that is not valid; what was expected is said in the message's language
    (the same error reads in Dutch and English)."""

    def message(self, lang: str | None = None) -> str:
        params = {k: v.render(lang) if isinstance(v, Phrase) else v
                  for k, v in self.params.items()}
        return t(self.key, lang, **params) if lang else t(self.key, **params)


@dataclass(frozen=True)
class _Problem:
    loc: Loc
    expected: Phrase | str


# -- reading a file ------------------------------------------------------------------------

def file_format(path: Path) -> Format:
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise InputError("journey.define.error.suffix", file=str(path),
                         suffixes=", ".join(SUFFIXES))
    return fmt


def parse_journeys(text: str, *, file: str, fmt: Format, personas: list[Persona] | None = None,
                   sources: set[str] | None = None, author: str | None = None) -> list[Journey]:
    """The journeys of one file's *text*; an InputError naming file, line and field.

    *personas* (the current ones) let entries name a persona by id or name, and catch
    names that match none; *sources* catch a ``source`` the workspace does not have.
    """
    data, lines = _load(text, file, fmt)
    return journeys_of(data, lines, file=file, personas=personas, sources=sources,
                       author=author)


def journeys_of(data: Any, lines: dict[Loc, int], *, file: str,
                personas: list[Persona] | None = None, sources: set[str] | None = None,
                author: str | None = None) -> list[Journey]:
    """The journeys of loaded file *data* (``{"journeys": {...}}``), validated as
    :func:`parse_journeys` does; *lines* map a field to its line for the messages."""
    problems: list[_Problem] = []
    parsed: JourneyFile | None = None
    try:
        parsed = JourneyFile.model_validate(data)
    except ValidationError as exc:
        problems = [_Problem(loc=tuple(e["loc"]), expected=_expected(e)) for e in exc.errors()]
    if parsed is not None:
        problems = _cross_check(parsed, personas, sources)
    if problems or parsed is None:
        _raise(problems, file, lines)
    assert parsed is not None
    return [_journey(name, spec, personas or [], author or file, file)
            for name, spec in parsed.journeys.items()]


def _load(text: str, file: str, fmt: Format) -> tuple[Any, dict[Loc, int]]:
    if fmt == "yaml":
        lines: dict[Loc, int] = {}
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            if node is not None:
                _yaml_lines(node, (), lines, set())
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise InputError("journey.define.error.syntax", file=file,
                             line=mark.line + 1 if mark else 1,
                             detail=str(getattr(exc, "problem", None) or exc)) from exc
        except RecursionError as exc:
            raise InputError("journey.define.error.syntax", file=file, line=1,
                             detail="nesting too deep") from exc
        return data, lines
    try:
        data = tomlkit.parse(text).unwrap()
    except tomlkit.exceptions.ParseError as exc:
        raise InputError("journey.define.error.syntax", file=file, line=exc.line,
                         detail=str(exc)) from exc
    return data, _toml_lines(text)


def _yaml_lines(node: Any, path: Loc, out: dict[Loc, int], seen: set[int]) -> None:
    """Line of every key and item. An alias (a node met twice) is refused: a journey file
    needs none, and nested aliases expand exponentially ("billion laughs")."""
    if id(node) in seen:
        raise yaml.MarkedYAMLError(problem=t("journey.define.error.alias"),
                                   problem_mark=node.start_mark)
    seen.add(id(node))
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            out[child] = key.start_mark.line + 1
            _yaml_lines(value, child, out, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            _yaml_lines(value, (*path, index), out, seen)


_KEY = r'(?:"[^"]*"|\'[^\']*\'|[A-Za-z0-9_-]+)'
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_ARRAY_HEADER = re.compile(rf"^\[\[\s*({_DOTTED})\s*\]\]")
_TABLE_HEADER = re.compile(rf"^\[\s*({_DOTTED})\s*\]")
_ASSIGNMENT = re.compile(rf"^({_DOTTED})\s*=")


def _split_key(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in re.findall(_KEY, dotted))


def _toml_lines(text: str) -> dict[Loc, int]:
    """Line of every table header and key (tomlkit keeps no positions after parsing)."""
    lines: dict[Loc, int] = {}
    current: Loc = ()
    counters: dict[Loc, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if match := _ARRAY_HEADER.match(line):
            base = _split_key(match.group(1))
            counters[base] = counters.get(base, -1) + 1
            current = (*base, counters[base])
            lines.setdefault(base, number)
            lines[current] = number
        elif match := _TABLE_HEADER.match(line):
            current = _split_key(match.group(1))
            lines.setdefault(current, number)
        elif match := _ASSIGNMENT.match(line):
            lines.setdefault((*current, *_split_key(match.group(1))), number)
    return lines


def _line_of(lines: dict[Loc, int], loc: Loc) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


# -- what was expected ---------------------------------------------------------------------

def _allowed(loc: Loc) -> list[str]:
    """The fields allowed where the unknown field *loc* was found."""
    inner: dict[str, type[BaseModel]] = {"personas": EntrySpec, "touchpoints": TouchpointSpec,
                                         "stages": StageSpec}
    if len(loc) > 3 and loc[2] in inner:
        return list(inner[str(loc[2])].model_fields)
    return list(JourneySpec.model_fields) if len(loc) > 2 else list(JourneyFile.model_fields)


def _expected(error: Any) -> Phrase | str:
    kind = error["type"]
    loc = tuple(error["loc"])
    if kind == "extra_forbidden":
        return phrase("journey.define.expect.known_field", fields=", ".join(_allowed(loc)))
    if kind == "string_too_long":
        return phrase("journey.define.expect.short",
                      limit=error.get("ctx", {}).get("max_length"))
    simple = {"missing": "missing", "string_type": "text", "string_pattern_mismatch": "id",
              "too_short": "not_empty", "dict_type": "table", "model_type": "table",
              "model_attributes_type": "table", "list_type": "list"}
    if kind in simple:
        return phrase(f"journey.define.expect.{simple[kind]}")
    return str(error.get("msg", kind))  # pydantic's own words (English) for rare cases


def _cross_check(parsed: JourneyFile, personas: list[Persona] | None,
                 sources: set[str] | None) -> list[_Problem]:
    problems: list[_Problem] = []
    for name, spec in parsed.journeys.items():
        base: Loc = ("journeys", name)
        try:
            check_name(name)
        except InputError:
            problems.append(_Problem(loc=base, expected=phrase("journey.define.expect.id")))
        if sources is not None and spec.source is not None and spec.source not in sources:
            problems.append(_Problem(loc=(*base, "source"), expected=phrase(
                "journey.define.expect.one_of", values=", ".join(sorted(sources)) or "-")))
        problems += _unique(spec.stages, "id", (*base, "stages"))
        problems += _unique(spec.touchpoints, "id", (*base, "touchpoints"))
        problems += _unique(spec.touchpoints, "step", (*base, "touchpoints"))
        stage_ids = [s.id for s in spec.stages]
        problems += [
            _Problem(loc=(*base, "touchpoints", i, "stage"), expected=phrase(
                "journey.define.expect.one_of", values=", ".join(stage_ids)))
            for i, tp in enumerate(spec.touchpoints) if tp.stage not in stage_ids]
        problems += _check_entries(spec, base, personas)
    return problems


def _unique(items: list[Any], field: str, loc: Loc) -> list[_Problem]:
    seen: set[str] = set()
    problems = []
    for index, item in enumerate(items):
        value = getattr(item, field)
        if value is None:
            continue
        if value in seen:
            problems.append(_Problem(loc=(*loc, index, field), expected=phrase(
                "journey.define.expect.unique", value=value)))
        seen.add(value)
    return problems


def _check_entries(spec: JourneySpec, base: Loc,
                   personas: list[Persona] | None) -> list[_Problem]:
    touchpoint_ids = [tp.id for tp in spec.touchpoints]
    problems = []
    for key, entries in spec.personas.items():
        if personas and _persona_id(key, personas) is None:
            problems.append(_Problem(loc=(*base, "personas", key), expected=phrase(
                "journey.define.expect.persona",
                values=", ".join(f"{p.id} ({p.name})" for p in personas))))
        problems += [
            _Problem(loc=(*base, "personas", key, tp), expected=phrase(
                "journey.define.expect.one_of", values=", ".join(touchpoint_ids)))
            for tp in entries if tp not in touchpoint_ids]
    return problems


def _field_text(loc: Loc) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "-"


def _raise(problems: list[_Problem], file: str, lines: dict[Loc, int]) -> None:
    first = problems[0] if problems else _Problem(
        loc=(), expected=phrase("journey.define.expect.table"))
    more: Phrase | str = phrase("journey.define.error.more", count=len(problems) - 1) \
        if len(problems) > 1 else ""
    line = _line_of(lines, first.loc)
    params: dict[str, Any] = {"file": file, "field": _field_text(first.loc),
                              "expected": first.expected, "more": more}
    if line is None:
        raise JourneyFileError("journey.define.error.invalid", **params)
    raise JourneyFileError("journey.define.error.invalid_at", line=line, **params)


# -- from the file shape to the model and back ---------------------------------------------

def _texts(spec: BaseModel, field: str) -> dict[str, str]:
    return {lang: value for lang in LANGUAGES
            if (value := str(getattr(spec, f"{field}_{lang}")).strip())}


def _persona_id(key: str, personas: list[Persona]) -> str | None:
    if any(p.id == key for p in personas):
        return key
    named = [p.id for p in personas if p.name.casefold() == key.strip().casefold()]
    return named[0] if len(named) == 1 else None


def _entry(spec: EntrySpec, author: str, file: str) -> PersonaTouchpoint:
    evidence = [Evidence(kind="insight", text=spec.evidence.strip(), source=file, author=author)
                ] if spec.evidence and spec.evidence.strip() else []
    return PersonaTouchpoint(**{f: _texts(spec, f) for f in ENTRY_FIELDS},
                             evidence=evidence, assumption=not evidence, author=author)


def _journey(name: str, spec: JourneySpec, personas: list[Persona], author: str,
             file: str) -> Journey:
    entries = {
        _persona_id(key, personas) or key: {
            tp: _entry(entry, author, Path(file).name) for tp, entry in by_tp.items()}
        for key, by_tp in spec.personas.items()}
    return Journey(
        name=name, label=_texts(spec, "label"), source=spec.source, revision=0, author=author,
        stages=[Stage(id=s.id, label=_texts(s, "label")) for s in spec.stages],
        touchpoints=[Touchpoint(id=tp.id, stage=tp.stage, label=_texts(tp, "label"),
                                channel=tp.channel, step=tp.step) for tp in spec.touchpoints],
        personas=entries,
    )


def _labelled(texts: dict[str, str], field: str = "label") -> dict[str, str]:
    return {f"{field}_{lang}": texts[lang] for lang in LANGUAGES if texts.get(lang)}


def journey_document(journeys: list[Journey]) -> dict[str, Any]:
    """The file shape of *journeys*. Entries drafted from data are left out (they are drafted
    again from the data); a person's entries keep their texts and evidence notes."""
    return {"journeys": {j.name: _spec_dict(j) for j in journeys}}


def _spec_dict(journey: Journey) -> dict[str, Any]:
    spec: dict[str, Any] = _labelled(journey.label)
    if journey.source:
        spec["source"] = journey.source
    spec["stages"] = [{"id": s.id, **_labelled(s.label)} for s in journey.stages]
    spec["touchpoints"] = [
        {"id": tp.id, "stage": tp.stage, **_labelled(tp.label), "channel": tp.channel,
         **({"step": tp.step} if tp.step else {})} for tp in journey.touchpoints]
    personas: dict[str, Any] = {}
    for persona_id, by_tp in journey.personas.items():
        written = {tp: _entry_dict(e) for tp, e in by_tp.items() if e.author is not None}
        if written:
            personas[persona_id] = written
    if personas:
        spec["personas"] = personas
    return spec


def _entry_dict(entry: PersonaTouchpoint) -> dict[str, str]:
    out: dict[str, str] = {}
    for field in ENTRY_FIELDS:
        out.update(_labelled(getattr(entry, field), field))
    notes = [e.text for e in entry.evidence if e.kind == "insight" and e.text]
    if notes:
        out["evidence"] = "; ".join(notes)
    return out


def dump_journeys(journeys: list[Journey], fmt: Format = "yaml") -> str:
    """*journeys* as the text of a journey file, ready to edit and define again."""
    document = journey_document(journeys)
    if fmt == "toml":
        return tomlkit.dumps(document)
    return str(yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100))


# -- the workspace -------------------------------------------------------------------------

def read_journey_file(ws: Workspace, path: str | Path, *,
                      author: str | None = None) -> list[Journey]:
    """Read and check one journey file against the workspace's personas and sources."""
    from personakit.track import current_personas

    path = Path(path)
    fmt = file_format(path)
    if not path.is_file():
        raise InputError("journey.define.error.missing_file", file=str(path))
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError("journey.define.error.too_large", file=str(path),
                         limit=MAX_FILE_BYTES // 1000)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("journey.define.error.encoding", file=str(path)) from exc
    return parse_journeys(text, file=str(path), fmt=fmt, personas=current_personas(ws),
                          sources=set(ws.config.sources), author=author)


def define_journeys(ws: Workspace, path: str | Path, *, author: str) -> list[Journey]:
    """Save every journey of the file at *path* as its next revision, all or nothing.

    A journey whose content equals its newest revision is not saved again (it is returned
    as stored). Entries drafted from data in the stored revision stay unless the file
    writes that persona and touchpoint.
    """
    journeys = read_journey_file(ws, path, author=author)
    unchanged: dict[str, Journey] = {}
    pending: list[tuple[Journey, int]] = []
    for journey in journeys:
        newest = stored_journey(ws, journey.name)
        merged = _keep_drafts(journey, newest)
        if newest is not None and _content(newest) == _content(merged):
            unchanged[journey.name] = newest
        else:
            pending.append((merged, newest.revision if newest else 0))
    saved = {j.name: j for j in write_revisions(ws, pending, author=author)}
    return [saved.get(j.name) or unchanged[j.name] for j in journeys]


def _keep_drafts(journey: Journey, stored: Journey | None) -> Journey:
    """*journey* from a file, merged with its stored revision: drafted entries the file does
    not write stay, and an entry the file writes unchanged keeps who wrote it first."""
    if stored is None:
        return journey
    personas = {p: dict(by_tp) for p, by_tp in journey.personas.items()}
    touchpoints = {tp.id for tp in journey.touchpoints}
    for persona_id, by_tp in stored.personas.items():
        for tp, entry in by_tp.items():
            if tp not in touchpoints:
                continue
            mine = personas.get(persona_id, {}).get(tp)
            if mine is None and entry.author is None:
                personas.setdefault(persona_id, {})[tp] = entry
            elif mine is not None and _entry_content(mine) == _entry_content(entry):
                personas[persona_id][tp] = entry
    return journey.model_copy(update={"personas": personas})


def _entry_content(entry: PersonaTouchpoint) -> dict[str, Any]:
    data = entry.model_dump(mode="json", exclude={"author"})
    for evidence in data["evidence"]:
        evidence.pop("author", None)
    return data


def _content(journey: Journey) -> dict[str, Any]:
    data = journey.model_dump(mode="json", exclude={"revision", "author", "created_at",
                                                    "personas"})
    data["personas"] = {p: {tp: _entry_content(e) for tp, e in by_tp.items()}
                        for p, by_tp in journey.personas.items()}
    return data


def _toml_journeys(ws: Workspace) -> list[Journey]:
    """``[journeys.NAME]`` tables of personakit.toml (messages name its lines)."""
    if not ws.config.journeys:
        return []
    file = str(ws.config_path)
    data, lines = _load(ws.config_path.read_text(encoding="utf-8"), file, "toml")
    from personakit.track import current_personas

    try:
        personas = current_personas(ws)
    except PersonakitError:
        personas = []
    return journeys_of({"journeys": data.get("journeys", {})}, lines, file=file,
                       personas=personas or None, author="file:personakit.toml")


def configured_journeys(ws: Workspace) -> dict[str, Journey]:
    """Journeys in ``[journeys.NAME]`` of personakit.toml and in the files of the
    workspace's ``journeys/`` folder, by name (a name defined twice is an error)."""
    folder = ws.root / FOLDER
    found: dict[str, Journey] = {}
    where: dict[str, Path] = {}
    for journey in _toml_journeys(ws):
        found[journey.name], where[journey.name] = journey, ws.config_path
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in SUFFIXES or path.name.startswith("."):
            continue
        relative = path.relative_to(ws.root).as_posix()
        for journey in read_journey_file(ws, path, author=f"file:{relative}"):
            if journey.name in found:
                raise InputError("journey.define.error.duplicate", journey=journey.name,
                                 file=str(path), first=str(where[journey.name]))
            found[journey.name], where[journey.name] = journey, path
    return found


def known_journey(ws: Workspace, name: str) -> Journey | None:
    """The stored or configured journey *name*, never a draft (cheap); ``None`` if neither."""
    return stored_journey(ws, name) or configured_journeys(ws).get(name)


def get_journey(ws: Workspace, name: str | None = None, *,
                revision: int | None = None) -> Journey:
    """The journey *name*: the stored one (newest, or *revision*), else the configured one
    (``journeys/`` folder), else — for ``default`` or no name — drafted from the data.

    Without *name*: the stored ``default`` or the first stored journey, else the first
    configured one, else the draft. A journey that was never saved has revision 0.
    """
    if name is not None:
        name = check_name(name)
    if revision is not None:
        from personakit.journey._store import load_journey

        return load_journey(ws, name or DEFAULT_NAME, revision)
    stored = {j.name: j for j in list_journeys(ws)}
    configured = configured_journeys(ws)
    chosen = name if name is not None else next(iter(
        [DEFAULT_NAME] if DEFAULT_NAME in stored else [*stored, *configured]), None)
    if chosen is not None and chosen in stored:
        return stored[chosen]
    if chosen is not None and chosen in configured:
        return configured[chosen]
    if chosen not in (None, DEFAULT_NAME):
        raise WorkspaceError("journey.define.error.unknown", journey=chosen,
                             known=", ".join(sorted({*stored, *configured})) or "-")
    from personakit.journey._draft import draft_journey

    return draft_journey(ws).model_copy(update={"revision": 0})
