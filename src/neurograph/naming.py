"""Display names of entities: one capitalisation rule for every source.

Common nouns and drug and chemical names are written in lower case
("fluoxetine", "vitamin D", "magnesium deficiency"); acronyms and symbols keep
their capitals ("GABA", "NMDA receptor", "CYP3A4", "vitamin B12",
"L-theanine"), and so do proper names: eponyms ("Alzheimer's disease"), places
and peoples ("Mediterranean diet", "Brazil nuts") and genus names
("Lactobacillus rhamnosus"). The curated lexicon is written this way (a test
checks it); vocabulary names are not (DrugBank's "Sertraline", MeSH's
"Selective Serotonin Reuptake Inhibitors"), and :func:`display_name` turns
them into it.

Use it on names of vocabularies written in sentence or title case (DrugBank,
MeSH, HPO); the OBO ontologies that already write names this way (DOID, MONDO,
ChEBI, GO, UBERON, FoodOn) keep their own, since their eponyms ("Fabry
disease") are not all in :data:`PROPER_NOUNS`. Genus names missing from it
are lower-cased.
"""

from __future__ import annotations

import re

__all__ = ["PROPER_NOUNS", "display_name", "name_follows_rule"]

# Capitalised words that stay capitalised: places, peoples, eponyms written
# without "'s", and the genus names of the field (probiotics, herbs).
PROPER_NOUNS = frozenset("""
    St. Western Mediterranean Brazil Nordic Japanese Chinese American European Atlantic
    Alzheimer Parkinson Huntington Tourette Cushing Addison Graves Hashimoto Crohn Wernicke
    Korsakoff Asperger Lewy Raynaud Wilson Menkes Down Lyme Hodgkin Bell Guillain Barre
    Lactobacillus Lacticaseibacillus Lactiplantibacillus Limosilactobacillus Bifidobacterium
    Streptococcus Saccharomyces Escherichia Clostridium Clostridioides Bacteroides Akkermansia
    Faecalibacterium Prevotella Candida Helicobacter Staphylococcus Ginkgo Hypericum Rhodiola
    Withania Bacopa Panax Crocus Curcuma Camellia
""".split())

# A word that is an acronym or symbol: a capital after its first character
# (GABA, SSRIs, MAO-A, 5-HT1A, SAMe), a capital followed by a digit (B12, Q10,
# P450), a single capital (vitamin D, factor X), or a capital locant before a
# hyphen (L-theanine, N-acetylcysteine, C-reactive).
_SYMBOL = re.compile(r".+[A-Z]|[A-Z]\d|[A-Z][-\u2010]|[A-Z]$")
_ELEMENT = re.compile(r"^[A-Z][a-z]?$")                  # Ga 67, Tc 99m: element symbols
_EPONYM = re.compile(r"^[A-Z][a-z]+['\u2019]s$")           # Alzheimer's, John's
_CAPITALISED = re.compile(r"^[A-Z][a-z]+(?:[-'\u2019][a-z]+)*[,;:.]?$")  # Sertraline, Wort,


def _keeps_capital(word: str) -> bool:
    bare = word.strip("(),;:")
    return (bare in PROPER_NOUNS or bare.rstrip(".,") in PROPER_NOUNS or _EPONYM.match(bare) is not None
            or _ELEMENT.match(bare) is not None or _SYMBOL.match(bare) is not None)


def name_follows_rule(name: str) -> bool:
    """True when every capital letter of a name belongs to an acronym, symbol or proper name.

    >>> name_follows_rule("fluoxetine"), name_follows_rule("Sertraline")
    (True, False)
    >>> name_follows_rule("NMDA receptor"), name_follows_rule("Alzheimer's disease")
    (True, True)
    >>> name_follows_rule("vitamin B12"), name_follows_rule("Vitamin D")
    (True, False)
    """
    return all(_keeps_capital(word) for word in name.split() if any(c.isupper() for c in word))


def display_name(name: str) -> str:
    """A vocabulary name written the way the lexicon writes names.

    Capitalised ordinary words are lower-cased; acronyms, symbols and proper
    names are kept.

    >>> display_name("Sertraline")
    'sertraline'
    >>> display_name("Selective Serotonin Reuptake Inhibitors")
    'selective serotonin reuptake inhibitors'
    >>> display_name("St. John's Wort"), display_name("Vitamin B12")
    ("St. John's wort", 'vitamin B12')
    >>> display_name("Lactobacillus reuteri"), display_name("GABA")
    ('Lactobacillus reuteri', 'GABA')
    """
    if name_follows_rule(name):
        return name
    words = name.split(" ")
    for i, word in enumerate(words):
        if _CAPITALISED.match(word) and not _keeps_capital(word):
            words[i] = word[0].lower() + word[1:]
    return " ".join(words)
