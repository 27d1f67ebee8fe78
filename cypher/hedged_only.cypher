// name: hedged_only
// description: Statements whose every evidence sentence is hedged ("may", "might",
//   "suggests"): claims the documents make only tentatively.
// param name: string = null - only statements involving this entity (name, synonym or CURIE); null for all
// param limit: int = 100 - the most rows to return
// example: neurograph cypher --file cypher/hedged_only.cypher
// example: neurograph cypher --file cypher/hedged_only.cypher --param name=magnesium
MATCH (a:Entity)-[r]->(b:Entity)
WHERE r.hedged = true
  AND ($name IS NULL OR any(e IN [a, b] WHERE e.id = $name OR toLower(e.name) = toLower($name)
       OR any(s IN coalesce(e.synonyms, []) WHERE toLower(s) = toLower($name))))
RETURN a.name AS subject,
       type(r) AS relationship,
       b.name AS object,
       r.polarity AS polarity,
       r.confidence AS confidence,
       r.documents AS documents,
       r.evidence_sentence AS evidence
ORDER BY confidence DESC, subject, relationship, object
LIMIT $limit
