"""Imported once by the forkserver: the one-time costs of a first save, paid before forking.

Mapper configuration, the pinyin dictionary and the SQLite dialect take ~0.1 s on the first
save of a fresh process; paid in every child they would put most kills in that warm-up
instead of in saves.
"""

from sqlalchemy.orm import configure_mappers

import db.models  # noqa: F401  (every table mapped)
import tests.crash.harness  # noqa: F401  (the child's code and the whole data layer)
from db.engine import make_engine
from db.pinyin import initials

configure_mappers()
initials("黄建国")
_engine = make_engine(":memory:")  # imports the SQLite dialect and its pool
with _engine.connect():
    pass
_engine.dispose()
