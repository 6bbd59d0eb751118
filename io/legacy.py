"""Legacy Vietnamese encodings found in old sheets: TCVN3 (ABC) and VNI-Windows.

Text typed with these keyboards is stored as ordinary 8-bit characters that only look right in
their own fonts: "§Ò nghÞ" in `.VnTime` is "Đề nghị". A cell's font tells the encoding where
the format keeps it (`.VnTime`, `.VnArialH`: TCVN3, the `H` faces being capitals; `VNI-Times`:
VNI); otherwise the text's own pattern does (`guess_encoding`).
"""

from __future__ import annotations

import re
from typing import Literal

from kiennghi.text import nfc

Encoding = Literal["tcvn3", "vni"]

# TCVN 5712:1993 (VN3): one byte per letter. Each group lists the letter's forms in the order
# base, grave, hook, tilde, acute, dot; the bytes are given as Latin-1 characters.
_TCVN3_GROUPS = {
    "aàảãáạ": "a\xb5\xb6\xb7\xb8\xb9",
    "ăằẳẵắặ": "\xa8\xbb\xbc\xbd\xbe\xc6",
    "âầẩẫấậ": "\xa9\xc7\xc8\xc9\xca\xcb",
    "eèẻẽéẹ": "e\xcc\xce\xcf\xd0\xd1",
    "êềểễếệ": "\xaa\xd2\xd3\xd4\xd5\xd6",
    "iìỉĩíị": "i\xd7\xd8\xdc\xdd\xde",
    "oòỏõóọ": "o\xdf\xe1\xe2\xe3\xe4",
    "ôồổỗốộ": "\xab\xe5\xe6\xe7\xe8\xe9",
    "ơờởỡớợ": "\xac\xea\xeb\xec\xed\xee",
    "uùủũúụ": "u\xef\xf1\xf2\xf3\xf4",
    "ưừửữứự": "\xad\xf5\xf6\xf7\xf8\xf9",
    "yỳỷỹýỵ": "y\xfa\xfb\xfc\xfd\xfe",
    "đĂÂÊÔƠƯĐ": "\xae\xa1\xa2\xa3\xa4\xa5\xa6\xa7",
}
TCVN3_TABLE = str.maketrans({
    code: letter
    for letters, codes in _TCVN3_GROUPS.items()
    for letter, code in zip(letters, codes)
    if code != letter
})

# VNI-Windows: a base letter followed by a mark character (two characters), plus a few single
# characters. Marks: ù acute, ø grave, û hook, õ tilde, ï dot; â circumflex (on a, e, o) and
# ê breve (on a); the breve's tones use é è ú ü ë and the circumflex's á à å ã ä.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT_TONES = {"á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE_TONES = {"é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for case in (str, str.upper):
        for base in "aeiouy":
            for mark, tone in _VNI_TONES.items():
                table[case(base + mark)] = nfc(case(base) + tone)
        for base in "aeo":
            table[case(base + "â")] = nfc(case(base) + "\u0302")
            for mark, tone in _VNI_HAT_TONES.items():
                table[case(base + mark)] = nfc(case(base) + "\u0302" + tone)
        table[case("aê")] = case("ă")
        for mark, tone in _VNI_BREVE_TONES.items():
            table[case("a" + mark)] = nfc(case("ă") + tone)
        # ơ and ư are single characters (ô, ö) taking the ordinary tone marks.
        for vni, letter in (("ô", "ơ"), ("ö", "ư")):
            table[case(vni)] = case(letter)
            for mark, tone in _VNI_TONES.items():
                table[case(vni + mark)] = nfc(case(letter) + tone)
        # i and y: some forms are single characters.
        for vni, letter in (("í", "í"), ("ì", "ì"), ("æ", "ỉ"), ("ó", "ĩ"), ("ò", "ị"), ("î", "ỵ")):
            table[case(vni)] = case(letter)
        table[case("ñ")] = case("đ")
    return table


VNI_TABLE = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, VNI_TABLE), key=len, reverse=True)))

# Characters that mark TCVN3 text: TCVN3 codes that are not letters of Unicode Vietnamese.
_TCVN3_SIGNS = frozenset(
    code for codes in _TCVN3_GROUPS.values() for code in codes
    if not ("a" <= code <= "z") and code not in "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ"
)
# TCVN3's ordinary faces have no capital toned vowels: typists wrote them in lower case. Such a
# letter is restored to a capital where Vietnamese requires one: at the start of the cell or of
# a sentence, and heading the name of an organisation ("Ủy ban ...").
_TONED = "àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
_CAPITAL_PLACE = re.compile(rf"(?:^|(?<=[.!?]\s)|(?<=\n))[{_TONED}]|\bủy(?= ban\b(?! hành))")
# Letters only Unicode Vietnamese has (never produced by a legacy 8-bit encoding).
_UNICODE_VIETNAMESE = re.compile("[ăđơưĂĐƠƯ\u1ea0-\u1ef9\u0300-\u0323]")
# VNI's two-character letters: a vowel followed by a mark, impossible in Vietnamese Unicode.
_VNI_SIGNS = re.compile(
    "[aA][ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË]|[eoEO][ùøûõïâáàåãäÙØÛÕÏÂÁÀÅÃÄ]"
    "|[iuyôöIUYÔÖ][ùøûõïÙØÛÕÏ]"
)


def encoding_of_font(font_name: str | None) -> tuple[Encoding | None, bool]:
    """The legacy encoding a font implies, and whether it is an upper-case (`H`) face."""
    if not font_name:
        return None, False
    name = font_name.strip()
    if name.lower().startswith(".vn"):
        return "tcvn3", name.endswith("H")
    if name.upper().startswith("VNI"):
        return "vni", False
    return None, False


def guess_encoding(text: str) -> Encoding | None:
    """The legacy encoding `text` is written in, judged by its characters alone, or None."""
    if _UNICODE_VIETNAMESE.search(text):
        return None
    vni = len(_VNI_SIGNS.findall(text))
    tcvn3 = sum(1 for ch in _VNI_SIGNS.sub("", text) if ch in _TCVN3_SIGNS)
    # One odd sign in a long text ("Samsung®") is not evidence enough.
    needed = 1 if len(text) <= 20 else 2
    if vni >= needed and vni >= tcvn3:
        return "vni"
    return "tcvn3" if tcvn3 >= needed else None


def decode(text: str, encoding: Encoding, upper: bool = False) -> str:
    """Convert `text` from a legacy encoding to Unicode (NFC). `upper`: an `H` font's capitals."""
    if encoding == "tcvn3":
        result = text.translate(TCVN3_TABLE)
        if not upper:
            result = _CAPITAL_PLACE.sub(lambda match: match.group(0).capitalize(), result)
    else:
        result = _VNI_PATTERN.sub(lambda match: VNI_TABLE[match.group(0)], text)
    return nfc(result.upper() if upper else result)


def decode_cell(text: str, font_name: str | None) -> str:
    """A cell's text in Unicode: converted by its font's encoding, else by its own pattern."""
    encoding, upper = encoding_of_font(font_name)
    if encoding is None:
        encoding = guess_encoding(text)
        if encoding is None:
            return nfc(text)
    return decode(text, encoding, upper)
