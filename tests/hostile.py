"""Hostile text for property tests: what a careless paste or an attacker types into a field.

Every rule that must hold "for every input" draws from these strategies, so a new kind of
nasty text added here is tried by every such test.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Markup and escapes that Rich/Textual, Python format strings, SQL LIKE or a shell might read.
MARKUP = ["[/x]", "[/]", "[reverse]", "[b]", "[@click=app.quit]", "[link=x]", "[bold red]",
          "\\", "\\[", "[", "]", "{", "}", "{0}", "%s", "%", "_", "'", '"', ";", "--", "$x", "`"]
# Bidi overrides and zero-width characters (refused in stored text, must never crash a screen).
INVISIBLE = ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200b", "\u200c",
             "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f"]
# Names and words a village really has, rare characters included (Ext-B 𠮷, Ext-A 㐂).
CJK = ["张三", "曾𠮷祥", "㐂", "龘", "王", "𪚥", "喆", "赟", "囧", "〇", "一组", "村委会"]
EMOJI = ["😀", "👨‍👩‍👧", "🇨🇳", "✔", "☎"]
COMBINING = ["e\u0301", "\u0301", "a\u0308\u0304"]
CONTROL = ["\x00", "\x07", "\x1b[31m", "\t", "\r", "\x7f"]

SAFE_ATOMS = MARKUP + CJK + EMOJI + COMBINING + ["abc", "123", " ", "x" * 60]


def hostile_text(*, min_size: int = 1, max_size: int = 8, invisible: bool = True,
                 control: bool = False) -> st.SearchStrategy[str]:
    """Strings built from hostile pieces (and random characters); never empty when
    min_size >= 1."""
    atoms = list(SAFE_ATOMS)
    if invisible:
        atoms += INVISIBLE
    if control:
        atoms += CONTROL
    piece = st.one_of(st.sampled_from(atoms),
                      st.text(alphabet=st.characters(blacklist_categories=("Cs",)),
                              min_size=1, max_size=3))
    return st.lists(piece, min_size=min_size, max_size=max_size).map("".join)


def storable_text(*, max_size: int = 8) -> st.SearchStrategy[str]:
    """Hostile text that a form accepts: no control, bidi or zero-width characters, and not
    only spaces (so it can be typed, saved and looked for)."""
    return hostile_text(max_size=max_size, invisible=False).map(
        lambda s: "".join(ch for ch in s if ch.isprintable() or ch == " ")
    ).filter(lambda s: s.strip() != "")
