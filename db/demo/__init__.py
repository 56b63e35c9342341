"""The demonstration village (`desk demo`): db.demo.village builds it from db.demo.register
(fictional cases) and db.demo.checklist (fictional rounds). May use every room; none uses it."""
