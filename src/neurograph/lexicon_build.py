"""Building the lexicon: the curated file's reader, the vocabularies' terms, guards measured on Train.

:func:`_build` reads the curated lexicon (validated, errors with file and line),
merges the installed vocabularies' entries (:mod:`neurograph.dictionary`) into
it under the precision guards, measures vocabulary terms on the BioRED and
BC5CDR Train splits and compiles the token trie. :func:`vocabulary_files` finds
(or installs) the vocabularies. Part of the lexicon (:mod:`neurograph.lexicon`),
which re-exports the public names.
"""

from __future__ import annotations

import bisect
import os
import re
from pathlib import Path
from typing import Iterable

from .errors import SchemaError
from .records import Entity

from .lexicon_terms import (_IGNORED, _compile_term, _drop_term, _first_tokens, _make_trie, _put_term, _singulars,
                            _tokens, british_spelling, derived_forms, of_phrases, salt_form)
from .matcher import Matcher


_COLUMNS = ("id", "name", "category", "synonyms", "xrefs", "parents")
_CURIE = re.compile(r"^[A-Za-z][A-Za-z0-9_.]*:[^\s|]+$")
_MULTI = " | "
_IGNORE = "#!ignore"  # lexicon line listing phrases that are not mentions


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


_FUNCTION_WORDS = frozenset("""
a an the in on at of to for and or by with as is it its be are was were this that these those
from into not no but if than then so well all any some such via per
""".split())


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

        catalog = load_catalog()  # (a YAML file: read once, not once per resource)
        known = {rf.file for name in dictionary.REQUIRED + dictionary.OPTIONAL for rf in catalog[name].files}
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
    letters = sum(map(str.isalnum, term))
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


