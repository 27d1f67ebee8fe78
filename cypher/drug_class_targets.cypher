// name: drug_class_targets
// description: Everything a drug class acts on: what the class itself is said to do and
//   what its members (entities that are IS_A the class, up to three levels down) do.
// param name: string (required) - the class (SSRIs, antidepressants, ...) or any entity: name, synonym or CURIE
// param depth: int = 2 - how many IS_A levels of members to include (0 = the class alone, at most 3)
// param limit: int = 200 - the most rows to return
// example: neurograph cypher --file cypher/drug_class_targets.cypher --param name=antidepressants
MATCH (c:Entity)
WHERE c.id = $name OR toLower(c.name) = toLower($name)
   OR any(s IN coalesce(c.synonyms, []) WHERE toLower(s) = toLower($name))
MATCH p = (member:Entity)-[:IS_A*0..3]->(c)
WHERE length(p) <= $depth
MATCH (member)-[r]->(target:Entity)
WHERE type(r) <> 'IS_A'
RETURN DISTINCT c.name AS class,
       member.name AS acting,
       length(p) AS levels,
       type(r) AS relationship,
       target.name AS target,
       target.category AS category,
       r.polarity AS polarity,
       r.confidence AS confidence,
       r.evidence_sentence AS evidence
ORDER BY levels, acting, relationship, target
LIMIT $limit
