// name: hubs
// description: The most connected entities: how many statements each takes part in
//   (degree, both directions) and how many documents mention it.
// param category: string = null - only this category (any case); null for all
// param limit: int = 20 - how many hubs
// example: neurograph cypher --file cypher/hubs.cypher --param limit=10
// example: neurograph cypher --file cypher/hubs.cypher --param category=Neurotransmitter
MATCH (e:Entity)
WHERE $category IS NULL OR toLower(e.category) = toLower($category)
OPTIONAL MATCH (e)-[r]-(:Entity)
WITH e, count(r) AS degree
OPTIONAL MATCH (d:Document)-[:MENTIONS]->(e)
WITH e, degree, count(d) AS documents
RETURN e.name AS name, e.category AS category, degree, documents
ORDER BY degree DESC, documents DESC, name
LIMIT $limit
