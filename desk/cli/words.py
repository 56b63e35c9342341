"""argparse's own words in Chinese: "usage:", "options:", "show this help message and exit".

argparse looks its strings up through the module-level names `_` and `ngettext` (gettext) each
time it formats help or an error, so pointing those two at this table is enough; a string not
in the table is left as argparse wrote it. `use_chinese()` is called once by build_parser.
"""

from __future__ import annotations

import argparse

WORDS = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "参数",
    "show this help message and exit": "显示本帮助后退出",
    "show program's version number and exit": "显示版本号后退出",
    "subcommands": "命令",
    "the following arguments are required: %s": "缺少必填的参数：%s",
    "unrecognized arguments: %s": "不认识的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "没有 %(value)r 这一项（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "后面要跟一个值",
    "expected at most one argument": "后面最多跟一个值",
    "expected at least one argument": "后面至少要跟一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 不明确，可能是 %(matches)s",
    "not allowed with argument %s": "不能和 %s 一起用",
    "ignored explicit argument %r": "多余的值 %r",
    "one of the arguments %s is required": "%s 中要选一个",
    "unexpected option string: %s": "多余的选项：%s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}
PLURALS = {
    "expected %s argument": "后面要跟 %s 个值",
    "conflicting option string: %s": "选项重复：%s",
}


def chinese(text: str) -> str:
    return WORDS.get(text, text)


def chinese_n(singular: str, plural: str, n: int) -> str:
    if singular in PLURALS:
        return PLURALS[singular]
    return singular if n == 1 else plural


def use_chinese() -> None:
    """argparse speaks Chinese from now on (help, usage line and its own error messages)."""
    argparse._ = chinese
    argparse.ngettext = chinese_n
