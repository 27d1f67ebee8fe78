// name: downstream_effects
// description: What an entity ends up increasing or decreasing, following signed statements
//   subject to object for up to three steps: per affected entity, the net sign, the
//   fewest steps, how many paths lead there and one shortest example.
// param name: string (required) - where effects start: name, synonym or CURIE, any case
// param max_hops: int = 2 - the longest chain; at most 3, the fixed bound of the pattern
// param sign: int = null - only effects of this net sign (1 more, -1 less); null for both
// param limit: int = 100 - the most rows to return
// example: neurograph cypher --file cypher/downstream_effects.cypher --param name=magnesium
// example: neurograph cypher --file cypher/downstream_effects.cypher --param name=ketamine --param sign=-1
//
// A path through an unsigned statement (REGULATES, ASSOCIATED_WITH, ...) has net sign 0
// and is left out: it says nothing about direction. IS_A and FORM_OF are walked (a member
// inherits what its class does) but a class or form reached last is not an effect.
MATCH (a:Entity)
WHERE a.id = $name OR toLower(a.name) = toLower($name)
   OR any(s IN coalesce(a.synonyms, []) WHERE toLower(s) = toLower($name))
MATCH p = (a)-[:ANTAGONIST_OF|ACTIVATES|INHIBITS|INCREASES|DECREASES|COFACTOR_FOR|PRECURSOR_OF|TREATS|PALLIATES|CAUSES|CONTRIBUTES_TO|PROTECTS_AGAINST|HAS_SYMPTOM|SOURCE_OF|IS_A|FORM_OF*1..3]->(t:Entity)
WHERE length(p) <= $max_hops
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
  AND NOT type(last(relationships(p))) IN ['IS_A', 'FORM_OF']
WITH a, t, p, reduce(sign = 1, r IN relationships(p) | sign * r.polarity) AS net_sign
WHERE net_sign <> 0 AND ($sign IS NULL OR net_sign = $sign)
WITH a, t, net_sign, p
ORDER BY length(p), [n IN nodes(p) | n.name]
WITH a, t, net_sign, min(length(p)) AS hops, count(p) AS paths, collect([n IN nodes(p) | n.name])[0] AS example
RETURN a.name AS source, t.name AS affected, t.category AS category, net_sign, hops, paths, example
ORDER BY hops, affected, net_sign DESC
LIMIT $limit
