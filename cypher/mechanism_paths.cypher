// name: mechanism_paths
// description: Simple paths between two entities through statements (documents are never
//   stepped through), with the net sign (product of polarities: 1 more source means more
//   target, -1 less, 0 unsigned) and the product of confidences.
// param source: string (required) - where paths start: name, synonym or CURIE, any case
// param target: string (required) - where paths end
// param max_hops: int = 3 - the longest path; at most 4, the fixed bound of the pattern
// param directed: boolean = true - follow statements subject to object (symmetric types either way); false walks every statement both ways
// param symmetric: list = ["ASSOCIATED_WITH", "INTERACTS_WITH", "RESEMBLES", "COVARIES_WITH", "COTREATED_WITH", "COMPARED_WITH"] - relationship types walked both ways when directed (the schema's symmetric types)
// param limit: int = 25 - the most paths to return
// example: neurograph cypher --file cypher/mechanism_paths.cypher --param source=magnesium --param target=depression
// example: neurograph cypher --file cypher/mechanism_paths.cypher --param source=ketamine --param target=dopamine --param max_hops=4 --param directed=false
//
// Cypher cannot take a variable-length bound from a parameter, so the pattern is
// *1..4 and $max_hops filters. The type list is every schema relationship type
// except MENTIONS (tests/test_cypher_library.py checks it against data/schema.yaml).
MATCH (a:Entity)
WHERE a.id = $source OR toLower(a.name) = toLower($source)
   OR any(s IN coalesce(a.synonyms, []) WHERE toLower(s) = toLower($source))
MATCH (b:Entity)
WHERE b.id = $target OR toLower(b.name) = toLower($target)
   OR any(s IN coalesce(b.synonyms, []) WHERE toLower(s) = toLower($target))
MATCH p = (a)-[:ANTAGONIST_OF|ACTIVATES|INHIBITS|INCREASES|DECREASES|COFACTOR_FOR|PRECURSOR_OF|REGULATES|TREATS|PALLIATES|CAUSES|CONTRIBUTES_TO|PROTECTS_AGAINST|ASSOCIATED_WITH|HAS_SYMPTOM|SOURCE_OF|INTERACTS_WITH|IS_A|FORM_OF|PARTICIPATES_IN|BINDS|RESEMBLES|COVARIES_WITH|LOCALIZES_TO|COTREATED_WITH|COMPARED_WITH*1..4]-(b)
WHERE a <> b
  AND length(p) <= $max_hops
  AND all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))
  AND (NOT $directed OR all(i IN range(0, length(p) - 1)
         WHERE startNode(relationships(p)[i]) = nodes(p)[i] OR type(relationships(p)[i]) IN $symmetric))
WITH p,
     reduce(sign = 1, r IN relationships(p) | sign * r.polarity) AS net_sign,
     reduce(c = 1.0, r IN relationships(p) | c * r.confidence) AS confidence
RETURN [n IN nodes(p) | n.name] AS path,
       [r IN relationships(p) | type(r)] AS relationships,
       length(p) AS hops,
       net_sign,
       round(confidence * 1000) / 1000.0 AS confidence
ORDER BY hops, confidence DESC, path
LIMIT $limit
