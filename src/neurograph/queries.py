"""The Cypher query library (``cypher/*.cypher``) and command-line parameters.

Each library query is one file, ``NAME.cypher``, opening with a header of
``//`` comment lines that says what it does and which parameters it takes::

    // name: neighbours
    // description: Everything an entity is directly linked to, with evidence.
    // param name: string (required) - entity name, synonym or CURIE, any case
    // param limit: int = 100 - the most rows to return
    // example: neurograph cypher --file cypher/neighbours.cypher --param name=magnesium

A header line that is neither of these is free commentary. Parsing is pure:
nothing here talks to a database.

Examples
--------
>>> parse_params(["name=magnesium", "hops=3", "min_confidence=0.5", "hedged=false",
...               "ids=[\\"CHEBI:18420\\", 1]", "note=null"])
{'name': 'magnesium', 'hops': 3, 'min_confidence': 0.5, 'hedged': False, 'ids': ['CHEBI:18420', 1], 'note': None}
>>> info = parse_query_text('''// name: demo
... // description: A demonstration.
... // param name: string (required) - who
... // param limit: int = 10 - how many
... MATCH (e:Entity) RETURN e.name LIMIT $limit''')
>>> [(p.name, p.type, p.default, p.required) for p in info.params]
[('name', 'string', None, True), ('limit', 'int', 10, False)]
>>> bind_params(info, {"name": "dopamine"})
{'name': 'dopamine', 'limit': 10}
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .errors import InputError, UsageError

SUFFIX = ".cypher"
PARAM_TYPES = ("string", "int", "float", "boolean", "list", "map", "any")

_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INT = re.compile(r"^[-+]?\d+$")
_FLOAT = re.compile(r"^[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?$")
_HEADER = re.compile(r"^//\s?(?P<body>.*)$")
_FIELD = re.compile(r"^(?P<key>name|description|example|param)\b\s*(?P<rest>.*)$")
# "param NAME: TYPE (required) - text" or "param NAME: TYPE = DEFAULT - text"
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+)\s*"
    r"(?:(?P<required>\(required\))|=\s*(?P<default>.+?))?\s*(?:-\s+(?P<text>.*))?$"
)


@dataclass(frozen=True)
class QueryParam:
    """One declared parameter of a library query."""

    name: str
    type: str
    default: Any = None
    required: bool = False
    description: str = ""

    def describe(self) -> str:
        """``name: type = default`` or ``name: type (required)``."""
        if self.required:
            return f"{self.name}: {self.type} (required)"
        return f"{self.name}: {self.type} = {json.dumps(self.default)}"


@dataclass(frozen=True)
class QueryInfo:
    """A library query: its header fields and its Cypher text."""

    name: str
    description: str
    params: tuple[QueryParam, ...] = ()
    examples: tuple[str, ...] = ()
    text: str = ""
    path: Path | None = None
    notes: tuple[str, ...] = field(default=(), compare=False)

    def param(self, name: str) -> QueryParam | None:
        return next((p for p in self.params if p.name == name), None)


# --- parameters ---------------------------------------------------------------


def parse_value(text: str) -> Any:
    """Type a command-line value: int, float, true/false, null, JSON list or map, else the string.

    A value in double quotes is a JSON string, so ``'"42"'`` stays the text 42.

    >>> [parse_value(v) for v in ["7", "-2.5", "1e3", "TRUE", "null", "[1, 2]", '"42"', "Mg2+", ""]]
    [7, -2.5, 1000.0, True, None, [1, 2], '42', 'Mg2+', '']
    """
    stripped = text.strip()
    low = stripped.lower()
    if _INT.match(stripped):
        return int(stripped)
    if _FLOAT.match(stripped):
        return float(stripped)
    if low in ("true", "false"):
        return low == "true"
    if low == "null":
        return None
    if stripped[:1] in ("[", "{") or (len(stripped) >= 2 and stripped[0] == stripped[-1] == '"'):
        # Raises json.JSONDecodeError; the caller names the argument.
        return json.loads(stripped)
    return text


def parse_params(items: Iterable[str]) -> dict[str, Any]:
    """Turn ``["key=value", ...]`` into a parameter dict with typed values.

    Raises :class:`~neurograph.errors.UsageError` naming the bad argument: no
    ``=``, a key that is not a Cypher identifier, a key given twice, or a
    value that starts like JSON but is not.

    >>> parse_params(["name=5-HT receptor", "limit=5"])
    {'name': '5-HT receptor', 'limit': 5}
    >>> parse_params(["limit"])
    Traceback (most recent call last):
    ...
    neurograph.errors.UsageError: --param 'limit': expected KEY=VALUE, e.g. --param name=magnesium
    """
    params: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep:
            raise UsageError(f"--param {item!r}: expected KEY=VALUE, e.g. --param name=magnesium")
        if not _KEY.match(key):
            raise UsageError(f"--param {item!r}: {key!r} is not a parameter name (letters, digits, _)")
        if key in params:
            raise UsageError(f"--param {item!r}: parameter {key!r} given twice")
        try:
            params[key] = parse_value(raw)
        except json.JSONDecodeError as exc:
            raise UsageError(f"--param {item!r}: value is not valid JSON ({exc.msg} at column {exc.pos + 1})") from None
    return params


def _check_type(value: Any, type_: str) -> bool:
    if value is None or type_ == "any":
        return True
    if type_ == "string":
        return isinstance(value, str)
    if type_ == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_ == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if type_ == "boolean":
        return isinstance(value, bool)
    if type_ == "list":
        return isinstance(value, list)
    if type_ == "map":
        return isinstance(value, dict)
    return True


def bind_params(info: QueryInfo, given: dict[str, Any]) -> dict[str, Any]:
    """The parameters to run a library query with: declared defaults, then ``given``.

    Raises :class:`~neurograph.errors.UsageError` for a missing required
    parameter, an undeclared one, or a value of the wrong type. A value given
    as text where a string is declared (``--param name=5``) is kept as text.

    >>> info = QueryInfo("q", "", (QueryParam("hops", "int", 3), QueryParam("name", "string", required=True)))
    >>> bind_params(info, {"name": 5})
    {'hops': 3, 'name': '5'}
    >>> bind_params(info, {"name": "x", "hops": "many"})
    Traceback (most recent call last):
    ...
    neurograph.errors.UsageError: query 'q': parameter 'hops' must be int, not 'many'
    """
    bound: dict[str, Any] = {}
    declared = {p.name: p for p in info.params}
    for name in given:
        if name not in declared:
            known = ", ".join(declared) or "none"
            raise UsageError(f"query {info.name!r}: unknown parameter {name!r} (it takes: {known})")
    for p in info.params:
        if p.name in given:
            value = given[p.name]
            if p.type == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if p.type == "float" and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not _check_type(value, p.type):
                raise UsageError(f"query {info.name!r}: parameter {p.name!r} must be {p.type}, not {value!r}")
            bound[p.name] = value
        elif p.required:
            raise UsageError(f"query {info.name!r}: parameter {p.name!r} is required, e.g. --param {p.name}=...")
        else:
            bound[p.name] = p.default
    return bound


# --- the library ----------------------------------------------------------------


def library_dir() -> Path:
    """The folder of library queries.

    ``NEUROGRAPH_CYPHER`` overrides it; otherwise ``cypher/`` of the source
    checkout, or the copy installed under ``<prefix>/share/neurograph/cypher``.
    """
    env = os.environ.get("NEUROGRAPH_CYPHER")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parents[2] / "cypher"
    if checkout.is_dir():
        return checkout
    return Path(sys.prefix) / "share" / "neurograph" / "cypher"


def parse_query_text(text: str, path: str | os.PathLike | None = None, name: str | None = None) -> QueryInfo:
    """Read the header comment block of a query into a :class:`QueryInfo`.

    The header is the run of ``//`` lines at the top of the text. ``name``
    defaults to the file stem. Raises :class:`~neurograph.errors.InputError`
    naming the file and line for a malformed ``param`` line or a default of
    the wrong type.
    """
    fields: dict[str, str] = {}
    params: list[QueryParam] = []
    examples: list[str] = []
    notes: list[str] = []
    last: str | None = None
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped:
            if fields or params:
                last = None
            continue
        m = _HEADER.match(stripped)
        if m is None:
            break
        body = m.group("body").rstrip()
        f = _FIELD.match(body.strip())
        if f is None or (f.group("key") != "param" and not f.group("rest").startswith(":")):
            if last == "description" and body.startswith("  "):
                fields["description"] += " " + body.strip()
            elif body.strip():
                notes.append(body.strip())
                last = None
            continue
        key, rest = f.group("key"), f.group("rest")
        if key == "param":
            pm = _PARAM.match(rest.strip())
            if pm is None or pm.group("type") not in PARAM_TYPES:
                raise InputError(
                    "bad param line; expected 'param NAME: TYPE (required) - text' or 'param NAME: TYPE = DEFAULT - text'"
                    f" with TYPE one of {', '.join(PARAM_TYPES)}",
                    path or "<query>", lineno)
            default = None
            if pm.group("default") is not None:
                try:
                    default = parse_value(pm.group("default"))
                except json.JSONDecodeError:
                    raise InputError(f"default of {pm.group('name')!r} is not valid JSON", path or "<query>", lineno) from None
                if pm.group("type") == "float" and isinstance(default, int):
                    default = float(default)
                if pm.group("type") == "string" and not isinstance(default, str) and default is not None:
                    default = str(default)
                if not _check_type(default, pm.group("type")):
                    raise InputError(f"default of {pm.group('name')!r} is not a {pm.group('type')}",
                                     path or "<query>", lineno)
            params.append(QueryParam(pm.group("name"), pm.group("type"), default,
                                     pm.group("required") is not None, (pm.group("text") or "").strip()))
            last = "param"
        elif key == "example":
            examples.append(rest[1:].strip())
            last = "example"
        else:
            fields[key] = rest[1:].strip()
            last = key
    stem = Path(path).stem if path is not None else "query"
    return QueryInfo(
        name=name or fields.get("name") or stem,
        description=fields.get("description", ""),
        params=tuple(params),
        examples=tuple(examples),
        text=text,
        path=Path(path) if path is not None else None,
        notes=tuple(notes),
    )


def read_query_file(path: str | os.PathLike) -> QueryInfo:
    """Read one ``.cypher`` file; raises InputError naming the file if it cannot be read."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such query file", path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a query file", path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path) from None
    if not strip_comments(text).strip():
        raise InputError("the file holds no Cypher statement", path)
    return parse_query_text(text, path, name=path.stem)


