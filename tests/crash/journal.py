"""The append-only log of the crash harness, and the state it promises.

The child writes `begin ...` (fsync) before each save and the done line (fsync) after the
save returned: the done lines are the saves the program REPORTED as done. After a kill the
parent looks up the save that was in flight (a `begin` without its done line) and appends
`adopted <done line>` when it was committed, or `lost <token>` when it was rolled back, so the
log always describes exactly what the file must hold.

Lines (fields separated by one space; tokens are ASCII like r12s7 and unique):
    run <n>                                  parent, before starting child n
    begin <kind> <case id|-> <token> <arg|->  child, before a save
    case <id> <number> <n_parties> <token> <party ids, comma separated>
    party <id> <case id> <token>             (also proceeding / agreement / follow_up)
    request <case id> <token>                update_dispute(request=token)
    status <case id> <token> <new status>    move_status
    adopted <done line> | lost <token>       parent, resolving the save that was in flight
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

RECORD_KINDS = ("party", "proceeding", "agreement", "follow_up")


class Journal:
    """Append-only log file: each line is one write() then fsync()."""

    def __init__(self, path: Path | str):
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, line: str, *, sync: bool = True) -> None:
        """Append `line` and return only once it is on disk (sync=False: the parent, which is
        never killed, only needs the line in the file)."""
        os.write(self.fd, (line + "\n").encode("utf-8"))
        if sync:
            os.fsync(self.fd)

    def close(self) -> None:
        os.close(self.fd)


def read_new_lines(path: Path, offset: int) -> tuple[list[str], int]:
    """Complete lines after byte `offset`, and the new offset.

    A torn last line (the kill came inside write()) is cut off the file: that save was never
    reported, and the next line must start on a line of its own.
    """
    with open(path, "r+b") as fh:
        data = fh.read()
        end = data.rfind(b"\n") + 1
        if end < len(data):
            fh.truncate(end)
    chunk = data[offset:end].decode("utf-8")
    return [line for line in chunk.split("\n") if line], end


@dataclass
class Case:
    """What a case must look like in the file."""

    number: str
    token: str
    created_parties: int
    parties: set[int]
    status: str = "accepted"
    request: str = ""
    updates: int = 0  # audit 'update' entries expected on the dispute row


@dataclass
class Pending:
    """The save in flight: begun, not (yet) reported done."""

    kind: str
    case_id: int | None
    token: str
    arg: str


@dataclass
class Model:
    """The state the log promises, built by applying its lines in order."""

    cases: dict[int, Case] = field(default_factory=dict)
    records: dict[str, dict[int, tuple[int, str]]] = field(
        default_factory=lambda: {k: {} for k in RECORD_KINDS})  # kind -> id -> (case, token)
    pending: Pending | None = None
    reported: int = 0  # done lines written by children

    def apply(self, line: str) -> None:
        """Apply one line; ValueError when the log breaks its own rules."""
        words = line.split(" ")
        kind = words[0]
        if kind == "run":
            if self.pending is not None:
                raise ValueError(f"run started with a save still unresolved: {self.pending}")
        elif kind == "begin":
            if self.pending is not None:
                raise ValueError(f"begin while another save is unresolved: {line}")
            case = None if words[2] == "-" else int(words[2])
            self.pending = Pending(words[1], case, words[3], words[4])
        elif kind == "lost":
            self._finish(words[1])
        elif kind == "adopted":
            self._done(words[1:])
        else:
            self._done(words)
            self.reported += 1

    def _finish(self, token: str) -> None:
        if self.pending is None or self.pending.token != token:
            raise ValueError(f"save {token} reported without its begin line (pending {self.pending})")
        self.pending = None

    def _done(self, w: list[str]) -> None:
        kind = w[0]
        if kind == "case":
            self._finish(w[4])
            pids = {int(x) for x in w[5].split(",") if x}
            self.cases[int(w[1])] = Case(w[2], w[4], int(w[3]), pids)
        elif kind in RECORD_KINDS:
            self._finish(w[3])
            rid, case = int(w[1]), int(w[2])
            self.records[kind][rid] = (case, w[3])
            if kind == "party":
                self.cases[case].parties.add(rid)
        elif kind == "request":
            self._finish(w[2])
            case = self.cases[int(w[1])]
            case.request = w[2]
            case.updates += 1
        elif kind == "status":
            self._finish(w[2])
            case = self.cases[int(w[1])]
            case.status = w[3]
            case.updates += 1
        else:
            raise ValueError(f"unknown log line: {' '.join(w)}")

    def party_count(self) -> int:
        return sum(len(c.parties) for c in self.cases.values())
