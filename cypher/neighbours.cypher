// name: neighbours
// description: Every entity directly linked to an entity, in both directions, with the
//   relationship, its sign, confidence, documents and evidence sentences.
// param name: string (required) - entity name, synonym or CURIE, any case
// param min_confidence: float = 0.0 - leave out relationships below this confidence
// param limit: int = 100 - the most rows to return
// example: neurograph cypher --file cypher/neighbours.cypher --param name=magnesium
// example: neurograph cypher --file cypher/neighbours.cypher --param name=NMDA --param min_confidence=0.6
MATCH (e:Entity)
WHERE e.id = $name OR toLower(e.name) = toLower($name)
   OR any(s IN coalesce(e.synonyms, []) WHERE toLower(s) = toLower($name))
MATCH (e)-[r]-(other:Entity)
WHERE r.confidence >= $min_confidence
RETURN e.name AS entity,
       CASE WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction,
       type(r) AS relationship,
       other.name AS neighbour,
       other.category AS category,
       r.polarity AS polarity,
       r.confidence AS confidence,
       r.hedged AS hedged,
       r.documents AS documents,
       r.evidence_sentence AS evidence
ORDER BY confidence DESC, relationship, neighbour
LIMIT $limit
