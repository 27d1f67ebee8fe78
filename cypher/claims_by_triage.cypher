// name: claims_by_triage
// description: How many document claims curated knowledge corroborates, contradicts, or does not cover
//   (novel), per relationship type.
// param triage: string = null - only this label (corroborated, contradicted or novel); null for all
// example: neurograph cypher --file cypher/claims_by_triage.cypher
// example: neurograph cypher --file cypher/claims_by_triage.cypher --param triage=novel
MATCH (:Entity)-[claim]->(:Entity)
WHERE claim.triage IS NOT NULL AND ($triage IS NULL OR claim.triage = $triage)
RETURN claim.triage AS triage, type(claim) AS type, count(*) AS claims
ORDER BY triage, claims DESC, type
