"""Evidence grade: who was studied (population) and how (study type), for every evidence record.

* **population**: ``human``, ``animal``, ``in vitro`` or ``unknown``;
* **study type**: ``meta-analysis``, ``randomised trial``, ``clinical trial``
  (not randomised), ``observational``, ``case report``, ``review``,
  ``experimental`` (laboratory work on animals or cells), ``popular article``
  or ``unknown``.

Where they come from, first found wins:

1. an article's PubMed publication types ("Randomized Controlled Trial",
   "Meta-Analysis", "Case Reports", "Review"...) and MeSH headings ("Humans",
   "Animals", "Rats", "Cohort Studies", "Cells, Cultured"...);
2. text cues in the document ("double-blind", "meta-analysis", "in rats",
   "in vitro", "patients"), counted over the whole text;
3. for the population, a cue in the evidence sentence itself overrides the
   document's ("A study in rats found ..." in a review of human studies).

A plain text document (not an article) written to the reader ("you",
"your") is a popular article, whatever studies it cites.

Examples
--------
>>> document_grade("Magnesium in depression", "A double-blind, placebo-controlled trial in 60 patients.")
Grade(population='human', study_type='randomised trial')
>>> document_grade("", "Ketamine reduced immobility in rats.")
Grade(population='animal', study_type='experimental')
>>> document_grade("", "x", publication_types=("Meta-Analysis",), mesh_headings=("Humans",))
Grade(population='human', study_type='meta-analysis')
>>> sentence_population("Magnesium blocked NMDA currents in cultured hippocampal neurons.")
'in vitro'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import compress
from typing import Iterable

from .mentions import _has_case_traps  # the characters that re.I matches to another ASCII letter

POPULATIONS = ("human", "animal", "in vitro", "unknown")
STUDY_TYPES = ("meta-analysis", "randomised trial", "clinical trial", "observational", "case report", "review",
               "experimental", "popular article", "unknown")


@dataclass(frozen=True)
class Grade:
    population: str = "unknown"
    study_type: str = "unknown"


# --- PubMed publication types and MeSH headings -----------------------------------

_TYPE_OF_PUBLICATION = [  # checked in this order: the strongest design an article declares wins
    ("meta-analysis", ("meta-analysis", "systematic review", "network meta-analysis")),
    ("randomised trial", ("randomized controlled trial", "pragmatic clinical trial", "equivalence trial")),
    ("clinical trial", ("clinical trial", "controlled clinical trial", "clinical trial, phase i",
                        "clinical trial, phase ii", "clinical trial, phase iii", "clinical trial, phase iv")),
    ("case report", ("case reports",)),
    ("observational", ("observational study", "multicenter study", "twin study", "validation study")),
    ("review", ("review", "scoping review", "practice guideline", "guideline", "consensus development conference")),
    ("popular article", ("news", "newspaper article", "popular works", "patient education handout")),
]
_OBSERVATIONAL_MESH = {"cohort studies", "case-control studies", "cross-sectional studies", "prospective studies",
                       "retrospective studies", "longitudinal studies", "follow-up studies", "registries",
                       "surveys and questionnaires", "health surveys"}
_ANIMAL_MESH = {"animals", "rats", "mice", "rats, sprague-dawley", "rats, wistar", "mice, inbred c57bl", "mice, knockout",
                "disease models, animal", "rabbits", "dogs", "swine", "macaca mulatta", "zebrafish", "drosophila"}
_IN_VITRO_MESH = {"in vitro techniques", "cells, cultured", "cell line", "cell line, tumor", "hek293 cells",
                  "hela cells", "cell culture techniques"}


def metadata_grade(publication_types: Iterable[str] = (), mesh_headings: Iterable[str] = ()) -> Grade:
    """The grade PubMed's publication types and MeSH headings give ("unknown" where they say nothing).

    >>> metadata_grade(["Journal Article", "Randomized Controlled Trial"], ["Humans", "Adult"])
    Grade(population='human', study_type='randomised trial')
    >>> metadata_grade(["Journal Article"], ["Animals", "Rats", "Humans"])
    Grade(population='unknown', study_type='unknown')
    >>> metadata_grade([], ["Cells, Cultured", "Rats"]).population
    'in vitro'
    """
    types = {t.strip().lower() for t in publication_types}
    mesh = {m.strip().lower() for m in mesh_headings}
    study = next((name for name, names in _TYPE_OF_PUBLICATION if types & set(names)), "unknown")
    if study == "unknown" and mesh & _OBSERVATIONAL_MESH:
        study = "observational"
    human, animal, in_vitro = "humans" in mesh, bool(mesh & _ANIMAL_MESH), bool(mesh & _IN_VITRO_MESH)
    if in_vitro and not human:
        population = "in vitro"  # cultured cells, often taken from animals: the experiment is in vitro
    elif human and not animal:
        population = "human"
    elif animal and not human:
        population = "animal"
    else:
        population = "unknown"  # both or neither: the text decides
    return Grade(population, study)


# --- text cues ----------------------------------------------------------------------

# Cue phrases per class, matched as whole words: the lower-cased text, its punctuation made spaces, is split
# into words once and walked once with dictionary lookups (a dozen regex passes would cost more than
# extraction itself). Cues that need more than words ("a 45-year-old") run only where a substring shows them.
_PHRASES = {
    "meta": "meta-analysis|meta-analyses|metaanalysis|meta analysis|meta-analytic|systematic review|systematic reviews"
            "|systematically reviewed",
    "rct": "randomized|randomised|randomly assigned|randomly allocated|double-blind|double-blinded|double blind"
           "|placebo-controlled|placebo controlled|crossover trial|cross-over trial",
    "case": "case report|case reports|case series",
    "ctrial": "clinical trial|clinical trials|open-label|open label|pilot study|pilot trial|controlled trial"
              "|controlled study",
    "review": "this review|we review|present review|review of the literature|review the literature"
              "|review of the evidence|review of current|we summarize|we summarise",
    "obs": "cohort|cohorts|case-control|cross-sectional|retrospective|retrospectively|prospective study"
           "|prospective cohort|population-based|registry|epidemiology|epidemiological|epidemiologic|survey|surveys"
           "|odds ratio|odds ratios|hazard ratio|hazard ratios|we followed|were followed|follow-up study|matched to"
           "|matched with",
    "animal": "rat|rats|mice|mouse|murine|rodent|rodents|rabbit|rabbits|dog|dogs|canine|cat|cats|feline|pig|pigs"
              "|piglet|piglets|swine|monkey|monkeys|macaque|macaques|primate|primates|zebrafish|drosophila|guinea pig"
              "|guinea pigs|guinea-pig|guinea-pigs|hamster|hamsters|sheep|rhesus|sprague-dawley|sprague dawley|wistar"
              "|c57bl|knockout|knock-out|transgenic|animal model|animal models",
    "vitro": "in vitro|cell line|cell lines|cell culture|cell cultures|primary culture|primary cultures|hek293|hek 293"
             "|hela|sh-sy5y|pc12|slice|slices|oocytes|microsomes|cell model|cell models|cancer cells|tumor cells"
             "|tumour cells|carcinoma cells|endothelial cells|stem cells|cells were treated|cells were exposed"
             "|cells were incubated|cells were transfected|cells treated",
    "human": "patient|patients|outpatients|inpatients|adult|adults|elderly|pregnant|pregnancy|participant|participants"
             "|woman|women|man|men|children|infant|infants|neonate|neonates|adolescent|adolescents|humans|volunteer"
             "|volunteers|clinical",
    "reader": "you|your|you're|yourself",
}
_SINGLE: dict[bytes, str] = {}
_MULTI: dict[bytes, list[tuple[tuple[bytes, ...], str]]] = {}
for _cue, _phrases in _PHRASES.items():
    for _phrase in _phrases.split("|"):
        _first, *_rest = _phrase.encode().split()
        if _rest:
            _MULTI.setdefault(_first, []).append((tuple(_rest), _cue))
        else:
            _SINGLE[_first] = _cue
_NUMBER_WORDS = frozenset(b"two three four five six seven eight nine ten".split())
_REPORT_VERBS = frozenset((b"report", b"describe", b"present"))
_REPORT_ARTICLES = frozenset((b"a", b"an", b"the", b"two", b"three", b"four"))
_REPORTED = frozenset((b"case", b"cases", b"patient", b"patients", b"man", b"woman", b"boy", b"girl", b"child"))
_PHASES = frozenset(b"i ii iii iv 1 2 3 4".split())
_CULTURED = frozenset((b"cells", b"neurons", b"astrocytes", b"cardiomyocytes"))
_CELL_LINE = re.compile(rb"[a-z][a-z0-9]*-?\d+[a-z]*")  # "hct-116", "sw48", "mcf-7" before "cells"
_AGE = re.compile(r"(?:year|month|week|day)[- ]old\b")
_AGE_GATES = ("year-old", "year old", "month-old", "month old", "week-old", "day-old")
_ONE_OF_AGE = re.compile(r"\ba (?:\d+|[a-z]+(?:-[a-z]+)?)[- ]$")  # "a 45-" or "a sixty-" before "year-old"
_SEPARATORS = b"!\"#$%&()*+,./:;<=>?@[\\]^_`{|}~\t\n\r\x0b\x0c"  # ASCII punctuation but - and ', white space
_SPACES = bytes.maketrans(_SEPARATORS, b" " * len(_SEPARATORS))
_HUMAN_SENTENCE = re.compile(r"\b(?:in|among) (?:\w+ ){0,3}(?:patients|humans|adults|children|women|men|participants"
                             r"|volunteers)\b", re.I)
# What any _HUMAN_SENTENCE match holds, lower-cased ("men" is in "women"): most sentences hold none of them, and these
# substring tests cost a tenth of the search. They hold for a text without case traps (mentions._CASE_TRAPS), whose
# lower case has the same letters as re.I sees (see sentence_population).
_HUMAN_WORDS = ("patients", "humans", "adults", "children", "men", "participants", "volunteers")
# Every word the loop of cue_counts acts on: a one-word cue, a phrase's first word, or a word a cue rule starts from.
_CUE_WORDS = frozenset(_SINGLE) | frozenset(_MULTI) | _NUMBER_WORDS | {b"we", b"phase", b"cultured", b"cells"}
# The words an animal or in vitro count needs: a sentence without any names neither population. A phrase is
# known by its last word (unless its first is one of these already): its first ("in" of "in vitro") is in nearly
# every sentence, and let all through.
_LAB_WORDS = frozenset(w for w, cue in _SINGLE.items() if cue in ("animal", "vitro")) | {b"cultured", b"cells"}
_LAB_WORDS |= frozenset(rest[-1] for first, phrases in _MULTI.items() if first not in _LAB_WORDS
                        for rest, cue in phrases if cue in ("animal", "vitro"))


def _words(lowered: str) -> list[bytes]:
    """The words of a lower-cased text as cue_counts reads them: punctuation (but - and ') made spaces."""
    return lowered.encode("utf-8", "replace").translate(_SPACES).split()


_STUDY_OF_CUE = {"meta": "meta-analysis", "rct": "randomised trial", "case": "case report",
                 "ctrial": "clinical trial", "review": "review", "obs": "observational"}
#: How much of a document its text cues are read from (the title and opening say what a text is).
CUE_CHARS = 50_000


def cue_counts(text: str) -> dict[str, int]:
    """How often each cue class occurs in ``text`` (keys: meta, rct, case, ctrial, review, obs, animal,
    vitro, human, reader).

    >>> c = cue_counts("In rats and in HEK-293 cells; you and your rats. A 45-year-old woman.")
    >>> c["animal"], c["vitro"], c["reader"], c["case"], c["human"]
    (2, 1, 2, 1, 2)
    >>> c = cue_counts("We report two patients with mania. A phase II trial in cultured rat neurons.")
    >>> c["case"], c["ctrial"], c["vitro"], c["animal"]
    (2, 1, 1, 1)
    """
    counts = dict.fromkeys(_PHRASES, 0)
    lowered = text.lower()
    words = _words(lowered)
    single, multi = _SINGLE, _MULTI
    # Only the words a cue or a cue rule starts from can count: they are picked out in C, the others never
    # reach this loop.
    for i in compress(range(len(words)), map(_CUE_WORDS.__contains__, words)):
        word = words[i]
        cue = single.get(word)
        if cue is not None:
            counts[cue] += 1
        more = multi.get(word)
        if more is not None:
            for rest, cue in more:
                if tuple(words[i + 1:i + 1 + len(rest)]) == rest:
                    counts[cue] += 1
        if word == b"we":
            if words[i + 1:i + 2] and words[i + 1] in _REPORT_VERBS and words[i + 2:i + 3] \
                    and words[i + 2] in _REPORT_ARTICLES and _REPORTED.intersection(words[i + 3:i + 10]):
                counts["case"] += 1
        elif word in _NUMBER_WORDS:
            if words[i + 1:i + 2] in ([b"cases"], [b"patients"]) and words[i + 2:i + 3] in ([b"of"], [b"with"]):
                counts["case"] += 1
        elif word == b"phase":
            if words[i + 1:i + 2] and words[i + 1] in _PHASES and b"trial" in words[i + 2:i + 6]:
                counts["ctrial"] += 1
        elif word == b"cultured":
            if _CULTURED.intersection(words[i + 1:i + 3]):
                counts["vitro"] += 1
        elif word == b"cells" and i and _CELL_LINE.fullmatch(words[i - 1]):
            counts["vitro"] += 1
    if any(gate in lowered for gate in _AGE_GATES):
        for m in _AGE.finditer(lowered):
            counts["human"] += 1
            if _ONE_OF_AGE.search(lowered, max(0, m.start() - 24), m.start()):
                counts["case"] += 1  # "a 45-year-old ...": one patient described
    return counts


def _study(counts: dict[str, int]) -> str:
    return next((study for cue, study in _STUDY_OF_CUE.items() if counts[cue]), "unknown")


def _population(counts: dict[str, int]) -> str:
    best = max(counts["animal"], counts["vitro"], counts["human"])
    if not best:
        return "unknown"
    # on a tie: animal before in vitro before human (an animal study often speaks of "clinical" relevance)
    return next(name for name, cue in (("animal", "animal"), ("in vitro", "vitro"), ("human", "human"))
                if counts[cue] == best)


def text_study_type(text: str) -> str:
    """The strongest study design a text names ("unknown" when none).

    >>> text_study_type("We report a 45-year-old woman who developed mania."), text_study_type("Mice were fed.")
    ('case report', 'unknown')
    """
    return _study(cue_counts(text))


def text_population(text: str) -> str:
    """The population a text speaks of most ("unknown" when none): counts of human, animal and in vitro cues.

    >>> text_population("Rats received lithium; in rats the effect lasted."), text_population("Nothing here.")
    ('animal', 'unknown')
    """
    return _population(cue_counts(text))


def sentence_population(sentence: str) -> str | None:
    """The population a single sentence names explicitly ("in rats", "in vitro", "in patients"), else None."""
    lowered = sentence.lower()
    if not _LAB_WORDS.isdisjoint(_words(lowered)):  # most sentences name no animal and no cells
        counts = cue_counts(sentence)
        if counts["vitro"]:
            return "in vitro"
        if counts["animal"]:
            return "animal"
    if (any(word in lowered for word in _HUMAN_WORDS) or _has_case_traps(sentence)) \
            and _HUMAN_SENTENCE.search(sentence):
        return "human"
    return None


def document_grade(title: str, text: str, publication_types: Iterable[str] = (), mesh_headings: Iterable[str] = (),
                   article: bool = True) -> Grade:
    """The grade of a document: metadata first, then text cues (see the module docstring).

    ``article`` is False for a plain text document, which may be a popular article.
    """
    meta = metadata_grade(publication_types, mesh_headings)
    counts = cue_counts(f"{title} {text[:CUE_CHARS]}")
    population = meta.population if meta.population != "unknown" else _population(counts)
    if meta.study_type != "unknown":
        study = meta.study_type
    elif not article and counts["reader"] >= 2:
        study = "popular article"  # written to the reader: second-hand, whatever trials it cites
    else:
        study = _study(counts)
        if study == "unknown" and population in ("animal", "in vitro"):
            study = "experimental"
    return Grade(population, study)


def grade_of(doc) -> Grade:
    """The grade of a :class:`~neurograph.documents.Document`."""
    return document_grade(doc.title, doc.text, doc.publication_types, doc.mesh_headings,
                          article=doc.abstract_start >= 0 or bool(doc.publication_types or doc.annotations))


def _graded(ev, population: str, study_type: str):
    """``replace(ev, population=..., study_type=...)`` without its generic machinery (one call per evidence
    record): the records' ``__init__`` only fills the instance dict, so a copy of the dict is the same record."""
    if not hasattr(ev, "__dict__") or getattr(type(ev), "__post_init__", None) is not None:
        return replace(ev, population=population, study_type=study_type)
    new = object.__new__(type(ev))
    values = new.__dict__
    values.update(ev.__dict__)
    values["population"] = population
    values["study_type"] = study_type
    return new


def grade_statements(doc, statements: list) -> list:
    """The statements of one document with every evidence record graded (a sentence's own population
    cue overriding the document's). Statements are changed in place and returned."""
    if not statements:
        return statements
    grade = grade_of(doc)
    populations: dict[tuple[int, int], str] = {}
    for st in statements:
        graded = []
        for ev in st.evidence:
            if ev.doc != doc.id or ev.source != "extracted":
                graded.append(ev)
                continue
            key = (ev.start, ev.end)
            if key not in populations:
                populations[key] = sentence_population(ev.sentence) or grade.population
            graded.append(_graded(ev, populations[key], grade.study_type))
        st.evidence = graded
    return statements
