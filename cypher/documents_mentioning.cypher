// name: documents_mentioning
// description: The documents that mention an entity, with how often, and how many of the
//   entity's statements each document supports.
// param name: string (required) - entity name, synonym or CURIE, any case
// example: neurograph cypher --file cypher/documents_mentioning.cypher --param name=ketamine
MATCH (e:Entity)
WHERE e.id = $name OR toLower(e.name) = toLower($name)
   OR any(s IN coalesce(e.synonyms, []) WHERE toLower(s) = toLower($name))
MATCH (d:Document)-[m:MENTIONS]->(e)
OPTIONAL MATCH (e)-[r]-(:Entity)
WHERE d.doc IN coalesce(r.documents, [])
WITH e, d, m, count(r) AS statements
RETURN e.name AS entity, d.doc AS document, d.name AS title, m.count AS mentions, statements
ORDER BY mentions DESC, document