def _symbol_variants(symbols: list[str], everyday: frozenset[str] = frozenset()) -> Iterable[str]:
    """A gene's symbols as listed (approved symbol first), and its approved symbol as rodent nomenclature
    writes it ("Kras", "Bach1", "Akt1").

    Only the approved symbol gets a rodent-case form: aliases and previous
    symbols are often English words ("CAN" for NUP214, "ACT", "TRAITS"),
    and mouse papers write the approved symbol; an alias listed in that
    form ("Yes" for YES1) is left out for the same reason. It is left out
    too when its lower-case form is an ``everyday`` word (see
    :func:`_everyday_words`).

    >>> list(_symbol_variants(["KRAS", "RASK2"]))
    ['KRAS', 'Kras', 'RASK2']
    >>> list(_symbol_variants(["CAN"], everyday=frozenset({"can"})))
    ['CAN']
    >>> list(_symbol_variants(["YES1", "Yes", "c-yes"]))
    ['YES1', 'Yes1', 'c-yes']
    """
    for n, symbol in enumerate(symbols):
        if n and symbol.isalpha() and symbol[0].isupper() and symbol[1:].islower():
            continue  # an alias already in rodent case ("Yes" for YES1): as ambiguous as the forms made here
        yield symbol
        if n or not symbol.isupper():
            continue
        letters = sum(c.isalpha() for c in symbol)
        if (letters >= 3 and symbol[:1].isalpha()) or (letters >= 2 and any(c.isdigit() for c in symbol)):
            if not (symbol.isalpha() and symbol.lower() in everyday):
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
        letters = sum(map(str.isalnum, form))
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
    trie = None
    if vocab_files:
        from .dictionary import ROOTS, compile_entries
        from .naming import display_name

        training = _read_training(training_files or [])
        everyday = _everyday_words(training)
        known_categories = set(categories)
        derived: list[tuple[tuple[str, ...], bool, str]] = []  # (key, plural, entity id) of derived forms
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
            kind = _KIND.get(entry.category)
            measured = kind is not None
            # A root, or a grouping of a kind no training corpus annotates (the GO process and UBERON
            # structure classes), must be measured like an everyday word, unless a curator chose the entity;
            # groupings of the annotated kinds ("lymphoma", "dermatitis") are measured like any term.
            guarded = not merged and (entry.id in ROOTS or (entry.grouping and not measured))
            forms = [(f, False) for f in dict.fromkeys([entry.name, *entry.synonyms])]
            forms += [(f, True) for f in dict.fromkeys(_symbol_variants(entry.symbols, everyday))]
            for form, symbol in forms:
                if not (symbol or measured or merged or form == entry.name or " " in form.strip()):
                    # One-word synonyms of kinds no training corpus annotates (anatomy, processes, foods)
                    # are often broad ("life" for life cycle, "synthesis", "case" for box): names only.
                    continue
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
                if not (symbol or guarded or _is_stopword(key)):
                    derived.extend((k, p, target) for k, p in _derived_keys(form, key, checks, kind))
                if not symbol and (guarded or _is_stopword(key) or (
                        form != entry.name and len(key) == 1 and len(form) <= 4 and form.islower())):
                    # (a short lower-case synonym is mostly an acronym written small: MONDO's "read" for
                    # rectum adenocarcinoma, READ)
                    stop_keys.add(key)
            if merged:
                for i in ids:
                    aliases.setdefault(i, target)
            else:
                # One capitalisation rule for every name shown ("sertraline" beside "fluoxetine").
                name = display_name(entry.name) if entry.source in _TITLE_CASE_SOURCES else entry.name
                entities[entry.id] = Entity(id=entry.id, name=name, category=entry.category,
                                            xrefs=tuple(dict.fromkeys(entry.xrefs)), source=entry.source)
                for xref in entry.xrefs:
                    aliases.setdefault(xref, entry.id)
        provenance["vocabularies"] = [p.name for p in vocab_files]
        if training:
            provenance["training_terms"] = _add_training_terms(terms, entities, aliases, curated_keys, vocab_keys,
                                                               training, add)
        # Derived forms name their entity only where no vocabulary, curated or training term has the words
        # already; the training corpora measure them like any vocabulary term (_filter_by_training).
        added = 0
        for key, plural, target in derived:
            if key not in terms and not _is_stopword(key):
                add(key, (), plural, target)
                vocab_keys.add(key)
                added += 1
        provenance["derived_terms"] = added
        provenance["chemical_named_terms"] = _drop_chemical_named(terms, vocab_keys, entities)
        trie, dropped = _filter_by_training(terms, vocab_keys, stop_keys, entities, training)
        provenance["training"] = [p.name for p in training_files or []]
        provenance["dropped_terms"] = dropped
    if trie is None:
        trie = _make_trie(terms)[0]
    first = _first_tokens(trie)
    return {"entities": entities, "curated": curated, "trie": trie, "first": first, "aliases": aliases,
            "provenance": provenance}


def _drop_chemical_named(terms: dict, vocab_keys: set, entities: dict) -> int:
    """Take out the vocabulary disease terms "X-induced Y" whose X names a chemical; returns how many.

    The training corpora annotate the chemical and the disease of "heparin-induced thrombocytopenia" apart
    (BC5CDR Train and BioRED Train: every hit of such a term, 6 of 6, holds an annotated chemical), and the
    chemical of such a term is the chemical-induced disease relation's other end: as one disease mention
    it hid the chemical.

    >>> from neurograph.records import Entity
    >>> ents = {"C": Entity("C", "heparin", "Drug"), "D": Entity("D", "HIT", "Disorder"),
    ...         "E": Entity("E", "exercise-induced asthma", "Disorder")}
    >>> terms = {("heparin",): [("C", (), True)], ("heparin", "induced", "thrombocytopenia"): [("D", (), True)],
    ...          ("exercise", "induced", "asthma"): [("E", (), True)]}
    >>> keys = set(terms)
    >>> _drop_chemical_named(terms, keys, ents), sorted(terms)
    (1, [('exercise', 'induced', 'asthma'), ('heparin',)])
    """

    def kind_of(key) -> set:
        return {_KIND.get(entities[r[0]].category) for r in terms.get(key, ()) if r[0] in entities}

    dropped = 0
    for key in [k for k in vocab_keys if "induced" in k[1:-1]]:
        head = key[:key.index("induced")]
        if "disease" in kind_of(key) and "chemical" in kind_of(head):
            terms.pop(key, None)
            vocab_keys.discard(key)
            dropped += 1
    return dropped


