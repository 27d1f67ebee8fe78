"""The sign of rule statements in sentence patterns of the biomedical literature (invented sentences, not corpus text)."""

from __future__ import annotations

import pytest

from neurograph.documents import Document
from neurograph.extract import extract_document
from neurograph.lexicon import load_lexicon


@pytest.fixture(scope="module")
def lexicon(schema):
    return load_lexicon(schema=schema)


def signed(text, lexicon, schema):
    """(subject, object) -> polarity of each non-negated statement of ``text``."""
    out = extract_document(Document("t", None, "t", text, ""), lexicon, schema)
    return {(s.subject.name, s.object.name): s.polarity for s in out.statements if not s.negated}


def names(lexicon, *words):
    return [lexicon.resolve(w)[0].name for w in words]


def test_undoing_an_induced_increase_lowers_the_effect_and_opposes_the_inducer(lexicon, schema):
    zinc, stress, cortisol = names(lexicon, "zinc", "stress", "cortisol")
    got = signed("Zinc attenuated the swim-induced increase in cortisol in the animals.", lexicon, schema)
    assert got[(zinc, cortisol)] == -1, got
    got = signed("Zinc attenuated the stress-induced increase in cortisol in the animals.", lexicon, schema)
    assert got[(zinc, stress)] == -1, got
    assert got[(stress, cortisol)] == 1, got  # the inducer keeps its own sign


def test_restoring_what_an_agent_inhibited_opposes_the_agent(lexicon, schema):
    curcumin, ketamine = names(lexicon, "curcumin", "ketamine")
    got = signed("Curcumin restored the ketamine-inhibited firing of the neurons.", lexicon, schema)
    assert got[(curcumin, ketamine)] == -1


def test_killing_the_cells_of_a_disease_decreases_it(lexicon, schema):
    curcumin, glioma = names(lexicon, "curcumin", "glioma")
    got = signed("Curcumin induces glioma cell apoptosis through caspase activation.", lexicon, schema)
    assert got[(curcumin, glioma)] == -1


def test_up_and_down_regulation_are_signed(lexicon, schema):
    bdnf, cortisol, leptin, insulin = names(lexicon, "BDNF", "cortisol", "leptin", "insulin")
    assert signed("Cortisol down-regulates BDNF in the hippocampus.", lexicon, schema)[(cortisol, bdnf)] == -1
    assert signed("Leptin upregulates insulin in these cells.", lexicon, schema)[(leptin, insulin)] == 1
    assert signed("BDNF was negatively regulated by cortisol.", lexicon, schema)[(cortisol, bdnf)] == -1


def test_a_change_in_knockout_animals_is_the_effect_of_the_missing_gene(lexicon, schema):
    bdnf, leptin = names(lexicon, "BDNF", "leptin")
    got = signed("Leptin was markedly reduced in BDNF-deficient mice.", lexicon, schema)
    assert got[(bdnf, leptin)] == 1


def test_silencing_and_sirna_switch_the_subject_off(lexicon, schema):
    bdnf, leptin, insulin = names(lexicon, "BDNF", "leptin", "insulin")
    assert signed("Silencing BDNF lowered leptin in the culture.", lexicon, schema)[(bdnf, leptin)] == 1
    assert signed("BDNF siRNA increased insulin levels in the cells.", lexicon, schema)[(bdnf, insulin)] == -1


def test_attenuated_by_a_deficiency_in_a_hanging_coordination(lexicon, schema):
    bdnf, leptin, glutamate = names(lexicon, "BDNF", "leptin", "glutamate")
    got = signed("The response to glutamate was attenuated by BDNF- and to a lesser degree by leptin-deficiency.",
                 lexicon, schema)
    assert got[(bdnf, glutamate)] == 1


def test_decreased_by_names_the_agent_not_a_deficiency(lexicon, schema):
    cortisol, bdnf = names(lexicon, "cortisol", "BDNF")
    got = signed("The stress-induced activation of BDNF was decreased by cortisol.", lexicon, schema)
    assert got[(cortisol, bdnf)] == -1


