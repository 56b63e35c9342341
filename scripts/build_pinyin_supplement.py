"""Build db/pinyin_supplement.txt: Mandarin readings of the CJK characters pypinyin does not know.

pypinyin (0.55) reads the common characters and about 14,500 of Ext-B, few of Ext-C to Ext-H:
a name with a rare character (曾𠮷祥: U+20BB7 𠮷) lost that character's letters, so `zjx` and
`zengjixiang` did not find it. This script lists, for every character of the CJK blocks
(URO, Ext-A to Ext-I) that pypinyin lacks, its readings from, in this order:

1. Unihan kMandarin, then kHanyuPinyin, kXHC1983, kTGHZ2013, kHanyuPinlu (Unihan_Readings.txt,
   e.g. from Debian's `unicode-data` package: /usr/share/unicode/Unihan_Readings.txt.bz2);
2. the zdic table of pypinyin-dict (PyPI, build time only: `pip download pypinyin-dict`);
3. Rime's luna_pinyin and terra_pinyin dictionaries (Debian's rime-data-luna-pinyin and
   rime-data-terra-pinyin, build time only: `apt-get download`, `dpkg -x`);
4. a variant's reading (Unihan_Variants.txt: kZVariant, kSemanticVariant, kSpoofingVariant, ...,
   or kDefinition "(same as U+5409 吉)"), the variant links taken both ways and followed up
   to three steps: 𠮷 is 吉 written with 土 on top, and is read jí.

Coverage of Unihan 15.0 (assigned code points read by pypinyin 0.55 + this table):
Ext-A 5935/6592, Ext-B 15783/42720, Ext-C 831/4154, Ext-D 182/222, Ext-E 926/5762,
Ext-F 127/7473, Ext-G 1144/4939, Ext-H 231/4192. The rest have no Mandarin reading in any of
these sources (most are Zhuang, Cantonese or Vietnamese Nôm characters): they are found by the
character itself, not by pinyin.

A character is counted when Unihan gives it a radical-stroke index (kRSUnicode): Unihan lists
every unified ideograph so, whatever version of Unicode this Python knows.

The output is one line per reading, tone marks dropped and ü written v as typed on a keyboard,
followed by the characters read so (a character with several readings is on several lines,
its usual reading first): `ji 𠮷𠯇...`. Only lowercase ASCII letters and the characters.

    python scripts/build_pinyin_supplement.py --unihan /usr/share/unicode \
        --zdic /tmp/pypinyin_dict-0.9.0-py2.py3-none-any.whl \
        --rime /tmp/rime/usr/share/rime-data > db/pinyin_supplement.txt
"""

from __future__ import annotations

import argparse
import bz2
import io
import re
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.pinyin import plain  # noqa: E402  (one rule for readings: the app's own)

# The CJK Unified Ideographs blocks (Unicode 15.1): name, first, last.
BLOCKS = [
    ("URO", 0x4E00, 0x9FFF), ("Ext-A", 0x3400, 0x4DBF), ("Ext-B", 0x20000, 0x2A6DF),
    ("Ext-C", 0x2A700, 0x2B73F), ("Ext-D", 0x2B740, 0x2B81F), ("Ext-E", 0x2B820, 0x2CEAF),
    ("Ext-F", 0x2CEB0, 0x2EBEF), ("Ext-G", 0x30000, 0x3134F), ("Ext-H", 0x31350, 0x323AF),
    ("Ext-I", 0x2EBF0, 0x2EE5F),
]
READING_FIELDS = ("kMandarin", "kHanyuPinyin", "kXHC1983", "kTGHZ2013", "kHanyuPinlu")
VARIANT_FIELDS = ("kZVariant", "kSemanticVariant", "kSpecializedSemanticVariant", "kSpoofingVariant",
                  "kTraditionalVariant", "kSimplifiedVariant", "kCompatibilityVariant", "kDefinition")
SAME_AS = re.compile(r"(?:same as|variant of|form of|equivalent of)\s+U\+([0-9A-F]{4,5})", re.I)