def _derived_keys(form: str, key: tuple[str, ...], checks: tuple, kind: str | None):
    """(key, plural) of the forms texts derive from a vocabulary name: a disease's adjectives ("dyskinetic"),
    "A of B" for a disease "B A" ("impairment of memory"), British spellings ("ischaemia"), an acid's anion
    ("metrizoate"), a drug salt's active part ("dilevalol").

    Not other head nouns ("renal lesions", "hepatic impairment" beside "renal disease"): most are annotated
    as diseases in the training corpora, but they name broad organ disorders, and with them BC5CDR Train's
    chemical-induced disease F1 fell (0.721 to 0.719) while BioRED Train's stayed (0.727).

    >>> list(_derived_keys("Catalepsy", ("catalepsy",), (), "disease"))
    [(('cataleptic',), True)]
    >>> list(_derived_keys("Metrizoic Acid", ("metrizoic", "acid"), (), "chemical"))
    [(('metrizoate',), True)]
    >>> list(_derived_keys("GABA", ("gaba",), ((0, "GABA"),), "chemical"))
    []
    >>> [k for k, _ in _derived_keys("prolonged QT interval", ("prolonged", "qt", "interval"), ((1, "QT"),), "disease")]
    [('qt', 'interval', 'prolongation'), ('prolongation', 'of', 'qt', 'interval'), ('prolongation', 'of', 'the', 'qt', 'interval')]
    """
    if checks:
        # "prolonged QT interval": the participle's forms keep their letters, not the case of an abbreviation
        # inside ("QT interval prolongation"), as the derived forms carry no case checks
        if kind == "disease" and len(key) > 2:
            yield from ((variant, False) for variant in of_phrases(key))
        return
    if kind in ("disease", "chemical"):
        british = british_spelling(key)
        if british is not None:
            yield british, True
    if kind == "disease":
        if len(key) == 1:
            for word in derived_forms(key[0]):
                yield (word,), word.endswith("ic")
        for variant in of_phrases(key):
            yield variant, False
    elif kind == "chemical":
        salt = salt_form(form)
        if salt is not None:
            yield (salt,), True


# The schema's groups chemical, molecular and condition: the kinds the
# training corpora annotate (BioRED all three, BC5CDR chemicals and diseases).
# Sources whose names are in title or sentence case ("Sertraline", "Selective Serotonin Reuptake Inhibitors",
# "Abnormality of the nervous system"): their names go through naming.display_name. The OBO ontologies
# (ChEBI, MONDO, DOID, GO, UBERON, FoodOn) and HGNC already write names the way the lexicon does.
_TITLE_CASE_SOURCES = frozenset({"mesh", "drugbank", "hpo"})

_KIND = {**dict.fromkeys(("Mineral", "Neurotransmitter", "Drug", "DrugClass", "Hormone", "Nutrient"), "chemical"),
         **dict.fromkeys(("Receptor", "Enzyme", "Gene"), "gene"),
         **dict.fromkeys(("Disorder", "Symptom"), "disease")}
_GOLD_KIND = {"ChemicalEntity": "chemical", "Chemical": "chemical", "GeneOrGeneProduct": "gene",
              "DiseaseOrPhenotypicFeature": "disease", "Disease": "disease"}
_MIN_HITS = 2       # a term seen fewer times in the training texts keeps the benefit of the doubt
_MIN_PRECISION = 0.5  # share of a term's hits that must be annotated mentions of its kind
_MIN_READING = 0.8  # share of hits annotated as a later reading's kind for that reading to come first


