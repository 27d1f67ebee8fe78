"""Commands that read documents: extract, train, build, evaluate."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import app, DataDirOption, err, out, _progress_bar, _state, _status
from .tables import _table


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    tsv = "tsv"
    table = "table"


# --- commands: extraction and build -----------------------------------------

UseAnnotationsOption = typer.Option(
    "--use-annotations", help="Take the entity mentions of annotated input (PubTator, BioC: e.g. PubTator3 "
                              "output) from its annotations instead of the dictionary.")


def _document_count(files: list[Path]) -> Optional[int]:
    """How many documents the files hold: one per text file; unknown (None) when a file holds articles."""
    if not sys.stderr.isatty():
        return None  # no bar is drawn: no need to look into the files
    from ..extract.readers import TEXT, document_format

    return len(files) if all(document_format(f) == TEXT for f in files) else None


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Document files (.txt, .md, PubMed or BioC XML, BioC JSON, "
                                                     "PubTator) or folders of them.")],
    format: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.jsonl,
    include_negated: Annotated[bool, typer.Option("--negated/--no-negated",
                                                  help="Also print negated statements (they never enter the graph).")] = True,
    use_annotations: Annotated[bool, UseAnnotationsOption] = False,
) -> None:
    """Extract typed, signed statements with evidence from documents, to stdout.

    Example: neurograph extract data/documents/magnesium_ketamine.txt --format table
    """
    import json

    from ..documents import discover
    from ..pipeline import extract_documents

    files = discover(paths)
    bar = _progress_bar(_document_count(files), "extracting")
    if bar:
        bar[0].start()
    try:
        result = extract_documents(files, progress=(lambda _: bar[0].advance(bar[1])) if bar else None,
                                   use_annotations=use_annotations)
    finally:
        if bar:
            bar[0].stop()
    statements = [s for s in result.statements if include_negated or not s.negated]
    if format == ExtractFormat.jsonl:
        for st in statements:
            typer.echo(json.dumps(st.to_record(), ensure_ascii=False))
    elif format == ExtractFormat.tsv:
        out("subject\tpredicate\tobject\tpolarity\tnegated\thedged\tconfidence\tevidence\tdoc\tsentence")
        for st in statements:
            ev = st.evidence[0]
            sentence = " ".join(ev.sentence.split())
            out(f"{st.subject.name}\t{st.predicate}\t{st.object.name}\t{st.polarity}\t{st.negated}\t"
                f"{st.hedged}\t{st.confidence:.2f}\t{len(st.evidence)}\t{ev.doc}\t{sentence}")
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        from ..terminal import terminal_safe

        shown_negated = sum(1 for s in statements if s.negated)
        table = Table(title=f"{len(statements) - shown_negated} statements ({shown_negated} negated) "
                            f"from {len(result.documents)} documents")
        for column in ("subject", "relationship", "object", "sign", "conf.", "flags", "evidence"):
            table.add_column(column, overflow="fold")
        for st in statements:
            ev = st.evidence[0]
            flags = ",".join(f for f, on in (("hedged", st.hedged), ("NEGATED", st.negated)) if on)
            more = f" (+{len(st.evidence) - 1} more)" if len(st.evidence) > 1 else ""
            cells = (st.subject.name, st.predicate, st.object.name, {1: "+", -1: "−", 0: "·"}[st.polarity],
                     f"{st.confidence:.2f}", flags, f"[{ev.doc}] {' '.join(ev.sentence.split())}{more}")
            table.add_row(*(Text(terminal_safe(c)) for c in cells))  # Text: no rich markup from documents
        # Redirected to a file, rich would draw at 80 columns and fold headers and evidence to slivers.
        wide = None if sys.stdout.isatty() else 200
        Console(soft_wrap=False, width=wide).print(table)
    negated = sum(1 for s in result.statements if s.negated)
    err(f"{len(result.statements) - negated} statements ({negated} negated) from {len(result.documents)} documents, "
        f"{len(result.mentions)} entity mentions")


class _BuildProgress:
    """A rich progress bar on stderr for ``pipeline.build``: documents per second and, once the total is known,
    time left. Nothing when stderr is not a terminal."""

    def __init__(self):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                                   TimeRemainingColumn)
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task):
                return Text(f"{task.speed:,.0f} docs/s" if task.speed else "", style="progress.data.speed")

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), Rate(),
                                 TimeRemainingColumn(), console=Console(stderr=True), transient=True)
        self.tasks: dict[str, object] = {}

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        task = self.tasks.get(stage)
        if task is None:
            for other in self.tasks.values():  # one stage at a time: the last one is finished
                self.progress.stop_task(other)
            task = self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(task, completed=done, total=total)

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc):
        self.progress.stop()


@app.command("train")
def train_command(
    corpus: Annotated[Optional[list[Path]], typer.Option(
        "--corpus", help="A PubTator training file (repeat for several) [default: the installed BioRED Train "
                         "and BC5CDR Training].")] = None,
    dev: Annotated[Optional[list[Path]], typer.Option(
        "--dev", help="A PubTator Dev file to score the model on (never trained on) [default: the installed "
                      "Dev splits].")] = None,
    cid: Annotated[bool, typer.Option("--cid/--no-cid", help="Score the --dev files as BC5CDR chemical-induced "
                                                             "disease (chemical-to-disease, not negative).")] = False,
    dictionary: Annotated[bool, typer.Option("--dictionary/--no-dictionary", help="Choose the decision thresholds "
                          "on the training corpora extracted with the dictionary, or on their own mentions.")] = True,
    data_dir: DataDirOption = None,
) -> None:
    """Train the relation model beside the rules and cache it (JSON) in the data directory.

    Example: neurograph train --corpus Train.PubTator --dev Dev.PubTator
    """
    from ..extract.training import train

    path, model = train(corpus or None, [(p, cid) for p in dev] if dev else None, home=data_dir, progress=err,
                        dictionary=dictionary)
    for d in model.provenance.get("dev", []):
        signs = f", sign agreement {d['sign_agreement']}" if d["sign_agreement"] is not None else ""
        err(f"{d['file']}{' (CID)' if d['cid'] else ''}: pair P {d['precision']:.3f} R {d['recall']:.3f} "
            f"F1 {d['f1']:.3f}{signs}, Brier {d['brier']}")
    typer.echo(f"relation model: {model.provenance['features']} features from {model.provenance['candidates']} "
               f"candidates in {model.provenance['seconds']} s -> {path}")


@app.command()
def build(
    paths: Annotated[Optional[list[Path]], typer.Argument(
        help="Document files or folders [default: the project's data/documents].")] = None,
    data_dir: DataDirOption = None,
    force: Annotated[bool, typer.Option("--force", help="Extract every document again and rebuild, even if no "
                                                        "input changed.")] = False,
    use_annotations: Annotated[bool, UseAnnotationsOption] = False,
    workers: Annotated[Optional[int], typer.Option(
        "--workers", "-j", min=1, help="Extraction processes [default: every core].")] = None,
    dask: Annotated[Optional[str], typer.Option(
        "--dask", metavar="ADDRESS",
        help="Extract on a Dask cluster: its scheduler's address, e.g. tcp://10.0.0.5:8786.")] = None,
    curated_only: Annotated[bool, typer.Option(
        "--curated-only", help="Use the curated lexicon alone, without the installed vocabularies "
                               "(`neurograph resources install`).")] = False,
    with_sources: Annotated[Optional[list[str]], typer.Option(
        "--with", help="Merge a curated graph into the document graph by identifier (repeatable): hetionet "
                       "(install it with `neurograph resources install hetionet`).")] = None,
) -> None:
    """Build the graph from documents into the data directory, extracting only new or edited documents.

    Extractions are cached per document in the data directory; later commands (load, cypher, path, view,
    export) use the last build.

    Example: neurograph build data/documents my_papers/ --data-dir ./ng-home --workers 4
    """
    import contextlib
    import gc
    from collections import Counter

    from ..pipeline import build as run_build

    bar = _BuildProgress() if sys.stderr.isatty() else None
    # No cyclic collection in the short-lived program: the build pauses it for its work anyway, and turning
    # it back on at the end would scan the whole new graph once (0.2 s on 10,000 documents) just before exit.
    # A caller in the same process (a test, a notebook) keeps its collector.
    if _state["exits"]:
        gc.disable()
    with bar or contextlib.nullcontext():
        result = run_build(paths or None, home=data_dir, force=force, workers=workers, dask=dask, progress=bar,
                           use_annotations=use_annotations, vocab=not curated_only, with_sources=with_sources or ())
    G = result.graph
    statements = result.statement_edges
    if statements is None:  # a build record without the count: the graph's own dicts, not its edge views
        statements = sum(1 for nbrs in G._succ.values() for keys in nbrs.values() for d in keys.values()
                         if d.get("kind") == "statement")
    kinds = Counter(d.get("kind") for d in G._node.values())
    entities, documents = kinds["entity"], kinds["document"]
    state = "built" if result.rebuilt else "up to date (no input changed)"
    typer.echo(f"graph {state}: {entities} entities, {statements} relationships, {documents} documents")
    typer.echo(f"data directory: {result.home}")
    if result.rebuilt:
        err(f"{result.extracted} of {documents} documents extracted, the rest from the cache"
            + (f"; {result.removed} removed" if result.removed else ""))
        for report in result.merged:
            for line in report.lines():
                err(line)
        triage = G.graph.get("triage") or {}
        if triage:
            err("claims against curated knowledge: " + ", ".join(f"{n} {label}" for label, n in sorted(triage.items())))
    if _state["exits"]:
        _left_to_exit(result, G)


def _left_to_exit(*objects) -> None:
    """Leave the command's big structures (a graph of millions of objects) to the OS at exit.

    Freeing them one by one at interpreter teardown takes most of a second for 10,000 documents. They are
    put in a cycle that only the cyclic collector could free, then frozen, which it never visits. Files and
    sqlite connections are closed before this (by their ``with`` blocks); only memory is left.
    """
    import gc

    holder: list = [*objects]
    holder.append(holder)
    del holder
    gc.freeze()


class EvaluateFormat(str, Enum):
    table = "table"
    json = "json"


class Baseline(str, Enum):
    cooccurrence = "cooccurrence"


@app.command("evaluate")
def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="A PubTator file with gold mentions and relations "
                                              "(BioRED, BC5CDR, your own).")],
    format: Annotated[EvaluateFormat, typer.Option("--format", "-f", help="Output format.")] = EvaluateFormat.table,
    baseline: Annotated[Optional[Baseline], typer.Option(
        "--baseline", help="Score a baseline instead of extraction: cooccurrence pairs every two gold "
                           "entities in a sentence whose types a relation can link.")] = None,
    use_annotations: Annotated[bool, typer.Option(
        "--use-annotations", help="Extract with the gold mentions instead of the dictionary "
                                  "(relations only, free of recognition errors).")] = False,
) -> None:
    """Score extraction on an annotated corpus: mention P/R/F1 per kind, relation pair P/R/F1, sign agreement.

    Example: neurograph evaluate BioRED/Dev.PubTator --format json
    """
    import json

    from ..extract.evaluate import evaluate, iter_report_rows

    with _status(f"evaluating on {gold}"):
        report = evaluate(gold, baseline=baseline.value if baseline else None, use_annotations=use_annotations)
    if format == EvaluateFormat.json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
        return
    rows = [list(r) for r in iter_report_rows(report)]
    typer.echo(_table(f"{report.method} on {gold.name}: {report.documents} documents, relation types "
                      f"{', '.join(report.relation_types) or 'none'}",
                      ["measure", "P", "R", "F1", "TP/FP/FN", "note"], rows))