def unihan_lines(folder: Path, name: str):
    """Lines of Unihan_<name>.txt from the folder (.txt, .txt.bz2) or Unihan.zip inside it."""
    for candidate in (folder / f"Unihan_{name}.txt", folder / f"Unihan_{name}.txt.bz2"):
        if candidate.exists():
            opener = bz2.open if candidate.suffix == ".bz2" else open
            with opener(candidate, "rt", encoding="utf-8") as fh:
                yield from fh
            return
    with zipfile.ZipFile(folder / "Unihan.zip") as z, z.open(f"Unihan_{name}.txt") as fh:
        yield from io.TextIOWrapper(fh, encoding="utf-8")


def unihan_fields(folder: Path, name: str, fields: tuple[str, ...]) -> dict[str, dict[int, str]]:
    out: dict[str, dict[int, str]] = {f: {} for f in fields}
    if name == "Variants":
        out["kDefinition"] = {}
    for line in unihan_lines(folder, name):
        if line.startswith("U+"):
            cp, field, value = line.rstrip("\n").split("\t", 2)
            if field in out:
                out[field][int(cp[2:], 16)] = value
    return out


def unihan_readings(field: str, value: str) -> list[str]:
    """The readings of one Unihan field value, in its own order."""
    if field == "kHanyuPinlu":  # 'dīng(80) zhēng(2)'
        words = [w.split("(", 1)[0] for w in value.split()]
    elif field in ("kHanyuPinyin", "kXHC1983"):  # '10019.020:tiàn' or '0001.010,0001.011:dīng,zhēng'
        words = [w for entry in value.split() for w in entry.split(":", 1)[-1].split(",")]
    elif field == "kTGHZ2013":  # '482.140:zhōu'
        words = [entry.split(":", 1)[-1] for entry in value.split()]
    else:
        words = value.split()
    return words


def zdic_table(path: Path | None) -> dict[int, str]:
    """pypinyin-dict's zdic table (code point -> 'jí,jié'), from the wheel or the .py file."""
    if path is None:
        return {}
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as z:
            source = z.read("pypinyin_dict/pinyin_data/zdic.py").decode("utf-8")
    else:
        source = path.read_text(encoding="utf-8")
    return {int(cp, 16): r for cp, r in re.findall(r"0x([0-9A-F]+): '([^']*)'", source)}


def rime_table(folder: Path | None) -> dict[int, list[str]]:
    """Single characters of Rime's pinyin dictionaries (Debian's rime-data-luna-pinyin and
    rime-data-terra-pinyin: /usr/share/rime-data/*_pinyin.dict.yaml), most used reading first.
    terra_pinyin writes the tone as a digit (ji2): dropped."""
    if folder is None:
        return {}
    weighted: dict[int, list[tuple[float, str]]] = {}
    for name in ("luna_pinyin.dict.yaml", "terra_pinyin.dict.yaml"):
        path = folder / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and len(parts[0]) == 1 and parts[1].strip():
                weight = parts[2].rstrip("%") if len(parts) > 2 else "0"
                try:
                    w = float(weight)
                except ValueError:
                    w = 0.0
                reading = re.sub(r"[0-9]", "", parts[1].split()[0])
                weighted.setdefault(ord(parts[0]), []).append((w, reading))
    return {cp: [r for _, r in sorted(rs, key=lambda x: -x[0])] for cp, rs in weighted.items()}


def distinct(readings) -> list[str]:
    out: list[str] = []
    for r in readings:
        p = plain(r)
        if p and p not in out:
            out.append(p)
    return out


