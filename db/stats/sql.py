"""The SQL of the monthly figures (db/stats/figures.py): a few GROUP BY queries, dates compared as the
ISO text SQLite stores, written for the indexes that exist (see the notes on each)."""

from __future__ import annotations

from db.models.register import OPEN_STATUSES, PREVENTION

# The cases with status changes in the audit log (:ids) accepted in the 13 months ending with M,
# one row each (their Timeline gives their status).
COHORT_ROWS_SQL = """
SELECT id, accepted_on, status, closed_on, people_involved AS people, amount_fen AS fen
FROM dispute WHERE voided = 0 AND accepted_on BETWEEN :a AND :b
  AND id IN (SELECT value FROM json_each(:ids))
"""

# The day a case's result took effect, for a case without status changes in the audit log
# (db.stats.history's rule, quick path; db.stats.cases.Cases.status_at for one row): the earlier
# of its closing date and, for 调解成功, its first live agreement's signing date, not before
# accepted_on; accepted_on when it has neither. '9' sorts after every date and stands for "no
# date"; the agreement lookup is written once (a copy would be run again for each row).
_ACC = "substr(d.accepted_on, 1, 10)"
_SIGNED_FIRST = ("(SELECT min(substr(a.signed_on, 1, 10)) FROM agreement a "
                 "WHERE a.dispute_id = d.id AND a.voided = 0)")
_RESULT_DAY = (f"coalesce(nullif(max(min(coalesce(substr(d.closed_on, 1, 10), '9'), "
               f"coalesce(CASE WHEN d.status = 'succeeded' THEN {_SIGNED_FIRST} END, '9')), {_ACC}), '9'), {_ACC})")

# The cohorts of cases without status changes in the audit log (:ids, a JSON list), counted by
# month accepted, status today and the month its result took effect (the figures look at month
# ends only). About a hundred groups for 100,000 cases. A succeeded case closed in the month it
# was accepted took effect that month whatever its agreement's date: it skips the lookup.
COHORT_GROUPS_SQL = f"""
SELECT m, status, em, count(*), sum(people), sum(fen) FROM (
  SELECT substr(d.accepted_on, 1, 7) AS m, d.status AS status,
         coalesce(d.people_involved, 0) AS people, coalesce(d.amount_fen, 0) AS fen,
         CASE WHEN d.status IN ({", ".join(f"'{s}'" for s in OPEN_STATUSES)}) THEN NULL
              WHEN substr(d.closed_on, 1, 7) = substr(d.accepted_on, 1, 7) THEN substr(d.accepted_on, 1, 7)
              ELSE substr({_RESULT_DAY}, 1, 7) END AS em
  FROM dispute d
  WHERE d.voided = 0 AND d.accepted_on BETWEEN :a AND :b AND d.id NOT IN (SELECT value FROM json_each(:ids))
  LIMIT -1)  -- not merged into the outer query, which would copy the agreement lookup
GROUP BY m, status, em
"""

# The cases accepted in M with what the month's breakdowns need, and the day their status
# took effect (for the cases with status changes in the audit log, their Timeline says).
MONTH_ROWS_SQL = f"""
SELECT d.id, d.source, d.type_id, d.hamlet_id, d.people_involved AS people, d.is_mass,
       {", ".join("d." + k for k in PREVENTION)}, d.status, {_RESULT_DAY} AS eff
FROM dispute d
WHERE d.voided = 0 AND d.accepted_on BETWEEN :a AND :b
"""

# Cases that may have been open at M's end: no closing date (open, or a result not closed),
# closed after M, or with status changes in the audit log (:ids, a JSON list). Each branch
# has its own index (closed_on; the primary key); a unary plus keeps the others out.
_CASE_COLS = "id, accepted_on, status, closed_on"
OPEN_CANDIDATES_SQL = f"""
SELECT {_CASE_COLS} FROM dispute WHERE closed_on IS NULL AND +voided = 0 AND +accepted_on <= :b
UNION
SELECT {_CASE_COLS} FROM dispute WHERE closed_on > :b AND +voided = 0 AND +accepted_on <= :b
UNION
SELECT {_CASE_COLS} FROM dispute WHERE id IN (SELECT value FROM json_each(:ids))
  AND +voided = 0 AND +accepted_on <= :b
"""

