// name: contradictions
// description: Pairs of entities with statements of opposite sign in the same direction
//   (one says more of the subject means more of the object, the other less), each with
//   its evidence, so that a reader can weigh them.
// param name: string = null - only contradictions involving this entity (name, synonym or CURIE); null for all
// param limit: int = 100 - the most rows to return
// example: neurograph cypher --file cypher/contradictions.cypher
// example: neurograph cypher --file cypher/contradictions.cypher --param name=dopamine
MATCH (a:Entity)-[pos]->(b:Entity), (a)-[neg]->(b)
WHERE pos.polarity = 1 AND neg.polarity = -1
  AND ($name IS NULL OR any(e IN [a, b] WHERE e.id = $name OR toLower(e.name) = toLower($name)
       OR any(s IN coalesce(e.synonyms, []) WHERE toLower(s) = toLower($name))))
RETURN a.name AS subject,
       b.name AS object,
       type(pos) AS positive,
       pos.confidence AS positive_confidence,
       type(neg) AS negative,
       neg.confidence AS negative_confidence,
       pos.evidence_sentence AS positive_evidence,
       neg.evidence_sentence AS negative_evidence
ORDER BY subject, object, positive, negative
LIMIT $limit
