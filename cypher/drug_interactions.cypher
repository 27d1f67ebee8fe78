// name: drug_interactions
// description: What a drug (or nutrient, or food) interacts with: its INTERACTS_WITH
//   statements and those of the classes it belongs to (IS_A, up to two levels up).
// param name: string (required) - drug name, synonym or CURIE, any case
// example: neurograph cypher --file cypher/drug_interactions.cypher --param name=lithium
MATCH (d:Entity)
WHERE d.id = $name OR toLower(d.name) = toLower($name)
   OR any(s IN coalesce(d.synonyms, []) WHERE toLower(s) = toLower($name))
MATCH (d)-[:IS_A*0..2]->(via:Entity)-[r:INTERACTS_WITH]-(other:Entity)
WHERE other <> d
RETURN DISTINCT d.name AS drug,
       CASE WHEN via = d THEN null ELSE via.name END AS via_class,
       other.name AS interacts_with,
       other.category AS category,
       r.confidence AS confidence,
       r.hedged AS hedged,
       r.evidence_sentence AS evidence
ORDER BY interacts_with, via_class
