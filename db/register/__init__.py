"""The mediation register (调解台账): cases, parties, their records, queries, printed reads and
case numbers. Callers import the submodule they need (write, records, query, check, history,
docs, numbering); see docs/ARCHITECTURE.md."""