def build(unihan: Path, zdic: Path | None, rime: Path | None = None) -> tuple[dict[int, list[str]], dict[str, list[int]]]:
    """(code point -> readings for what pypinyin lacks, block -> [chars, pypinyin, added, none])."""
    from pypinyin.pinyin_dict import pinyin_dict

    readings = unihan_fields(unihan, "Readings", READING_FIELDS + ("kDefinition",))
    variants = unihan_fields(unihan, "Variants", VARIANT_FIELDS)
    for cp, text in readings.pop("kDefinition").items():
        if same := SAME_AS.findall(text):
            variants["kDefinition"][cp] = " ".join(f"U+{v}" for v in same)
    assigned = set(unihan_fields(unihan, "IRGSources", ("kRSUnicode",))["kRSUnicode"])
    zdic = zdic_table(zdic)
    rime_readings = rime_table(rime)
    # The variant graph, both ways (吉 names 𠮷 or 𠮷 names 吉), walked up to three steps.
    linked: dict[int, list[int]] = {}
    for field in VARIANT_FIELDS:
        for cp, value in variants[field].items():
            for v in re.findall(r"U\+([0-9A-F]+)", value):
                linked.setdefault(cp, []).append(int(v, 16))
    for cp, others in list(linked.items()):
        for v in list(others):
            if cp not in linked.setdefault(v, []):
                linked[v].append(cp)

    def own(cp: int) -> list[str]:
        if cp in pinyin_dict:
            return distinct(pinyin_dict[cp].split(","))
        for field in READING_FIELDS:
            if cp in readings[field]:
                return distinct(unihan_readings(field, readings[field][cp]))
        if cp in zdic:
            return distinct(zdic[cp].split(","))
        if cp in rime_readings:
            return distinct(rime_readings[cp])
        return []

    def by_variant(cp: int) -> list[str]:
        """The readings of the nearest variant that has any (own variants first, in the
        order of VARIANT_FIELDS)."""
        seen, frontier = {cp}, [cp]
        for _ in range(3):
            nxt = []
            for c in frontier:
                for v in linked.get(c, []):
                    if v not in seen:
                        seen.add(v)
                        if found := own(v):
                            return found
                        nxt.append(v)
            frontier = nxt
        return []

    table: dict[int, list[str]] = {}
    counts: dict[str, list[int]] = {}
    for block, first, last in BLOCKS:
        c = counts.setdefault(block, [0, 0, 0, 0])
        for cp in range(first, last + 1):
            known = cp in pinyin_dict
            if not known and cp not in assigned:
                continue  # not a character (yet)
            c[0] += 1
            if known:
                c[1] += 1
                continue
            found = own(cp) or by_variant(cp)
            if found:
                table[cp] = found
                c[2] += 1
            else:
                c[3] += 1
    return table, counts


def write(table: dict[int, list[str]], out) -> None:
    by_reading: dict[str, list[str]] = {}
    for cp in sorted(table):
        for r in table[cp]:
            by_reading.setdefault(r, []).append(chr(cp))
    # A character's usual reading is its first: the lines of first readings come first, then
    # the lines of second readings, and so on ('ji 𠮷' before any other line that has 𠮷).
    for rank in range(max((len(v) for v in table.values()), default=0)):
        lines: dict[str, list[str]] = {}
        for cp in sorted(table):
            if rank < len(table[cp]):
                lines.setdefault(table[cp][rank], []).append(chr(cp))
        for r in sorted(lines):
            out.write(f"{r} {''.join(lines[r])}\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--unihan", type=Path, default=Path("/usr/share/unicode"),
                    help="folder with Unihan_Readings.txt(.bz2) and Unihan_Variants.txt(.bz2) or Unihan.zip")
    ap.add_argument("--zdic", type=Path, help="pypinyin-dict wheel (or its pinyin_data/zdic.py)")
    ap.add_argument("--rime", type=Path, help="folder with luna_pinyin.dict.yaml / terra_pinyin.dict.yaml")
    ap.add_argument("--out", type=Path, help="the file to write (default: standard output)")
    args = ap.parse_args(argv)
    table, counts = build(args.unihan, args.zdic, args.rime)
    if args.out:
        with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
            write(table, fh)
    else:
        write(table, sys.stdout)
    print("block    chars  pypinyin  added  none", file=sys.stderr)
    for block, (n, known, added, none) in counts.items():
        print(f"{block:7} {n:6} {known:9} {added:6} {none:5}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
