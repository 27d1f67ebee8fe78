// name: evidence_for_pair
// description: Every evidence sentence for every statement between two entities, in
//   either direction, one row per sentence, with its document, hedge and modifier.
// param a: string (required) - one entity: name, synonym or CURIE, any case
// param b: string (required) - the other entity
// example: neurograph cypher --file cypher/evidence_for_pair.cypher --param a=magnesium --param b="NMDA receptor"
MATCH (x:Entity)
WHERE x.id = $a OR toLower(x.name) = toLower($a)
   OR any(s IN coalesce(x.synonyms, []) WHERE toLower(s) = toLower($a))
MATCH (y:Entity)
WHERE y.id = $b OR toLower(y.name) = toLower($b)
   OR any(s IN coalesce(y.synonyms, []) WHERE toLower(s) = toLower($b))
MATCH (x)-[r]-(y)
WITH DISTINCT r
UNWIND range(0, size(coalesce(r.evidence_sentence, [])) - 1) AS i
RETURN startNode(r).name AS subject,
       type(r) AS relationship,
       endNode(r).name AS object,
       r.polarity AS polarity,
       r.evidence_doc[i] AS document,
       r.evidence_sentence[i] AS sentence,
       r.evidence_hedged[i] AS hedged,
       r.evidence_modifier[i] AS modifier,
       r.evidence_source[i] AS source,
       r.evidence_citation[i] AS citation
ORDER BY relationship, subject, document, sentence