def test_resistance_to_a_drug_opposes_it_and_resistance_to_its_inhibition_does_not(lexicon, schema):
    bdnf, ketamine, leptin = names(lexicon, "BDNF", "ketamine", "leptin")
    assert signed("High BDNF may lead to resistance to ketamine in these patients.", lexicon, schema)[(bdnf, ketamine)] == -1
    assert signed("Leptin results in resistance to BDNF inhibition in the mice.", lexicon, schema)[(leptin, bdnf)] == 1


def test_a_change_of_the_genes_of_a_process_is_a_change_of_the_process(lexicon, schema):
    cortisol, inflammation = names(lexicon, "cortisol", "inflammation")
    got = signed("Cortisol caused down-regulation of several genes involved in inflammation.", lexicon, schema)
    assert got[(cortisol, inflammation)] == -1


def test_causing_the_loss_of_an_entity_decreases_it(lexicon, schema):
    ketamine, bdnf = names(lexicon, "ketamine", "BDNF")
    assert signed("Ketamine causes a rapid loss of BDNF in the cortex.", lexicon, schema)[(ketamine, bdnf)] == -1


def test_animals_treated_with_a_drug_are_no_object_of_the_trigger(lexicon, schema):
    curcumin, anxiety, lithium = names(lexicon, "curcumin", "anxiety", "lithium")
    got = signed("Curcumin reduced anxiety and oxidative damage in lithium-treated rats.", lexicon, schema)
    assert got.get((curcumin, anxiety)) == -1
    assert (anxiety, lithium) not in got and (lithium, anxiety) not in got


def test_every_member_of_an_inhibited_list_is_switched_off(lexicon, schema):
    bdnf, comt, leptin = names(lexicon, "BDNF", "COMT", "leptin")
    got = signed("Inhibition of COMT, or BDNF raised leptin in the cells.", lexicon, schema)
    assert got[(bdnf, leptin)] == -1, got


def test_cell_death_induced_by_an_entity_is_not_the_death_of_its_cells(lexicon, schema):
    curcumin, glutamate = names(lexicon, "curcumin", "glutamate")
    got = signed("Curcumin blocks glutamate-induced cell death in cultured neurons.", lexicon, schema)
    assert got[(curcumin, glutamate)] == -1, got


def test_a_disease_that_came_with_a_treatment_is_caused_by_it(lexicon, schema):
    lithium, tremor = names(lexicon, "lithium", "tremor")
    for text in ("The man reported a tremor while he was treated with lithium.",
                 "A tremor developed during long-term treatment with lithium in two patients.",
                 "The tremor developed after receiving lithium for years.",
                 "We describe a tremor as a side effect of lithium in an elderly woman."):
        got = signed(text, lexicon, schema)
        assert got.get((lithium, tremor)) == 1, (text, got)


def test_an_effect_that_ends_a_disease_is_no_cause_of_it(lexicon, schema):
    lithium, tremor = names(lexicon, "lithium", "tremor")
    for text in ("Lithium resulted in a complete resolution of the tremor.",
                 "Lithium led to the disappearance of tremor within a week.",
                 "Lithium resulted in a complete recovery from tremor."):
        got = signed(text, lexicon, schema)
        assert got.get((lithium, tremor)) == -1, (text, got)


def test_a_withdrawn_drug_a_treated_group_or_a_trial_arm_is_no_agent(lexicon, schema):
    lithium, tremor = names(lexicon, "lithium", "tremor")
    for text in ("Lithium withdrawal resulted in a tremor in three patients.",
                 "In the lithium-treated group tremor increased over the year.",
                 "A placebo- and lithium-controlled trial in patients with tremor."):
        got = signed(text, lexicon, schema)
        assert got.get((lithium, tremor), 0) != 1, (text, got)