def _alternative_readings(terms: dict, vocab_keys: set, entities: dict) -> dict[tuple, tuple[int, str]]:
    """Vocabulary terms read first as an entity of a kind no corpus annotates (a GO process, an anatomy
    part) that also name a chemical or a disease: key -> (index of that record, its kind).

    "necrosis" is GO's cell death and MeSH's necrosis: which one texts mean, the training corpora measure
    (:func:`_filter_by_training`). Only vocabulary terms: a curated term keeps its reading.

    >>> from neurograph.records import Entity
    >>> ents = {"GO:1": Entity("GO:1", "cell death", "Process", source="go"),
    ...         "M:1": Entity("M:1", "necrosis", "Disorder", source="mesh")}
    >>> _alternative_readings({("necrosis",): [("GO:1", (), True), ("M:1", (), True)]}, {("necrosis",)}, ents)
    {('necrosis',): (1, 'disease')}
    """
    out = {}
    for key in vocab_keys:
        records = terms.get(key, ())
        if len(records) < 2 or records[0][0] not in entities:
            continue
        if _KIND.get(entities[records[0][0]].category) is not None:
            continue
        for index, record in enumerate(records[1:], 1):
            kind = _KIND.get(entities[record[0]].category) if record[0] in entities else None
            if kind in ("chemical", "disease"):
                out[key] = (index, kind)
                break
    return out


def _known_key(text: str, known) -> tuple[str, ...] | None:
    """The term key of a matched ``text`` among ``known`` keys: its lower-cased tokens, or those with the last
    made singular ("platelet aggregations"); None when neither is known.

    >>> known = {("platelet", "aggregation")}
    >>> _known_key("Platelet aggregations", known), _known_key("platelets", known)
    (('platelet', 'aggregation'), None)
    """
    key = tuple(t.lower() for t in _tokens(text))
    if key in known:
        return key
    return next((key[:-1] + (s,) for s in _singulars(key[-1]) if key[:-1] + (s,) in known), None) if key else None


def _count_alternative(m, alternatives: dict, gold: dict, hits: dict, good: dict) -> None:
    """Count one training hit of a term with an alternative reading, and whether an annotated mention of
    that reading's kind overlaps it."""
    key = _known_key(m.text, alternatives)
    if key is None:
        return
    found = alternatives[key]
    hits[key] = hits.get(key, 0) + 1
    if any(s < m.end and m.start < e for s, e in gold.get(found[1], ())):
        good[key] = good.get(key, 0) + 1


_MIN_ANNOTATED = 2  # times a mention text must be annotated with one id to become a term


_EVERYDAY_MIN = 2  # times a word must be written in lower case in the training texts to be everyday
_WORD = re.compile(r"\b[A-Za-z]+\b")


def _read_training(training_files: list[Path]) -> list[tuple[list, bool]]:
    """The Train documents of each file, read once, with whether the corpus annotates genes."""
    from .extract.pubtator import read_pubtator

    out = []
    for path in training_files:
        docs = list(read_pubtator(path))
        out.append((docs, any(m.type == "GeneOrGeneProduct" for d in docs for m in d.mentions)))
    return out


def _everyday_words(training: list[tuple[list, bool]]) -> frozenset[str]:
    """Words the training texts write in lower case at least twice as often as capitalised (and twice at least).

    These are English words ("can", "act", "find"), not gene names: rodent
    gene symbols are written capitalised ("Kras", "Akt").
    """
    lower: dict[str, int] = {}
    capital: dict[str, int] = {}
    for docs, _ in training:
        for doc in docs:
            for word in _WORD.findall(doc.text):
                if word.islower():
                    lower[word] = lower.get(word, 0) + 1
                elif word[1:].islower():
                    key = word.lower()
                    capital[key] = capital.get(key, 0) + 1
    return frozenset(w for w, n in lower.items() if n >= _EVERYDAY_MIN and n > 2 * capital.get(w, 0))


