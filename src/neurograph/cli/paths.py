"""Commands that answer questions from the graph: path, regulators, neighbors, explain, show."""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional

import typer

from .app import (AnswerFormat, AnswerFormatOption, app, connection_args, DatabaseOption, DataDirOption, _dump_json,
                  err, out, PasswordOption, PopulationOption, StudyTypeOption, UriOption, UserOption)
from .tables import _SIGN_SYMBOL, _quote, _sign_cell, _table


# --- commands: paths (path, neighbors, explain, show) -----------------------

class Backend(str, Enum):
    mirror = "mirror"
    store = "store"


class NetSign(str, Enum):
    positive = "+"
    negative = "-"


class Rank(str, Enum):
    cost = "cost"
    dwpc = "dwpc"


class SourceKind(str, Enum):
    documents = "documents"
    curated = "curated"
    both = "both"


SourceOption = Annotated[SourceKind, typer.Option("--source", help="Walk statements with document evidence, curated "
                                                                   "ones (curated files, Hetionet), or both.")]
MaxDegreeOption = Annotated[Optional[int], typer.Option("--max-degree", min=1, help="Never walk through an entity "
                                                                                    "with more neighbours than this "
                                                                                    "(keeps hubs out).")]


BackendOption = Annotated[
    Backend,
    typer.Option("--backend", help="Answer from the local mirror of the last build (fast, offline) or through "
                                   "Cypher on the graph store."),
]

TypesOption = Annotated[
    Optional[str],
    typer.Option("--types", help="Only these relationship types, comma-separated (e.g. ANTAGONIST_OF,TREATS)."),
]


def _split_types(types: Optional[str]) -> Optional[list[str]]:
    return [t.strip() for t in types.split(",") if t.strip()] if types else None


@app.command("path")
def path_command(
    source: Annotated[str, typer.Argument(help="Where the paths start: a name, synonym or id (e.g. magnesium, Mg).")],
    target: Annotated[str, typer.Argument(help="Where the paths end (e.g. dopamine).")],
    k: Annotated[int, typer.Option("--k", "-k", min=1, help="How many paths.")] = 5,
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=8, help="Longest path, in hops.")] = 4,
    undirected: Annotated[bool, typer.Option("--undirected",
                                             help="Also walk statements against their direction.")] = False,
    via: Annotated[Optional[list[str]], typer.Option("--via", help="Paths must pass through this entity "
                                                                    "(repeatable).")] = None,
    avoid: Annotated[Optional[list[str]], typer.Option("--avoid", help="Paths must not touch this entity "
                                                                        "(repeatable).")] = None,
    types: TypesOption = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0,
                                                  help="Only statements at least this confident.")] = 0.0,
    exclude_hedged: Annotated[bool, typer.Option("--exclude-hedged",
                                                 help="Skip statements only ever stated with hedges.")] = False,
    sign: Annotated[Optional[NetSign], typer.Option("--sign", help="Only paths with this net effect.")] = None,
    rank: Annotated[Rank, typer.Option("--rank", help="cost: fewest hops, then confidence; dwpc: Hetionet's "
                                                      "degree-weighted path count (paths through hubs rank low).")
                    ] = Rank.cost,
    damping: Annotated[float, typer.Option("--damping", min=0.0, max=2.0,
                                           help="DWPC damping exponent (with --rank dwpc).")] = 0.4,
    source_kind: SourceOption = SourceKind.both,
    max_degree: MaxDegreeOption = None,
    population: PopulationOption = None,
    study_type: StudyTypeOption = None,
    format: AnswerFormatOption = AnswerFormat.table,
    backend: BackendOption = Backend.mirror,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """How is SOURCE connected to TARGET, with what net effect, and what says so?

    Prints the k cheapest paths (cost per hop: 2 - confidence), each hop with its
    sign, confidence and one evidence quote, each path with its net sign (product of
    the hop signs; ? when a hop is unsigned), then a summary line. Paths through the
    same entities are shown once, with the other statements joining them listed. An
    unknown name exits with code 2 and "did you mean" suggestions on stderr.

    --population and --study-type keep statements with document evidence of that
    grade (curated statements pass) and say how many of the best paths they removed.

    Example: neurograph path ketamine depression --source both --rank dwpc --max-degree 200
    """
    from ..answers import find_paths

    report = find_paths(source, target, k, home=data_dir, backend=backend.value,
                        connection=connection_args(uri, user, password, database), max_hops=max_hops,
                        directed=not undirected, via=via, avoid=avoid, types=_split_types(types),
                        min_confidence=min_confidence, exclude_hedged=exclude_hedged,
                        sign=sign.value if sign else None, source_kind=source_kind.value, max_degree=max_degree,
                        rank=rank.value, damping=damping, population=population, study_type=study_type)
    if format == AnswerFormat.json:
        _dump_json(report.to_dict())
        return
    if not report.paths:
        out(report.summary)
        for hint in report.hints:
            err(hint)
        return
    triage = _shows_triage([h for p in report.paths for h in p.hops])
    out("\n".join(_path_table(number, p, triage=triage) for number, p in enumerate(report.paths, 1)))
    _path_footnotes([h for p in report.paths for h in p.hops])
    out(report.summary)
    for hint in report.hints:  # what the grade filter removed
        err(hint)


