"""村事百晓 (the village checklist): questions, rounds, answers, follow-up items, progress.
The screens import db.checklist.questions (it re-exports the rest); the one link to the
register is db.checklist.to_register. See docs/ARCHITECTURE.md."""
