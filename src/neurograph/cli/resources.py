"""Commands for third-party resources: list, install, verify, remove."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .app import app, DataDirOption, err


# --- commands: third-party resources -------------------------------------------

resources_app = typer.Typer(help="Install, verify and remove the vocabularies, corpora and graphs neurograph uses "
                                 "(into <data dir>/resources).\n\nExample: neurograph resources install",
                            no_args_is_help=True, rich_markup_mode=None)
app.add_typer(resources_app, name="resources")


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n / 2**10:.0f} KiB"


@resources_app.command("list")
def resources_list(
    data_dir: DataDirOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the rows as JSON.")] = False,
) -> None:
    """Show each resource: name, version, licence, source, installed or not, size; then attributions.

    Example: neurograph resources list
    """
    import json

    from ..resources import list_resources

    rows = list_resources(home=data_dir)
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    header = ("name", "version", "licence", "installed", "size", "source")
    table = [header] + [(r["name"], r["version"], r["licence"], "yes" if r["installed"] else "no",
                         _size(r["size"]), r["source"]) for r in rows]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header) - 1)]
    for row in table:
        typer.echo("  ".join(str(c).ljust(w) for c, w in zip(row, widths)) + "  " + str(row[-1]))
    typer.echo("\nAttribution:")
    for r in rows:
        typer.echo(f"- {r['name']}: {r['attribution']}")


@resources_app.command("install")
def resources_install(
    names: Annotated[Optional[list[str]], typer.Argument(help="Resources to install [default: all].")] = None,
    source: Annotated[Optional[str], typer.Option(
        "--from", help="A folder holding the files (e.g. ../shared/datasets) or a base URL mirroring them "
                       "[default: the folder beside the checkout when present, else the official URLs].")] = None,
    force: Annotated[bool, typer.Option("--force", help="Reinstall even when installed and intact.")] = False,
    data_dir: DataDirOption = None,
) -> None:
    """Download or copy resources into the data directory, checking every checksum.

    Example: neurograph resources install mesh hpo --from ../shared/datasets
    """
    from ..resources import install

    for manifest in install(names, source=source, home=data_dir, force=force, progress=err):
        state = "unchanged" if manifest.get("unchanged") else "installed"
        size = sum(f["size"] for f in manifest["files"].values())
        typer.echo(f"{state}: {manifest['name']} {manifest['version']} ({_size(size)}) from {manifest['source']}")


@resources_app.command("verify")
def resources_verify(
    names: Annotated[Optional[list[str]], typer.Argument(help="Resources to check [default: all installed].")] = None,
    data_dir: DataDirOption = None,
) -> None:
    """Check installed files against the checksums recorded at install time. Exit 1 when one differs.

    Example: neurograph resources verify
    """
    from ..resources import verify

    bad = 0
    for name, problems in verify(names, home=data_dir).items():
        if problems:
            bad += 1
            for problem in problems:
                typer.echo(f"{name}: {problem}")
        else:
            typer.echo(f"{name}: ok")
    if bad:
        raise typer.Exit(1)


@resources_app.command("remove")
def resources_remove(
    names: Annotated[list[str], typer.Argument(help="Resources to delete from the data directory.")],
    data_dir: DataDirOption = None,
) -> None:
    """Delete installed resources.

    Example: neurograph resources remove bc5cdr
    """
    from ..resources import remove

    removed = remove(names, home=data_dir)
    for name in names:
        typer.echo(f"{'removed' if name in removed else 'not installed'}: {name}")
