"""The monthly report's figures (月报数据), as of each month's end; finalised snapshots.
Callers import db.stats.figures (and db.stats.final to finalise). See docs/ARCHITECTURE.md."""
