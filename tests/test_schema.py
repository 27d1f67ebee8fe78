"""The schema file loads, and each kind of inconsistency is refused with file and line."""

from __future__ import annotations

import pytest

from neurograph.errors import SchemaError
from neurograph.schema import data_dir, load_schema

REQUIRED_TYPES = [
    "ANTAGONIST_OF", "ACTIVATES", "INHIBITS", "INCREASES", "DECREASES", "COFACTOR_FOR", "PRECURSOR_OF",
    "REGULATES", "TREATS", "CAUSES", "CONTRIBUTES_TO", "PROTECTS_AGAINST", "ASSOCIATED_WITH", "HAS_SYMPTOM",
    "SOURCE_OF", "INTERACTS_WITH", "IS_A", "FORM_OF",
]
REQUIRED_CATEGORIES = [
    "Mineral", "Neurotransmitter", "Receptor", "Enzyme", "Drug", "DrugClass", "Hormone", "Nutrient", "Food",
    "Disorder", "Symptom", "Process", "Anatomy", "Intervention",
]


def test_schema_covers_required_types_and_categories():
    schema = load_schema()
    assert set(REQUIRED_TYPES) <= set(schema.relationships)
    assert set(REQUIRED_CATEGORIES) <= set(schema.categories)
    for rel in schema.relationships.values():
        assert rel.polarity in (-1, 0, 1)
        assert rel.biolink.startswith("biolink:")
        assert rel.subject and rel.object
    assert schema.relationships["TREATS"].polarity == -1
    assert schema.relationships["ASSOCIATED_WITH"].symmetric
    assert schema.relationships["SOURCE_OF"].allows("Food", "Mineral")
    assert not schema.relationships["SOURCE_OF"].allows("Mineral", "Food")


def test_flip_turns_signed_types_into_their_opposite():
    schema = load_schema()
    assert schema.flip("INCREASES") == "DECREASES"
    assert schema.flip("CONTRIBUTES_TO") == "PROTECTS_AGAINST"
    assert schema.flip("ASSOCIATED_WITH") == "ASSOCIATED_WITH"


def test_whitelist_refuses_unknown_labels_and_types():
    schema = load_schema()
    with pytest.raises(SchemaError):
        schema.label("Mineral`) DETACH DELETE (n")
    with pytest.raises(SchemaError):
        schema.rel_type("KNOWS")


def _write(tmp_path, text):
    path = tmp_path / "schema.yaml"
    path.write_text(text)
    return path


def _mutated(old, new):
    text = (data_dir() / "schema.yaml").read_text()
    assert old in text
    return text.replace(old, new, 1)


def test_duplicate_key_names_file_and_line(tmp_path):
    text = _mutated("  Neurotransmitter:\n", "  Mineral:\n    biolink: biolink:X\n    color: \"#000000\"\n  Neurotransmitter:\n")
    path = _write(tmp_path, text)
    with pytest.raises(SchemaError, match=r"schema\.yaml:\d+: duplicate key 'Mineral'"):
        load_schema(path)


def test_type_with_unknown_category_is_refused(tmp_path):
    text = _mutated("    subject: [Food]\n", "    subject: [Fruit]\n")
    path = _write(tmp_path, text)
    with pytest.raises(SchemaError, match=r"schema\.yaml:\d+: .*unknown category 'Fruit'"):
        load_schema(path)


def test_group_with_unknown_category_is_refused(tmp_path):
    text = _mutated("  condition: [Disorder, Symptom]", "  condition: [Disorder, Sign]")
    with pytest.raises(SchemaError, match=r":\d+: group 'condition' names unknown category 'Sign'"):
        load_schema(_write(tmp_path, text))


def test_bad_polarity_and_opposite_are_refused(tmp_path):
    text = _mutated("    polarity: -1\n", "    polarity: 2\n")
    with pytest.raises(SchemaError, match="polarity must be -1, 0 or 1"):
        load_schema(_write(tmp_path, text))
    text = _mutated("    opposite: ACTIVATES\n", "    opposite: ACTIVATEZ\n")
    with pytest.raises(SchemaError, match="unknown opposite 'ACTIVATEZ'"):
        load_schema(_write(tmp_path, text))


def test_not_yaml_is_refused_with_line(tmp_path):
    with pytest.raises(SchemaError, match=r"schema\.yaml:\d+: invalid YAML"):
        load_schema(_write(tmp_path, "categories: [\n  a: b\n"))


@pytest.mark.parametrize("old, new, message", [
    ('  "0": {name: unsigned, color: "#8c8c8c"}', '  "zero": {name: unsigned, color: "#8c8c8c"}',
     r"schema\.yaml:\d+: sign 'zero' must be -1, 0 or 1"),
    ('  "0": {name: unsigned, color: "#8c8c8c"}', '  "0": {name: unsigned}', r"schema\.yaml:\d+: sign 0 needs a name"),
    ("version: 1\n", "version: abc\n", r"schema\.yaml:\d+: version must be a whole number, not 'abc'"),
    ("deficiency:\n  flip_signed: true\n  record_modifier: true\n", "deficiency: yes\n",
     r"schema\.yaml:\d+: deficiency must be a mapping"),
    ("  flip_signed: true\n", "  flip_signed: maybe\n", r"schema\.yaml:\d+: deficiency flip_signed must be true or"),
    ("    qualifiers: {object_aspect_qualifier: activity, object_direction_qualifier: decreased, "
     "causal_mechanism_qualifier: antagonism}", "    qualifiers: [a, b]",
     r"schema\.yaml:\d+: relationship type 'ANTAGONIST_OF' qualifiers must be a mapping"),
    ("  Neurotransmitter:\n", '  "Neurotransmitter\\n":\n', r"schema\.yaml:\d+: category 'Neurotransmitter\\n' is not a"),
])
def test_configuration_errors_name_file_and_line(tmp_path, old, new, message):
    with pytest.raises(SchemaError, match=message):
        load_schema(_write(tmp_path, _mutated(old, new)))


def test_a_missing_schema_file_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("NEUROGRAPH_DATA", str(tmp_path))
    with pytest.raises(SchemaError, match=r"schema\.yaml: file not found"):
        load_schema()
