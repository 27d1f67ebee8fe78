// name: treatments
// description: What treats, palliates or protects against a disorder, and (optionally)
//   what does so for the disorder's symptoms (HAS_SYMPTOM), with evidence.
// param name: string = "depression" - the disorder: name, synonym or CURIE, any case
// param include_symptoms: boolean = true - also what acts on the disorder's symptoms
// param include_preventive: boolean = true - include PROTECTS_AGAINST as well as TREATS and PALLIATES
// example: neurograph cypher --file cypher/treatments.cypher --param name=depression
// example: neurograph cypher --file cypher/treatments.cypher --param name=anxiety --param include_symptoms=false
MATCH (d:Entity)
WHERE d.id = $name OR toLower(d.name) = toLower($name)
   OR any(s IN coalesce(d.synonyms, []) WHERE toLower(s) = toLower($name))
MATCH p = (d)-[:HAS_SYMPTOM*0..1]->(target:Entity)
WHERE $include_symptoms OR length(p) = 0
MATCH (agent:Entity)-[r:TREATS|PALLIATES|PROTECTS_AGAINST]->(target)
WHERE $include_preventive OR type(r) <> 'PROTECTS_AGAINST'
RETURN DISTINCT agent.name AS treatment,
       agent.category AS category,
       type(r) AS relationship,
       target.name AS target,
       CASE WHEN target = d THEN 'disorder' ELSE 'symptom' END AS via,
       r.confidence AS confidence,
       r.hedged AS hedged,
       r.evidence_sentence AS evidence
ORDER BY via, confidence DESC, treatment
