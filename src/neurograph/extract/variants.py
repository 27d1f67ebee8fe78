"""Sequence variants named in a text ("c.73G>A", "V600E", "p.Glu104X", "rs4810424", "657del5"), for the relation model.

No vocabulary lists variants: they are written in a nomenclature (HGVS,
dbSNP ids, the short protein notation), so they are found by their shape. A
variant becomes an entity of category ``Gene`` and kind ``variant`` (as BioRED
and PubTator call them) whose id is made from its own text, ``variant:`` and
the text without white space, upper-cased: the same variant gets the same id
in every document and every worker, with no registry, and the prefix says
that it is no ontology id (see docs/lexicon.md).

Only the relation model pairs them (:func:`neurograph.extract.model.document_statements`);
the rules, written for named substances, do not.

Examples
--------
>>> text = "The BRAF V600E mutation and rs4810424 (c.73G>A) were linked to p.Glu104X carriers."
>>> [(m.text, m.id) for m in variant_mentions(text, [(0, len(text))])]
[('V600E', 'variant:V600E'), ('rs4810424', 'variant:RS4810424'), ('c.73G>A', 'variant:C.73G>A'), ('p.Glu104X', 'variant:P.GLU104X')]
>>> variant_mentions("Adenosine A2A receptors and E2F in 2005.", [(0, 40)])
[]
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .candidates import EntityMention

PREFIX = "variant:"
CATEGORY = "Gene"
KIND = "variant"
_AA3 = "Ala|Arg|Asn|Asp|Cys|Gln|Glu|Gly|His|Ile|Leu|Lys|Met|Phe|Pro|Ser|Thr|Trp|Tyr|Val"
_AA1 = "ACDEFGHIKLMNPQRSTVWY"
# The lookahead holds what each shape starts with (a digit, a sign, a capital, "rs", "c.", "del"...): most
# word starts are turned down before the alternatives are tried (the same matches, in 0.6 of the time).
_VARIANT = re.compile(
    r"(?<![\w.>-])(?=[\dA-Z+-]|rs|[cgmnpr]\.|[Dd]el)(?:"
    r"rs\d{3,}"  # dbSNP
    r"|[cgmnr]\.\s?[*-]?\d+(?:[+-]\d+)?(?:_[*-]?\d+(?:[+-]\d+)?)?\s?"  # HGVS DNA/RNA: c.73G>A, c.2554+1G>T, c.549delC
    r"(?:[ACGTacgu]\s?>\s?[ACGTacgu]|del[ACGT]*\d*|ins[ACGT]+|dup[ACGT]*|delins[ACGT]+)"
    rf"|p\.\s?\(?(?:{_AA3}|[{_AA1}])\d+(?:{_AA3}|[{_AA1}X*]|Ter|fs(?:X|Ter|\*)?\d*)[A-Za-z]*\d*\)?"  # HGVS protein
    rf"|(?:{_AA3})\d{{1,5}}(?:{_AA3}|Ter|X|\*)"  # Glu104X, Arg150Pro
    rf"|[{_AA1}]\d{{2,5}}(?:[{_AA1}X]|fs)"  # V600E, R140Q, Q536X, Y329fs
    r"|\d{2,5}(?:del|ins|dup)[ACGT]*\d*"  # 657del5, 222insT
    r"|-?\d{2,5}\s?[ACGT]\s?>\s?[ACGT]"  # -308G>A
    r"|[+-]\d{1,5}\s?[ACGT]\s?(?:/|->|>)\s?[ACGT]"  # +25 G->A, -521 C/T
    r"|\d{2,5}[ACGT]/[ACGT]"  # 1858C/T
    r"|-\d{2,5}[ACGT]{1,2}"  # -1021T, -31TT (promoter positions)
    r"|[ACGT]-\d{2,5}[ACGT]"  # G-395A
    rf"|(?:{_AA3})\s?\d{{1,5}}\s(?:{_AA3})"  # Cys 23 Ser
    r"|[Dd]elta\d{2,5}"  # Delta32
    r"|IVS\d{1,3}\s?[+-]\s?\d{1,4}\s?[ACGT]\s?>\s?[ACGT]"  # IVS3+1G>A
    r"|\d{2,5}_\d{2,5}(?:del|ins|dup)[ACGT]*"  # 217_218insC
    r"|del\d{2,5}[ACGT]"  # del642T
    r")(?![\w>]|\.\d)")


def variant_id(text: str) -> str:
    """The id of a variant named ``text``: ``variant:`` and the text without white space, upper-cased.

    >>> variant_id("c.73 G>A"), variant_id("c.73g>a")
    ('variant:C.73G>A', 'variant:C.73G>A')
    """
    return PREFIX + "".join(text.split()).upper()


def variant_mentions(text: str, sentences, taken=()) -> list[EntityMention]:
    """The variants of ``text`` as relation-model mentions, in order; ``sentences`` are ``(start, end)`` pairs or
    ``Sentence`` records, and spans overlapping ``taken`` (``(start, end)`` of other mentions) are left out."""
    starts = [s[0] if isinstance(s, tuple) else s.start for s in sentences]
    taken = sorted(taken)
    out = []
    for m in _matches(text):
        start, end = m.span()
        si = bisect_right(starts, start) - 1
        if si < 0 or any(s < end and start < e for s, e in taken):
            continue
        out.append(EntityMention(variant_id(m.group()), CATEGORY, start, end, si, m.group(), KIND))
    return out


_DIGIT = re.compile(r"\d")
_REACH = 7  # every shape has a digit at most this many characters after its start ("p. (Arg12": the eighth)


def _matches(text: str):
    """``_VARIANT.finditer(text)``, trying the pattern only where a match can start: at most :data:`_REACH`
    characters before a digit (far fewer places than every position, in prose: four times faster on the
    project's documents; a text dense with numbers, as many abstracts are, is searched as a whole).

    >>> [m.group() for m in _matches("BRAF V600E and rs4810424, not RS.")]
    ['V600E', 'rs4810424']
    """
    if sum(map(text.count, "0123456789")) * 60 >= len(text):
        yield from _VARIANT.finditer(text)
        return
    last = 0  # where the last match ended: matches do not overlap
    tried = 0  # positions below this were tried already
    match = _VARIANT.match
    for digit in _DIGIT.finditer(text):
        d = digit.start()
        for p in range(max(d - _REACH, tried, last), d + 1):
            if p < last:
                continue
            m = match(text, p)
            if m is not None:
                last = m.end()
                yield m
        tried = d + 1


def with_variants(text: str, sentences, records: list[EntityMention]) -> list[EntityMention]:
    """``records`` (sorted by start) and the variants of ``text`` that overlap none of them, sorted by start."""
    found = variant_mentions(text, sentences, [(m.start, m.end) for m in records])
    return sorted(records + found, key=lambda m: (m.start, m.end)) if found else records