def _path_table(number: int, p, heading: str | None = None, triage: bool = True) -> str:
    """One path as a boxed table: its hops with sign, confidence, a quote and the alternatives.

    With ``triage``, a column says how each document claim compares with curated knowledge.
    """
    score = f", DWPC term {p.dwpc:.3g}" if p.dwpc is not None else ""
    title = heading or (f"Path {number}: {' → '.join(p.names)}   net {_SIGN_SYMBOL[p.sign]}   "
                        f"{p.length} hop{'s' if p.length > 1 else ''}, confidence {p.confidence:.2f}{score}")
    rows = []
    for i, hop in enumerate(p.hops, 1):
        walk_from, walk_to = (hop.subject_name, hop.object_name) if hop.direction == "forward" else (
            hop.object_name, hop.subject_name)
        relationship = f"{hop.type} →" if hop.direction == "forward" else f"← {hop.type}"
        if hop.alternatives:
            relationship += "\nalso: " + ", ".join(f"{a['type']} {_SIGN_SYMBOL[a['sign']]}" for a in hop.alternatives)
        more = f" (+{hop.n_evidence - 1} more)" if hop.n_evidence > 1 else ""
        row = [str(i), walk_from, relationship, walk_to, _sign_cell(hop.sign),
               f"{hop.confidence:.2f}" + ("*" if hop.hedged else "")]
        if triage:
            row.append(_TRIAGE_MARK.get(hop.triage, "curated" if hop.curated else ""))
        quote = _quote(hop.evidence) + more
        if hop.curated_evidence:  # documents and curated knowledge state it: both, side by side
            quote += "\n" + _quote(hop.curated_evidence)
        rows.append(row + [quote])
    headers = ["#", "from", "relationship", "to", "sign", "conf."] + (["triage"] if triage else []) + ["evidence"]
    return _table(title, headers, rows, wrap=(1, 2, 3, len(headers) - 1))


# How a document claim compares with curated knowledge (neurograph.triage), as a table cell.
_TRIAGE_MARK = {"corroborated": "✓ corroborated", "contradicted": "✗ contradicted", "novel": "novel"}


def _shows_triage(hops) -> bool:
    """The triage column earns its place when curated knowledge says something about these hops."""
    return any(h.triage in ("corroborated", "contradicted") or (h.curated and not h.documents) for h in hops)


def _path_footnotes(hops) -> None:
    if any(h.hedged for h in hops):
        out("* hedged: every sentence for this statement is hedged (may, might, suggests)")
    if _shows_triage(hops):
        out("triage: corroborated / contradicted by a curated statement between the same entities, or novel "
                   "(none); curated: the statement itself is curated")


