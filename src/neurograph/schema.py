"""The knowledge model: node categories and relationship types from ``data/schema.yaml``.

The schema file is the single source of truth. Neo4j labels and relationship
types come from here and nowhere else; :meth:`Schema.label` and
:meth:`Schema.rel_type` are the whitelist the store writes through.

Examples
--------
>>> schema = load_schema()
>>> schema.relationships["ANTAGONIST_OF"].polarity
-1
>>> schema.label("Mineral")
'Mineral'
>>> schema.flip("INCREASES")
'DECREASES'
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .errors import SchemaError

# \Z, not $: "$" also matches before a trailing newline, and a name must be exactly a label.
_IDENTIFIER = re.compile(r"[A-Z][A-Za-z0-9_]*\Z")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}\Z")


def data_dir() -> Path:
    """The folder holding the schema, lexicon, curated statements and sample documents.

    ``NEUROGRAPH_DATA`` overrides it; otherwise the ``data/`` folder of the
    source checkout, or the copy installed under ``<prefix>/share/neurograph/data``.
    """
    env = os.environ.get("NEUROGRAPH_DATA")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parents[2] / "data"
    # The checkout's folder even when its schema.yaml is missing: load_schema then names that file,
    # rather than the installed copy's absent folders being reported instead.
    if (checkout / "schema.yaml").is_file() or (checkout.is_dir() and (checkout.parent / "pyproject.toml").is_file()):
        return checkout
    return Path(sys.prefix) / "share" / "neurograph" / "data"


# --- YAML with line numbers -------------------------------------------------


def _load_yaml(path: Path) -> Any:
    """Load YAML keeping each mapping's key lines, refusing duplicate keys."""
    import yaml

    def construct_mapping(loader, node, deep=False):
        loader.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in result:
                raise SchemaError(f"duplicate key {key!r}", path, line)
            result[key] = loader.construct_object(value_node, deep=True)
            result.lines[key] = line
        return result

    class LineLoader(yaml.SafeLoader):
        pass

    # libyaml's parser when PyYAML has it (twice as fast here), with the same safe constructors; its messages
    # say less ("found undefined alias" without the name), so a file it refuses is parsed again in Python.
    class FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass

    for loader_class in (LineLoader, FastLineLoader):
        loader_class.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SchemaError("file not found", path) from None
    except UnicodeDecodeError as exc:
        raise SchemaError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path) from None
    try:
        try:
            return yaml.load(text, Loader=FastLineLoader)  # noqa: S506 - SafeLoader subclass
        except yaml.MarkedYAMLError:
            return yaml.load(text, Loader=LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise SchemaError(f"invalid YAML: {exc.problem}", path, line) from None


class LineDict(dict):
    """A dict from YAML that remembers the line of the mapping and of each key."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.line: int | None = None
        self.lines: dict[Any, int] = {}


def _line(mapping: Any, key: Any = None) -> int | None:
    if isinstance(mapping, LineDict):
        return mapping.lines.get(key, mapping.line) if key is not None else mapping.line
    return None


# --- the model --------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    key: str
    display: str
    biolink: str
    color: str
    description: str = ""

    @property
    def label(self) -> str:
        """The Neo4j label (the key itself)."""
        return self.key


@dataclass(frozen=True)
class RelationshipType:
    key: str
    display: str
    biolink: str
    polarity: int
    subject: frozenset[str]
    object: frozenset[str]
    symmetric: bool = False
    opposite: str | None = None
    qualifiers: dict[str, str] = field(default_factory=dict)

    def allows(self, subject_category: str, object_category: str) -> bool:
        """Whether a statement of this type may link these two categories."""
        return subject_category in self.subject and object_category in self.object


@dataclass(frozen=True)
class CorpusType:
    """An entity type of an annotated corpus: the schema group it is scored under, the category it becomes."""

    key: str
    group: str | None = None
    category: str | None = None


@dataclass
class Schema:
    path: Path
    categories: dict[str, Category]
    relationships: dict[str, RelationshipType]
    signs: dict[int, dict[str, str]]
    version: int = 1
    deficiency_flip: bool = True
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    corpus_types: dict[str, CorpusType] = field(default_factory=dict)

    # The label every entity node carries, and the label of document nodes.
    ENTITY_LABEL = "Entity"
    DOCUMENT_LABEL = "Document"
    MENTIONS = "MENTIONS"

    def label(self, category: str) -> str:
        """The Neo4j label of a category; raises for anything not in the schema."""
        if category not in self.categories:
            raise SchemaError(f"unknown category {category!r}", self.path)
        return self.categories[category].key

    def rel_type(self, name: str) -> str:
        """The Neo4j relationship type of a relationship; raises for anything not in the schema."""
        if name == self.MENTIONS:
            return name
        if name not in self.relationships:
            raise SchemaError(f"unknown relationship type {name!r}", self.path)
        return self.relationships[name].key

    def polarity(self, name: str) -> int:
        return self.relationships[name].polarity

    def flip(self, name: str) -> str:
        """The type a statement takes when its subject is a deficiency.

        Signed types become their ``opposite``; unsigned ones keep their type.
        """
        rel = self.relationships[name]
        if rel.polarity == 0 or rel.opposite is None:
            return name
        return rel.opposite

    def sign_color(self, polarity: int) -> str:
        return self.signs[polarity]["color"]

    def group_of(self, category: str, among: Iterable[str]) -> str | None:
        """The first of the groups ``among`` that holds ``category`` (None: none does).

        >>> load_schema().group_of("Gene", ["chemical", "molecular", "condition"])
        'molecular'
        """
        for name in among:
            if category in self.groups.get(name, ()):
                return name
        return None

    def corpus_type(self, name: str) -> CorpusType:
        """What a corpus entity type (``ChemicalEntity``, ``Disease``...) is here; unknown types map to nothing.

        >>> load_schema().corpus_type("GeneOrGeneProduct")
        CorpusType(key='GeneOrGeneProduct', group='molecular', category='Gene')
        >>> load_schema().corpus_type("Spaceship").category is None
        True
        """
        return self.corpus_types.get(name) or CorpusType(name)


def load_schema(path: str | os.PathLike | None = None) -> Schema:
    """Load and validate the schema file.

    Raises :class:`~neurograph.errors.SchemaError` naming the file and line for
    a duplicate key, an unknown category or group, a bad polarity, or an
    ``opposite`` that is not a relationship type.
    """
    path = Path(path) if path is not None else data_dir() / "schema.yaml"
    raw = _load_yaml(path)
    if not isinstance(raw, dict):
        raise SchemaError("expected a mapping at the top level", path, 1)
    for section in ("categories", "relationships"):
        if not isinstance(raw.get(section), dict) or not raw[section]:
            raise SchemaError(f"missing or empty section {section!r}", path, _line(raw, section))

    categories: dict[str, Category] = {}
    for key, spec in raw["categories"].items():
        line = _line(raw["categories"], key)
        if not isinstance(key, str) or not _IDENTIFIER.match(key):
            raise SchemaError(f"category {key!r} is not a valid label (letters, digits, _)", path, line)
        if key in (Schema.ENTITY_LABEL, Schema.DOCUMENT_LABEL):
            raise SchemaError(f"category {key!r} is reserved", path, line)
        if not isinstance(spec, dict):
            raise SchemaError(f"category {key!r} must be a mapping", path, line)
        for required in ("biolink", "color"):
            if not spec.get(required):
                raise SchemaError(f"category {key!r} has no {required!r}", path, line)
        if not _COLOR.match(str(spec["color"])):
            raise SchemaError(f"category {key!r} colour {spec['color']!r} is not #rrggbb", path, _line(spec, "color"))
        categories[key] = Category(
            key=key,
            display=str(spec.get("display", key)),
            biolink=str(spec["biolink"]),
            color=str(spec["color"]),
            description=str(spec.get("description", "")),
        )

    groups: dict[str, list[str]] = {}
    for name, members in (raw.get("groups") or {}).items():
        line = _line(raw["groups"], name)
        if name in categories:
            raise SchemaError(f"group {name!r} has the name of a category", path, line)
        if not isinstance(members, list):
            raise SchemaError(f"group {name!r} must be a list of categories", path, line)
        for member in members:
            if member not in categories:
                raise SchemaError(f"group {name!r} names unknown category {member!r}", path, line)
        groups[name] = list(members)

    def expand(names: Any, where: str, line: int | None) -> frozenset[str]:
        if not isinstance(names, list) or not names:
            raise SchemaError(f"{where} must be a non-empty list of categories", path, line)
        out: set[str] = set()
        for name in names:
            if name == "*":
                out.update(categories)
            elif name in groups:
                out.update(groups[name])
            elif name in categories:
                out.add(name)
            else:
                raise SchemaError(f"{where} names unknown category {name!r}", path, line)
        return frozenset(out)

    relationships: dict[str, RelationshipType] = {}
    for key, spec in raw["relationships"].items():
        line = _line(raw["relationships"], key)
        if not isinstance(key, str) or not _IDENTIFIER.match(key) or key != key.upper():
            raise SchemaError(f"relationship type {key!r} must be UPPER_SNAKE_CASE", path, line)
        if key == Schema.MENTIONS:
            raise SchemaError(f"relationship type {key!r} is reserved", path, line)
        if not isinstance(spec, dict):
            raise SchemaError(f"relationship type {key!r} must be a mapping", path, line)
        if not spec.get("biolink"):
            raise SchemaError(f"relationship type {key!r} has no 'biolink' predicate", path, line)
        polarity = spec.get("polarity")
        if polarity not in (-1, 0, 1) or isinstance(polarity, bool):
            raise SchemaError(
                f"relationship type {key!r} polarity must be -1, 0 or 1, not {polarity!r}",
                path,
                _line(spec, "polarity") or line,
            )
        relationships[key] = RelationshipType(
            key=key,
            display=str(spec.get("display", key.lower())),
            biolink=str(spec["biolink"]),
            polarity=int(polarity),
            subject=expand(spec.get("subject"), f"relationship type {key!r} subject", _line(spec, "subject") or line),
            object=expand(spec.get("object"), f"relationship type {key!r} object", _line(spec, "object") or line),
            symmetric=bool(spec.get("symmetric", False)),
            opposite=spec.get("opposite"),
            qualifiers=_qualifiers(spec, key, path, line),
        )
    for key, rel in relationships.items():
        if rel.opposite is not None and rel.opposite not in relationships:
            raise SchemaError(
                f"relationship type {key!r} has unknown opposite {rel.opposite!r}",
                path,
                _line(raw["relationships"][key], "opposite"),
            )

    signs = {-1: {"name": "decrease", "color": "#d62728"}, 0: {"name": "unsigned", "color": "#8c8c8c"},
             1: {"name": "increase", "color": "#2ca02c"}}
    raw_signs = raw.get("signs") or {}
    if not isinstance(raw_signs, dict):
        raise SchemaError("signs must be a mapping of -1, 0 and 1 to {name, color}", path, _line(raw, "signs"))
    for sign, spec in raw_signs.items():
        line = _line(raw_signs, sign)
        try:
            number = int(sign) if not isinstance(sign, (bool, float)) else None
        except ValueError:
            number = None
        if number not in (-1, 0, 1):
            raise SchemaError(f"sign {sign!r} must be -1, 0 or 1", path, line)
        if not isinstance(spec, dict) or not spec.get("name") or not spec.get("color"):
            raise SchemaError(f"sign {sign} needs a name and a color", path, line)
        if not _COLOR.match(str(spec["color"])):
            raise SchemaError(f"sign {sign} colour {spec['color']!r} is not #rrggbb", path, _line(spec, "color"))
        signs[number] = {"name": str(spec["name"]), "color": str(spec["color"])}

    version = raw.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int):
        raise SchemaError(f"version must be a whole number, not {version!r}", path, _line(raw, "version"))

    corpus_types: dict[str, CorpusType] = {}
    for key, spec in (raw.get("corpus_types") or {}).items():
        line = _line(raw["corpus_types"], key)
        spec = spec or {}
        if not isinstance(spec, dict):
            raise SchemaError(f"corpus type {key!r} must be a mapping", path, line)
        group, category = spec.get("group"), spec.get("category")
        if group is not None and group not in groups:
            raise SchemaError(f"corpus type {key!r} names unknown group {group!r}", path, line)
        if category is not None and category not in categories:
            raise SchemaError(f"corpus type {key!r} names unknown category {category!r}", path, line)
        corpus_types[str(key)] = CorpusType(str(key), group, category)

    deficiency = raw.get("deficiency") or {}
    if not isinstance(deficiency, dict):
        raise SchemaError(f"deficiency must be a mapping (flip_signed: true|false), not {deficiency!r}", path,
                          _line(raw, "deficiency"))
    flip = deficiency.get("flip_signed", True)
    if not isinstance(flip, bool):
        raise SchemaError(f"deficiency flip_signed must be true or false, not {flip!r}", path,
                          _line(deficiency, "flip_signed"))
    return Schema(path=path, categories=categories, relationships=relationships, signs=signs,
                  version=version, deficiency_flip=flip,
                  groups={name: tuple(members) for name, members in groups.items()}, corpus_types=corpus_types)


def _qualifiers(spec: dict, key: str, path: Path, line: int | None) -> dict[str, str]:
    """A relationship type's Biolink qualifiers: a mapping of names to values."""
    qualifiers = spec.get("qualifiers") or {}
    where = _line(spec, "qualifiers") or line
    if not isinstance(qualifiers, dict):
        raise SchemaError(f"relationship type {key!r} qualifiers must be a mapping (name: value), "
                          f"not {qualifiers!r}", path, where)
    for name, value in qualifiers.items():
        if not isinstance(name, str) or isinstance(value, (dict, list)) or value is None:
            raise SchemaError(f"relationship type {key!r} qualifier {name!r} must be name: value", path,
                              _line(qualifiers, name) or where)
    return {name: str(value) for name, value in qualifiers.items()}


def schema_markdown(schema: Schema) -> str:
    """The data model as Markdown tables, for the README (a test keeps the README in step).

    >>> print(schema_markdown(load_schema()).splitlines()[0])
    | Category (Neo4j label) | What | Biolink category | Colour |
    """
    sign = {1: "+1", -1: "−1", 0: "0"}
    lines = ["| Category (Neo4j label) | What | Biolink category | Colour |", "|---|---|---|---|"]
    for c in schema.categories.values():
        lines.append(f"| `{c.key}` | {c.description} | `{c.biolink}` | `{c.color}` |")
    lines += ["", "| Relationship type | Meaning | Biolink predicate (qualifiers) | Polarity | Symmetric |"
                  " Subject → object categories |", "|---|---|---|---|---|---|"]
    everything = set(schema.categories)
    for r in schema.relationships.values():
        qualifiers = ", ".join(f"{k}={v}" for k, v in r.qualifiers.items())
        predicate = f"`{r.biolink}`" + (f" ({qualifiers})" if qualifiers else "")
        subj = "any" if r.subject == everything else ", ".join(sorted(r.subject))
        obj = "any" if r.object == everything else ", ".join(sorted(r.object))
        lines.append(f"| `{r.key}` | {r.display} | {predicate} | {sign[r.polarity]} | "
                     f"{'yes' if r.symmetric else 'no'} | {subj} → {obj} |")
    return "\n".join(lines) + "\n"
