// name: shortest_paths
// description: All shortest paths between two entities through statements, walked in
//   either direction (documents are never stepped through), as names, ids and types.
// param source: string (required) - where paths start: name, synonym or CURIE, any case
// param target: string (required) - where paths end
// param limit: int = 50 - the most paths to return
// example: neurograph cypher --file cypher/shortest_paths.cypher --param source=magnesium --param target=dopamine
//
// The bound *..6 is fixed (Cypher takes no parameter there); no row means no path of
// six steps or fewer. The type list is every schema relationship type except MENTIONS.
MATCH (a:Entity)
WHERE a.id = $source OR toLower(a.name) = toLower($source)
   OR any(s IN coalesce(a.synonyms, []) WHERE toLower(s) = toLower($source))
MATCH (b:Entity)
WHERE b.id = $target OR toLower(b.name) = toLower($target)
   OR any(s IN coalesce(b.synonyms, []) WHERE toLower(s) = toLower($target))
WITH a, b
WHERE a <> b
MATCH p = allShortestPaths((a)-[:ANTAGONIST_OF|ACTIVATES|INHIBITS|INCREASES|DECREASES|COFACTOR_FOR|PRECURSOR_OF|REGULATES|TREATS|PALLIATES|CAUSES|CONTRIBUTES_TO|PROTECTS_AGAINST|ASSOCIATED_WITH|HAS_SYMPTOM|SOURCE_OF|INTERACTS_WITH|IS_A|FORM_OF|PARTICIPATES_IN|BINDS|RESEMBLES|COVARIES_WITH|LOCALIZES_TO|COTREATED_WITH|COMPARED_WITH*..6]-(b))
RETURN [n IN nodes(p) | n.name] AS path,
       [n IN nodes(p) | n.id] AS ids,
       [r IN relationships(p) | type(r)] AS relationships,
       length(p) AS hops
ORDER BY path
LIMIT $limit
