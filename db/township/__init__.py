"""The township desk (乡镇汇总): village files read and added up (docs/ARCHITECTURE.md).

    township_table(folders, month, *, passphrases=None, expected=(), progress=None) -> TownshipTable
    write_submission(engine, month, folder) -> Path        (the 上报 file: figures, no people)
    read_submission(path) -> Submission;  read_backup(path, month, passphrase=None) -> VillageMonth

Uses db.stats (the village report's own figures) and db.backup (verify, age); never writes a
village file, and uses neither the register's writers nor the demo.
"""
