// name: contradicted_claims
// description: Document claims that curated knowledge contradicts (claim triage: a curated statement between
//   the same two entities has the opposite sign), with the claim's sentences and the curated statements
//   against it. Popular articles overstate: start reviewing here. Labels are recomputed on every build.
// param name: string = null - only claims involving this entity (name, synonym or CURIE); null for all
// param limit: int = 100 - the most rows to return
// example: neurograph cypher --file cypher/contradicted_claims.cypher
// example: neurograph cypher --file cypher/contradicted_claims.cypher --param name=ketamine
MATCH (a:Entity)-[claim]->(b:Entity)
WHERE claim.triage = 'contradicted'
  AND ($name IS NULL OR any(e IN [a, b] WHERE e.id = $name OR toLower(e.name) = toLower($name)
       OR any(s IN coalesce(e.synonyms, []) WHERE toLower(s) = toLower($name))))
RETURN a.name AS subject,
       type(claim) AS claim,
       b.name AS object,
       claim.polarity AS sign,
       claim.confidence AS confidence,
       claim.triage_basis AS contradicted_by,
       claim.evidence_doc AS documents,
       claim.evidence_sentence AS sentences
ORDER BY confidence DESC, subject, object, claim
LIMIT $limit
