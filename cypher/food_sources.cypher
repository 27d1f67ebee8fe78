// name: food_sources
// description: Foods that are sources of a nutrient or mineral: foods a document states to be a
//   source of it, of one of its forms (FORM_OF) or of one of its members (IS_A). A statement about
//   a food group ("plant-based foods are rich in magnesium") is not a statement about each food the
//   lexicon files under the group: those rows come only with inferred=true, marked inferred.
// param name: string = "magnesium" - the nutrient or mineral: name, synonym or CURIE, any case
// param inferred: boolean = false - also foods that belong (IS_A) to a food group stated to be a source, marked inferred
// example: neurograph cypher --file cypher/food_sources.cypher --param name=magnesium
// example: neurograph cypher --file cypher/food_sources.cypher --param name=magnesium --param inferred=true
MATCH (n:Entity)
WHERE n.id = $name OR toLower(n.name) = toLower($name)
   OR any(s IN coalesce(n.synonyms, []) WHERE toLower(s) = toLower($name))
MATCH (food:Food)-[:IS_A*0..2]->(source:Entity)-[r:SOURCE_OF]->(x:Entity)-[:FORM_OF|IS_A*0..2]->(n)
WHERE food = source OR $inferred
RETURN DISTINCT n.name AS nutrient,
       food.name AS food,
       CASE WHEN food = source THEN null ELSE source.name END AS food_group,
       CASE WHEN x = n THEN null ELSE x.name END AS form,
       food <> source AS inferred,
       r.confidence AS confidence,
       r.evidence_sentence AS evidence
ORDER BY food, food_group, form
