"""The lexicon: which entities neurograph knows, and how to find them in text.

The curated lexicon (``data/lexicon.tsv``) lists every entity of the sample
corpus with a CURIE, a schema category, synonyms, cross-references and parent
classes. Two open vocabularies widen it so that documents added later are
understood too: DrugBank's open vocabulary (drugs) and the Disease Ontology
(disorders). Curated entries win: a vocabulary entry whose id is a curated
entry's id or xref merges into it.

:func:`load_lexicon` reads and validates it; :meth:`Lexicon.resolve` looks a
name up the way a user types it on the command line; :meth:`Lexicon.matcher`
gives a :class:`Matcher` that finds entity mentions in text with exact
character offsets (token trie, longest match wins, left to right);
:func:`find_abbreviations` reads abbreviations a document defines.

Examples
--------
>>> lex = load_lexicon(vocab=False)
>>> lex.entities["CHEBI:18420"].name
'magnesium'
>>> [e.id for e in lex.resolve("Mg2+")]
['CHEBI:18420']
>>> m = lex.matcher()
>>> [(x.text, x.entity_id) for x in m.find("Magnesium blocks NMDA receptors.")]
[('Magnesium', 'CHEBI:18420'), ('NMDA receptors', 'FPLX:NMDA_receptor')]
"""

from __future__ import annotations

import bisect
import csv
import difflib
import hashlib
import json
import os
import re
from dataclasses import dataclass
from itertools import accumulate, compress
from pathlib import Path
from typing import Iterable

from .private_files import UnsafePathError, atomic_write, private_dir, read_cache_bytes
from .errors import SchemaError
from .records import Entity, collector_paused, quick_init

__all__ = [
    "Lexicon",
    "Match",
    "Matcher",
    "find_abbreviations",
    "load_lexicon",
    "normalize_name",
    "vocab_dir",
]

# Bump when the cached structure or the matching rules change.
_CACHE_VERSION = 6

_COLUMNS = ("id", "name", "category", "synonyms", "xrefs", "parents")
_CURIE = re.compile(r"^[A-Za-z][A-Za-z0-9_.]*:[^\s|]+$")
_MULTI = " | "
_IGNORE = "#!ignore"  # lexicon line listing phrases that are not mentions
_END = ""  # trie key of the terminal record: tokens are never empty (a NUL character is one)
_IGNORED = ""  # entity id of an ignored phrase: consumed by the matcher, never reported

# Tokens: letter runs, digit runs, and single punctuation characters. Hyphens,
# slashes and whitespace separate tokens without being tokens, so that
# "N-methyl-D-aspartate", "N methyl D aspartate" and "alpha-7"/"alpha 7" are
# the same token sequence, while "." or "(" breaks a match.
_TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\w\s\-/]")
_SPLIT = re.compile(r"([^\W\d_]+|\d+|[^\w\s\-/])")
_SPLIT_ASCII = re.compile(r"([a-zA-Z]+|[0-9]+|[^a-zA-Z0-9_\s\-/])")  # same tokens, faster
_ASCII_BYTES = bytes(range(128))
_split_patterns: dict[str, re.Pattern] = {}


def _non_ascii(text: str) -> str:
    """The non-ASCII characters of ``text`` (found by byte operations, each a C loop)."""
    return text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


def _split_pattern(text: str) -> re.Pattern:
    """A regex splitting ``text`` exactly as ``_SPLIT`` does, but faster.

    ``_SPLIT`` asks the Unicode tables about every character; naming the
    ASCII classes as ranges, plus the few non-ASCII letters and digits the
    text holds, gives the same tokens for this text at a third less cost.
    """
    if text.isascii():
        return _SPLIT_ASCII
    words = "".join(sorted(c for c in set(_non_ascii(text)) if c.isalnum()))
    if not words:
        return _SPLIT_ASCII  # only non-ASCII punctuation and spaces: classed alike by both
    pattern = _split_patterns.get(words)
    if pattern is None:
        letters = re.escape("".join(c for c in words if not c.isdecimal()))
        digits = re.escape("".join(c for c in words if c.isdecimal()))
        pattern = re.compile(f"([a-zA-Z{letters}]+|[0-9{digits}]+|[^a-zA-Z0-9_{letters}{digits}\\s\\-/])")
        if len(_split_patterns) >= 256:
            _split_patterns.clear()
        _split_patterns[words] = pattern
    return pattern


# One-to-one character folds (offsets stay exact): curly quotes, dashes,
# superscripts (Mg²⁺), non-breaking spaces.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00b9": "1", "\u00b2": "2", "\u00b3": "3", "\u2070": "0", "\u2074": "4", "\u2075": "5",
    "\u2076": "6", "\u2077": "7", "\u2078": "8", "\u2079": "9", "\u207a": "+", "\u207b": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})
_FOLD_PAIRS = tuple((chr(c), r) for c, r in _FOLD.items())


def _fold(text: str) -> str:
    """``text`` with the one-to-one folds applied.

    One ``str.replace`` per fold character the text holds: C loops, where a
    regex substitution tests every character against a class.
    """
    if text.isascii():
        return text
    present = set(_non_ascii(text))
    for char, replacement in _FOLD_PAIRS:
        if char in present:
            text = text.replace(char, replacement)
    return text


# Vocabulary terms that must never produce a match on their own: ordinary
# English words that also name a drug or a disease in DrugBank or the Disease
# Ontology, and generic heads. Curated lexicon entries are not filtered.
_VOCAB_STOPWORDS = frozenset("""
disease diseases syndrome syndromes disorder disorders condition conditions infection injury
cancer tumor tumour neoplasm lesion pain water salt sugar oxygen air alcohol iron gold silver
copper lead tin zinc carbon nitrogen hydrogen helium argon sulfur sulphur
acid base fluid gas oil milk honey coffee tea wine beer bread rice corn wheat soy
energy light heat cold fever shock stress trauma depression anxiety fatigue
mental health chronic acute major minor normal common primary secondary
balance control support release protein factor complex system cell cells blood serum
plasma bone skin hair heart liver lung kidney brain muscle nerve eye ear tooth
sleep mood insomnia pain headache allergy allergies obesity addiction
tablet tablets capsule capsules solution injection cream gel powder drops spray
vitamin vitamins mineral minerals nutrient nutrients supplement supplements
amino amine ester esters salt salts ion ions cation anion
glucose sucrose fructose lactose starch fiber fibre protein proteins lipid lipids
caffeine nicotine
ecstasy speed crack ice snow coke grass weed pot dope smack horse
beam bore capture cascade cosmos date dimension dish dump foxy gist inspire mate monitor patrol pent
same titan whims crabs amber pearl perch smelt sage turkey duck goose lamb rabbit snail squash thrush
hops clove chalk cotton rayon olive camp ether pumice sublimate
dementia stroke seizure seizures epilepsy asthma arthritis
""".split())

# Last words of names of entities that are a state or use of another entity.
_HEAD_MODIFIERS = {
    "supplementation": "supplementation", "supplement": "supplementation", "supplements": "supplementation",
    "imbalance": "imbalance", "imbalances": "imbalance", "balance": "balance", "homeostasis": "balance",
    "deficiency": "deficiency", "excess": "excess", "therapy": "supplementation",
}

_FUNCTION_WORDS = frozenset("""
a an the in on at of to for and or by with as is it its be are was were this that these those
from into not no but if than then so well all any some such via per
""".split())


# --- records ----------------------------------------------------------------


@quick_init
@dataclass(frozen=True)
class Match:
    """A mention of an entity: ``text == document[start:end]``.

    >>> Match(0, 9, "CHEBI:18420", "magnesium").end
    9
    """

    start: int
    end: int
    entity_id: str
    text: str


