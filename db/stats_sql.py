"""The SQL of the monthly figures (db/stats.py): a few GROUP BY queries, dates compared as the
ISO text SQLite stores, written for the indexes that exist (see the notes on each)."""

from __future__ import annotations

from db.models.register import OPEN_STATUSES, PREVENTION

_OPEN = ", ".join(f"'{s}'" for s in OPEN_STATUSES)

COHORT_SQL = f"""
SELECT d.source, d.type_id, d.hamlet_id, d.status, count(*) AS n,
       coalesce(sum(d.people_involved), 0) AS people, coalesce(sum(d.amount_fen), 0) AS fen,
       sum(d.is_mass) AS mass, sum(d.people_involved >= 5) AS p5,
       {", ".join(f"sum({c} > 0) AS {c}_n, sum({c}) AS {c}_p" for c in PREVENTION)}
FROM dispute d
WHERE d.voided = 0 AND d.accepted_on BETWEEN :a AND :b
GROUP BY d.source, d.type_id, d.hamlet_id, d.status
"""

BY_MONTH_SQL = f"""
SELECT substr(accepted_on, 1, 7) AS m, status IN ({_OPEN}) AS open_now, status, count(*),
       coalesce(sum(people_involved), 0), coalesce(sum(amount_fen), 0)
FROM dispute WHERE voided = 0 AND accepted_on BETWEEN :a AND :b
GROUP BY m, status
"""

# The query planner would take ix_dispute_list (voided, accepted_on) for everything; a unary
# plus (+d.voided) keeps a column out of index choice so the narrower index is used:
# closed_on for 办结, status for the open cases, agreement rows first for the agreements.
CONCLUDED_SQL = """
SELECT substr(closed_on, 1, 7) AS m, count(*) FROM dispute
WHERE +voided = 0 AND closed_on BETWEEN :a AND :b GROUP BY m
"""

OPEN_AT_END_SQL = f"""
SELECT (SELECT count(*) FROM dispute WHERE status IN ({_OPEN}) AND +voided = 0 AND +accepted_on <= :b)
     + (SELECT count(*) FROM dispute WHERE closed_on > :b AND +voided = 0 AND +accepted_on <= :b
          AND status NOT IN ({_OPEN}))
"""

PARTIES_3_SQL = """
SELECT count(*) FROM (
  SELECT p.dispute_id FROM party p JOIN dispute d ON d.id = p.dispute_id
  WHERE d.voided = 0 AND p.voided = 0 AND d.accepted_on BETWEEN :a AND :b
  GROUP BY p.dispute_id HAVING count(*) >= 3)
"""

AGREEMENTS_SQL = """
SELECT a.form, a.performance, count(*), sum(a.jc_applied_on IS NOT NULL),
       sum(a.jc_confirmed_on IS NOT NULL)
FROM agreement a CROSS JOIN dispute d ON d.id = a.dispute_id
WHERE a.voided = 0 AND +d.voided = 0 AND a.signed_on BETWEEN :a AND :b
GROUP BY a.form, a.performance
"""

_OPEN_WHERE = f"d.status IN ({_OPEN}) AND +d.voided = 0 AND +d.accepted_on <= :b"

OPEN_CASES_SQL = f"""
SELECT d.id, d.number, h.name, t.name, c1.name, d.other_mediators, c2.name,
       d.accepted_on, d.deadline, d.status
FROM dispute d
JOIN dispute_type t ON t.id = d.type_id
LEFT JOIN hamlet h ON h.id = d.hamlet_id
LEFT JOIN cadre c1 ON c1.id = d.presiding_id
LEFT JOIN cadre c2 ON c2.id = d.leader_id
WHERE {_OPEN_WHERE}
ORDER BY d.deadline < :today DESC, d.deadline, d.id
"""

OPEN_PARTIES_SQL = f"""
SELECT p.dispute_id, p.name FROM dispute d CROSS JOIN party p ON p.dispute_id = d.id
WHERE {_OPEN_WHERE} AND p.voided = 0
ORDER BY p.dispute_id, CASE p.role WHEN 'applicant' THEN 0 WHEN 'respondent' THEN 1 ELSE 2 END, p.id
"""

# Visits with a next date due by month end (index on next_due), kept when no later live visit
# of the same case exists.
VISITS_SQL = """
SELECT f.dispute_id, d.number, h.name, f.visited_on, f.next_due, f.visitor, f.party_name
FROM follow_up f
CROSS JOIN dispute d ON d.id = f.dispute_id
LEFT JOIN hamlet h ON h.id = d.hamlet_id
WHERE f.next_due <= :b AND f.voided = 0 AND +d.voided = 0
  AND NOT EXISTS (
    SELECT 1 FROM follow_up g WHERE g.dispute_id = f.dispute_id AND g.voided = 0
      AND (g.visited_on > f.visited_on OR (g.visited_on = f.visited_on AND g.id > f.id)))
ORDER BY f.next_due, f.dispute_id
"""

OWN_CHECKLIST_SQL = {
    "rounds_run": "SELECT count(*) FROM check_round WHERE voided = 0 AND starts_on <= :b AND ends_on >= :a",
    "questions_answered": (
        "SELECT count(*) FROM answer ans JOIN assignment a ON a.id = ans.assignment_id "
        "JOIN check_round r ON r.id = a.round_id "
        "WHERE ans.voided = 0 AND r.voided = 0 AND ans.answered_on BETWEEN :a AND :b"),
    "findings": (
        "SELECT coalesce(sum(ans.needs_action), 0) FROM answer ans "
        "JOIN assignment a ON a.id = ans.assignment_id JOIN check_round r ON r.id = a.round_id "
        "WHERE ans.voided = 0 AND r.voided = 0 AND ans.answered_on BETWEEN :a AND :b"),
    "disputes_found": (
        "SELECT count(*) FROM dispute WHERE voided = 0 AND source = 'checklist' "
        "AND accepted_on BETWEEN :a AND :b"),
    "items_opened": "SELECT count(*) FROM followup_item WHERE voided = 0 AND opened_on BETWEEN :a AND :b",
    "items_closed": "SELECT count(*) FROM followup_item WHERE voided = 0 AND done_on BETWEEN :a AND :b",
}


