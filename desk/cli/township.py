"""`desk township FOLDER... --month YYYY-MM [--pdf F] [--xlsx F] [--text] [--passphrases F]
[--expect F] [--basis 受理|结案]`: the township table of every village file found in the folders.

Progress goes to stderr while files are read; each skipped file is named there with its reason;
the exit code is 1 when any file was skipped (the table of the others is still written), 2 for
bad input (month, folder, passphrase file), 0 when every file was used.

The passphrase file: one village a line, `村名=密码` (the village as the backup's file name
begins, e.g. 青石村); blank lines and lines starting with # are ignored. Without it, the
passphrase of each village with an encrypted backup is asked once (not shown while typed);
an empty answer skips that village's encrypted files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from desk.cli.errors import CliFailure, one_line, say
from desk.cli.where import check_month

EXIT_SKIPPED = 1


def read_passphrases(path: Path) -> dict[str, str]:
    """{village: passphrase} from the file; CliFailure naming a bad line."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise CliFailure(f"找不到密码文件 {path}，请检查 --passphrases 后面的路径。", "no passphrase file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CliFailure(f"密码文件 {path} 读不出来，请确认它是用 UTF-8 保存的文本文件。", str(exc)) from None
    out: dict[str, str] = {}
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, sep, secret = line.partition("=")
        if not sep or not name.strip() or not secret:
            raise CliFailure(f"密码文件 {path} 第{n}行格式不对，请按“村名=密码”每村写一行。",
                             f"passphrase file line {n}: expected NAME=PASSPHRASE")
        out[name.strip()] = secret
    return out


def _asker(table: dict[str, str] | None):
    from db.backup.io import safe_stem

    def ask(label: str) -> str | None:
        if table is not None:
            for name, secret in table.items():
                if name == label or safe_stem(name) == label:
                    return secret
            return None
        prompt = one_line(f"请输入“{label}”备份的密码（直接回车则跳过该村的加密备份）：")
        try:
            if sys.stdin is None or not sys.stdin.isatty():  # a script: one line each, not shown
                if sys.stderr is not None:
                    sys.stderr.write(prompt + "\n")
                    sys.stderr.flush()
                answer = sys.stdin.readline().rstrip("\r\n") if sys.stdin is not None else ""
            else:
                import getpass  # late: only when a passphrase is typed

                answer = getpass.getpass(prompt)
        except (EOFError, OSError):
            return None
        return answer or None

    return ask


def _progress():
    """Progress on stderr: one line rewritten in place on a terminal, else a line a file."""
    stream = sys.stderr
    tty = stream is not None and stream.isatty()

    def show(done: int, total: int, name: str) -> None:
        if stream is None or (not name and not tty):
            return
        text = one_line(f"正在读取（{done + 1}/{total}）：{name}") if name else ""
        try:
            stream.write(("\r\x1b[K" + text) if tty else text + "\n")
            stream.flush()
        except (UnicodeEncodeError, OSError):
            pass

    return show


def cmd_township(args) -> int:
    """Run the township command; the exit code (0 all used, 1 some skipped, 2 bad input)."""
    try:
        return _township(args)
    except CliFailure as failure:
        say(failure.line)
        return failure.code


def _township(args) -> int:
    check_month(args.month)
    for folder in args.folders:
        if not Path(folder).exists():
            raise CliFailure(f"找不到文件夹 {folder}，请确认U盘已插好，或输入正确的文件夹路径。", f"no folder {folder}")
    secrets = read_passphrases(args.passphrases) if args.passphrases else None
    expected: list[str] = []
    if args.expect:
        from db.township.collect import read_expected

        try:
            expected = read_expected(args.expect)
        except (OSError, UnicodeDecodeError):
            raise CliFailure(f"村名单 {args.expect} 读不出来，请确认它是每行一个村名的 UTF-8 文本文件。",
                             "expect file unreadable") from None

    from db.township.collect import find_files, township_table

    if not find_files(args.folders):
        where = "、".join(str(f) for f in args.folders)
        raise CliFailure(f"在 {where} 里没有找到任何文件，请确认各村的备份或上报文件已复制进来。", "no files found")
    from forms.render.fonts import FontMissing
    from forms.render.output import OutputError, write_atomic
    from forms.township import render_township

    basis = {"受理": "accepted", "accepted": "accepted", "结案": "closed", "closed": "closed"}.get(args.basis or "受理")
    if basis is None:
        raise CliFailure(f"统计口径“{args.basis}”不对，请写 受理（按受理月份，默认）或 结案（按结案日期）。",
                         "--basis: 受理|结案")
    table = township_table(args.folders, args.month, passphrases=_asker(secrets), expected=expected,
                           progress=_progress(), basis=basis)
    try:
        outputs: list[tuple[Path, bytes]] = []
        if args.pdf:
            outputs.append((Path(args.pdf), render_township(table, "pdf")))
        if args.xlsx:
            outputs.append((Path(args.xlsx), render_township(table, "xlsx")))
        for target, data in outputs:
            write_atomic(target, lambda tmp, data=data: tmp.write_bytes(data))
    except FontMissing as exc:
        raise CliFailure(exc.message, exc.english) from None
    except OutputError as exc:
        raise CliFailure(exc.message, exc.english) from None
    if args.text or not (args.pdf or args.xlsx):
        from desk.cli.report import _print

        _print(render_township(table, "text"))
    for target, _ in outputs:
        say(one_line(f"已写入：{target}"), sys.stderr if args.text else sys.stdout)
    for note in table.notes:
        say(one_line(f"说明：{note}"))
    for village, why in table.missing:
        say(one_line(f"未报：{village}（{why}）"))
    for s in table.skipped:
        say(one_line(s.reason))
    say(one_line(f"汇总了{len(table.rows)}个村；未报{len(table.missing)}个村；跳过{len(table.skipped)}个文件。"))
    return EXIT_SKIPPED if table.skipped else 0
