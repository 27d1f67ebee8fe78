"""Seeded synthetic PubTator corpora for the relation model's tests (Train and Dev written side by side)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Callable


def write_train_dev(folder: Path, document: Callable[[int, random.Random], str], seed: int,
                    train: tuple[int, int], dev: tuple[int, int]) -> tuple[Path, Path]:
    """Write ``train.pubtator`` and ``dev.pubtator`` into ``folder``: ``document(pmid, rng)`` for ``n`` PMIDs
    from each ``(first pmid, n)``, drawn from one generator seeded with ``seed`` (Train first, then Dev)."""
    rng = random.Random(seed)
    paths = folder / "train.pubtator", folder / "dev.pubtator"
    for path, (first, n) in zip(paths, (train, dev)):
        path.write_text("".join(document(first + i, rng) for i in range(n)))
    return paths


def mention_lines(pmid: int, text: str, mentions) -> list[str]:
    """PubTator annotation lines for every occurrence (case folded) in ``text`` of each ``(entity id, name,
    type)`` of ``mentions``, in that order."""
    lines, lowered = [], text.lower()
    for entity, name, kind in mentions:
        start = 0
        while (start := lowered.find(name.lower(), start)) >= 0:
            lines.append(f"{pmid}\t{start}\t{start + len(name)}\t{text[start:start + len(name)]}\t{kind}\t{entity}")
            start += len(name)
    return lines