@app.command("regulators")
def regulators_command(
    target: Annotated[str, typer.Argument(help="The entity acted on: a name, synonym or id (e.g. dopamine).")],
    sign: Annotated[NetSign, typer.Option("--sign", help="+: what increases TARGET; -: what decreases it.")
                    ] = NetSign.positive,
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=4, help="Longest chain of statements.")] = 2,
    k: Annotated[int, typer.Option("--k", "-k", min=1, help="How many regulators.")] = 20,
    types: TypesOption = None,
    category: Annotated[Optional[list[str]], typer.Option("--category", help="Only regulators of this category "
                                                                             "(repeatable), e.g. Nutrient.")] = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0,
                                                  help="Only statements at least this confident.")] = 0.0,
    exclude_hedged: Annotated[bool, typer.Option("--exclude-hedged",
                                                 help="Skip statements only ever stated with hedges.")] = False,
    source_kind: SourceOption = SourceKind.both,
    max_degree: MaxDegreeOption = None,
    population: PopulationOption = None,
    study_type: StudyTypeOption = None,
    format: AnswerFormatOption = AnswerFormat.table,
    data_dir: DataDirOption = None,
) -> None:
    """What increases (or decreases) TARGET, directly or through a chain of signed statements?

    A signed search over signed nodes: each entity whose net effect on TARGET,
    along some chain of at most --max-hops signed statements, has the asked-for
    sign, fewest hops first, each with its best chain and evidence. Unsigned
    statements (associations, regulates) are not walked: they carry no sign.

    Example: neurograph regulators dopamine --sign + --max-hops 2
    """
    from ..answers import find_regulators

    report = find_regulators(target, sign.value, home=data_dir, max_hops=max_hops, k=k, types=_split_types(types),
                             min_confidence=min_confidence, exclude_hedged=exclude_hedged,
                             source_kind=source_kind.value, max_degree=max_degree, categories=category,
                             population=population, study_type=study_type)
    if format == AnswerFormat.json:
        _dump_json(report.to_dict())
        return
    word = "increase" if sign.value == "+" else "decrease"
    name = report.target["name"]
    if not report.regulators:
        out(f"nothing found to {word} {name} within {max_hops} signed hop{'s' if max_hops > 1 else ''}")
        return
    for number, r in enumerate(report.regulators, 1):
        heading = (f"{number}. {r.name} ({r.category}) {word}s {name}   {r.hops} hop{'s' if r.hops > 1 else ''}, "
                   f"confidence {r.path.confidence:.2f}")
        out(_path_table(number, r.path, heading, triage=_shows_triage(r.path.hops)))
    _path_footnotes([h for r in report.regulators for h in r.path.hops])
    out(f"{name}: {len(report.regulators)} entit{'ies' if len(report.regulators) != 1 else 'y'} "
               f"{word} it within {max_hops} signed hop{'s' if max_hops > 1 else ''}")


