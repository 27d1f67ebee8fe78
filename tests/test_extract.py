"""Relation extraction on constructions the documents use, written in new words (not corpus sentences)."""

from __future__ import annotations

import json

import pytest

from neurograph.documents import Document
from neurograph.extract import extract_document
from neurograph.lexicon import load_lexicon
from neurograph.pipeline import build, extract_documents


@pytest.fixture(scope="module")
def lexicon(schema):
    return load_lexicon(schema=schema)


def triples(text, lexicon, schema, with_flags=False):
    doc = Document("t", None, "t", text, "")
    out = extract_document(doc, lexicon, schema)
    if with_flags:
        return {(s.subject.name, s.predicate, s.object.name, s.hedged, s.negated,
                 s.evidence[0].modifier) for s in out.statements}
    return {(s.subject.name, s.predicate, s.object.name) for s in out.statements}


def names(lexicon, *words):
    return [lexicon.resolve(w)[0].name for w in words]


def test_active_and_passive_voice(lexicon, schema):
    mg, nmda, glu = names(lexicon, "magnesium", "NMDA receptor", "glutamate")
    assert (mg, "ANTAGONIST_OF", nmda) in triples("Magnesium blocks the NMDA receptor in neurons.", lexicon, schema)
    assert (glu, "ACTIVATES", nmda) in triples("NMDA receptors are strongly activated by glutamate.", lexicon, schema)


def test_acts_as_an_antagonist_and_like_comparison(lexicon, schema):
    mg, ket, nmda = names(lexicon, "magnesium", "ketamine", "NMDA receptor")
    got = triples("Magnesium, like ketamine, acts as an antagonist to NMDA receptors.", lexicon, schema)
    assert {(mg, "ANTAGONIST_OF", nmda), (ket, "ANTAGONIST_OF", nmda)} <= got


def test_coordination_expands_to_each_member(lexicon, schema):
    spinach, almonds, mg = names(lexicon, "spinach", "almonds", "magnesium")
    got = triples("Spinach, almonds and black beans are rich in magnesium.", lexicon, schema)
    assert (spinach, "SOURCE_OF", mg) in got
    assert (almonds, "SOURCE_OF", mg) in got
    assert len([t for t in got if t[1] == "SOURCE_OF"]) == 3


def test_deficiency_flips_the_sign_onto_the_entity(lexicon, schema):
    mg, da = names(lexicon, "magnesium", "dopamine")
    got = triples("A deficiency of magnesium leads to lower dopamine levels.", lexicon, schema, with_flags=True)
    assert (mg, "INCREASES", da, False, False, "deficiency") in got


def test_linked_to_and_helps_to_regulate(lexicon, schema):
    ser, dep, cort, na = names(lexicon, "serotonin", "depression", "cortisol", "sodium")
    assert (ser, "ASSOCIATED_WITH", dep) in triples("Serotonin is linked to depression in several studies.", lexicon, schema)
    assert (cort, "REGULATES", na) in triples("Cortisol helps to regulate sodium in the kidney.", lexicon, schema)


def test_hedging_and_negation(lexicon, schema):
    mg, anx = names(lexicon, "magnesium", "anxiety")
    hedged = triples("Magnesium may reduce the symptoms of anxiety.", lexicon, schema, with_flags=True)
    assert any(t[:3] == (mg, "PALLIATES", anx) and t[3] and not t[4] for t in hedged)
    negated = triples("Magnesium does not treat anxiety.", lexicon, schema, with_flags=True)
    assert any(t[:3] == (mg, "TREATS", anx) and t[4] for t in negated)


def test_negated_statements_are_reported_but_never_graphed(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "neg.txt").write_text("Ketamine does not treat schizophrenia. Ketamine relieves depression quickly.")
    extraction = extract_documents([docs])
    negated = [s for s in extraction.statements if s.negated]
    assert [(s.subject.name, s.object.name) for s in negated] == [("ketamine", "schizophrenia")]
    result = build([docs], home=tmp_path / "home", curated=[])
    pairs = {(G_u, G_v) for G_u, G_v, d in result.graph.edges(data=True) if d.get("kind") == "statement"}
    ket = extraction.statements[0].subject.id
    assert all(not (u == ket and result.graph.nodes[v]["name"] == "schizophrenia") for u, v in pairs)
    assert len(result.negated) == 1
    lines = (tmp_path / "home" / "negated.jsonl").read_text().splitlines()
    assert json.loads(lines[0])["negated"] is True


def test_evidence_offsets_point_at_the_sentence(tmp_path):
    text = "Intro line.\n\nCholine activates the alpha-7 nicotinic receptor. Other text."
    (tmp_path / "a.txt").write_text(text)
    extraction = extract_documents([tmp_path / "a.txt"])
    [st] = [s for s in extraction.statements if s.predicate == "ACTIVATES"]
    ev = st.evidence[0]
    assert text[ev.start:ev.end] == ev.sentence == "Choline activates the alpha-7 nicotinic receptor."
    assert st.subject.text == "Choline"
    record = st.to_record()
    assert set(record) == {"subject", "predicate", "object", "polarity", "negated", "hedged", "confidence", "evidence"}
    assert record["subject"]["text"] == "Choline" and record["polarity"] == 1
    assert 0 < record["confidence"] <= 1


