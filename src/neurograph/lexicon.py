"""The lexicon: which entities neurograph knows, and how to find them in text.

The curated lexicon (``data/lexicon.tsv``) lists every entity of the sample
corpus with a CURIE, a schema category, synonyms, cross-references and parent
classes. The installed vocabularies, compiled into one dictionary
(:mod:`neurograph.dictionary`: ChEBI, MeSH, MONDO, DOID, HPO, HGNC, GO,
UBERON, FoodOn, DrugBank), widen it so that documents added later are
understood too. Curated entries win: a vocabulary entry whose id is a curated
entry's id or xref merges into it.

:func:`load_lexicon` reads and validates it; :meth:`Lexicon.resolve` looks a
name up the way a user types it on the command line; :meth:`Lexicon.matcher`
gives a :class:`Matcher` that finds entity mentions in text with exact
character offsets (token trie, longest match wins, left to right);
:func:`find_abbreviations` reads abbreviations a document defines.

The work is split by topic, and every name stays importable from here:
:mod:`neurograph.lexicon_terms` (tokens, folding, compiled terms, the token
trie), :mod:`neurograph.matcher` (:class:`Matcher`, abbreviations),
:mod:`neurograph.lexicon_build` (the curated file's reader, the vocabularies'
terms and their guards, measured on the Train splits) and
:mod:`neurograph.lexicon_cache` (the private cache of the compiled lexicon).

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

import difflib
import os
from pathlib import Path

from .errors import SchemaError
from .records import Entity, collector_paused

from .lexicon_terms import (  # noqa: F401  (the lexicon's names, importable from here)
    Match,
    _ASCII_BYTES,
    _END,
    _FOLD,
    _FOLD_PAIRS,
    _IGNORED,
    _SPLIT,
    _SPLIT_ASCII,
    _TOKEN,
    _compile_term,
    _drop_term,
    _first_tokens,
    _fold,
    _is_exact,
    _make_trie,
    _non_ascii,
    _plural_alone,
    _singulars,
    _split_pattern,
    _split_patterns,
    _start_entry,
    _tokens,
    _trie_get,
    normalize_name,
)
from .matcher import (  # noqa: F401  (the lexicon's names, importable from here)
    Matcher,
    _PAREN,
    _abbreviation_form,
    _abbreviations_in,
    _letters_fit,
    find_abbreviations,
)
from .lexicon_build import (  # noqa: F401  (the lexicon's names, importable from here)
    TRAINING,
    VocabulariesNotInstalledError,
    _COLUMNS,
    _CURIE,
    _DRUGBANK_FILE,
    _EVERYDAY_MIN,
    _FUNCTION_WORDS,
    _GOLD_KIND,
    _IGNORE,
    _KIND,
    _MIN_ANNOTATED,
    _MIN_HITS,
    _MIN_PRECISION,
    _MULTI,
    _TITLE_CASE_SOURCES,
    _VOCAB_STOPWORDS,
    _WORD,
    _add_training_terms,
    _build,
    _compile_vocab_term,
    _default_path,
    _everyday_words,
    _filter_by_training,
    _is_stopword,
    _read_curated,
    _read_training,
    _split,
    _symbol_variants,
    _vocab_term_ok,
    training_files,
    vocab_dir,
    vocabulary_files,
    vocabulary_manifests,
)
from .lexicon_cache import (  # noqa: F401  (the lexicon's names, importable from here)
    NotCompiledError,
    _CACHE_VERSION,
    _LazyAliases,
    _LazyEntities,
    _LazyTrie,
    _cache_folder,
    _clean,
    _code_files,
    _digest,
    _read_cache,
    _state_from_json,
    _state_to_json,
    _write_cache,
)

__all__ = [
    "Lexicon",
    "Match",
    "Matcher",
    "find_abbreviations",
    "load_lexicon",
    "normalize_name",
    "vocab_dir",
]


# Last words of names of entities that are a state or use of another entity.
_HEAD_MODIFIERS = {
    "supplementation": "supplementation", "supplement": "supplementation", "supplements": "supplementation",
    "imbalance": "imbalance", "imbalances": "imbalance", "balance": "balance", "homeostasis": "balance",
    "deficiency": "deficiency", "excess": "excess", "therapy": "supplementation",
}


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


def load_lexicon(path: str | os.PathLike | None = None, schema=None, vocab: bool = True,
                 cache_dir: str | os.PathLike | None = None, home: str | os.PathLike | None = None,
                 compile: bool = True) -> Lexicon:
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
    compile : bool
        False: raise :class:`NotCompiledError` instead of compiling the vocabularies when no cache holds
        them (and never install them).

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
    files = vocabulary_files(home, install=compile) if vocab else []
    if not files:
        state = _build(path, categories, [])
        return Lexicon(path, state, [])
    from .hierarchy import follow_home

    follow_home(home)  # the relation model's disease hierarchy comes from this data directory too
    training = training_files(home) if os.environ.get("NEUROGRAPH_VOCAB") is None else []

    # Validate the curated file first so that its errors are reported even
    # when a cache exists (the cache key covers it anyway).
    try:
        # The building code is an input too: a new release rebuilds the cache.
        digest = _digest([path, *files, *training, *_code_files()], ",".join(categories))
    except FileNotFoundError:
        state = _build(path, categories, files, training)  # raises the right error for a missing lexicon
        digest = None
    state = _read_cache(digest, cache_dir, home) if digest is not None else None
    if state is None and not compile:
        raise NotCompiledError(digest)
    if state is None:
        with collector_paused():  # about a million long-lived terms: the cyclic GC would rescan them over and over
            state = _build(path, categories, files, training)
        if digest is not None:
            _write_cache(state, digest, cache_dir, home)
    lexicon = Lexicon(path, state, files)
    lexicon.digest = digest  # names every input of this lexicon: the build's version of it
    return lexicon