@app.command("neighbors")
def neighbors_command(
    entity: Annotated[str, typer.Argument(help="A name, synonym or id.")],
    depth: Annotated[int, typer.Option("--depth", min=1, max=4, help="How many statements away.")] = 1,
    types: TypesOption = None,
    format: AnswerFormatOption = AnswerFormat.table,
    backend: BackendOption = Backend.mirror,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Entities within --depth statements of ENTITY (either direction), nearest first.

    Example: neurograph neighbors magnesium --depth 2 --types ANTAGONIST_OF,ACTIVATES
    """
    from ..answers import find_neighbors

    result = find_neighbors(entity, depth, _split_types(types), home=data_dir, backend=backend.value,
                            connection=connection_args(uri, user, password, database))
    if format == AnswerFormat.json:
        _dump_json(result)
        return
    ref = result["entity"]
    names = {ref["id"]: ref["name"]} | {n["id"]: n["name"] for n in result["neighbors"]}
    rows = []
    for n in result["neighbors"]:
        for i, s in enumerate(n["statements"]):
            statement = (f"{names.get(s['subject'], s['subject_name'])} {s['type']} "
                         f"{names.get(s['object'], s['object_name'])}")
            first = i == 0
            rows.append([str(n["distance"]) if first else "", n["name"] if first else "",
                         (n["category"] or "") if first else "", statement, _sign_cell(s["sign"]),
                         f"{s['confidence']:.2f}", _quote(s["evidence"])])
    title = f"{ref['name']} ({ref['id']}): {len(result['neighbors'])} neighbours within {depth}"
    typer.echo(_table(title, ["dist.", "neighbour", "category", "statement", "sign", "conf.", "evidence"], rows,
                      wrap=(1, 3, 6)))


@app.command("explain")
def explain_command(
    x: Annotated[str, typer.Argument(help="One entity (name, synonym or id).")],
    y: Annotated[str, typer.Argument(help="The other entity.")],
    population: PopulationOption = None,
    study_type: StudyTypeOption = None,
    format: AnswerFormatOption = AnswerFormat.table,
    backend: BackendOption = Backend.mirror,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Every direct statement between X and Y, in both directions, with ALL its evidence.

    Example: neurograph explain magnesium "NMDA receptor"
    """
    from ..answers import find_explanation

    result = find_explanation(x, y, home=data_dir, backend=backend.value,
                              connection=connection_args(uri, user, password, database), population=population,
                              study_type=study_type)
    if format == AnswerFormat.json:
        _dump_json(result)
        return
    statements = result["statements"]
    if not statements:
        out(f"no direct statement between {result['x']['name']} and {result['y']['name']}")
        return
    for s in statements:
        flags = ", ".join(f for f, on in (("hedged", s["hedged"]), ("curated", s["curated"])) if on)
        triage = ""
        if s.get("triage") in ("corroborated", "contradicted"):
            basis = "; ".join(s.get("triage_basis") or [])
            triage = f"   {_TRIAGE_MARK[s['triage']]}" + (f" by {basis}" if basis and s["triage"] != "novel" else "")
        title = (f"{s['subject_name']} {s['type']} {s['object_name']}   sign {_SIGN_SYMBOL[s['sign']]}   "
                 f"confidence {s['confidence']:.2f}" + (f"   ({flags})" if flags else "")
                 + f"   {len(s['evidence'])} evidence{triage}")
        rows = []
        for ev in s["evidence"]:
            notes = ", ".join(str(v) for v in (ev.get("modifier"), "hedged" if ev.get("hedged") else None,
                                                ev.get("citation"), _model_note(ev)) if v)
            doc = ev.get("doc") or ""
            title_text = ev.get("title") or doc
            rows.append([doc if title_text == doc else f"{doc}\n({title_text})",
                         " ".join(str(ev.get("sentence", "")).split()), notes])
        typer.echo(_table(title, ["document", "sentence", "notes"], rows, wrap=(0, 1, 2)))
    out(f"{result['x']['name']} ↔ {result['y']['name']}: {len(statements)} direct statement"
        f"{'s' if len(statements) != 1 else ''}")


def _model_note(ev: dict) -> str | None:
    """For evidence the relation model found: its probability and strongest features."""
    if ev.get("method") != "model":
        return None
    return f"model p={ev.get('probability')}: " + "; ".join(ev.get("features") or ())


@app.command("show")
def show_command(
    entity: Annotated[str, typer.Argument(help="A name, synonym or id.")],
    top: Annotated[int, typer.Option("--top", min=1, help="How many of the strongest relationships.")] = 10,
    format: AnswerFormatOption = AnswerFormat.table,
    backend: BackendOption = Backend.mirror,
    uri: UriOption = None,
    user: UserOption = None,
    password: PasswordOption = None,
    database: DatabaseOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """What the graph knows about ENTITY: category, identifiers, synonyms, degree, strongest relationships.

    Example: neurograph show SSRIs
    """
    from ..answers import find_entity

    card = find_entity(entity, home=data_dir, backend=backend.value,
                       connection=connection_args(uri, user, password, database), top=top)
    if format == AnswerFormat.json:
        _dump_json(card)
        return
    degree = card["degree"]
    lines = [
        f"{card['name']}  ({card['id']})",
        f"category:   {card['category']}",
        f"synonyms:   {', '.join(card['synonyms']) or '-'}",
        f"xrefs:      {', '.join(card['xrefs']) or '-'}",
        f"statements: {degree['total']} ({degree['out']} out, {degree['in']} in)",
        f"documents:  {', '.join(card['documents']) or '-'}",
    ]
    for line in lines:
        out(line)
    if card["relationships"]:
        rows = [[f"{s['subject_name']} {s['type']} {s['object_name']}", _sign_cell(s["sign"]),
                 f"{s['confidence']:.2f}" + ("*" if s["hedged"] else ""), str(s["n_evidence"]), _quote(s["evidence"])]
                for s in card["relationships"]]
        typer.echo(_table(f"strongest relationships (top {len(rows)})", ["statement", "sign", "conf.", "evid.",
                                                                          "evidence"], rows, wrap=(0, 4)))
