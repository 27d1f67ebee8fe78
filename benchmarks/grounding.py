"""Grounding benchmark: the share of corpus-graph entities with a real ontology id.

Builds the graph of the sample corpus (``data/documents``) in a temporary data
directory and prints how many entity nodes carry a real ontology id (any
prefix but the local ``NG:``), by id prefix, and the remaining ``NG:`` ids by
category. Target (issue 11): at least 90% real ids.

Usage::

    .venv/bin/python benchmarks/grounding.py          # figures and NG ids
    .venv/bin/python benchmarks/grounding.py --json   # figures as JSON
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter, defaultdict

TARGET = 0.90


def grounding(G) -> dict:
    """Counts of the entity nodes of a graph by id prefix, and its local ids by category."""
    prefixes: Counter = Counter()
    local: dict[str, list[str]] = defaultdict(list)
    for node, data in G.nodes(data=True):
        if data.get("kind") != "entity":
            continue
        prefix = node.split(":", 1)[0]
        prefixes[prefix] += 1
        if prefix == "NG":
            local[data.get("category", "")].append(f"{node} ({data.get('name', '')})")
    total = sum(prefixes.values())
    grounded = total - prefixes["NG"]
    return {"entities": total, "grounded": grounded, "share": grounded / total if total else 0.0,
            "prefixes": dict(prefixes.most_common()),
            "local": {c: sorted(ids) for c, ids in sorted(local.items())}}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    from neurograph.pipeline import build

    with tempfile.TemporaryDirectory(prefix="neurograph-grounding-") as home:
        result = build(home=home, force=True)
        figures = grounding(result.graph)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"entity nodes: {figures['entities']}; real ontology id: {figures['grounded']} "
          f"({figures['share']:.1%}, target >= {TARGET:.0%})")
    print("by prefix: " + ", ".join(f"{p} {n}" for p, n in figures["prefixes"].items()))
    for category, ids in figures["local"].items():
        print(f"NG {category} ({len(ids)}): " + ", ".join(ids))


if __name__ == "__main__":
    main()