# --- normalisation ------------------------------------------------------------


def _tokens(term: str) -> list[str]:
    """The folded tokens of a term, in their written case."""
    return _TOKEN.findall(_fold(term))


def normalize_name(name: str) -> str:
    """The lookup key of a name: lower-case tokens joined by single spaces.

    >>> normalize_name("N-methyl-D-aspartate  Receptor")
    'n methyl d aspartate receptor'
    >>> normalize_name("Mg²⁺")
    'mg 2 +'
    """
    return " ".join(t.lower() for t in _tokens(name))


def _singulars(token: str) -> list[str]:
    """Candidate singulars of a lower-case token ("receptors", "ssris", "therapies")."""
    if len(token) <= 3 or token[-1] != "s" or token.endswith("ss") or not token.isalpha():
        return []
    out = [token[:-1]]
    if token.endswith("es"):
        out.append(token[:-2])
        if token.endswith("ies"):
            out.append(token[:-3] + "y")
    return out


def _is_exact(token: str, single: bool) -> bool:
    """Whether a term token must match case-sensitively.

    Abbreviations (an upper-case letter after the first: GABA, NMDA, SSRIs,
    ADHD) always; short capitalised tokens (Mg, Na, K, DA) when they are the
    term's only word, so that "mg" (milligram) or "k" do not match.
    """
    if not token[0].isalpha():
        return False
    if any(c.isupper() for c in token[1:]):
        return True
    return single and token[0].isupper() and len(token) <= 3


def _compile_term(term: str) -> tuple[tuple[str, ...], tuple[tuple[int, str], ...], bool] | None:
    """(lower-case tokens, exact-case checks, plural allowed) for a term, or None if empty."""
    toks = _tokens(term)
    if not toks:
        return None
    words = [t for t in toks if t[0].isalpha()]
    single = len(words) == 1
    checks = tuple((i, t) for i, t in enumerate(toks) if _is_exact(t, single))
    last = toks[-1]
    plural = last.isalpha() and (len(last) >= 3 or any(i == len(toks) - 1 for i, _ in checks))
    return tuple(t.lower() for t in toks), checks, plural


# --- vocabularies -------------------------------------------------------------

_DRUGBANK_FILE = "drugbank_open_vocabulary.csv"


def vocab_dir() -> Path | None:
    """The local mirror of the vocabularies, or None when there is none.

    ``NEUROGRAPH_VOCAB`` wins (a folder of vocabulary files, used as they
    are: a developer's override); otherwise ``shared/datasets/vocab`` beside
    the source checkout. Loading uses the installed resources
    (:func:`vocabulary_files`); this folder is only their default source.
    """
    env = os.environ.get("NEUROGRAPH_VOCAB")
    if env:
        path = Path(env).expanduser()
        return path if path.is_dir() else None
    from .resources import default_source

    mirror = default_source()
    path = mirror / "vocab" if mirror is not None else None
    return path if path is not None and path.is_dir() else None


TRAINING = (("biored", "Train.PubTator"), ("bc5cdr", "CDR_TrainingSet.PubTator.txt"))


def training_files(home: str | os.PathLike | None = None) -> list[Path]:
    """The installed Train splits (BioRED, BC5CDR) that measure vocabulary terms; empty when none."""
    from .resources import ResourceError, resource_path

    out = []
    for name, file in TRAINING:
        try:
            out.append(resource_path(name, file, home=home))
        except ResourceError:
            continue
    return out


def vocabulary_manifests(home: str | os.PathLike | None = None) -> list[Path]:
    """The manifests of the installed vocabulary and training resources (inputs of a build's hash)."""
    from .dictionary import OPTIONAL, REQUIRED
    from .resources import MANIFEST, resources_dir

    root = resources_dir(home)
    return [root / name / MANIFEST for name in REQUIRED + OPTIONAL + tuple(n for n, _ in TRAINING)
            if (root / name / MANIFEST).is_file()]


class VocabulariesNotInstalledError(SchemaError):
    """The vocabularies are not installed and there is no local folder to install them from."""

    def __init__(self) -> None:
        super().__init__("the vocabularies are not installed: run `neurograph resources install` "
                         "(or build with --curated-only to use the curated lexicon alone)")


def vocabulary_files(home: str | os.PathLike | None = None, install: bool = True) -> list[Path]:
    """The vocabulary files the lexicon is widened with, sorted by name.

    ``NEUROGRAPH_VOCAB`` (a folder) is used as it is when set; an empty
    value or a missing folder means none. Otherwise the resources installed
    in the data directory; when none is installed and the local mirror
    beside the checkout exists, they are installed from it first (checked
    against their checksums, as ``neurograph resources install`` does).

    Raises
    ------
    VocabulariesNotInstalledError
        When nothing is installed and there is no local mirror: one line
        naming the command to run.
    """
    from . import dictionary

    env = os.environ.get("NEUROGRAPH_VOCAB")
    if env is not None:
        folder = Path(env).expanduser() if env else None
        if folder is None or not folder.is_dir():
            return []
        from .resources import load_catalog

        known = {rf.file for name in dictionary.REQUIRED + dictionary.OPTIONAL
                 for rf in load_catalog()[name].files}
        known.add(_DRUGBANK_FILE)
        return sorted((p for p in folder.iterdir() if p.name in known), key=lambda p: p.name)
    found = dictionary.vocabulary_files(home)
    if not found and install:
        from .resources import default_source, install as install_resources

        mirror = default_source()
        if mirror is None:
            raise VocabulariesNotInstalledError()
        install_resources(dictionary.REQUIRED + dictionary.OPTIONAL + tuple(n for n, _ in TRAINING),
                          source=mirror, home=home)
        found = dictionary.vocabulary_files(home)
    if not found:
        raise VocabulariesNotInstalledError()
    return sorted(found.values(), key=lambda p: p.name)


def _vocab_term_ok(term: str, key: tuple[str, ...], stopwords: bool = True) -> bool:
    """Precision guard for vocabulary terms: no short, generic or everyday words."""
    letters = sum(c.isalnum() for c in term)
    if letters < 4 or len(term) > 80:
        return False
    if not key[0][0].isalnum() or key[0] in _FUNCTION_WORDS:
        return False  # "(+)-Ketamine", "a ...": chemical notation, not prose
    return not (stopwords and _is_stopword(key))


def _is_stopword(key: tuple[str, ...]) -> bool:
    """An everyday word that also names a vocabulary entity (or its plural)."""
    if " ".join(key) in _VOCAB_STOPWORDS:
        return True
    return len(key) == 1 and any(s in _VOCAB_STOPWORDS for s in _singulars(key[0]))


def _symbol_variants(symbols: list[str]) -> Iterable[str]:
    """Gene symbols as listed, and as rodent nomenclature writes them ("Kras", "Bach1", "Akt1").

    >>> list(_symbol_variants(["KRAS", "IL6"]))
    ['KRAS', 'Kras', 'IL6', 'Il6']
    """
    for symbol in symbols:
        yield symbol
        if symbol.isupper() and sum(c.isalpha() for c in symbol) >= 3 and symbol[:1].isalpha():
            yield symbol[0] + symbol[1:].lower()
        elif symbol.isupper() and sum(c.isalpha() for c in symbol) >= 2 and any(c.isdigit() for c in symbol):
            yield symbol[0] + symbol[1:].lower()


