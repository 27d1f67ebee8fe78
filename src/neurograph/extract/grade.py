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

A plain text document (not an article) with no study cue and written to the
reader ("you", "your") is a popular article.

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
from typing import Iterable

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

_STUDY_CUES = [  # in order: the strongest design the text names wins
    ("meta-analysis", re.compile(r"\bmeta-?analys[ie]s\b|\bsystematic(?:ally)? review", re.I)),
    ("randomised trial", re.compile(r"\brandomi[sz]ed\b|\brandomly (?:assigned|allocated)\b|\bdouble[- ]blind"
                                    r"|\bplacebo[- ]controlled\b|\bcross-?over trial\b", re.I)),
    ("case report", re.compile(r"\bcase reports?\b|\bcase series\b"
                               r"|\bwe (?:report|describe|present) (?:a|an|the|two|three|four)\b"
                               r"[^.]{0,40}\b(?:case|patient|man|woman|boy|girl|child)"
                               r"|\ba (?:\d+|[a-z]+(?:-[a-z]+)?)[- ](?:year|month|week|day)[- ]old\b"
                               r"|\b(?:two|three|four|five|six|seven|eight|nine|ten) (?:cases|patients) (?:of|with)\b",
                               re.I)),
    ("clinical trial", re.compile(r"\b(?:clinical|open[- ]label|pilot|controlled) (?:trial|study)\b|\bphase (?:i|ii|iii|iv|1|2|3|4)\b"
                                  r"[^.]{0,20}\btrial", re.I)),
    ("review", re.compile(r"\b(?:this|we|the present) review\b|\bin this review\b|\breview (?:of|the) (?:the )?"
                          r"(?:literature|evidence|current)\b|\bwe (?:summari[sz]e|review)\b", re.I)),
    ("observational", re.compile(r"\bcohort\b|\bcase-control\b|\bcross-sectional\b|\bretrospective(?:ly)?\b"
                                 r"|\bprospective (?:study|cohort)\b|\bpopulation-based\b|\bregistry\b"
                                 r"|\bepidemiolog|\bsurvey\b|\bodds ratios?\b|\bhazard ratios?\b"
                                 r"|\bwe followed\b|\bwere followed\b|\bfollow-up study\b|\bmatched (?:to|with)\b", re.I)),
]
_ANIMAL = re.compile(r"\b(?:rats?|mice|mouse|murine|rodents?|rabbits?|dogs?|canine|cats?|feline|pigs?|piglets?|swine"
                     r"|monkeys?|macaques?|primates?|zebrafish|drosophila|guinea[- ]pigs?|hamsters?|sheep|rhesus"
                     r"|sprague[- ]dawley|wistar|c57bl|knock-?out|transgenic|animal models?)\b", re.I)
_IN_VITRO = re.compile(r"\bin vitro\b|\bcell lines?\b|\bcultured (?:\w+ )?(?:cells|neurons|astrocytes|cardiomyocytes)\b"
                       r"|\bcell cultures?\b|\bprimary cultures?\b|\bhek ?293|\bhela\b|\bsh-sy5y\b|\bpc12\b"
                       r"|\bslices?\b|\bxenopus oocytes?\b|\bmicrosomes?\b|\bcell models?\b"
                       r"|\bcells (?:were )?(?:treated|exposed|incubated|transfected)\b"
                       r"|\b(?:cancer|tumou?r|carcinoma|endothelial|stem) cells\b", re.I)
_CELL_LINE = re.compile(r"\b[A-Z][A-Z0-9]+-?\d+[A-Za-z]* cells\b")  # "HCT-116 cells", "SW48 cells" (case kept)
_HUMAN = re.compile(r"\b(?:out|in)?patients?\b|\badults?\b|\belderly\b|\bpregnan(?:t|cy)\b|\bhealthy (?:volunteers?|subjects|adults|controls|individuals)\b|\bparticipants?\b"
                    r"|\bwom[ae]n\b|\bm[ae]n\b|\bchildren\b|\binfants?\b|\bneonates?\b|\badolescents?\b|\bhumans\b"
                    r"|\bvolunteers?\b|\bclinical\b|\byear[- ]old\b", re.I)
_READER = re.compile(r"\byou(?:r|'re|rself)?\b", re.I)


def text_study_type(text: str) -> str:
    """The strongest study design a text names ("unknown" when none).

    >>> text_study_type("We report a 45-year-old woman who developed mania."), text_study_type("Mice were fed.")
    ('case report', 'unknown')
    """
    return next((name for name, cue in _STUDY_CUES if cue.search(text)), "unknown")


def text_population(text: str) -> str:
    """The population a text speaks of most ("unknown" when none): counts of human, animal and in vitro cues.

    >>> text_population("Rats received lithium; in rats the effect lasted."), text_population("Nothing here.")
    ('animal', 'unknown')
    """
    counts = {"animal": len(_ANIMAL.findall(text)), "in vitro": len(_IN_VITRO.findall(text)) + len(_CELL_LINE.findall(text)),
              "human": len(_HUMAN.findall(text))}
    best = max(counts.values())
    if not best:
        return "unknown"
    # on a tie: animal before in vitro before human (an animal study often speaks of "clinical" relevance)
    return next(name for name in ("animal", "in vitro", "human") if counts[name] == best)


def sentence_population(sentence: str) -> str | None:
    """The population a single sentence names explicitly ("in rats", "in vitro", "in patients"), else None."""
    if _IN_VITRO.search(sentence) or _CELL_LINE.search(sentence):
        return "in vitro"
    if _ANIMAL.search(sentence):
        return "animal"
    if re.search(r"\b(?:in|among) (?:\w+ ){0,3}(?:patients|humans|adults|children|women|men|participants|volunteers)\b",
                 sentence, re.I):
        return "human"
    return None


def document_grade(title: str, text: str, publication_types: Iterable[str] = (), mesh_headings: Iterable[str] = (),
                   article: bool = True) -> Grade:
    """The grade of a document: metadata first, then text cues (see the module docstring).

    ``article`` is False for a plain text document, which may be a popular article.
    """
    meta = metadata_grade(publication_types, mesh_headings)
    whole = f"{title} {text}"
    study = meta.study_type if meta.study_type != "unknown" else text_study_type(whole)
    population = meta.population if meta.population != "unknown" else text_population(whole)
    if study == "unknown":
        if not article and len(_READER.findall(text)) >= 2:
            study = "popular article"
        elif population in ("animal", "in vitro"):
            study = "experimental"
    return Grade(population, study)


def grade_of(doc) -> Grade:
    """The grade of a :class:`~neurograph.documents.Document`."""
    return document_grade(doc.title, doc.text, doc.publication_types, doc.mesh_headings,
                          article=doc.abstract_start >= 0 or bool(doc.publication_types or doc.annotations))


def grade_statements(doc, statements: list) -> list:
    """The statements of one document with every evidence record graded (a sentence's own population
    cue overriding the document's). Statements are changed in place and returned."""
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
            graded.append(replace(ev, population=populations[key], study_type=grade.study_type))
        st.evidence = graded
    return statements
