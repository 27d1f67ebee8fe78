// name: evidence_by_grade
// description: Statements backed by evidence of a given grade: the population studied
//   (human, animal, in vitro, unknown) and the study type (meta-analysis, randomised trial,
//   clinical trial, observational, case report, review, experimental, popular article,
//   unknown), one row per statement with the sentences that qualify.
// param population: string = "human" - population of the evidence; null for any
// param study_type: string = null - study type of the evidence; null for any
// param name: string = null - only statements involving this entity (name, synonym or CURIE); null for all
// param limit: int = 100 - the most rows to return
// example: neurograph cypher --file cypher/evidence_by_grade.cypher
// example: neurograph cypher --file cypher/evidence_by_grade.cypher --param population=animal --param name=magnesium
// example: neurograph cypher --file cypher/evidence_by_grade.cypher --param study_type="randomised trial"
MATCH (a:Entity)-[r]->(b:Entity)
WHERE r.evidence_population IS NOT NULL
  AND ($name IS NULL OR any(e IN [a, b] WHERE e.id = $name OR toLower(e.name) = toLower($name)
       OR any(s IN coalesce(e.synonyms, []) WHERE toLower(s) = toLower($name))))
WITH a, r, b, [i IN range(0, size(r.evidence_population) - 1)
               WHERE ($population IS NULL OR r.evidence_population[i] = $population)
                 AND ($study_type IS NULL OR r.evidence_study_type[i] = $study_type)] AS picked
WHERE size(picked) > 0
RETURN a.name AS subject,
       type(r) AS relationship,
       b.name AS object,
       r.polarity AS polarity,
       r.confidence AS confidence,
       size(picked) AS sentences,
       [i IN picked | r.evidence_doc[i]] AS documents,
       [i IN picked | r.evidence_population[i] + " / " + r.evidence_study_type[i]] AS grades,
       [i IN picked | r.evidence_sentence[i]] AS evidence
ORDER BY sentences DESC, confidence DESC, subject, relationship, object
LIMIT $limit