def _compile_vocab_term(form: str, symbol: bool):
    """(key, checks, plural) of a vocabulary name or gene symbol, or None when it is guarded out.

    Gene symbols must be written as listed (every letter token case-exact),
    have at least three letters or digits and a capital or digit; names
    pass :func:`_vocab_term_ok`. Shouted names ("MAGNESIUM ION") are read in
    lower case.
    """
    if len(form) > 60:
        return None
    if symbol:
        letters = sum(c.isalnum() for c in form)
        if letters < 3 or not any(c.isupper() or c.isdigit() for c in form) or " " in form:
            return None
        toks = _tokens(form)
        if not toks or not toks[0][0].isalnum():
            return None
        checks = tuple((i, t) for i, t in enumerate(toks) if t[0].isalpha())
        return tuple(t.lower() for t in toks), checks, False
    if form.isupper() and len(form) > 5:
        form = form.lower()
    compiled = _compile_term(form)
    if compiled is None or len(compiled[0]) > 8 or not _vocab_term_ok(form, compiled[0], stopwords=False):
        return None
    return compiled


# --- the lexicon ----------------------------------------------------------------


class Lexicon:
    """Entities by id, with name lookup and a text matcher.

    Attributes
    ----------
    entities : dict[str, Entity]
        Every known entity, curated ones first, then vocabulary ones
        (``Entity.source`` is ``"lexicon"``, ``"drugbank"`` or ``"doid"``).
    curated : frozenset[str]
        Ids of the entities of the curated lexicon file.
    path : Path
        The curated lexicon file.
    vocab_files : list[Path]
        Vocabulary files that were merged in (empty with ``vocab=False``).
    """

    def __init__(self, path: Path, state: dict, vocab_files: list[Path]):
        self.path = path
        self.entities: dict[str, Entity] = state["entities"]
        self.curated: frozenset[str] = state["curated"]
        self.vocab_files = vocab_files
        # Token trie: lower-case token -> child node; node[_END] holds
        # ((entity id, exact-case checks, plural ok), ...), best first.
        self._trie: dict = state["trie"]
        self._first: frozenset[str] = state["first"]
        aliases = state["aliases"]
        self.provenance: dict = state.get("provenance", {})
        # any known CURIE (vocabulary id merged into a curated entry, xref) -> entity id
        self._aliases = aliases
        self._matcher: Matcher | None = None
        self._names: dict[str, list[str]] | None = None

    def __len__(self) -> int:
        return len(self.entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.entities

    def __repr__(self) -> str:
        return (f"<Lexicon {len(self.curated)} curated + {len(self.entities) - len(self.curated)} "
                f"vocabulary entities from {self.path.name}>")

    def get(self, entity_id: str) -> Entity | None:
        """The entity of an id, or of a vocabulary id / xref merged into a curated entry.

        >>> lex = load_lexicon(vocab=False)
        >>> lex.get("DRUGBANK:DB01221").name
        'ketamine'
        """
        if entity_id in self.entities:
            return self.entities[entity_id]
        target = self._aliases.get(entity_id)
        return self.entities.get(target) if target else None

    def resolve(self, name: str) -> list[Entity]:
        """Entities a user-typed name means, best first; empty when none.

        Tolerates case, hyphens and spaces, regular plurals, synonyms,
        abbreviations and ids (``CHEBI:18420``, a DrugBank id merged into an
        entry, ...).

        >>> lex = load_lexicon(vocab=False)
        >>> [e.name for e in lex.resolve("magnesium ions")]
        ['magnesium']
        >>> [e.name for e in lex.resolve("nmda")]
        ['NMDA receptor']
        >>> [e.name for e in lex.resolve("selective serotonin reuptake inhibitors")]
        ['SSRIs']
        >>> lex.resolve("unobtainium")
        []
        """
        name = name.strip()
        if not name:
            return []
        found = self.get(name)
        if found is None and ":" in name:
            upper = {k.upper(): k for k in self.entities if ":" in k} if len(name) < 80 else {}
            key = upper.get(name.upper())
            found = self.entities.get(key) if key else None
        if found is not None:
            return [found]
        toks = tuple(t.lower() for t in _tokens(name))
        if not toks:
            return []
        ids: list[str] = []
        candidates = [toks]
        for singular in _singulars(toks[-1]):
            candidates.append(toks[:-1] + (singular,))
        for key in candidates:
            for entity_id, _checks, _plural in _trie_get(self._trie, key):
                if entity_id and entity_id not in ids:
                    ids.append(entity_id)
        return [self.entities[i] for i in ids]

    def suggest(self, name: str, n: int = 5) -> list[str]:
        """Canonical names close to a misspelt name ("did you mean").

        >>> lex = load_lexicon(vocab=False)
        >>> lex.suggest("magnesum")[0]
        'magnesium'
        """
        key = normalize_name(name)
        if not key:
            return []
        names = self._name_index()
        out: list[str] = []
        # Curated names and synonyms first, then the vocabularies' own names.
        for pool in ("curated", "vocab"):
            keys = names[pool]
            if pool == "vocab":
                keys = [k for k in keys if k[:1] == key[:1]]
            for close in difflib.get_close_matches(key, keys, n=n * 2, cutoff=0.75):
                for entity_id in self._name_lookup[close]:
                    entity = self.entities[entity_id]
                    if entity.name not in out:
                        out.append(entity.name)
            if len(out) >= n:
                break
        return out[:n]

    def _name_index(self) -> dict[str, list[str]]:
        if self._names is None:
            lookup: dict[str, list[str]] = {}
            curated: list[str] = []
            vocab: list[str] = []
            for entity_id, entity in self.entities.items():
                forms = [entity.name, *entity.synonyms] if entity_id in self.curated else [entity.name]
                for form in forms:
                    key = normalize_name(form)
                    if not key:
                        continue
                    if key not in lookup:
                        (curated if entity_id in self.curated else vocab).append(key)
                        lookup[key] = []
                    if entity_id not in lookup[key]:
                        lookup[key].append(entity_id)
            self._name_lookup = lookup
            self._names = {"curated": curated, "vocab": vocab}
        return self._names

    def head(self, entity_id: str) -> tuple[str, str] | None:
        """(entity id, modifier) when an entity is a state or use of another one.

        "electrolyte imbalance" is about electrolytes, "magnesium
        supplementation" about magnesium: extraction may model such a mention
        as the head entity with a modifier, the way deficiencies are modelled.
        None for any other entity.

        >>> lex = load_lexicon(vocab=False)
        >>> lex.head("NG:magnesium_supplementation")
        ('CHEBI:18420', 'supplementation')
        >>> lex.head("MESH:D014883")
        ('MESH:D004573', 'imbalance')
        >>> lex.head("CHEBI:18420") is None
        True
        """
        entity = self.get(entity_id)
        if entity is None:
            return None
        words = normalize_name(entity.name).split()
        if len(words) < 2 or words[-1] not in _HEAD_MODIFIERS:
            return None
        for head in self.resolve(" ".join(words[:-1])):
            if head.id != entity.id:
                return head.id, _HEAD_MODIFIERS[words[-1]]
        return None

    def parents(self, entity_id: str) -> tuple[str, ...]:
        """The ids of the classes an entity belongs to (its IS_A targets)."""
        entity = self.get(entity_id)
        return entity.parents if entity else ()

    def matcher(self) -> "Matcher":
        """The text matcher of this lexicon (built once, then shared)."""
        if self._matcher is None:
            self._matcher = Matcher(self._trie, self._first, self.entities)
        return self._matcher


# --- loading ----------------------------------------------------------------------


def _default_path() -> Path:
    from .schema import data_dir

    return data_dir() / "lexicon.tsv"


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _read_curated(path: Path, categories: Iterable[str]) -> tuple[list[tuple[int, Entity]], list[tuple[int, str]]]:
    """Parse and validate the curated lexicon file.

    Returns (line number, entity) per entry and (line number, phrase) per
    phrase of the ``#!ignore`` lines.
    """
    categories = set(categories)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SchemaError("lexicon file not found", path) from None
    except IsADirectoryError:
        raise SchemaError("is a directory, not a lexicon file", path) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SchemaError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", path, line) from None
    if text.startswith("\ufeff"):
        text = text[1:]

    entries: list[tuple[int, Entity]] = []
    seen: dict[str, int] = {}
    header_seen = False
    ignores: list[tuple[int, str]] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.startswith(_IGNORE):
            rest = line[len(_IGNORE):].lstrip(":").strip()
            ignores.extend((lineno, phrase) for phrase in _split(rest))
            continue
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            if [c.strip().lower() for c in cells] == list(_COLUMNS):
                continue
            if cells and cells[0].strip().lower() == "id":
                raise SchemaError(f"header must be {' '.join(_COLUMNS)} separated by tabs", path, lineno)
        if len(cells) != len(_COLUMNS):
            raise SchemaError(f"expected {len(_COLUMNS)} tab-separated columns "
                              f"({', '.join(_COLUMNS)}), found {len(cells)}", path, lineno)
        entity_id, name, category, synonyms, xrefs, parents = (c.strip() for c in cells)
        if not entity_id:
            raise SchemaError("empty id", path, lineno)
        if not _CURIE.match(entity_id):
            raise SchemaError(f"id {entity_id!r} is not a CURIE (PREFIX:local_id)", path, lineno)
        if not name:
            raise SchemaError(f"empty name for id {entity_id!r}", path, lineno)
        if entity_id in seen:
            raise SchemaError(f"duplicate id {entity_id!r} (first on line {seen[entity_id]})", path, lineno)
        if category not in categories:
            raise SchemaError(f"unknown category {category!r} for {entity_id!r}; "
                              f"known: {', '.join(sorted(categories))}", path, lineno)
        for xref in _split(xrefs):
            if not _CURIE.match(xref):
                raise SchemaError(f"xref {xref!r} of {entity_id!r} is not a CURIE", path, lineno)
        seen[entity_id] = lineno
        entries.append((lineno, Entity(
            id=entity_id, name=name, category=category,
            synonyms=tuple(_split(synonyms)), xrefs=tuple(_split(xrefs)),
            parents=tuple(_split(parents)), source="lexicon",
        )))
    if not entries:
        raise SchemaError("no entries", path)

    # Parents must exist, and IS_A must not loop.
    for lineno, entity in entries:
        for parent in entity.parents:
            if parent not in seen:
                raise SchemaError(f"unknown parent {parent!r} of {entity.id!r}", path, lineno)
            if parent == entity.id:
                raise SchemaError(f"{entity.id!r} is its own parent", path, lineno)
    by_id = {e.id: e for _, e in entries}
    state: dict[str, int] = {}

    def visit(node: str) -> str | None:
        state[node] = 1
        for parent in by_id[node].parents:
            if state.get(parent) == 1:
                return parent
            if parent not in state:
                loop = visit(parent)
                if loop:
                    return loop
        state[node] = 2
        return None

    for lineno, entity in entries:
        if entity.id not in state and visit(entity.id):
            raise SchemaError(f"parents of {entity.id!r} form a cycle", path, lineno)
    return entries, ignores


def _build(path: Path, categories: Iterable[str], vocab_files: list[Path],
           training_files: list[Path] | None = None) -> dict:
    """Build the lexicon state (entities, terms, aliases) from the files.

    ``training_files`` (PubTator Train splits) measure which vocabulary
    terms are real mentions: see :func:`_filter_by_training`.
    """
    entries, ignores = _read_curated(path, categories)
    entities: dict[str, Entity] = {}
    terms: dict[tuple[str, ...], list[tuple[str, tuple[tuple[int, str], ...], bool]]] = {}
    term_line: dict[tuple[tuple[str, ...], tuple[tuple[int, str], ...]], tuple[str, int]] = {}
    aliases: dict[str, str] = {}
    curated_ids: set[str] = set()

    def add(key, checks, plural, entity_id, first=False):
        bucket = terms.setdefault(key, [])
        for existing_id, existing_checks, _ in bucket:
            if existing_id == entity_id and existing_checks == checks:
                return
        if first:  # a vocabulary term of a curated entity wins over other vocabulary entities
            at = next((i for i, r in enumerate(bucket) if r[0] not in curated_ids), len(bucket))
            bucket.insert(at, (entity_id, checks, plural))
        else:
            bucket.append((entity_id, checks, plural))

    for lineno, entity in entries:
        entities[entity.id] = entity
        for xref in entity.xrefs:
            aliases.setdefault(xref, entity.id)
        for form in (entity.name, *entity.synonyms):
            compiled = _compile_term(form)
            if compiled is None:
                raise SchemaError(f"name or synonym {form!r} of {entity.id!r} has no letters or digits",
                                  path, lineno)
            key, checks, plural = compiled
            owner = term_line.get((key, checks))
            if owner and owner[0] != entity.id:
                raise SchemaError(f"synonym {form!r} of {entity.id!r} already names {owner[0]!r} "
                                  f"(line {owner[1]})", path, lineno)
            term_line[(key, checks)] = (entity.id, lineno)
            add(key, checks, plural, entity.id)
    for lineno, phrase in ignores:
        compiled = _compile_term(phrase)
        if compiled is None:
            continue
        key, checks, plural = compiled
        owner = term_line.get((key, checks))
        if owner:
            raise SchemaError(f"ignored phrase {phrase!r} names {owner[0]!r} (line {owner[1]})", path, lineno)
        add(key, checks, plural, _IGNORED)
    curated = frozenset(entities)
    curated_ids.update(curated)
    curated_keys = set(terms)

    vocab_keys: set[tuple[str, ...]] = set()
    stop_keys: set[tuple[str, ...]] = set()
    provenance: dict = {}
    if vocab_files:
        from .dictionary import compile_entries

        known_categories = set(categories)
        for entry in compile_entries({p.name: p for p in vocab_files}):
            if entry.category not in known_categories:
                continue
            ids = [entry.id, *entry.xrefs]
            target = next((aliases.get(i, i) for i in ids if aliases.get(i, i) in curated), None)
            merged = target is not None
            if not merged:
                if entry.id in entities:
                    continue
                target = entry.id
            forms = [(f, False) for f in dict.fromkeys([entry.name, *entry.synonyms])]
            forms += [(f, True) for f in dict.fromkeys(_symbol_variants(entry.symbols))]
            for form, symbol in forms:
                compiled = _compile_vocab_term(form, symbol)
                if compiled is None:
                    continue
                key, checks, plural = compiled
                # Curated names win: a vocabulary synonym never takes over a
                # curated term (DrugBank lists "NMDA" as a ketamine synonym).
                if key in curated_keys or (len(key[-1]) > 3 and any(
                        key[:-1] + (singular,) in curated_keys for singular in _singulars(key[-1]))):
                    continue  # nor the plural of one ("N-methyl-D-aspartate receptors")
                add(key, checks, plural, target, first=merged)
                vocab_keys.add(key)
                if not symbol and _is_stopword(key):
                    stop_keys.add(key)
            if merged:
                for i in ids:
                    aliases.setdefault(i, target)
            else:
                entities[entry.id] = Entity(id=entry.id, name=entry.name, category=entry.category,
                                            xrefs=tuple(dict.fromkeys(entry.xrefs)), source=entry.source)
                for xref in entry.xrefs:
                    aliases.setdefault(xref, entry.id)
        provenance["vocabularies"] = [p.name for p in vocab_files]
        if training_files:
            provenance["training_terms"] = _add_training_terms(terms, entities, aliases, curated_keys, vocab_keys,
                                                               training_files, add)
        dropped = _filter_by_training(terms, vocab_keys, stop_keys, entities, training_files or [])
        provenance["training"] = [p.name for p in training_files or []]
        provenance["dropped_terms"] = dropped
    trie, first = _make_trie(terms)
    return {"entities": entities, "curated": curated, "trie": trie, "first": first, "aliases": aliases,
            "provenance": provenance}


# The schema's groups chemical, molecular and condition: the kinds the
# training corpora annotate (BioRED all three, BC5CDR chemicals and diseases).
_KIND = {**dict.fromkeys(("Mineral", "Neurotransmitter", "Drug", "DrugClass", "Hormone", "Nutrient"), "chemical"),
         **dict.fromkeys(("Receptor", "Enzyme", "Gene"), "gene"),
         **dict.fromkeys(("Disorder", "Symptom"), "disease")}
_GOLD_KIND = {"ChemicalEntity": "chemical", "Chemical": "chemical", "GeneOrGeneProduct": "gene",
              "DiseaseOrPhenotypicFeature": "disease", "Disease": "disease"}
_MIN_HITS = 2       # a term seen fewer times in the training texts keeps the benefit of the doubt
_MIN_PRECISION = 0.5  # share of a term's hits that must be annotated mentions of its kind


_MIN_ANNOTATED = 2  # times a mention text must be annotated with one id to become a term


def _add_training_terms(terms, entities, aliases, curated_keys, vocab_keys, training_files, add) -> int:
    """Mention texts the Train splits annotate with an id we know become terms of that entity.

    BioRED and BC5CDR annotate chemicals and diseases with MeSH ids and
    genes with NCBI Gene ids; a text annotated at least ``_MIN_ANNOTATED``
    times with one id, whose entity is of the annotated kind, names that
    entity ("Akt", "toxicity", "5-HTTLPR"). They are vocabulary terms:
    curated terms win, and :func:`_filter_by_training` measures them like
    the others. Returns the number of terms added.
    """
    from .extract.pubtator import read_pubtator

    counts: dict[tuple[str, str], int] = {}
    for path in training_files:
        for doc in read_pubtator(path):
            for g in doc.mentions:
                kind = _GOLD_KIND.get(g.type)
                if kind is None or len(g.ids) != 1:
                    continue
                raw = g.ids[0]
                curie = f"NCBIGene:{raw}" if raw.isdigit() else raw if ":" in raw else f"MESH:{raw}"
                target = curie if curie in entities else aliases.get(curie)
                entity = entities.get(target) if target else None
                if entity is None or _KIND.get(entity.category) != kind:
                    continue
                counts[(g.text, target)] = counts.get((g.text, target), 0) + 1
    added = 0
    for (text, target), n in counts.items():
        if n < _MIN_ANNOTATED or sum(c.isalnum() for c in text) < 2:
            continue
        compiled = _compile_term(text)
        if compiled is None or compiled[0] in curated_keys:
            continue
        key, checks, plural = compiled
        if len(key) == 1 and len(key[0]) <= 3 and not checks:
            checks = ((0, _tokens(text)[0]),)  # a short word only as written
        add(key, checks, plural, target)
        vocab_keys.add(key)
        added += 1
    return added


def _filter_by_training(terms: dict, vocab_keys: set, stop_keys: set, entities: dict,
                        training_files: list[Path]) -> dict:
    """Drop vocabulary terms that the training corpora show are rarely real mentions.

    Every vocabulary term of a chemical, gene or disease entity is matched
    over the Train abstracts; a term matched at least ``_MIN_HITS`` times of
    which fewer than ``_MIN_PRECISION`` overlap an annotated mention of its
    kind is dropped ("nucleotide", "male", "drug"). Gene terms are measured
    on the corpora that annotate genes only. Everyday words (the stopword
    list) are kept only when measured to be real mentions at least three
    times ("glucose"). Without training files, stopword terms are dropped.
    Curated terms are never dropped. Returns counts of what was dropped.
    """
    hits: dict[tuple, int] = {}
    good: dict[tuple, int] = {}
    if training_files:
        import bisect

        from .extract.pubtator import read_pubtator

        trie, first = _make_trie(terms)
        matcher = Matcher(trie, first, entities)
        for path in training_files:
            docs = list(read_pubtator(path))
            has_genes = any(m.type == "GeneOrGeneProduct" for d in docs for m in d.mentions)
            for doc in docs:
                gold: dict[str, list[tuple[int, int]]] = {}
                for g in doc.mentions:
                    kind = _GOLD_KIND.get(g.type)
                    if kind:
                        gold.setdefault(kind, []).append((g.start, g.end))
                for spans in gold.values():
                    spans.sort()
                for m in matcher.find(doc.text):
                    entity = entities.get(m.entity_id)
                    kind = _KIND.get(entity.category) if entity is not None else None
                    if kind is None or (kind == "gene" and not has_genes):
                        continue
                    key = tuple(t.lower() for t in _tokens(m.text))
                    if key not in vocab_keys:
                        key = next((key[:-1] + (s,) for s in _singulars(key[-1]) if key[:-1] + (s,) in vocab_keys),
                                   None) if key else None
                        if key is None:
                            continue
                    hits[key] = hits.get(key, 0) + 1
                    spans = gold.get(kind, ())
                    k = bisect.bisect_left(spans, (m.end, m.end))
                    if any(s < m.end and m.start < e for s, e in spans[max(0, k - 8):k]):
                        good[key] = good.get(key, 0) + 1
    dropped = {"measured": 0, "everyday": 0}
    for key in vocab_keys:
        n, ok = hits.get(key, 0), good.get(key, 0)
        if key in stop_keys:
            if not (n >= 3 and ok >= _MIN_PRECISION * n):
                terms.pop(key, None)
                dropped["everyday"] += 1
        elif n >= _MIN_HITS and ok < _MIN_PRECISION * n:
            terms.pop(key, None)
            dropped["measured"] += 1
    return dropped


def _make_trie(terms) -> tuple[dict, frozenset[str]]:
    """The token trie of the terms, and the set of tokens that can start a match
    (one-word terms' plurals included), to skip all other tokens with one lookup."""
    root: dict = {}
    for key, records in terms.items():
        node = root
        for token in key:
            node = node.setdefault(token, {})
        node[_END] = tuple(records)
    first = set(root)
    for token, child in root.items():
        if _END in child and token.isalpha():
            first.update((token + "s", token + "es"))
            if token.endswith("y"):
                first.add(token[:-1] + "ies")
    return root, frozenset(first)


def _trie_get(trie: dict, key: tuple[str, ...]) -> tuple:
    node = trie
    for token in key:
        node = node.get(token)
        if node is None:
            return ()
    return node.get(_END, ())


def _start_entry(root: dict, token: str) -> tuple[dict | None, str | bool | None]:
    """What a token that can start a match leads to: (its trie node, what it matches alone).

    The trie node is None when no longer term can go on from the token (a
    one-word term that starts no other term, a plural of one-word terms).
    What the token matches alone, when no longer term goes on after it in
    the text: an entity id ("" for an ignored phrase); False when it never
    matches alone (it only starts multi-word terms); None when that depends
    on how the text writes it (exact-case terms), which the full trie walk
    then decides. Most tokens are thus settled by one dictionary lookup.
    """
    node = root.get(token)
    if node is not None:
        records = node.get(_END)
        if records is None:
            # Only longer terms start with the token ("neurons of the ..."): alone it may still be the
            # plural of a one-word term ("neurons"), which a large dictionary must not hide.
            return node, _plural_alone(root, token)
        # A record without exact-case checks always wins at its own token,
        # over any plural reading of the token too.
        alone = records[0][0] if not records[0][1] else None
        return (node if len(node) > 1 else None), alone
    return None, _plural_alone(root, token)


def _plural_alone(root: dict, token: str) -> str | bool | None:
    """What a token matches alone as the plural of one-word terms (see :func:`_start_entry`)."""
    # A plural of one-word terms: the last singular that matches wins.
    alone = False
    for singular in _singulars(token):
        child = root.get(singular)
        records = child.get(_END) if child is not None else None
        for entity_id, checks, plural_ok in records or ():
            if plural_ok:
                alone = None if checks else entity_id
                break
        if alone is None:
            break
    return alone


def _cache_folder(cache_dir: str | os.PathLike | None, home: str | os.PathLike | None = None) -> Path:
    """Where the built lexicon is cached: ``cache_dir``, else the user's own cache folder.

    That is ``$XDG_CACHE_HOME/neurograph`` (default ``~/.cache/neurograph``),
    shared by all of the user's data directories: a compiled dictionary is
    named by the digest of everything it is built from, so every data
    directory with the same vocabularies reuses it instead of compiling its
    own (about a minute). Never a shared folder such as the temporary
    directory: a cache there could be planted by another user, and the
    folder and files are checked to be the user's own before they are read.
    ``home`` is kept for callers that name a data directory; it does not
    change the folder.
    """
    if cache_dir is not None:
        return Path(cache_dir)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "neurograph"


def _digest(paths: list[Path], extra: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{_CACHE_VERSION}\n{extra}\n".encode())
    for p in paths:
        h.update(str(p.name).encode())
        with open(p, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    return h.hexdigest()


def load_lexicon(path: str | os.PathLike | None = None, schema=None, vocab: bool = True,
                 cache_dir: str | os.PathLike | None = None, home: str | os.PathLike | None = None) -> Lexicon:
    """Load and validate the curated lexicon, widened by the open vocabularies.

    Parameters
    ----------
    path : path-like, optional
        The lexicon TSV (columns id, name, category, synonyms, xrefs,
        parents; ``' | '`` between values; ``#`` comment lines). Default:
        ``lexicon.tsv`` of the data folder.
    schema : Schema or path-like, optional
        The schema whose categories entries may use. Default: the data
        folder's ``schema.yaml``.
    vocab : bool
        Widen the curated lexicon with the installed vocabularies (see
        :mod:`neurograph.dictionary` and :func:`vocabulary_files`); False
        gives the curated lexicon alone.
    home : path-like, optional
        The data directory whose installed resources and cache are used.
    cache_dir : path-like, optional
        Where the built lexicon is cached (JSON keyed by the files' hashes).
        Default: ``cache/`` in the user's data directory
        (:func:`neurograph.config.resolve_home`). A cache folder or file that
        is not the user's own, or that others can write, is never read.

    Raises
    ------
    SchemaError
        Naming the file and line: bad column count, empty id or name,
        duplicate id, unknown category, unknown parent, a synonym naming two
        entities, a parent cycle, non-UTF-8 text, a missing file.

    Examples
    --------
    >>> lex = load_lexicon(vocab=False)
    >>> lex.entities["FPLX:NMDA_receptor"].category
    'Receptor'
    >>> "CHEBI:18420" in lex.curated
    True
    """
    from .schema import Schema, load_schema

    path = Path(path) if path is not None else _default_path()
    if schema is None:
        schema = load_schema()
    elif not isinstance(schema, Schema):
        schema = load_schema(schema)
    categories = sorted(schema.categories)
    files = vocabulary_files(home) if vocab else []
    if not files:
        state = _build(path, categories, [])
        return Lexicon(path, state, [])
    training = training_files(home) if os.environ.get("NEUROGRAPH_VOCAB") is None else []

    # Validate the curated file first so that its errors are reported even
    # when a cache exists (the cache key covers it anyway).
    try:
        # The building code is an input too: a new release rebuilds the cache.
        code = [Path(__file__), Path(__file__).with_name("dictionary.py")]
        digest = _digest([path, *files, *training, *code], ",".join(categories))
    except FileNotFoundError:
        state = _build(path, categories, files, training)  # raises the right error for a missing lexicon
        digest = None
    state = _read_cache(digest, cache_dir, home) if digest is not None else None
    if state is None:
        state = _build(path, categories, files, training)
        if digest is not None:
            _write_cache(state, digest, cache_dir, home)
    lexicon = Lexicon(path, state, files)
    lexicon.digest = digest  # names every input of this lexicon: the build's version of it
    return lexicon


class _LazyTrie(dict):
    """The trie's root whose subtrees stay JSON text until a token first needs them.

    A dictionary of half a million terms parses in seconds; a text uses a
    few thousand first tokens, so loading parses only the index.
    """

    __slots__ = ()

    def get(self, key, default=None):
        value = dict.get(self, key, default)
        if value.__class__ is str:
            value = json.loads(value)
            self[key] = value
        return value

    def __getitem__(self, key):
        return self.get(key) if dict.__contains__(self, key) else dict.__getitem__(self, key)


class _LazyEntities(dict):
    """Entities by id; vocabulary entities stay packed text until first looked up."""

    def __init__(self, done: dict, packed: dict[str, str]):
        super().__init__(done)
        self._packed = packed

    def _unpack(self, key):
        name, category, xrefs, source = self._packed.pop(key).split("\t")
        entity = Entity(key, name, category, (), tuple(xrefs.split("|")) if xrefs else (), (), source)
        dict.__setitem__(self, key, entity)
        return entity

    def __missing__(self, key):
        if key in self._packed:
            return self._unpack(key)
        raise KeyError(key)

    def get(self, key, default=None):
        value = dict.get(self, key)
        if value is None:
            return self._unpack(key) if key in self._packed else default
        return value

    def __contains__(self, key):
        return dict.__contains__(self, key) or key in self._packed

    def _all(self):
        for key in list(self._packed):
            self._unpack(key)

    def __len__(self):
        return dict.__len__(self) + len(self._packed)

    def __iter__(self):
        self._all()
        return dict.__iter__(self)

    def keys(self):
        self._all()
        return dict.keys(self)

    def values(self):
        self._all()
        return dict.values(self)

    def items(self):
        self._all()
        return dict.items(self)


class _LazyAliases(dict):
    """Alias -> entity id, parsed from its packed lines on first use."""

    def __init__(self, lines: list[str]):
        super().__init__()
        self._lines = lines

    def get(self, key, default=None):
        if self._lines is not None:
            self.update(line.split("\t", 1) for line in self._lines)
            self._lines = None
        return dict.get(self, key, default)


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def _state_to_json(state: dict) -> bytes:
    """The built lexicon as text: a JSON header line, then tab-separated sections.

    Never pickle: reading a cache cannot run code. Sections: vocabulary
    entities (id, name, category, xrefs, source), aliases (alias, id), and
    the trie's root (first token, subtree as JSON).
    """
    curated = state["curated"]
    rows, vocab = [], []
    for e in state["entities"].values():
        if e.id in curated or e.synonyms or e.parents or "\t" in e.id or "\n" in e.id:
            rows.append([e.id, e.name, e.category, e.synonyms, e.xrefs, e.parents, e.source])
        else:
            vocab.append(f"{e.id}\t{_clean(e.name)}\t{e.category}\t{'|'.join(map(_clean, e.xrefs))}\t{e.source}")
    aliases = [f"{k}\t{v}" for k, v in state["aliases"].items() if "\t" not in k and "\n" not in k]
    trie = [f"{token}\t{json.dumps(node, ensure_ascii=False, separators=(',', ':'))}"
            for token, node in state["trie"].items()]
    header = {"version": _CACHE_VERSION, "entities": rows, "curated": sorted(curated),
              "first": sorted(state["first"]), "provenance": state.get("provenance", {}),
              "sections": [len(vocab), len(aliases), len(trie)]}
    parts = [json.dumps(header, ensure_ascii=False, separators=(",", ":")), *vocab, *aliases, *trie]
    return "\n".join(parts).encode("utf-8")


def _state_from_json(data: bytes) -> dict | None:
    """The lexicon state of :func:`_state_to_json` output, or None for a foreign or damaged file."""
    try:
        lines = data.decode("utf-8").split("\n")
        raw = json.loads(lines[0])
        if raw.get("version") != _CACHE_VERSION:
            return None
        n_vocab, n_aliases, n_trie = raw["sections"]
        if len(lines) != 1 + n_vocab + n_aliases + n_trie:
            return None
        done = {row[0]: Entity(row[0], row[1], row[2], tuple(row[3]), tuple(row[4]), tuple(row[5]), row[6])
                for row in raw["entities"]}
        packed = dict(line.split("\t", 1) for line in lines[1:1 + n_vocab])
        aliases = _LazyAliases(lines[1 + n_vocab:1 + n_vocab + n_aliases])
        trie = _LazyTrie(line.split("\t", 1) for line in lines[1 + n_vocab + n_aliases:])
        return {"entities": _LazyEntities(done, packed), "curated": frozenset(raw["curated"]), "trie": trie,
                "first": frozenset(raw["first"]), "aliases": aliases, "provenance": raw.get("provenance", {})}
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, UnicodeDecodeError):
        return None


def _read_cache(digest: str, cache_dir, home=None) -> dict | None:
    """The cached lexicon state of ``digest``, only from the user's own private cache folder."""
    data = read_cache_bytes(_cache_folder(cache_dir, home) / f"lexicon-{digest}.cache")
    if data is None:
        return None
    # Tens of thousands of small dicts: the cyclic GC would run many times
    # during parsing for nothing.
    with collector_paused():
        return _state_from_json(data)


def _write_cache(state: dict, digest: str, cache_dir, home=None) -> None:
    try:
        folder = private_dir(_cache_folder(cache_dir, home), repair=False)
        # Keep the two most recent others (a curated-only and a test lexicon
        # would otherwise evict each other); older ones go.
        others = sorted(folder.glob("lexicon-*.cache"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[2:]:
            try:
                old.unlink()
            except OSError:
                pass
        atomic_write(folder / f"lexicon-{digest}.cache", _state_to_json(state))
    except (OSError, UnsafePathError):
        pass  # a read-only or unsafe cache folder: go without a cache (never elsewhere)


# --- matching ------------------------------------------------------------------------


class Matcher:
    """Finds entity mentions in text: a token trie, longest match wins, left to right.

    Matching is case-insensitive except for abbreviations (GABA, NMDA, SSRI,
    Mg), which must be written in their case; a term's last word may take a
    regular plural; hyphens, en-dashes, slashes and spaces are
    interchangeable; possessives ("magnesium's") and curly quotes are
    handled; a parenthesised abbreviation inside a term is skipped
    ("N-methyl-D-aspartate (NMDA) receptors" is one mention).

    >>> m = load_lexicon(vocab=False).matcher()
    >>> [x.text for x in m.find("GABA, not gaba; the NMDA receptor's pore")]
    ['GABA', 'NMDA receptor']
    """

    def __init__(self, trie: dict, first: frozenset[str], entities: dict[str, Entity]):
        self._entities = entities
        self._root = trie
        self._first = first
        # token -> _start_entry(trie, token), filled as tokens are met (a
        # whole table would cost more to build than most texts take to match)
        self._starts: dict[str, tuple[dict | None, str | bool | None]] = {}

    def find(self, text: str, abbreviations: dict[str, str] | None = None) -> list[Match]:
        """Entity mentions in ``text``, sorted, non-overlapping.

        Parameters
        ----------
        text : str
            A document or sentence; offsets are into this string.
        abbreviations : dict[str, str], optional
            Abbreviation -> entity id, as :func:`find_abbreviations` returns:
            these are found (case-sensitively, plural too) as well, and win
            over a lexicon match of exactly the same span.

        >>> m = load_lexicon(vocab=False).matcher()
        >>> [(x.start, x.end, x.text) for x in m.find("Low Mg²⁺ and SSRIs.")]
        [(4, 8, 'Mg²⁺'), (13, 18, 'SSRIs')]
        """
        matches, folded = self._find(text)
        if abbreviations:
            matches = self._add_abbreviations(text, folded, matches, abbreviations)
        return matches

    def _find(self, text: str) -> tuple[list[Match], str]:
        """(lexicon mentions, folded text) of ``text``."""
        folded = _fold(text)
        lowered = folded.lower()
        if len(lowered) != len(folded):  # a few characters lower-case to two
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
        # parts = [gap, token, gap, token, ..., gap]; cumulative lengths give
        # every token's offsets without a match object per token.
        parts = _split_pattern(lowered).split(lowered)
        toks = parts[1::2]
        offsets = list(accumulate(map(len, parts)))
        first = self._first
        starts = self._starts
        longest = self._longest
        matches: list[Match] = []
        n = len(toks)
        next_free = 0
        # Only tokens that can start a match are looked at; selecting them
        # with compress/map keeps the loop over all tokens in C.
        for i in compress(range(n), map(first.__contains__, toks)):
            if i < next_free:
                continue
            t = toks[i]
            if i and not parts[2 * i] and t[0].isalnum() and toks[i - 1][0].isalnum():
                continue  # inside a word ("CO" in "CO2")
            entry = starts.get(t)
            if entry is None:
                entry = starts[t] = _start_entry(self._root, t)
            node, alone = entry
            if node is not None and i + 1 < n and (
                    (nxt := toks[i + 1]) in node or nxt == "("
                    or (nxt[-1] == "s" and any(s in node for s in _singulars(nxt)))):
                found = longest(toks, parts, offsets, folded, i, n)  # a longer term may follow
            elif alone is None:
                found = longest(toks, parts, offsets, folded, i, n)  # depends on the written case
            elif alone is False:
                continue  # a multi-word term's first word alone: the common case
            elif i + 1 >= n or parts[2 * i + 2] or not (t[0].isalnum() and toks[i + 1][0].isalnum()):
                found = (i, alone)
            else:
                continue  # glued to the next token ("Mg" in "Mgx")
            if found is not None:
                j, entity_id = found
                next_free = j + 1
                if not entity_id:
                    continue  # an ignored phrase ("acidic electrolytes")
                start, end = offsets[2 * i], offsets[2 * j + 1]
                matches.append(Match(start, end, entity_id, text[start:end]))
        return matches, folded

    def find_all(self, text: str) -> tuple[list[Match], dict[str, str]]:
        """Mentions in ``text`` including abbreviations it defines, in one pass.

        The same as ``find(text, abbreviations=find_abbreviations(text, self))``
        without scanning the text twice. Returns (matches, abbreviations).

        >>> m = load_lexicon(vocab=False).matcher()
        >>> found, abbreviations = m.find_all("cognitive-behavioral therapy (CBT) helps; CBT works")
        >>> [x.text for x in found], abbreviations
        (['cognitive-behavioral therapy', 'CBT', 'CBT'], {'CBT': 'MESH:D015928'})
        """
        matches, folded = self._find(text)
        abbreviations = _abbreviations_in(folded, matches)
        if abbreviations:
            matches = self._add_abbreviations(text, folded, matches, abbreviations)
        return matches, abbreviations

    @staticmethod
    def _accept(records, path, folded, offsets, plural: bool) -> str | None:
        """The first record whose exact-case tokens are written so in the text."""
        last = len(path) - 1
        for entity_id, checks, plural_ok in records:
            if plural and not plural_ok:
                continue
            for pos, exact in checks:
                k = path[pos]
                written = folded[offsets[2 * k]:offsets[2 * k + 1]]
                if written != exact and not (plural and pos == last and written in (exact + "s", exact + "es")):
                    break
            else:
                return entity_id
        return None

    def _longest(self, toks, parts, offsets, folded, i, n):
        """(last token index, entity id) of the longest match starting at token i, or None."""
        node = self._root
        path: list[int] = []
        best = None
        j = i
        while j < n:
            t = toks[j]
            # Does the token end a word here (no letter or digit glued after it)?
            free_end = j + 1 >= n or parts[2 * j + 2] or not (t[0].isalnum() and toks[j + 1][0].isalnum())
            if t[-1] == "s" and free_end:
                for singular in _singulars(t):
                    c = node.get(singular)
                    if c is not None and _END in c:
                        entity_id = self._accept(c[_END], path + [j], folded, offsets, True)
                        if entity_id is not None:
                            best = (j, entity_id)
            child = node.get(t)
            if child is None:
                # Skip a parenthesised abbreviation inside a term:
                # "N-methyl-D-aspartate (NMDA) receptors".
                if t == "(" and path and j + 3 < n and toks[j + 2] == ")" and toks[j + 1][0].isalpha() \
                        and not folded[offsets[2 * j + 2]:offsets[2 * j + 3]].islower():
                    j += 3
                    continue
                break
            node = child
            path.append(j)
            records = node.get(_END)
            if records is not None and free_end:
                if not records[0][1]:  # the usual case: no exact-case token to check
                    best = (j, records[0][0])
                else:
                    entity_id = self._accept(records, path, folded, offsets, False)
                    if entity_id is not None:
                        best = (j, entity_id)
            j += 1
        return best

    def _add_abbreviations(self, text, folded, matches, abbreviations):
        forms = sorted((a for a in abbreviations if a), key=len, reverse=True)
        if not forms:
            return matches
        # A plain alternation lets the regex engine jump to the abbreviations'
        # first letters; that a hit starts a word is checked below, where a
        # look-behind would be tried at every character of the text.
        pattern = re.compile("(" + "|".join(re.escape(a) for a in forms) + r")(?:e?s)?(?![^\W_])")
        starts = [m.start for m in matches]
        out = list(matches)
        replaced: dict[int, Match] = {}
        extra: list[Match] = []
        pos = 0
        while (hit := pattern.search(folded, pos)) is not None:
            start, end = hit.span()
            if start and folded[start - 1].isalnum():
                pos = start + 1  # inside a word: a shorter abbreviation may still start further on
                continue
            pos = end
            entity_id = abbreviations[hit.group(1)]
            k = bisect.bisect_right(starts, start) - 1
            overlaps = []
            for idx in (k, k + 1):
                if 0 <= idx < len(matches) and matches[idx].start < end and start < matches[idx].end:
                    overlaps.append(idx)
            if not overlaps:
                extra.append(Match(start, end, entity_id, text[start:end]))
            elif len(overlaps) == 1 and matches[overlaps[0]].start == start and matches[overlaps[0]].end == end:
                replaced[overlaps[0]] = Match(start, end, entity_id, text[start:end])
        for idx, match in replaced.items():
            out[idx] = match
        out.extend(extra)
        out.sort(key=lambda m: m.start)
        return out


# --- abbreviations ----------------------------------------------------------------------

_PAREN = re.compile(r"\(\s*([^()]{2,100}?)\s*\)")


def _abbreviation_form(candidate: str) -> str | None:
    """The singular abbreviation in a parenthesis ("SSRIs" -> "SSRI"), or None.

    >>> _abbreviation_form("SSRIs"), _abbreviation_form("ACh"), _abbreviation_form("see")
    ('SSRI', 'ACh', None)
    """
    if not candidate[0].isalnum() or not all(c.isalnum() or c in "-/" for c in candidate):
        return None
    form = candidate
    if len(form) > 2 and form[-1] == "s" and form[-2].isupper():
        form = form[:-1]
    letters = [c for c in form if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if upper < 2 or upper * 2 < len(letters):
        return None
    return form


def _letters_fit(abbreviation: str, long_form: str) -> bool:
    """Schwartz-Hearst test: the abbreviation's characters appear in order in
    the long form, the first one at the start of a word.

    >>> _letters_fit("ADHD", "Attention-Deficit/Hyperactivity Disorder")
    True
    >>> _letters_fit("CBT", "serotonin")
    False
    """
    chars = [c.lower() for c in abbreviation if c.isalnum()]
    text = long_form.lower()
    li = len(text) - 1
    for k in range(len(chars) - 1, -1, -1):
        c = chars[k]
        while li >= 0 and (text[li] != c or (k == 0 and li > 0 and text[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return False
        li -= 1
    return True


def find_abbreviations(text: str, matcher: Matcher, matches: list[Match] | None = None) -> dict[str, str]:
    """Abbreviations a text defines, mapped to the entity id of their long form.

    Reads "long form (ABBR)" and "ABBR (long form)" where the long form is a
    known entity and the abbreviation's letters fit it; also a term split by
    its abbreviation, "N-methyl-D-aspartate (NMDA) receptors".

    >>> m = load_lexicon(vocab=False).matcher()
    >>> find_abbreviations("selective serotonin reuptake inhibitors (SSRIs) help", m)
    {'SSRI': 'CHEBI:50949'}
    >>> find_abbreviations("Attention-Deficit/Hyperactivity Disorder (ADHD).", m)
    {'ADHD': 'DOID:1094'}
    """
    if matches is None:
        matches, folded = matcher._find(text)
    else:
        folded = _fold(text)
    return _abbreviations_in(folded, matches)


def _abbreviations_in(folded: str, matches: list[Match]) -> dict[str, str]:
    """:func:`find_abbreviations` on the folded text and its mentions."""
    found: dict[str, str] = {}
    parens = list(_PAREN.finditer(folded))
    if not parens:
        return found  # most texts: no need to index the mentions
    ends = {m.end: m for m in matches}
    starts = {m.start: m for m in matches}
    match_starts = [m.start for m in matches]
    for paren in parens:
        inner = paren.group(1)
        open_at = paren.start()
        # "long form (ABBR)": a match ends just before the parenthesis, or
        # runs through it ("N-methyl-D-aspartate (NMDA) receptors").
        form = _abbreviation_form(inner) if len(inner) <= 12 and " " not in inner else None
        if form:
            before_end = open_at
            while before_end and folded[before_end - 1].isspace():
                before_end -= 1
            m = ends.get(before_end)
            long_form = folded[m.start:m.end] if m is not None else ""
            if m is None:
                k = bisect.bisect_left(match_starts, open_at) - 1
                if k >= 0 and matches[k].end > paren.end():
                    m = matches[k]
                    long_form = folded[m.start:open_at].rstrip()
            if m is not None and _letters_fit(form, long_form):
                found.setdefault(form, m.entity_id)
                continue
        # "ABBR (long form)": the parenthesis holds exactly one match.
        inner_start = paren.start(1)
        m = starts.get(inner_start)
        if m is not None and m.end == paren.end(1):
            head = re.search(r"([^\s()]+)\s*$", folded[max(0, open_at - 40):open_at])
            if head:
                abbr = _abbreviation_form(head.group(1))
                if abbr and _letters_fit(abbr, m.text):
                    found.setdefault(abbr, m.entity_id)
    return found
