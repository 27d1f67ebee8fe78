// name: drug_interactions
// description: What a drug (or nutrient, or food) interacts with: its INTERACTS_WITH statements.
//   A statement about a class ("NSAIDs interact with lithium") is not a statement about each of
//   its members: with inferred=true, the classes it belongs to (IS_A, up to two levels up) are
//   followed too, and those rows are marked inferred.
// param name: string (required) - drug name, synonym or CURIE, any case
// param inferred: boolean = false - also the interactions of the classes it belongs to, marked inferred
// example: neurograph cypher --file cypher/drug_interactions.cypher --param name=lithium
// example: neurograph cypher --file cypher/drug_interactions.cypher --param name=ibuprofen --param inferred=true
MATCH (d:Entity)
WHERE d.id = $name OR toLower(d.name) = toLower($name)
   OR any(s IN coalesce(d.synonyms, []) WHERE toLower(s) = toLower($name))
MATCH (d)-[:IS_A*0..2]->(via:Entity)-[r:INTERACTS_WITH]-(other:Entity)
WHERE other <> d AND (via = d OR $inferred)
RETURN DISTINCT d.name AS drug,
       CASE WHEN via = d THEN null ELSE via.name END AS via_class,
       other.name AS interacts_with,
       via <> d AS inferred,
       other.category AS category,
       r.confidence AS confidence,
       r.hedged AS hedged,
       r.evidence_sentence AS evidence
ORDER BY interacts_with, via_class
