"""Commands that write files for people and other tools: view (HTML) and export."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import app, DataDirOption, err, PopulationOption, _status, StudyTypeOption


# --- commands: view ---------------------------------------------------------


@app.command("view")
def view_command(
    entities: Annotated[Optional[list[str]], typer.Argument(
        help="Entities to centre on (names, synonyms or ids) [default: the whole graph].")] = None,
    depth: Annotated[int, typer.Option("--depth", "-d", min=0,
                                       help="How many statements away from the entities (or the paths) to draw.")] = 1,
    path: Annotated[Optional[tuple[str, str]], typer.Option(
        "--path", metavar="SOURCE TARGET", help="Draw the shortest paths from SOURCE to TARGET, highlighted.")] = None,
    k: Annotated[int, typer.Option("--paths", "-k", min=1, help="How many shortest paths --path draws.")] = 3,
    undirected: Annotated[bool, typer.Option(
        "--undirected", help="With --path, also walk statements from object to subject.")] = False,
    types: Annotated[Optional[list[str]], typer.Option(
        "--types", "-t", help="Relationship types to keep, e.g. ANTAGONIST_OF,TREATS (repeatable).")] = None,
    categories: Annotated[Optional[list[str]], typer.Option(
        "--categories", "-c", help="Entity categories to keep, e.g. Drug,Receptor (repeatable).")] = None,
    max_nodes: Annotated[int, typer.Option(
        "--max-nodes", min=1, help="Refuse views with more entities than this.")] = 2000,
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML file to write.")] = Path("neurograph-view.html"),
    title: Annotated[Optional[str], typer.Option("--title", help="Page title [default: says what is drawn].")] = None,
    open_page: Annotated[bool, typer.Option("--open", help="Open the page in the default browser.")] = False,
    population: PopulationOption = None,
    study_type: StudyTypeOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Draw the graph, a neighbourhood or the paths between two entities as an interactive HTML page.

    The page works offline: colours by category and sign, tooltips with evidence, filters, search.

    Example: neurograph view magnesium ketamine --depth 2 --out mg.html
    """
    from ..config import resolve_home
    from ..graph import load_graph
    from ..view import write_view

    if path is not None and not all(path):
        path = None
    G = load_graph(resolve_home(data_dir))
    result = write_view(G, out, entities or (), depth=depth, path=path, k=k, types=types, categories=categories,
                        max_nodes=max_nodes, directed=not undirected, title=title, population=population,
                        study_type=study_type)
    for i, line in enumerate(result.paths, 1):
        err(f"path {i}: {line}")
    typer.echo(result.summary())  # `out` here is the --out path, not the module's out()
    if open_page:
        import webbrowser

        webbrowser.open(result.path.resolve().as_uri())

# --- commands: export -------------------------------------------------------


class ExportFormat(str, Enum):
    graphml = "graphml"
    json = "json"
    kgx = "kgx"
    neo4j_admin = "neo4j-admin"


@app.command("export")
def export_command(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="What to write: graphml, json (node-link), "
                                                 "kgx (Biolink KGX TSV) or neo4j-admin (bulk-import CSV).",
                                                 show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write into (created; same-named files "
                                                          "are replaced).", show_default=False)],
    data_dir: DataDirOption = None,
) -> None:
    """Export the last build to files other tools read; prints the files written.

    The export is written to a temporary folder and moved into place when
    complete, so a failure leaves nothing half-written. For neo4j-admin it also
    prints the `neo4j-admin database import full` command (kept in import.sh).

    Example: neurograph export --format kgx --out exports/kgx
    """
    from ..export import ADMIN_COMMAND, admin_command_for, export_build

    with _status(f"exporting {format.value} to {out}"):
        files = export_build(out, format.value, home=data_dir)
    for path in files:
        typer.echo(f"{path}\t{path.stat().st_size} bytes")
    if format == ExportFormat.neo4j_admin:
        err(f"load into a stopped Neo4j 5 with: sh {out / ADMIN_COMMAND}\nwhich runs: {admin_command_for(out)}")
