.print '--- results groups'
EXPLAIN QUERY PLAN SELECT a.QuestionId, a.Status, a.Value, COUNT(*) FROM Answers a INNER JOIN (SELECT s.Id FROM Sessions s WHERE s.SurveyId='bench' AND s.Status<>'Abandoned' AND NOT s.Pilot) s0 ON a.SessionId=s0.Id WHERE a.SurveyId='bench' GROUP BY a.QuestionId, a.Status, a.Value;
.print '--- free-text count'
EXPLAIN QUERY PLAN SELECT COUNT(*) FROM Answers a INNER JOIN (SELECT s.Id FROM Sessions s WHERE s.SurveyId='bench' AND s.Status<>'Abandoned' AND NOT s.Pilot) s0 ON a.SessionId=s0.Id WHERE a.SurveyId='bench' AND a.QuestionId='change' AND a.Status='Answered' AND a.Value IS NOT NULL;
.print '--- free-text page'
EXPLAIN QUERY PLAN SELECT a.Id, a.Value, a.At, a.Channel FROM Answers a INNER JOIN (SELECT s.Id FROM Sessions s WHERE s.SurveyId='bench' AND s.Status<>'Abandoned' AND NOT s.Pilot) s0 ON a.SessionId=s0.Id WHERE a.SurveyId='bench' AND a.QuestionId='change' AND a.Status='Answered' AND a.Value IS NOT NULL ORDER BY a.At DESC, a.Id DESC LIMIT 20 OFFSET 39980;
.print '--- export columns'
EXPLAIN QUERY PLAN SELECT DISTINCT QuestionId FROM Answers WHERE SurveyId='bench';
.print '--- public themes count'
EXPLAIN QUERY PLAN SELECT COUNT(*) FROM Answers a INNER JOIN (SELECT s.Id FROM Sessions s WHERE s.SurveyId='bench' AND s.Status<>'Abandoned' AND NOT s.Pilot) s0 ON a.SessionId=s0.Id WHERE a.SurveyId='bench' AND a.QuestionId='change' AND a.Status='Answered' AND a.At <= 99999999999999;