def list_queries(directory: str | os.PathLike | None = None) -> list[QueryInfo]:
    """Every library query, sorted by name."""
    directory = Path(directory) if directory is not None else library_dir()
    if not directory.is_dir():
        return []
    return [read_query_file(p) for p in sorted(directory.glob(f"*{SUFFIX}"))]


def load_query(name_or_path: str | os.PathLike, directory: str | os.PathLike | None = None) -> QueryInfo:
    """A library query by name (``neighbours``) or any ``.cypher`` file by path.

    Raises :class:`~neurograph.errors.UsageError` for an unknown name, listing
    the names that exist.
    """
    text = str(name_or_path)
    candidate = Path(text)
    if candidate.suffix == SUFFIX or os.sep in text or "/" in text or candidate.is_file():
        return read_query_file(candidate)
    directory = Path(directory) if directory is not None else library_dir()
    path = directory / f"{text}{SUFFIX}"
    if path.is_file():
        return read_query_file(path)
    names = [q.name for q in list_queries(directory)]
    close = [n for n in names if text.lower() in n or n in text.lower()]
    hint = f"; did you mean: {', '.join(close)}?" if close else (f"; library queries: {', '.join(names)}" if names else "")
    raise UsageError(f"unknown query {text!r}{hint}")


def strip_comments(text: str) -> str:
    """The Cypher text without whole-line ``//`` comments (string contents are left alone).

    >>> strip_comments("// header\\nMATCH (n) // trailing stays\\nRETURN n")
    'MATCH (n) // trailing stays\\nRETURN n'
    """
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))