CASE_ROWS_SQL = f"""
SELECT {_CASE_COLS} FROM dispute WHERE id IN (SELECT value FROM json_each(:ids))
  AND +voided = 0 AND +accepted_on <= :b
"""

# Today's closing dates in the window by month (index on closed_on), for cases without
# status changes in the audit log (:ids): their only closing is today's closed_on.
CLOSED_BY_MONTH_SQL = """
SELECT substr(closed_on, 1, 7) AS m, count(*) FROM dispute
WHERE closed_on BETWEEN :a AND :b AND +voided = 0 AND id NOT IN (SELECT value FROM json_each(:ids))
GROUP BY m
"""

# Signing dates of the live agreements of some cases (:ids, a JSON list), and of the ones
# voided after their case was reopened (:sup).
SIGNED_SQL = """
SELECT dispute_id, signed_on FROM agreement
WHERE dispute_id IN (SELECT value FROM json_each(:ids))
  AND (+voided = 0 OR id IN (SELECT value FROM json_each(:sup)))
"""

# 上报: live cases with a live report up dated in the month (a case reported twice counts once).
# The reports come first (index on reported_on): without statistics SQLite would walk the cases.
ESCALATED_SQL = """
SELECT count(DISTINCT e.dispute_id) FROM escalation e CROSS JOIN dispute d ON d.id = e.dispute_id
WHERE +d.voided = 0 AND e.voided = 0 AND e.reported_on BETWEEN :a AND :b
"""

PARTIES_3_SQL = """
SELECT count(*) FROM (
  SELECT p.dispute_id FROM party p JOIN dispute d ON d.id = p.dispute_id
  WHERE d.voided = 0 AND p.voided = 0 AND d.accepted_on BETWEEN :a AND :b
  GROUP BY p.dispute_id HAVING count(*) >= 3)
"""

# The live agreements signed in M, and those voided after a reopening (:sup) (index on signed_on).
AGREEMENTS_SQL = """
SELECT a.id, a.form, a.signed_on, a.performance, a.performed_on, a.jc_applied_on, a.jc_confirmed_on
FROM agreement a CROSS JOIN dispute d ON d.id = a.dispute_id
WHERE (a.voided = 0 OR a.id IN (SELECT value FROM json_each(:sup))) AND +d.voided = 0
  AND a.signed_on BETWEEN :a AND :b
ORDER BY a.id
"""

OPEN_CASES_SQL = """
SELECT d.id, d.number, h.name, t.name, c1.name, d.other_mediators, c2.name,
       d.accepted_on, d.deadline, d.status
FROM dispute d
JOIN dispute_type t ON t.id = d.type_id
LEFT JOIN hamlet h ON h.id = d.hamlet_id
LEFT JOIN cadre c1 ON c1.id = d.presiding_id
LEFT JOIN cadre c2 ON c2.id = d.leader_id
WHERE d.id IN (SELECT value FROM json_each(:ids))
"""

OPEN_PARTIES_SQL = """
SELECT p.dispute_id, p.name FROM party p
WHERE p.dispute_id IN (SELECT value FROM json_each(:ids)) AND p.voided = 0
ORDER BY p.dispute_id, CASE p.role WHEN 'applicant' THEN 0 WHEN 'respondent' THEN 1 ELSE 2 END, p.id
"""

# Visits made by month end with a next date due by then (index on next_due), kept when no later
# live visit of the same case was made by month end.
VISITS_SQL = """
SELECT f.dispute_id, d.number, h.name, f.visited_on, f.next_due, f.visitor, f.party_name
FROM follow_up f
CROSS JOIN dispute d ON d.id = f.dispute_id
LEFT JOIN hamlet h ON h.id = d.hamlet_id
WHERE f.next_due <= :b AND f.voided = 0 AND +d.voided = 0 AND f.visited_on <= :b
  AND NOT EXISTS (
    SELECT 1 FROM follow_up g WHERE g.dispute_id = f.dispute_id AND g.voided = 0 AND g.visited_on <= :b
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


