"""The reception log (来访来电登记): requests brought to the office by visit, phone, online or
from above, how each was handled, the reply, closing and satisfaction.

A log of requests served, not of people: no watch list, no flags on people; nothing lists a
person across requests beyond the plain search the clerk types. Submodules: `write` (every
change, one audited transaction), `query` (reads, counts), `convert` (the named link: a
request becomes a case or a follow-up item, linked both ways).
"""

from db.reception.convert import to_case, to_item
from db.reception.query import (
    MonthCounts,
    RequestView,
    get_request,
    list_requests,
    month_counts,
    overdue_replies,
    request_for_case,
    request_for_item,
)
from db.reception.write import (
    REQUEST_FIELDS,
    add_request,
    close_request,
    record_reply,
    update_request,
    void_request,
)

__all__ = [
    "REQUEST_FIELDS", "MonthCounts", "RequestView", "add_request", "close_request", "get_request",
    "list_requests", "month_counts", "overdue_replies", "record_reply", "request_for_case",
    "request_for_item", "to_case", "to_item", "update_request", "void_request",
]