# --- running and printing ------------------------------------------------------------

_LITERALS = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`]|``)*`|//[^\n]*|/\*.*?\*/""", re.DOTALL)
_PARAM_REF = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)|\$`([^`]+)`")


def query_parameters(cypher: str) -> list[str]:
    """The ``$parameters`` a query uses, in order of first use (strings and comments ignored).

    >>> query_parameters("MATCH (e) WHERE e.name = $name AND e.x <> '$not' // $nor\\nRETURN $limit, $name")
    ['name', 'limit']
    """
    names: list[str] = []
    for m in _PARAM_REF.finditer(_LITERALS.sub(" ", cypher)):
        name = m.group(1) or m.group(2)
        if name not in names:
            names.append(name)
    return names


_ALIAS = re.compile(r"(?i)\sAS\s+(`(?:[^`]|``)*`|[A-Za-z_][A-Za-z0-9_]*)\s*$")


def _blank_literals(cypher: str) -> str:
    """The query with strings, quoted names and comments replaced by spaces of the same length."""
    return _LITERALS.sub(lambda m: " " * len(m.group(0)), cypher)


def return_columns(cypher: str) -> list[str]:
    """The column names of a query's final RETURN, as Neo4j names them (alias, else the expression text).

    Neo4j reports a query's columns even when no row matches; the embedded
    server reports none then, so :func:`run_cypher` fills them in from here.

    >>> return_columns("MATCH (n) RETURN DISTINCT n.name AS name, count(*), [x IN n.l | x] AS xs ORDER BY name LIMIT 3")
    ['name', 'count(*)', 'xs']
    >>> return_columns("MATCH (n) RETURN n.name AS `the name`, 'a, b' AS s")
    ['the name', 's']
    >>> return_columns("MATCH (n) RETURN *"), return_columns("CREATE (n)")
    ([], [])
    """
    blank = _blank_literals(cypher)
    starts = [m.end() for m in re.finditer(r"\bRETURN\b", blank, re.I)]
    if not starts:
        return []
    start = starts[-1]
    depth, items, begin, i = 0, [], start, start
    end = len(blank)
    while i < len(blank):
        ch = blank[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0:
            if ch == ",":
                items.append((begin, i))
                begin = i + 1
            elif re.match(r"(?i)(ORDER\s+BY|SKIP|LIMIT|UNION)\b", blank[i:]) and (i == 0 or not blank[i - 1].isalnum()
                                                                                   and blank[i - 1] != "_"):
                end = i
                break
        i += 1
    items.append((begin, end))
    columns = []
    for n, (a, b) in enumerate(items):
        if n == 0:
            m = re.match(r"(?i)\s*DISTINCT\b", blank[a:b])
            if m:
                a += m.end()
        text, shape = cypher[a:b], blank[a:b]
        if shape.strip() == "*":
            return []
        alias = _ALIAS.search(text)
        # The AS must be a keyword of the query, not the end of a string literal.
        if alias and shape[alias.start(): alias.start() + 4].strip().upper() == "AS":
            name = alias.group(1)
            columns.append(name[1:-1].replace("``", "`") if name.startswith("`") else name)
        else:
            columns.append(text.strip())
    return columns


def prepare(cypher: str | None = None, params: dict[str, Any] | None = None,
            file: str | os.PathLike | None = None) -> tuple[str, dict[str, Any]]:
    """The Cypher text and parameters to send, checked before any server is contacted.

    Exactly one of ``cypher`` and ``file`` (a library query name or a
    ``.cypher`` path). A library query gets its declared defaults; every
    ``$parameter`` the query uses must then have a value, so that a missing
    one is the same clear error on Neo4j and on the embedded server.

    >>> prepare("RETURN $x AS x", {"x": 1})
    ('RETURN $x AS x', {'x': 1})
    >>> prepare("RETURN $x AS x")
    Traceback (most recent call last):
    ...
    neurograph.errors.UsageError: the query uses $x but no value was given: add --param x=VALUE
    """
    params = dict(params or {})
    has_text = cypher is not None and bool(str(cypher).strip())
    if has_text and file is not None:
        raise UsageError("give a Cypher query or --file, not both")
    if not has_text and file is None:
        raise UsageError("give a Cypher query, or --file NAME for a library query (see neurograph cypher --list)")
    if file is not None:
        info = load_query(file)
        cypher = info.text
        params = bind_params(info, params)
    assert cypher is not None
    missing = [p for p in query_parameters(cypher) if p not in params]
    if missing:
        raise UsageError(f"the query uses ${missing[0]} but no value was given: add --param {missing[0]}=VALUE")
    return cypher, params


def run_cypher(cypher: str | None = None, params: dict[str, Any] | None = None, *,
               file: str | os.PathLike | None = None, write: bool = False, home: str | os.PathLike | None = None,
               uri: str | None = None, user: str | None = None, password: str | None = None,
               database: str | None = None, timeout: float | str | None = None):
    """Run a Cypher query (text or library query) on the graph store; returns a pandas DataFrame.

    Read-only unless ``write``: a query that writes raises
    :class:`~neurograph.errors.QueryRefusedError` (see
    :meth:`neurograph.store.GraphStore.query`). ``timeout`` bounds the
    query's transaction (seconds; default ``NEUROGRAPH_QUERY_TIMEOUT`` or
    :data:`neurograph.store.DEFAULT_QUERY_TIMEOUT`; 0 for none). The
    connection arguments are those of :func:`neurograph.store.open_store`.
    :func:`cypher_rows` is the same without pandas.
    """
    return cypher_rows(cypher, params, file=file, write=write, home=home, uri=uri, user=user, password=password,
                       database=database, timeout=timeout).to_frame()


def cypher_rows(cypher: str | None = None, params: dict[str, Any] | None = None, *,
                file: str | os.PathLike | None = None, write: bool = False, home: str | os.PathLike | None = None,
                uri: str | None = None, user: str | None = None, password: str | None = None,
                database: str | None = None, timeout: float | str | None = None):
    """:func:`run_cypher`, returning a :class:`neurograph.store.QueryResult` (columns and plain rows).

    The one library call behind ``neurograph cypher``: it does not import
    pandas, which costs more than the query itself on a running server.
    """
    from .store import open_store, query_timeout

    cypher, params = prepare(cypher, params, file)
    seconds = query_timeout(timeout)
    if not write:
        # Refuse before a server is started for nothing.
        from .cypher_guard import check_read_only

        check_read_only(cypher)
    with open_store(home=home, uri=uri, user=user, password=password, database=database) as store:
        result = store.query_rows(cypher, params, write=write, timeout=seconds or 0)
    if result.empty and len(result.columns) == 0:
        # No row: the embedded server names no columns where Neo4j names them all.
        result.columns = return_columns(cypher)
    return result


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def plain_rows(df) -> list[dict[str, Any]]:
    """The rows of a result DataFrame (or :class:`~neurograph.store.QueryResult`) as plain dicts.

    pandas' NaN is turned back into None.

    >>> import pandas as pd
    >>> plain_rows(pd.DataFrame([[1, None], [2, "x"]], columns=["n", "s"]))
    [{'n': 1, 's': None}, {'n': 2, 's': 'x'}]
    """
    if hasattr(df, "records"):  # a QueryResult: already plain
        return [{str(k): v for k, v in row.items()} for row in df.records()]
    rows = []
    for record in df.to_dict("records"):
        rows.append({str(k): (None if _is_missing(v) else (v.item() if hasattr(v, "item") else v))
                     for k, v in record.items()})
    return rows


def display_value(value: Any) -> str:
    """One cell as text for a table or CSV: lists joined with "; ", nodes by name, paths as arrows.

    >>> display_value(["a", "b"]), display_value(None), display_value(True), display_value(0.5)
    ('a; b', '', 'true', '0.5')
    >>> display_value({"name": "magnesium", "_labels": ["Entity", "Mineral"]})
    '(magnesium:Entity:Mineral)'
    >>> display_value([{"name": "a", "_labels": []}, {"_type": "INCREASES"}, {"name": "b", "_labels": []}])
    '(a)-[:INCREASES]-(b)'
    """
    if _is_missing(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(round(value, 6)) if value != int(value) or abs(value) >= 1e15 else repr(value)
    if isinstance(value, dict):
        if "_labels" in value:
            name = value.get("name", value.get("id", ""))
            return f"({name}{''.join(':' + label for label in value['_labels'])})"
        if "_type" in value:
            return f"[:{value['_type']}]"
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, dict) and ("_labels" in v or "_type" in v) for v in value):
            return "-".join(display_value(v) for v in value)
        return "; ".join(display_value(v) if not isinstance(v, str) else v for v in value)
    return str(value)


def short_value(value: Any, width: int = 90) -> str:
    """A cell for a terminal table: whitespace collapsed, long text cut, long lists shown by their first item.

    >>> short_value(["Magnesium blocks the NMDA receptor.", "Mg is an NMDA antagonist."], width=30)
    'Magnesium blocks the NMDA rec… (+1 more)'
    >>> short_value("two\\nlines"), short_value(["a", "b"])
    ('two lines', 'a; b')
    """
    def cut(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= width else text[: width - 1].rstrip() + "…"

    if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
        joined = "; ".join(" ".join(v.split()) for v in value)
        if len(joined) > width and len(value) > 1:
            return f"{cut(value[0])} (+{len(value) - 1} more)"
    return cut(display_value(value))


def format_result(df, format: str) -> str:
    """A result as ``json`` (a list of row objects) or ``csv`` text (lists and maps as JSON).

    >>> import pandas as pd
    >>> df = pd.DataFrame([["magnesium", ["Mg", "Mg2+"], 3]], columns=["name", "synonyms", "degree"])
    >>> print(format_result(df, "csv"), end="")
    name,synonyms,degree
    magnesium,"[""Mg"", ""Mg2+""]",3
    >>> print(format_result(df, "json"))
    [
      {
        "name": "magnesium",
        "synonyms": [
          "Mg",
          "Mg2+"
        ],
        "degree": 3
      }
    ]
    """
    rows = plain_rows(df)
    if format == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False, default=str)
    if format == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if len(df.columns):
            writer.writerow([str(c) for c in df.columns])
        for row in rows:
            writer.writerow(["" if v is None else json.dumps(v, ensure_ascii=False, default=str)
                             if isinstance(v, (list, dict)) else display_value(v) for v in row.values()])
        return out.getvalue()
    raise UsageError(f"unknown format {format!r}; choose table, json or csv")