def _add_training_terms(terms, entities, aliases, curated_keys, vocab_keys, training, add) -> int:
    """Mention texts the Train splits annotate with an id we know become terms of that entity.

    BioRED and BC5CDR annotate chemicals and diseases with MeSH ids and
    genes with NCBI Gene ids; a text annotated at least ``_MIN_ANNOTATED``
    times with one id, whose entity is of the annotated kind, names that
    entity ("Akt", "toxicity", "5-HTTLPR"). They are vocabulary terms:
    curated terms win, and :func:`_filter_by_training` measures them like
    the others. ``training`` is what :func:`_read_training` gives. Returns
    the number of terms added.
    """
    counts: dict[tuple[str, str], int] = {}
    for docs, _ in training:
        for doc in docs:
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
                        training: list[tuple[list, bool]]) -> tuple[dict, dict]:
    """Drop vocabulary terms that the training corpora show are rarely real mentions.

    Every vocabulary term of a chemical, gene or disease entity is matched
    over the Train abstracts; a term matched at least ``_MIN_HITS`` times of
    which fewer than ``_MIN_PRECISION`` overlap an annotated mention of its
    kind is dropped ("nucleotide", "male", "drug"). Gene terms are measured
    on the corpora that annotate genes only. Everyday words (the stopword
    list) and the terms of groupings (``stop_keys``) are kept only when
    measured to be real mentions at least three times ("glucose"), and a
    hit of theirs counts only when it covers at least half of the annotated
    mention: "disorders" inside an annotated "psychiatric disorders" does
    not make "disorders" a mention. Without training files, such terms are
    dropped. Curated terms are never dropped.

    Returns the token trie of the terms kept (built once, for the
    measuring; dropped terms are then taken out of it) and counts of what
    was dropped.
    """
    hits: dict[tuple, int] = {}
    good: dict[tuple, int] = {}
    trie = _make_trie(terms)[0]
    alternatives = _alternative_readings(terms, vocab_keys, entities)
    reading_hits: dict[tuple, int] = {}
    reading_good: dict[tuple, int] = {}
    if training:
        matcher = Matcher(trie, _first_tokens(trie), entities)
        for docs, has_genes in training:
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
                    if kind is None and alternatives:
                        _count_alternative(m, alternatives, gold, reading_hits, reading_good)
                    if kind is None or (kind == "gene" and not has_genes):
                        continue
                    key = _known_key(m.text, vocab_keys)
                    if key is None:
                        continue
                    hits[key] = hits.get(key, 0) + 1
                    spans = gold.get(kind, ())
                    k = bisect.bisect_left(spans, (m.end, m.end))
                    near = [(s, e) for s, e in spans[max(0, k - 8):k] if s < m.end and m.start < e]
                    if key in stop_keys:
                        near = [(s, e) for s, e in near if 2 * (min(e, m.end) - max(s, m.start)) >= e - s]
                    if near:
                        good[key] = good.get(key, 0) + 1
    dropped = {"measured": 0, "everyday": 0, "annotated_readings": 0}
    for key, (index, _kind) in alternatives.items():
        n = reading_hits.get(key, 0)
        if n >= _MIN_HITS and reading_good.get(key, 0) >= _MIN_READING * n:
            records = terms[key]
            terms[key] = [records[index]] + records[:index] + records[index + 1:]
            _put_term(trie, key, terms[key])
            dropped["annotated_readings"] += 1
    for key in vocab_keys:
        n, ok = hits.get(key, 0), good.get(key, 0)
        if key in stop_keys:
            if not (n >= 3 and ok >= _MIN_PRECISION * n):
                _drop_term(trie, terms, key)
                dropped["everyday"] += 1
        elif n >= _MIN_HITS and ok < _MIN_PRECISION * n:
            _drop_term(trie, terms, key)
            dropped["measured"] += 1
    return trie, dropped
