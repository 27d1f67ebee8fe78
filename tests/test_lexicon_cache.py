"""The lexicon cache is read only from the user's own data directory, as JSON (issue 17, critical 1)."""

from __future__ import annotations

import json
import os
import pickle
import tempfile
from pathlib import Path

import pytest

from neurograph import lexicon as lexicon_module
from neurograph.private_files import UnsafePathError, atomic_write, private_dir, read_cache_bytes
from neurograph.lexicon import load_lexicon

DRUGBANK = ("DrugBank ID,Accession Numbers,Common name,Name,CAS,UNII,Synonyms,Standard InChI Key\n"
            "DB99901,,Testazoline,testazoline,,,Testazol,\n")


class _Planted:
    """Unpickling this writes a marker file: proof that a planted pickle ran."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


@pytest.fixture()
def vocab(tmp_path, monkeypatch):
    folder = tmp_path / "vocab"
    folder.mkdir()
    (folder / "drugbank_open_vocabulary.csv").write_text(DRUGBANK, encoding="utf-8")
    monkeypatch.setenv("NEUROGRAPH_VOCAB", str(folder))
    monkeypatch.setenv("NEUROGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    return folder


def _digest(folder):
    from neurograph.schema import load_schema

    files = lexicon_module.vocabulary_files()
    return lexicon_module._digest([lexicon_module._default_path(), *files, *lexicon_module._code_files()],
                                  ",".join(sorted(load_schema().categories)))


def test_planted_pickle_in_shared_temp_folder_is_never_read(vocab, tmp_path, monkeypatch):
    shared = tmp_path / "shared-tmp"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    marker = tmp_path / "pwned"
    planted = shared / "neurograph-cache"
    planted.mkdir()
    digest = _digest(vocab)
    for name in (f"lexicon-{digest}.pickle", f"lexicon-{digest}.json", f"lexicon-{digest}.cache"):
        (planted / name).write_bytes(pickle.dumps(_Planted(str(marker))))
    lex = load_lexicon()
    assert not marker.exists()
    assert "DRUGBANK:DB99901" in lex.entities
    # the cache went to the user's own cache folder, as JSON, private
    cache = tmp_path / "user-cache" / "neurograph"
    files = list(cache.glob("lexicon-*"))
    assert [f.name for f in files] == [f"lexicon-{digest}.cache"]
    header = files[0].read_bytes().split(b"\n", 1)[0]
    assert json.loads(header)["version"] == lexicon_module._CACHE_VERSION  # JSON and text, never pickle
    assert files[0].stat().st_mode & 0o777 == 0o600
    assert cache.stat().st_mode & 0o777 == 0o700
    assert len(list(planted.iterdir())) == 3
    # a second load reads the user's JSON cache, still never the planted files
    again = load_lexicon()
    assert not marker.exists()
    assert again.entities.keys() == lex.entities.keys()


def _poison(cache_file):
    data = cache_file.read_bytes()  # (DrugBank's "Testazoline" is shown as "testazoline": naming.display_name)
    assert b"testazoline\t" in data
    # the same length: the poisoned file would parse, and is refused only for its owner or mode
    cache_file.write_bytes(data.replace(b"testazoline\t", b"POISONED123\t"))


def test_cache_file_writable_by_others_is_not_read(vocab, tmp_path):
    load_lexicon()
    (cache_file,) = (tmp_path / "user-cache" / "neurograph").glob("lexicon-*.cache")
    _poison(cache_file)
    os.chmod(cache_file, 0o666)
    assert load_lexicon().entities["DRUGBANK:DB99901"].name == "testazoline"
    # rebuilt and rewritten privately
    assert cache_file.stat().st_mode & 0o777 == 0o600


def test_cache_folder_writable_by_others_is_not_used(vocab, tmp_path):
    load_lexicon()
    cache = tmp_path / "user-cache" / "neurograph"
    (cache_file,) = cache.glob("lexicon-*.cache")
    _poison(cache_file)
    os.chmod(cache, 0o777)
    assert load_lexicon().entities["DRUGBANK:DB99901"].name == "testazoline"
    assert b"POISONED" in cache_file.read_bytes()  # left alone: not rewritten into an unsafe folder
    with pytest.raises(UnsafePathError, match="writable by group or others"):
        private_dir(cache, repair=False)


def test_own_cache_is_used(vocab, tmp_path):
    load_lexicon()
    (cache_file,) = (tmp_path / "user-cache" / "neurograph").glob("lexicon-*.cache")
    _poison(cache_file)
    assert load_lexicon().entities["DRUGBANK:DB99901"].name == "POISONED123"


def test_symlinked_cache_file_is_not_read(tmp_path):
    folder = private_dir(tmp_path / "c", repair=False)
    target = tmp_path / "elsewhere.json"
    target.write_text("{}")
    (folder / "x.json").symlink_to(target)
    assert read_cache_bytes(folder / "x.json") is None
    atomic_write(folder / "y.json", b"{}")
    assert read_cache_bytes(folder / "y.json") == b"{}"


def test_data_directories_share_the_users_compiled_dictionary(vocab, tmp_path):
    first = load_lexicon(home=tmp_path / "a")
    second = load_lexicon(home=tmp_path / "b")
    assert second.entities.keys() == first.entities.keys() and first.digest == second.digest
    assert len(list((tmp_path / "user-cache" / "neurograph").glob("lexicon-*.cache"))) == 1


def test_cache_text_reads_back_the_same_state_and_refuses_a_damaged_file():
    from neurograph.lexicon_cache import _state_from_json, _state_to_json
    from neurograph.records import Entity

    entities = {"CHEBI:1": Entity("CHEBI:1", "magnesium", "Chemical", ("Mg",), (), (), "curated"),
                "MESH:D1": Entity("MESH:D1", "dopamine é", "Chemical", (), ("CHEBI:2", "DB:3"), (), "mesh"),
                "MESH:D2": Entity("MESH:D2", "serotonin", "Chemical", (), (), (), "mesh")}
    trie = {"magnesium": {"\x00": [["CHEBI:1", [], True]]}, "dopamine": {"é": {"\x00": [["MESH:D1", [], False]]}}}
    state = {"entities": entities, "curated": frozenset({"CHEBI:1"}), "trie": trie, "first": frozenset(trie),
             "aliases": {"DB:3": "MESH:D1", "CHEBI:2": "MESH:D1"}, "provenance": {"x": 1}}
    data = _state_to_json(state)
    back = _state_from_json(data)
    assert list(back["entities"].items()) == list(entities.items())
    lazy = _state_from_json(data)["entities"]
    assert lazy["MESH:D2"].name == "serotonin"  # unpacked now; MESH:D1 still packed
    rows = list(lazy.rows())  # every entity's id, name and category, nothing more unpacked
    assert dict.__len__(lazy) == 2
    assert rows == [(e.id, e.name, e.category) for e in lazy.values()]  # in the order of values()
    assert back["trie"]["dopamine"] == trie["dopamine"] and back["trie"].get("serotonin") is None
    assert list(dict.keys(back["trie"])) == list(trie)
    assert back["aliases"].get("DB:3") == "MESH:D1" and back["aliases"].get("MESH:D2") is None
    assert (back["curated"], back["first"], back["provenance"]) == (state["curated"], state["first"], {"x": 1})
    assert _state_from_json(data[:-1]) is None and _state_from_json(data + b"\n") is None
    assert _state_from_json(data.replace(b"serotonin", b"serotonin\n", 1)) is None