def test_build_is_cached_until_an_input_changes(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Ketamine relieves depression.")
    first = build([docs], home=tmp_path / "home")
    again = build([docs], home=tmp_path / "home")
    assert first.rebuilt and not again.rebuilt
    assert again.graph.number_of_edges() == first.graph.number_of_edges()
    (docs / "a.txt").write_text("Ketamine relieves depression. Magnesium blocks NMDA receptors.")
    third = build([docs], home=tmp_path / "home")
    assert third.rebuilt and third.graph.number_of_edges() > first.graph.number_of_edges()


def test_umbrella_words_are_never_the_end_of_a_statement(lexicon, schema):
    lep, app = names(lexicon, "leptin", "appetite")
    got = triples("Hormones such as leptin can modulate appetite.", lexicon, schema)
    assert (lep, "REGULATES", app) in got
    # A copula with a class word is membership (lead's decision 4), nothing else.
    got = triples("Leptin is a hormone of satiety.", lexicon, schema)
    assert got == {(lep, "IS_A", "hormone")}
    assert triples("Psychiatric disorders are linked to serotonin.", lexicon, schema) == set()
    assert triples("Medications can reduce dopamine in the striatum.", lexicon, schema) == set()


def test_this_category_noun_is_an_anaphor_not_the_category(lexicon, schema):
    k, banana = names(lexicon, "potassium", "banana")
    text = "Potassium matters for nerves. Many fruits are rich in this mineral, including:\n  • Bananas\n  • Kiwis\n"
    got = triples(text, lexicon, schema)
    assert (banana, "SOURCE_OF", k) in got
    assert not any(t[2] == "mineral" for t in got)


def test_a_labelled_list_item_is_about_its_label_not_the_lead_in(lexicon, schema):
    ca, k, milk, banana = names(lexicon, "calcium", "potassium", "milk", "banana")
    text = "Whole foods supply many electrolytes, including:\n  • Calcium: Milk and cheese\n  • Potassium: Bananas\n"
    got = triples(text, lexicon, schema)
    assert {(milk, "SOURCE_OF", ca), (banana, "SOURCE_OF", k)} <= got
    assert not any(t[2] == "electrolytes" for t in got)
    # An unlabelled item still takes the lead-in's subject.
    got = triples("Many foods provide potassium, including:\n  • Bananas and milk\n", lexicon, schema)
    assert (banana, "SOURCE_OF", k) in got


def test_such_as_keeps_the_class_and_types_each_example(lexicon, schema):
    nuts, almonds, cashews, mg = names(lexicon, "nuts", "almonds", "cashews", "magnesium")
    got = triples("Nuts, such as almonds and cashews, are rich in magnesium.", lexicon, schema)
    assert {(nuts, "SOURCE_OF", mg), (almonds, "SOURCE_OF", mg), (cashews, "SOURCE_OF", mg),
            (almonds, "IS_A", nuts), (cashews, "IS_A", nuts)} <= got
    # A class after a coordination: "salt and vegetables like celery".
    salt, veg, celery, cl = names(lexicon, "table salt", "vegetables", "celery", "chloride")
    got = triples("Chloride comes from table salt and vegetables like celery.", lexicon, schema)
    assert (celery, "IS_A", veg) in got and (salt, "IS_A", veg) not in got


def test_apposition_is_membership_only_for_a_class_of_the_same_kind(lexicon, schema):
    imi, ad, dep = names(lexicon, "imipramine", "antidepressants", "depression")
    got = triples("Imipramine, an antidepressant, relieves depression.", lexicon, schema)
    assert (imi, "IS_A", ad) in got and (imi, "TREATS", dep) in got
    assert (ad, "TREATS", dep) not in got  # the apposition is not a second subject
    fat, dep = names(lexicon, "fatigue", "depression")
    got = triples("Fatigue, a sign of depression, worsens insomnia.", lexicon, schema)
    assert (fat, "IS_A", dep) not in got


def test_coordination_over_one_unknown_modifier(lexicon, schema):
    legumes, seeds, mg = names(lexicon, "legumes", "seeds", "magnesium")
    got = triples("Legumes and roasted seeds are rich in magnesium.", lexicon, schema)
    assert {(legumes, "SOURCE_OF", mg), (seeds, "SOURCE_OF", mg)} <= got
    # A trigger word between two mentions is a predicate, not a modifier.
    got = triples("Legumes and raises magnesium.", lexicon, schema)
    assert (legumes, "SOURCE_OF", mg) not in got


def test_class_words_give_membership_from_such_as_lists_only(lexicon, schema):
    cort, lep, hormone = names(lexicon, "cortisol", "leptin", "hormone")
    got = triples("Hormones such as cortisol and leptin shape appetite.", lexicon, schema)
    assert {(cort, "IS_A", hormone), (lep, "IS_A", hormone)} <= got
    got = triples("Leptin is a hormone that acts on appetite.", lexicon, schema)
    assert (lep, "IS_A", hormone) in got  # lead's decision 4: a copula with a class word
    assert not any(t[0] == hormone for t in got)


def test_a_class_includes_its_members(lexicon, schema):
    na, cl, el = names(lexicon, "sodium", "chloride", "electrolytes")
    got = triples("The main electrolytes include sodium and chloride.", lexicon, schema)
    assert {(na, "IS_A", el), (cl, "IS_A", el)} <= got
    # "include" between two non-classes is no membership.
    got = triples("Sodium benefits include potassium retention.", lexicon, schema)
    assert not any(t[1] == "IS_A" for t in got)


def test_a_second_verb_phrase_keeps_its_subject(lexicon, schema):
    lith, ser, dep = names(lexicon, "lithium", "serotonin", "depression")
    got = triples("Lithium raises serotonin and relieves depression.", lexicon, schema)
    assert {(lith, "INCREASES", ser), (lith, "TREATS", dep)} <= got
    assert (ser, "TREATS", dep) not in got
    cort, na, exc = names(lexicon, "cortisol", "sodium", "neuronal excitability")
    got = triples("Cortisol alters sodium handling, thereby affecting neuronal excitability.", lexicon, schema)
    assert (cort, "REGULATES", exc) in got
    # A relative clause is about the nearest noun, not the subject.
    got = triples("Lithium raises serotonin, which relieves depression.", lexicon, schema)
    assert (lith, "TREATS", dep) not in got


def test_restore_and_normalize(lexicon, schema):
    ssri, ser = names(lexicon, "SSRIs", "serotonin")
    assert (ssri, "INCREASES", ser) in triples("SSRIs restore serotonin in the synapse.", lexicon, schema)
    assert (ssri, "REGULATES", ser) in triples("SSRIs help to normalize serotonin levels.", lexicon, schema)


def test_symptom_lead_in_takes_the_disorder_under_discussion(lexicon, schema):
    bip, ins, irr, fat = names(lexicon, "bipolar disorder", "insomnia", "irritability", "fatigue")
    text = ("Bipolar disorder is a lifelong illness.\nOther signs might include:\nInsomnia at night\n"
            "Irritability\nIt is treated with care.\nFatigue\n")
    got = triples(text, lexicon, schema, with_flags=True)
    assert (bip, "HAS_SYMPTOM", ins, True, False, None) in got  # hedged by "might"
    assert (bip, "HAS_SYMPTOM", irr, True, False, None) in got
    # A full sentence ends the list: "Fatigue" after it is not an item.
    assert not any(t[2] == fat for t in got)
    # No disorder under discussion: no statement.
    assert triples("Some signs include:\nInsomnia\n", lexicon, schema) == set()


def test_a_pronoun_clause_and_symptom_lists_do_not_chain(lexicon, schema):
    ins, dep, anx = names(lexicon, "insomnia", "depression", "anxiety")
    got = triples("Alcohol can cause insomnia, and over time it can worsen depression.", lexicon, schema)
    assert (ins, "CAUSES", dep) not in got and (ins, "CONTRIBUTES_TO", dep) not in got
    fat, head = names(lexicon, "fatigue", "headache")
    got = triples("Signs include fatigue, insomnia and physical symptoms like headaches.", lexicon, schema)
    assert not any(t[1] == "HAS_SYMPTOM" and t[0] in (fat, ins) for t in got)
    got = triples("Anxiety has physical symptoms like headaches.", lexicon, schema)
    assert (anx, "HAS_SYMPTOM", head) in got


# --- round 2: triggers, places, carried subjects ------------------------------------------------


def test_plays_a_role_in_is_regulates_and_part_in_is_participation(lexicon, schema):
    ca, neuron, sleep = names(lexicon, "calcium", "neuron", "sleep")
    got = triples("Calcium plays a central role in neuronal function.", lexicon, schema)
    assert (ca, "REGULATES", neuron) in got
    got = triples("Calcium plays a part in sleep.", lexicon, schema)
    assert (ca, "PARTICIPATES_IN", sleep) in got
    assert not any(t[1] == "PARTICIPATES_IN" for t in triples("Calcium plays a part in neuronal function.", lexicon, schema))


def test_symptom_relief_is_palliation_and_support_depends_on_the_object(lexicon, schema):
    li, anx, mood, dep = names(lexicon, "lithium", "anxiety", "mood", "depression")
    assert (li, "PALLIATES", anx) in triples("Lithium can ease the anxiety symptoms of older adults.", lexicon, schema)
    assert (li, "INCREASES", mood) in triples("Lithium supports stable mood in adults.", lexicon, schema)
    assert (li, "TREATS", dep) in triples("Lithium supports recovery from depression.", lexicon, schema)
    # a plain decrease of a process stays DECREASES
    assert (li, "PALLIATES", mood) not in triples("Lithium reduces mood swings.", lexicon, schema)


def test_passive_regulation_and_disruption(lexicon, schema):
    da, rp, cort, na = names(lexicon, "dopamine", "reward pathways", "cortisol", "sodium")
    assert (da, "REGULATES", rp) in triples("The reward pathways governed by dopamine were studied.", lexicon, schema)
    assert (cort, "REGULATES", na) in triples("Cortisol can disrupt sodium handling.", lexicon, schema)
    assert (na, "REGULATES", cort) not in triples("Sodium is influenced by cortisol.", lexicon, schema)


def test_places_named_as_locatives_are_not_statement_ends(lexicon, schema):
    k, mood, brain = names(lexicon, "potassium", "mood", "brain")
    got = triples("Potassium in the brain affects mood.", lexicon, schema)
    assert (k, "REGULATES", mood) in got
    assert not any(brain in (t[0], t[2]) for t in got)
    got = triples("Potassium supports brain function and lifts mood.", lexicon, schema)
    assert not any(brain in (t[0], t[2]) for t in got)
    # a statement about the place itself stays
    assert (k, "REGULATES", brain) in triples("Potassium affects the brain.", lexicon, schema)


def test_means_and_participle_clauses_keep_the_main_subject(lexicon, schema):
    cort, na, exc, mood = names(lexicon, "cortisol", "sodium", "neuronal excitability", "mood")
    got = triples("Cortisol alters sodium concentrations, thereby affecting neuronal excitability.", lexicon, schema)
    assert (cort, "REGULATES", exc) in got and (na, "REGULATES", exc) not in got
    ssri, rec, sig = names(lexicon, "SSRIs", "dopamine receptor", "dopamine signaling")
    got = triples("SSRIs are given to patients, targeting dopamine receptors to normalize dopamine signaling.",
                  lexicon, schema)
    assert (ssri, "REGULATES", sig) in got and (rec, "REGULATES", sig) not in got
    # the object's own clause keeps its subject: "A, which B" is not carried
    got = triples("Cortisol raises sodium, which affects mood.", lexicon, schema)
    assert (cort, "REGULATES", mood) not in got


def test_second_verb_after_a_class_word_keeps_the_subject(lexicon, schema):
    ex, anx = names(lexicon, "exercise", "anxiety")
    got = triples("Exercise can support neurotransmitter balance and relieve anxiety symptoms.", lexicon, schema)
    assert (ex, "PALLIATES", anx) in got


def test_apposition_with_a_class_carries_the_subject(lexicon, schema):
    li, md = names(lexicon, "lithium", "mood disorders")
    got = triples("Lithium, an antidepressant known as 'the salt', relieves the symptoms of mood disorders.",
                  lexicon, schema)
    assert (li, "PALLIATES", md) in got
    assert not any(t[0] != li and t[2] == md for t in got)


def test_copular_membership_in_a_category_word(lexicon, schema):
    cl, mineral = names(lexicon, "chloride", "mineral")
    assert (cl, "IS_A", mineral) in triples("Chloride is a mineral found in table salt.", lexicon, schema)
    # "this mineral" refers back and states no membership
    got = triples("Chloride matters. This mineral is found in table salt.", lexicon, schema)
    assert not any(t[1] == "IS_A" for t in got)


def test_clause_pronoun_is_the_sentence_subject(lexicon, schema):
    li, ins, anx, tremor = names(lexicon, "lithium", "insomnia", "anxiety", "headache")
    text = ("Lithium is widely used. It can cause headaches and insomnia, and, at high doses, it can worsen anxiety.")
    got = triples(text, lexicon, schema)
    assert {(li, "CAUSES", tremor), (li, "CAUSES", ins), (li, "CONTRIBUTES_TO", anx)} <= got
    assert not any(t[0] in (tremor, ins) for t in got)
    # a leading "It" is the previous sentence's subject, not a condition named at its end
    got = triples("Lithium helps many patients who feel depressed. It can cause headaches.", lexicon, schema)
    assert (li, "CAUSES", tremor) in got


def test_an_alias_after_an_apposition_names_the_subject_again(lexicon, schema):
    ket, dep = names(lexicon, "ketamine", "depression")
    got = triples("Ketamine, an anesthetic known as 'Special K', won praise for its power to ease depression.",
                  lexicon, schema)
    assert (ket, "TREATS", dep) in got
    # a lot of attention is no faculty
    assert not any(t[2] == "attention" for t in triples("Ketamine drew a lot of attention.", lexicon, schema))


def test_list_items_after_a_class_lead_in_are_members(lexicon, schema):
    nuts, legumes, pbf, k = names(lexicon, "nuts", "legumes", "plant-based foods", "potassium")
    text = "Potassium matters. Plant-based foods are rich in this mineral, including:\n  • Nuts, such as almonds\n  • Legumes\n"
    got = triples(text, lexicon, schema)
    assert {(nuts, "IS_A", pbf), (legumes, "IS_A", pbf), (nuts, "SOURCE_OF", k)} <= got
    assert not any(t[0] == "almonds" and t[2] == pbf for t in got)  # the example is the item's, not the class's


def test_a_class_word_heading_a_name_is_membership(lexicon, schema):
    gly, aa, da, nt, hormone = names(lexicon, "glycine", "amino acids", "dopamine", "neurotransmitter", "hormone")
    assert (gly, "IS_A", aa) in triples("It is bound to the amino acid glycine.", lexicon, schema)
    got = triples("Dopamine is a neurotransmitter and hormone.", lexicon, schema)
    assert {(da, "IS_A", nt), (da, "IS_A", hormone)} <= got
    # no membership across kinds: a supplement class does not take a nutrient as a member
    got = triples("Supplements like omega-3 fatty acids may help.", lexicon, schema)
    assert not any(t[1] == "IS_A" for t in got)


def test_plural_anaphor_takes_every_member_the_previous_sentence_named(lexicon, schema):
    na, k, exc, el = names(lexicon, "sodium", "potassium", "neuronal excitability", "electrolytes")
    text = "Diets differ in sodium and potassium. These elements affect neuronal excitability."
    got = triples(text, lexicon, schema)
    assert {(na, "REGULATES", exc), (k, "REGULATES", exc)} <= got
    # one mineral before: a plural anaphor finds no list
    got = triples("Diets differ in sodium. These elements affect neuronal excitability.", lexicon, schema)
    assert (k, "REGULATES", exc) not in got


def test_such_foods_are_sources_of_what_the_foods_were_rich_in(lexicon, schema):
    banana, spinach, k = names(lexicon, "banana", "spinach", "potassium")
    text = "Eat foods rich in potassium every day. Bananas and spinach are examples of such foods."
    got = triples(text, lexicon, schema)
    assert {(banana, "SOURCE_OF", k), (spinach, "SOURCE_OF", k)} <= got
    got = triples("Eat foods rich in potassium every day. Bananas and spinach taste good.", lexicon, schema)
    assert (banana, "SOURCE_OF", k) not in got


def test_a_parenthesis_after_a_category_word_lists_the_members(lexicon, schema):
    mg, dig, nitro = names(lexicon, "magnesium", "digoxin", "nitrofurantoin")
    got = triples("Magnesium interacts with some drugs (digoxin and nitrofurantoin).", lexicon, schema)
    assert {(mg, "INTERACTS_WITH", dig), (mg, "INTERACTS_WITH", nitro)} <= got
    # a parenthesis after an ordinary entity is no list
    got = triples("Magnesium interacts with digoxin (and nitrofurantoin rarely).", lexicon, schema)
    assert (mg, "INTERACTS_WITH", dig) in got


def test_purpose_phrase_for_patients_is_the_main_subjects_treatment(lexicon, schema):
    ssri, ser, dep = names(lexicon, "SSRIs", "serotonin", "depression")
    got = triples("SSRIs are prescribed to raise serotonin in the brain for people experiencing depression.",
                  lexicon, schema)
    assert (ssri, "TREATS", dep) in got and (ser, "TREATS", dep) not in got
    got = triples("Serotonin was low for people with depression.", lexicon, schema)
    assert not any(t[1] == "TREATS" for t in got)


def test_an_apposition_with_a_preposition_or_participle_is_no_membership(lexicon, schema):
    li, bd, hip, mem = names(lexicon, "lithium", "bipolar disorder", "hippocampus", "memory")
    got = triples("Lithium, a standard treatment for bipolar disorder, is cheap.", lexicon, schema)
    assert (li, "TREATS", bd) in got
    got = triples("Stress can shrink the hippocampus, an area involved in memory.", lexicon, schema)
    assert (hip, "PARTICIPATES_IN", mem) in got


def test_damage_decreases_its_object(lexicon, schema):
    glu, neuron = names(lexicon, "glutamate", "neurons")
    assert (glu, "DECREASES", neuron) in triples("Excess glutamate can damage neurons.", lexicon, schema)


def test_every_member_of_a_such_as_list_is_typed_even_a_class(lexicon, schema):
    dep, anx, md = names(lexicon, "depression", "anxiety", "mood disorders")
    got = triples("Poor sleep worsens mood disorders such as anxiety and depression.", lexicon, schema)
    assert {(anx, "IS_A", md), (dep, "IS_A", md)} <= got


def test_coordination_continues_after_an_abbreviation(lexicon, schema):
    gad, pd, ser = names(lexicon, "generalized anxiety disorder", "panic disorder", "serotonin")
    got = triples("Generalized anxiety disorder (GAD) and panic disorder are linked to serotonin.", lexicon, schema)
    assert {(gad, "ASSOCIATED_WITH", ser), (pd, "ASSOCIATED_WITH", ser)} <= got or \
        {(ser, "ASSOCIATED_WITH", gad), (ser, "ASSOCIATED_WITH", pd)} <= got


def test_a_means_clause_never_falls_back_on_an_umbrella_subject(lexicon, schema):
    ssri, dep = names(lexicon, "SSRIs", "depression")
    got = triples("Drug treatments often use SSRIs to help restore neurotransmitter balance and reduce "
                  "anxiety symptoms.", lexicon, schema)
    assert (ssri, "PALLIATES", names(lexicon, "anxiety")[0]) in got


def test_a_definition_line_and_a_reduced_relative_carry_the_subject(lexicon, schema):
    da, motiv, zn, imm = names(lexicon, "dopamine", "motivation", "calcium", "muscle contraction")
    assert (da, "REGULATES", motiv) in triples("Dopamine: A neurotransmitter that helps regulate motivation.",
                                                lexicon, schema)
    assert (zn, "PARTICIPATES_IN", imm) in triples("Calcium is a mineral involved in muscle contraction.", lexicon, schema)


def test_levels_like_introduces_members_and_a_participle_keeps_the_subject(lexicon, schema):
    stress, ser, da = names(lexicon, "stress", "serotonin", "dopamine")
    got = triples("Stress: Raises cortisol, affecting neurotransmitter levels like serotonin and dopamine.",
                  lexicon, schema)
    assert {(stress, "REGULATES", ser), (stress, "REGULATES", da)} <= got


def test_a_class_word_nickname_is_not_a_member(lexicon, schema):
    cort, mood = names(lexicon, "cortisol", "mood")
    got = triples("Cortisol, sometimes called the 'stress hormone', can affect mood.", lexicon, schema)
    assert (cort, "REGULATES", mood) in got


def test_symptoms_like_inside_a_list_is_a_list_item(lexicon, schema):
    got = triples("Signs can include anxiety, fatigue, and physical symptoms like headaches.", lexicon, schema)
    assert not [t for t in got if t[1] == "HAS_SYMPTOM" and t[2] == names(lexicon, "headache")[0]]


def test_plural_copula_with_a_class_is_membership(lexicon, schema):
    ssri, ad = names(lexicon, "SSRIs", "antidepressants")
    assert (ssri, "IS_A", ad) in triples("SSRIs are widely prescribed antidepressants.", lexicon, schema)


def test_noun_changes_after_an_event_and_compound_effects(lexicon, schema):
    zn, stress, mg, tbi = names(lexicon, "potassium", "stress", "magnesium", "traumatic brain injury")
    assert (stress, "DECREASES", zn) in triples("Researchers studied the potassium-lowering effects of stress.",
                                                 lexicon, schema)
    assert (tbi, "DECREASES", mg) in triples("Doctors measured magnesium drops after traumatic brain injury.",
                                              lexicon, schema)


def test_a_condition_with_low_levels_is_an_association(lexicon, schema):
    dep, zn = names(lexicon, "depression", "calcium")
    got = triples("People with depression tend to have lower calcium levels.", lexicon, schema) | \
        triples("Consider depression, where low calcium levels are common.", lexicon, schema)
    assert {t for t in got if t[1] != "ASSOCIATED_WITH"} == set()
    assert (dep, "ASSOCIATED_WITH", zn) in got or (zn, "ASSOCIATED_WITH", dep) in got


def test_works_in_people_with_a_disorder_is_treatment(lexicon, schema):
    ket, dep = names(lexicon, "ketamine", "depression")
    assert (ket, "TREATS", dep) in triples("Ketamine works in many patients with depression.", lexicon, schema)


def test_a_fronted_phrase_is_not_the_subject(lexicon, schema):
    anx, zn, sr = names(lexicon, "anxiety", "calcium", "stress response")
    got = triples("For anxiety, calcium's capacity to modulate the stress response matters.", lexicon, schema)
    assert (zn, "REGULATES", sr) in got
    assert (anx, "REGULATES", sr) not in got


def test_quality_nouns_continue_a_list(lexicon, schema):
    apathy, fatigue, rw = names(lexicon, "apathy", "fatigue", "reward pathways")
    got = triples("Patients report a sense of apathy, or fatigue, which are tied to reward pathways.", lexicon, schema)
    either_way = got | {(c, b, a) for a, b, c in got}  # ASSOCIATED_WITH is symmetric
    assert {(apathy, "ASSOCIATED_WITH", rw), (fatigue, "ASSOCIATED_WITH", rw)} <= either_way


def test_implicated_such_as_lists_associations(lexicon, schema):
    ser, ocd_like = names(lexicon, "serotonin", "bipolar disorder")
    got = triples("Disorders where serotonin is implicated, such as bipolar disorder, are common.", lexicon, schema)
    assert (ser, "ASSOCIATED_WITH", ocd_like) in got or (ocd_like, "ASSOCIATED_WITH", ser) in got


def test_a_substance_state_manifesting_as_a_symptom_is_an_association(lexicon, schema):
    ca, cramps = names(lexicon, "calcium", "muscle weakness")
    got = triples("Calcium imbalance can manifest as muscle weakness.", lexicon, schema)
    assert (ca, "ASSOCIATED_WITH", cramps) in got or (cramps, "ASSOCIATED_WITH", ca) in got
    assert not [t for t in got if t[1] == "HAS_SYMPTOM"]


def test_coordinated_nominal_keeps_the_subject(lexicon, schema):
    ca, ne, sr = names(lexicon, "calcium", "neuronal excitability", "stress response")
    got = triples("Calcium has a role in the regulation of neuronal excitability and the modulation of "
                  "stress responses.", lexicon, schema)
    assert {(ca, "REGULATES", ne), (ca, "REGULATES", sr)} <= got
    assert (ne, "REGULATES", sr) not in got


def test_a_state_named_without_its_substance_is_the_substance_under_discussion(lexicon, schema):
    ca, weak, ne, hyper = names(lexicon, "calcium", "muscle weakness", "norepinephrine", "hyperactivity")
    text = ("Calcium matters for muscles. This deficiency can cause muscle weakness.\n\n"
            "Many people take calcium. Supplementation has shown promise in improving symptoms like muscle weakness.")
    got = triples(text, lexicon, schema, with_flags=True)
    assert (ca, "PROTECTS_AGAINST", weak, False, False, "deficiency") in got  # the deficiency flips the sign
    assert any(t[:3] == (ca, "PALLIATES", weak) for t in got)
    got = triples("Norepinephrine Imbalance: Common.\nHigh or erratic levels can cause hyperactivity.",
                  lexicon, schema, with_flags=True)
    assert (ne, "CAUSES", hyper, False, False, "excess") in got


def test_a_state_noun_never_overrides_a_named_substance(lexicon, schema):
    ca, mg, weak = names(lexicon, "calcium", "magnesium", "muscle weakness")
    got = triples("Calcium matters. The magnesium deficiency can cause muscle weakness.", lexicon, schema)
    assert (mg, "PROTECTS_AGAINST", weak) in got
    assert not [t for t in got if t[0] == ca and t[2] == weak]


def test_modal_coordinated_base_verb_keeps_the_subject(lexicon, schema):
    ca, ne, mood = names(lexicon, "calcium", "neuronal excitability", "mood")
    got = triples("Calcium can disrupt neuronal excitability and contribute to problems affecting mood.",
                  lexicon, schema)
    assert (ca, "REGULATES", mood) in got and (ne, "REGULATES", mood) not in got


def test_written_deficiency_is_the_substance_with_a_modifier_everywhere(lexicon, schema):
    mg, da = names(lexicon, "magnesium", "dopamine")
    for sentence in ("Magnesium deficiency may lower dopamine.", "Low magnesium may lower dopamine."):
        got = triples(sentence, lexicon, schema, with_flags=True)
        assert (mg, "INCREASES", da, True, False, "deficiency") in got, sentence
        assert not [t for t in got if t[0] == names(lexicon, "hypomagnesemia")[0]]
    # the disorder's own name stays the disorder
    assert (names(lexicon, "hypomagnesemia")[0], "CAUSES", names(lexicon, "muscle weakness")[0]) in triples(
        "Hypomagnesemia causes muscle weakness.", lexicon, schema)


def test_a_compound_called_a_form_is_a_form_of_the_substance_its_name_starts_with(lexicon, schema):
    cit, gly, mg = names(lexicon, "magnesium citrate", "magnesium glycinate", "magnesium")
    assert (cit, "FORM_OF", mg) in triples("Magnesium citrate is a cheap, well absorbed form.", lexicon, schema)
    assert (gly, "FORM_OF", mg) in triples("A gentler form, magnesium glycinate, suits many people.", lexicon, schema)
    assert not [t for t in triples("Magnesium citrate helps digestion.", lexicon, schema) if t[1] == "FORM_OF"]


def test_a_precursor_to_a_synthesis_is_a_precursor_of_its_product(lexicon, schema):
    trp, ser, synth = names(lexicon, "tryptophan", "serotonin", "serotonin synthesis")
    got = triples("Low intake of tryptophan, a precursor to serotonin synthesis, is common.", lexicon, schema,
                  with_flags=True)
    assert (trp, "PRECURSOR_OF", ser, False, False, None) in got  # the apposition defines, no deficiency flip
    assert (trp, "PARTICIPATES_IN", synth, False, False, None) in got


def test_passive_participles_and_asides(lexicon, schema):
    stress, syn, ca, mood = names(lexicon, "stress", "synapse", "calcium", "mood")
    assert (stress, "DECREASES", syn) in triples("Ketamine repairs synapses damaged by stress.", lexicon, schema)
    got = triples("Calcium imbalances, often worsened by stress, can lead to changes in mood.", lexicon, schema)
    assert (ca, "REGULATES", mood) in got
    assert not [t for t in got if t[0] == stress and t[2] == mood]


def test_a_question_asserts_nothing_unhedged(lexicon, schema):
    got = triples("Could magnesium block NMDA receptors?", lexicon, schema, with_flags=True)
    assert got and all(t[3] for t in got)


def test_without_doing_it_denies_the_second_effect(lexicon, schema):
    nic, a7 = names(lexicon, "nicotine", "alpha-7 nicotinic receptor")
    got = triples("Nicotine activates the alpha-7 nicotinic receptor, but without desensitizing it.",
                  lexicon, schema, with_flags=True)
    assert (nic, "ACTIVATES", a7, False, False, None) in got
    assert (nic, "DECREASES", a7, False, True, None) in got


def test_not_yet_understood_is_a_hedge_not_a_negation(lexicon, schema):
    li, na = names(lexicon, "lithium", "sodium")
    got = triples("Lithium acts through mechanisms that are not yet fully understood, but which could involve "
                  "the regulation of sodium.", lexicon, schema, with_flags=True)
    assert (li, "REGULATES", na, True, False, None) in got


def test_cofactor_and_breakdown_and_reuptake_blocking(lexicon, schema):
    mg, th, mao, ssri, ser = names(lexicon, "magnesium", "tyrosine hydroxylase", "monoamine oxidase", "SSRIs",
                                   "serotonin")
    assert (mg, "COFACTOR_FOR", th) in triples("Magnesium is a cofactor for tyrosine hydroxylase.", lexicon, schema)
    assert (mao, "DECREASES", ser) in triples("Drugs inhibit monoamine oxidase, the enzyme that breaks down serotonin.",
                                               lexicon, schema)
    assert (ssri, "INCREASES", ser) in triples("SSRIs block the reuptake of serotonin.", lexicon, schema)


def test_comma_list_items_with_an_unknown_modifier_word(lexicon, schema):
    cheese, meat, tyr = names(lexicon, "cheese", "meat", "tyramine")
    got = triples("Tyramine is an amine found mainly in aged cheese, cured meats and soy.", lexicon, schema)
    assert {(cheese, "SOURCE_OF", tyr), (meat, "SOURCE_OF", tyr)} <= got


def test_such_as_after_an_abbreviation_and_its_expansion(lexicon, schema):
    phen, maoi = names(lexicon, "phenelzine", "MAOIs")
    got = triples("MAOIs (monoamine oxidase inhibitors) such as phenelzine are old drugs.", lexicon, schema)
    assert (phen, "IS_A", maoi) in got


def test_a_subordinate_clause_starts_a_new_subject(lexicon, schema):
    ca, iron, vc = names(lexicon, "calcium", "iron", "vitamin C")
    got = triples("Calcium reduces the absorption of iron, while vitamin C enhances it.", lexicon, schema)
    assert (ca, "DECREASES", iron) in got
    assert not [t for t in got if t[0] == ca and t[2] == vc]


def test_a_plural_pronoun_clause_and_a_when_clause_belong_to_the_subject(lexicon, schema):
    tca, ser, wg, ssri, warf = names(lexicon, "tricyclic antidepressants", "serotonin", "weight gain", "SSRIs",
                                     "warfarin")
    got = triples("Tricyclic antidepressants block the reuptake of serotonin, but they cause weight gain.",
                  lexicon, schema)
    assert (tca, "CAUSES", wg) in got and (ser, "CAUSES", wg) not in got
    got = triples("SSRIs deplete serotonin in platelets, which raises the risk of bleeding when they are combined "
                  "with warfarin.", lexicon, schema)
    assert (ssri, "INTERACTS_WITH", warf) in got or (warf, "INTERACTS_WITH", ssri) in got
    assert not [t for t in got if t[0] == ser and t[2] == warf]


def test_the_class_precursor_of_is_the_subjects(lexicon, schema):
    trp, ser = names(lexicon, "tryptophan", "serotonin")
    got = triples("Tryptophan is the amino acid precursor of serotonin.", lexicon, schema)
    assert (trp, "PRECURSOR_OF", ser) in got
    assert not [t for t in got if t[1] == "PRECURSOR_OF" and t[0] != trp]


def test_flattened_table_rows_take_their_first_cell_as_subject(lexicon, schema):
    mg, nmda, bdnf, spinach, almonds = names(lexicon, "magnesium", "NMDA receptor", "BDNF", "spinach", "almonds")
    text = ("Nutrients and the brain\n\n"
            "Nutrient Role Good food sources\n"
            "Magnesium Blocks NMDA receptors; supports BDNF Spinach, almonds\n")
    got = triples(text, lexicon, schema)
    assert {(mg, "ANTAGONIST_OF", nmda), (mg, "INCREASES", bdnf), (spinach, "SOURCE_OF", mg),
            (almonds, "SOURCE_OF", mg)} <= got
    assert not [t for t in got if t[0] == nmda]  # the first cell, not the nearest one, is the subject


def test_table_rows_with_an_effect_column_and_interactions(lexicon, schema):
    na, anx, maoi, ssri = names(lexicon, "sodium", "anxiety", "MAOIs", "SSRIs")
    text = ("Case Imbalance Psychological manifestation\n"
            "1 Sodium deficiency Increased anxiety\n\n"
            "Combination Risk Advice\n"
            "MAOI + SSRI Serotonin syndrome Avoid\n")
    got = triples(text, lexicon, schema, with_flags=True)
    assert (na, "PROTECTS_AGAINST", anx, False, False, "deficiency") in got  # deficiency flips CAUSES
    plain = {t[:3] for t in got}
    ss = names(lexicon, "serotonin syndrome")[0]
    assert (maoi, "INTERACTS_WITH", ssri) in plain or (ssri, "INTERACTS_WITH", maoi) in plain
    assert {(maoi, "CONTRIBUTES_TO", ss), (ssri, "CONTRIBUTES_TO", ss)} <= plain


def test_headings_are_not_tables(lexicon, schema):
    got = triples("Magnesium and Dopamine\n\nMagnesium supports dopamine.", lexicon, schema)
    mg, da = names(lexicon, "magnesium", "dopamine")
    assert (mg, "INCREASES", da) in got


def test_an_abbreviation_in_parentheses_stays_in_its_list(lexicon, schema):
    fish, epa, dha = names(lexicon, "fatty fish", "EPA", "DHA")
    got = triples("Eicosapentaenoic acid (EPA) and docosahexaenoic acid (DHA) are found mainly in fatty fish.",
                  lexicon, schema)
    assert {(fish, "SOURCE_OF", epa), (fish, "SOURCE_OF", dha)} <= got


def test_a_rich_foods_lead_in_makes_each_item_a_source(lexicon, schema):
    cheese, beer, tyr = names(lexicon, "cheese", "beer", "tyramine")
    text = "Patients on MAOIs must avoid tyramine-rich foods:\n\n- Aged cheese\n- Tap beer\n"
    got = triples(text, lexicon, schema)
    assert {(cheese, "SOURCE_OF", tyr), (beer, "SOURCE_OF", tyr)} <= got


def test_production_verbs_and_maintaining(lexicon, schema):
    ec, ser, b12, myelin = names(lexicon, "enterochromaffin cells", "serotonin", "vitamin B12", "myelin")
    assert (ec, "INCREASES", ser) in triples("Most serotonin is made by enterochromaffin cells.", lexicon, schema)
    got = triples("Vitamin B12: Works with folate in the methylation cycle and maintains the myelin sheath.",
                  lexicon, schema)
    assert (b12, "INCREASES", myelin) in got
    assert not [t for t in got if t[2] == myelin and t[0] != b12]


def test_a_fronted_when_clause_does_not_lend_its_subject(lexicon, schema):
    mao, tyr, ne, mg, da = names(lexicon, "MAO-A", "tyramine", "norepinephrine", "magnesium", "dopamine")
    got = triples("When MAO-A is inhibited, tyramine enters the bloodstream and releases norepinephrine.",
                  lexicon, schema)
    assert (tyr, "INCREASES", ne) in got and (mao, "INCREASES", ne) not in got
    got = triples("When magnesium levels are insufficient, the regulation of dopamine can be compromised.",
                  lexicon, schema)
    assert [t for t in got if t[0] == mg and t[2] == da]


def test_loose_coordination_joins_only_like_with_like(lexicon, schema):
    cyt, trp = names(lexicon, "cytokines", "tryptophan")
    got = triples("Activated microglia release more cytokines and divert tryptophan away.", lexicon, schema)
    assert not [t for t in got if t[2] == trp and t[1] == "INCREASES"]


def test_a_coordinated_predicate_skips_a_fronted_phrase_and_little_evidence_negates(lexicon, schema):
    bd, o3, mania = names(lexicon, "bipolar disorder", "omega-3 fatty acids", "mania")
    got = triples("In bipolar disorder, omega-3s may ease depressive episodes but have no clear effect on mania.",
                  lexicon, schema, with_flags=True)
    assert [t for t in got if t[:1] == (o3,) and t[2] == mania and t[4]]  # negated, and omega-3's
    assert not [t for t in got if t[0] == bd and t[2] == mania]
    trp, dep = names(lexicon, "tryptophan", "depression")
    got = triples("There is little evidence that tryptophan treats depression.", lexicon, schema, with_flags=True)
    assert (trp, "TREATS", dep, False, True, None) in got


def test_which_after_an_action_is_about_the_action(lexicon, schema):
    ssri, sert, ser, ss = names(lexicon, "SSRIs", "serotonin transporter", "serotonin", "serotonin syndrome")
    got = triples("SSRIs block the serotonin transporter (SERT), which raises serotonin levels.", lexicon, schema)
    assert (ssri, "INCREASES", ser) in got and (sert, "INCREASES", ser) not in got
    hn, vp = names(lexicon, "hyponatremia", "vasopressin")
    got = triples("SSRIs can cause hyponatraemia, especially in older adults, by increasing the release of vasopressin.",
                  lexicon, schema)
    assert (ssri, "INCREASES", vp) in got and (hn, "INCREASES", vp) not in got
    # a noun's own relative clause stays the noun's
    exc, neuron = names(lexicon, "excitotoxicity", "neurons")
    got = triples("Overactive receptors lead to excitotoxicity, which can damage neurons.", lexicon, schema)
    assert (exc, "DECREASES", neuron) in got


def test_a_rule_phrase_wrapped_onto_the_next_line_still_counts(lexicon, schema):
    # Hard-wrapped text puts a line break inside "one of the"; the keyword filter must see through it.
    sertraline, ssri = names(lexicon, "sertraline", "SSRIs")
    for text in ("Sertraline is one of the SSRIs.", "Sertraline is one\nof the SSRIs.", "Sertraline is one \n  of the SSRIs."):
        assert (sertraline, "IS_A", ssri) in triples(text, lexicon, schema), text


def test_not_yet_known_is_a_hedge_in_every_spelling(lexicon, schema):
    # The hedge and the not-a-negation patterns share one spelling of "not (yet) (fully ...) understood".
    zinc, dopamine = names(lexicon, "zinc", "dopamine")
    for phrase in ("not fully understood", "not entirely known", "not clearly established", "not yet elucidated"):
        got = triples(f"It is {phrase} whether zinc regulates dopamine.", lexicon, schema, with_flags=True)
        assert (zinc, "REGULATES", dopamine, True, False, None) in got, phrase


def test_extract_documents_restores_the_garbage_collector_even_on_bad_input(tmp_path, lexicon, schema):
    import gc

    from neurograph.errors import InputError

    good = tmp_path / "good.txt"
    good.write_text("Magnesium blocks the NMDA receptor.", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert gc.isenabled()
    assert extract_documents([good], schema=schema, lexicon=lexicon).statements
    assert gc.isenabled()
    with pytest.raises(InputError):
        extract_documents([good, bad], schema=schema, lexicon=lexicon)
    assert gc.isenabled()
    gc.disable()
    try:
        extract_documents([good], schema=schema, lexicon=lexicon)
        assert not gc.isenabled()  # a caller that paused it keeps it paused
    finally:
        gc.enable()


def test_an_apposition_in_a_list_describes_the_item_before_it(lexicon, schema):
    tram, dxm, lzd, abx = names(lexicon, "tramadol", "dextromethorphan", "linezolid", "antibiotics")
    got = triples("Other drugs can contribute, including tramadol, dextromethorphan, a cough suppressant, "
                  "and linezolid, an antibiotic with weak activity.", lexicon, schema)
    assert (lzd, "IS_A", abx) in got
    assert (tram, "IS_A", abx) not in got and (dxm, "IS_A", abx) not in got


def test_a_class_named_by_its_members_gives_the_members(lexicon, schema):
    o3, epa, dha, fish = names(lexicon, "omega-3 fatty acids", "EPA", "DHA", "fatty fish")
    got = triples("The two omega-3 fatty acids, EPA and DHA, are found mainly in fatty fish.", lexicon, schema)
    assert {(epa, "IS_A", o3), (dha, "IS_A", o3), (fish, "SOURCE_OF", epa), (fish, "SOURCE_OF", dha)} <= got
    assert (fish, "SOURCE_OF", o3) not in got
    bvit, vit, folate, energy = names(lexicon, "B vitamins", "vitamins", "folate", "energy production")
    got = triples("The B vitamins are a group of water-soluble vitamins, including folate and vitamin B12, that act "
                  "as cofactors in energy production.", lexicon, schema)
    assert {(bvit, "IS_A", vit), (folate, "IS_A", bvit), (bvit, "COFACTOR_FOR", energy)} <= got
    assert (folate, "COFACTOR_FOR", energy) not in got and (folate, "IS_A", vit) not in got


def test_a_fronted_with_phrase_names_a_partner_not_the_subject(lexicon, schema):
    sjw, ssri, ss = names(lexicon, "St. John's wort", "SSRIs", "serotonin syndrome")
    got = triples("Combined with an SSRI, St John's wort can cause serotonin syndrome.", lexicon, schema)
    assert {(sjw, "INTERACTS_WITH", ssri), (sjw, "CAUSES", ss)} <= got
    assert (ssri, "CAUSES", ss) not in got


def test_both_names_the_previous_sentences_entities_of_one_kind(lexicon, schema):
    trp, htp, ins, maoi, ss = names(lexicon, "tryptophan", "5-HTP", "insomnia", "MAOIs", "serotonin syndrome")
    got = triples("Tryptophan is the precursor of serotonin, and 5-HTP is the intermediate. Both are sold as "
                  "supplements for insomnia. Taken together with an MAOI, they may increase the risk of serotonin "
                  "syndrome.", lexicon, schema)
    assert {(trp, "TREATS", ins), (htp, "TREATS", ins), (trp, "INTERACTS_WITH", maoi), (htp, "INTERACTS_WITH", maoi),
            (trp, "CONTRIBUTES_TO", ss), (htp, "CONTRIBUTES_TO", ss)} <= got


def test_adjective_triggers_of_another_noun_are_not_the_left_entitys(lexicon, schema):
    yog, fiber = names(lexicon, "yogurt", "dietary fiber")
    got = triples("Yogurt delivers live bacteria, and diets rich in fiber feed the gut.", lexicon, schema)
    assert (yog, "SOURCE_OF", fiber) not in got
    got = triples("Spinach is rich in fiber.", lexicon, schema)
    assert (names(lexicon, "spinach")[0], "SOURCE_OF", fiber) in got
    sr, bdnf = names(lexicon, "stress response", "BDNF")
    got = triples("Germ-free mice show an exaggerated stress response and reduced BDNF.", lexicon, schema)
    assert (sr, "DECREASES", bdnf) not in got


def test_use_approval_competition_and_deficiency_triggers(lexicon, schema):
    dul, pain, aud, b1, epa, ara = names(lexicon, "duloxetine", "chronic pain", "alcohol use disorder", "thiamine",
                                         "EPA", "arachidonic acid")
    assert (dul, "TREATS", pain) in triples("Duloxetine is also approved for some forms of chronic pain.", lexicon, schema)
    assert (aud, "ASSOCIATED_WITH", b1) in triples("People with alcohol use disorder, who are often deficient in "
                                                    "thiamine, need it.", lexicon, schema)
    # (after a colon, "it" is the subject again)
    assert (epa, "INTERACTS_WITH", ara) in triples("EPA has stronger effects: it competes with arachidonic acid.",
                                                   lexicon, schema)


def test_markdown_emphasis_before_such_as_and_required_for(lexicon, schema):
    tca, ami = names(lexicon, "tricyclic antidepressants", "amitriptyline")
    got = triples("**Tricyclic antidepressants** such as amitriptyline block the reuptake of serotonin.", lexicon, schema)
    assert (ami, "IS_A", tca) in got
    iron, energy = names(lexicon, "iron", "energy production")
    assert (iron, "PARTICIPATES_IN", energy) in triples("Iron is required for energy production.", lexicon, schema)
