// name: deficiency_statements
// description: Statements read from sentences about a lack or surplus of the subject
//   ("low magnesium", "zinc deficiency", "excess glutamate"). The graph states them about
//   the subject itself, with the sign flipped for a deficiency; this shows what the
//   sentence actually said.
// param name: string = null - only statements involving this entity (name, synonym or CURIE); null for all
// param modifier: string = "deficiency" - deficiency or excess
// example: neurograph cypher --file cypher/deficiency_statements.cypher --param name=magnesium
MATCH (a:Entity)-[r]->(b:Entity)
WHERE $modifier IN coalesce(r.evidence_modifier, [])
  AND ($name IS NULL OR any(e IN [a, b] WHERE e.id = $name OR toLower(e.name) = toLower($name)
       OR any(s IN coalesce(e.synonyms, []) WHERE toLower(s) = toLower($name))))
UNWIND range(0, size(r.evidence_sentence) - 1) AS i
WITH a, r, b, i
WHERE r.evidence_modifier[i] = $modifier
RETURN a.name AS subject,
       type(r) AS relationship,
       b.name AS object,
       r.polarity AS polarity,
       r.evidence_modifier[i] AS modifier,
       r.evidence_doc[i] AS document,
       r.evidence_sentence[i] AS sentence
ORDER BY subject, relationship, object, document
