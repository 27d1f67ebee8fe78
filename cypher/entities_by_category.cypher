// name: entities_by_category
// description: The entities of one category (a schema category such as Mineral, Drug,
//   Disorder, Food) with their synonyms and how many statements they take part in.
// param category: string (required) - the category, any case (see data/schema.yaml)
// param limit: int = 500 - the most rows to return
// example: neurograph cypher --file cypher/entities_by_category.cypher --param category=Mineral
MATCH (e:Entity)
WHERE toLower(e.category) = toLower($category)
OPTIONAL MATCH (e)-[r]-(:Entity)
WITH e, count(r) AS statements
RETURN e.id AS id, e.name AS name, e.synonyms AS synonyms, statements
ORDER BY statements DESC, name
LIMIT $limit
