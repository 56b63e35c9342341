"""The monthly situation meeting (矛盾纠纷形势分析会): a record per month, its attendees, the
agenda built from the month, and its decisions (议定事项) followed until done.

Submodules: `write` (every change, one audited transaction each), `query` (reads), `agenda`
(the month's agenda from the tables of other rooms, by plain SQL, importing none of them).
"""

from db.meeting.agenda import build_agenda, decision_state
from db.meeting.query import (
    DecisionView,
    MeetingView,
    get_meeting,
    last_meeting_decisions,
    list_meetings,
    meeting_id_of,
    open_decisions,
)
from db.meeting.write import (
    add_attendee,
    add_decision,
    create_meeting,
    mark_done,
    rebuild_agenda,
    reopen_decision,
    update_attendee,
    update_decision,
    update_meeting,
    void_attendee,
    void_decision,
    void_meeting,
)

__all__ = [
    "DecisionView", "MeetingView", "add_attendee", "add_decision", "build_agenda", "create_meeting",
    "decision_state", "get_meeting", "last_meeting_decisions", "list_meetings", "mark_done",
    "meeting_id_of", "open_decisions", "rebuild_agenda", "reopen_decision", "update_attendee",
    "update_decision", "update_meeting", "void_attendee", "void_decision", "void_meeting",
]
