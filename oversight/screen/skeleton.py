"""Consonant skeletons: how a Chinese transliteration of a foreign name (贝拉克·奥巴马) meets its Latin spelling.

Chinese writes a foreign name by sound, one character per syllable, and marks the name as foreign with a middle dot
between its words. No library maps those characters back to the Latin spelling (ICU and pypinyin give pinyin:
bei la ke, ao ba ma), so both sides are reduced to the consonants a Mandarin transliteration keeps: the initials of
the syllables, a nasal for -n/-ng finals and 'er' (尔) for a final l or r, and on the Latin side the consonants in
the same classes (b/p, d/t, g/k/c/q, l/r, m/n, s/z/j/x/sh/ch, f/v/ph, w). Barack = 贝拉克 = P-L-K; Obama = 奥巴马 = P-N;
Trump = 特朗普 = T-L-N-P. Skeletons meet when equal, or, from three consonants on, one consonant apart with the same
first one (Putin P-T-N / 普京 P-S-N). Character readings come from pypinyin's table (`pinyin.readings`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from rapidfuzz.distance import OSA

from oversight.screen import pinyin

# Middle dots that join the words of a transliterated foreign name: ·, ・, •, ‧, ･ (after NFKC ・).
FOREIGN_DOT: Final = re.compile(r"[\u00b7\u30fb\u2022\u2027\uff65\u2219]")
_PINYIN_INITIALS: Final = tuple(
    [
        "zh",
        "ch",
        "sh",
        "b",
        "p",
        "m",
        "f",
        "d",
        "t",
        "n",
        "l",
        "g",
        "k",
        "h",
        "j",
        "q",
        "x",
        "r",
        "z",
        "c",
        "s",
        "y",
        "w",
    ]
)
_PINYIN_CLASS: Final = {"b": "P", "p": "P", "d": "T", "t": "T", "g": "K", "k": "K", "f": "F", "l": "L", "r": "L"}
_PINYIN_CLASS.update({"m": "N", "n": "N", "w": "W", "h": "", "y": ""})
_PINYIN_CLASS.update(dict.fromkeys(("j", "q", "x", "z", "c", "s", "zh", "ch", "sh"), "S"))
_LATIN_DIGRAPHS: Final = {"sh": "S", "ch": "S", "zh": "S", "ph": "F", "th": "T", "ck": "K", "kh": "K", "gh": ""}
_LATIN_CLASS: Final = {"b": "P", "p": "P", "d": "T", "t": "T", "g": "K", "k": "K", "c": "K", "q": "K", "x": "KS"}
_LATIN_CLASS.update(
    {"l": "L", "r": "L", "m": "N", "n": "N", "s": "S", "z": "S", "j": "S", "f": "F", "v": "F", "w": "W"}
)
_KANA_R_ROW: Final = "ラリルレロ"
_DOUBLED: Final = re.compile(r"(.)\1")
MIN_FUZZY: Final = 3  # shorter skeletons must be equal
CONSONANT: Final = "'"  # marks a skeleton of consonant letters (of_unvowelled)
MIN_LETTERS: Final = 3  # consonant skeletons of fewer letters never carry a match; one letter apart from 4 letters on
_CONSONANT_DIGRAPHS: Final = {"sh": "š", "ch": "š", "kh": "x", "gh": "g", "th": "t", "dh": "d", "ph": "f", "ck": "k"}
_CONSONANT_DIGRAPHS.update({"tz": "z", "ts": "z"})  # Hebrew tsadi (Yitzhak, Tsipi), romanised z by ICU
_CONSONANT_DIGRAPHS.update({"bh": "b"})  # Indic-style spelling of Thai pho samphao (Abhisit)
# The Arabic article written onto 'Abd (Abdel Fattah = عبد الفتاح): Arabic writes it on the next word.
_ABD_ARTICLE: Final = re.compile(r"^abd[aeiou]l$")
# Spelling variants merged, vowels (w and y among them) dropped.
_CONSONANT_SAME: Final = {"c": "k", "q": "k", "p": "b", "v": "f", "j": "g"} | dict.fromkeys("aeiouyw", "")
# Letters of a written word that Latin spells in more than one way, as capitals standing for their spellings: the
# qaf (q) is also g in Gulf and Libyan usage (Gaddafi); Hebrew letters read with or without their dot are b or v,
# k or kh, p or f, and shin is s or sh.
_AMBIGUOUS: Final = {"Q": ("k", "g"), "S": ("s", "š"), "B": ("b", "f"), "K": ("k", "x", "š"), "H": ("", "h")}
# Arabic-script zh: Persian zhe, which Latin also writes j (Ahmadinejad), or zain and heh (Azhar).
_AMBIGUOUS.update({"Ž": ("zh", "g")})
_ARABIC_DIGRAPHS: Final = _CONSONANT_DIGRAPHS | {"zh": "Ž"}
# Thai: wo waen is w in RTGS and v in customary spellings (Thavisin, Vejjajiva); a ro closing a cluster is silent
# in RTGS and written by custom (ประวิตร: Prawit; ชินวัตร: Shinawatra).
_AMBIGUOUS.update({"W": ("", "f"), "R": ("", "r")})
_AMBIGUOUS.update(
    {"J": ("š", "g")}
)  # Thai cho chang and cho chan: ch in RTGS, j in Sanskrit-style spellings (Vejjajiva)
OPTIONAL_R: Final = "R"
OPTIONAL_H: Final = "H"  # a closing heh or ta marbuta: Latin writes h or leaves it out (Haniyeh, Osama; Khamenei)
_WRITTEN_SAME: Final = {"arabic": _CONSONANT_SAME | {"q": "Q"}}
_WRITTEN_SAME["persian"] = _WRITTEN_SAME["arabic"] | {"w": "W"}  # waw is also v in Persian (Javad, Parviz)
_WRITTEN_SAME["thai"] = _CONSONANT_SAME | {"w": "W", "š": "J"}
_WRITTEN_SAME["hebrew"] = _CONSONANT_SAME | {"q": "Q", "s": "S", "b": "B", "p": "B", "k": "K"}
_NO_DIGRAPHS: Final[dict[str, str]] = {}
MAX_AMBIGUOUS: Final = 3  # letters expanded per skeleton; further ones take their first spelling
KOREAN: Final = "ᵏ"  # marks a skeleton of Korean consonants (of_korean)
# Korean in Latin letters: Revised Romanisation writes g/d/b/j where McCune-Reischauer and everyday spellings write
# k/t/p/ch (Gim = Kim, Jeong = Chung, Bak = Pak); ng stays apart from n (Jong Un is not Jon Un).
_KOREAN_DIGRAPHS: Final = {"ng": "ŋ", "ch": "j", "sh": "s", "kk": "k", "tt": "t", "pp": "b", "ss": "s", "jj": "j"}
_KOREAN_SAME: Final = {
    "g": "k",
    "c": "k",
    "q": "k",
    "d": "t",
    "p": "b",
    "f": "b",
    "v": "b",
    "r": "l",
    "z": "j",
    "x": "s",
}
_KOREAN_SAME.update(dict.fromkeys("aeiouwy", ""))
_VOWELS: Final = re.compile(r"[aeiouwy]+")
_HEBREW_ARABIC: Final = re.compile(r"[\u0590-\u05ff\u0600-\u06ff\ufb1d-\ufb4f\ufb50-\ufdff\ufe70-\ufeff]")
_VOWEL_OPENING: Final = "אעاأإآعءئؤٱ"  # letters a word opening on a vowel sound is written with
_SILENT_R: Final = re.compile(r"r(?=[^aeiouwy]|$)")  # Park, Kark: an English-style r lengthens the vowel before it
_NOT_ASCII_LETTER: Final = re.compile(r"[^a-z]")


def _collapse(classes: list[str]) -> str:
    out: list[str] = []
    for c in "".join(classes):
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


@lru_cache(maxsize=65536)
def of_latin(word: str) -> str:
    """The consonant classes of a Latin word (barack: PLK)."""
    return _collapse(_spelt(word, _LATIN_DIGRAPHS, _LATIN_CLASS, keep=False))


@lru_cache(maxsize=65536)
def of_han(word: str) -> str:
    """The consonant classes of a Chinese transliteration, syllable by syllable (贝拉克: bei la ke: PLK)."""
    classes = []
    for char in word:
        syllable = pinyin.readings(char)[0]
        if syllable == "er":
            classes.append("L")
            continue
        initial = next((i for i in _PINYIN_INITIALS if syllable.startswith(i)), "")
        classes.append(_PINYIN_CLASS.get(initial, ""))
        if syllable.endswith(("n", "ng")) and len(syllable) > len(initial) + 1:
            classes.append("N")
    return _collapse(classes)


@lru_cache(maxsize=65536)
def of_kana(romaji: str, kana: str) -> str:
    """The consonant classes of a foreign name written in katakana, from its romanisation (プーチン: puchin: PSN);
    an opening u before an r-row syllable is the v of a v-l cluster Japanese cannot write (ウラジーミル: Vladimir)."""
    return of_latin(_kana_romaji(romaji, kana))


def _kana_romaji(romaji: str, kana: str) -> str:
    return "v" + romaji[1:] if kana[:1] == "\u30a6" and kana[1:2] in _KANA_R_ROW else romaji


@lru_cache(maxsize=65536)
def kana_agrees(romaji: str, kana: str, word: str) -> bool:
    """Whether a katakana word and a Latin word, whose collapsed skeletons met, also meet consonant by consonant,
    each consonant between vowels counted (doubled letters once): katakana writes every syllable, so Potanin
    (PTNN) is not プーチン (PSN) as Putin (PTN) is."""
    return _meet(_counted(_kana_romaji(romaji, kana)), _counted(word))


def _counted(word: str) -> str:
    return "".join(_spelt(_DOUBLED.sub(r"\1", word), _LATIN_DIGRAPHS, _LATIN_CLASS, keep=False))


@lru_cache(maxsize=65536)
def of_unvowelled(word: str) -> str:
    """The consonant letters of a romanised word of a script that leaves vowels unwritten (Arabic, Hebrew, and Thai
    as ICU romanises it), marked with a leading apostrophe. Unlike a Chinese transliteration these scripts keep
    their consonants apart (m is not n, d is not t), so letters are compared, not classes; w and y mostly spell
    the long vowels u and i (نتنياهو: ntnyhw = 'ntnh, Netanyahu: 'ntnh)."""
    return CONSONANT + consonants(word[:3] if _ABD_ARTICLE.match(word) else word)


@lru_cache(maxsize=65536)
def of_written(word: str, script: str) -> str:
    """`of_unvowelled` of a word romanised from `script` ('arabic', 'hebrew', else as Latin), letters Latin spells
    in several ways kept as capitals (`_AMBIGUOUS`): יוסף = ywsp = 'sB meets Yosef 'sf and Yossi Bar 'sb."""
    letters = _WRITTEN_SAME.get(script)
    if letters is None:
        return of_unvowelled(word)
    # ICU writes each Hebrew letter as one Latin letter: kh in כהן is kaf and he, not one sound.
    digraphs = {"hebrew": _NO_DIGRAPHS, "arabic": _ARABIC_DIGRAPHS, "persian": _ARABIC_DIGRAPHS}
    spelt = _spelt(word, digraphs.get(script, _CONSONANT_DIGRAPHS), letters, keep=True)
    if script == "thai" and "š" in spelt:  # the digraph ch, itself spelt two ways
        spelt = [letters.get(c, c) for c in spelt]
    return CONSONANT + _collapse(spelt)


@lru_cache(maxsize=65536)
def variants(skeleton: str) -> tuple[str, ...]:
    """A skeleton's readings with its ambiguous letters (`_AMBIGUOUS`) spelt out: 'Qdf: 'kdf, 'gdf."""
    if not marked(skeleton) or _unambiguous(skeleton):
        return (skeleton,)
    out = [""]
    seen = 0
    for char in skeleton:
        options = _AMBIGUOUS.get(char)
        if options is None:
            out = [o + char for o in out]
            continue
        seen += 1
        out = [o + option for o in out for option in (options if seen <= MAX_AMBIGUOUS else options[:1])]
    return tuple(dict.fromkeys(CONSONANT + _collapse(list(o[1:])) for o in out))


@lru_cache(maxsize=65536)
def of_korean(word: str) -> str:
    """A Korean name (or a Latin word read as one) in Latin letters as its consonants, the romanisations' spellings
    merged (see _KOREAN_SAME), and between them the class of each vowel (A: a; F: e, i, ae, oe; B: o, u, eo, eu,
    oo), marked with KOREAN. Korean syllables are short and their vowels tell names apart (Jeong-suk is not Jong
    Sik, Ye-jin not Chen), so the pattern is compared whole."""
    text = _SILENT_R.sub("", _NOT_ASCII_LETTER.sub("", word.lower()))
    out: list[str] = []
    i = 0
    while i < len(text):
        group = _VOWELS.match(text, i)
        if group is not None:
            letters = group.group().replace("w", "").replace("y", "")
            if letters:
                out.append("A" if letters[-1] == "a" else "F" if letters[-1] in "ei" else "B")
            i = group.end()
            continue
        pair = text[i : i + 2]
        if pair in _KOREAN_DIGRAPHS:
            out.append(_KOREAN_DIGRAPHS[pair])
            i += 2
            continue
        out.append(_KOREAN_SAME.get(text[i], text[i]))
        i += 1
    return KOREAN + _collapse(out)


def vowels_agree(raw: str, text: str, latin: str) -> bool:
    """Whether a Hebrew or Arabic-script word (`raw`, romanised `text`) and a Latin word agree on the vowels the
    script does write: a word opening on a vowel opens on alef or ayin (Amir is no מור), and a vav or waw inside
    the word is an o or u, a yod or ya an i or e (Noam, נועם, is no Naeem; Saeedi, سعیدی, no Assad). Other
    scripts, and Latin words, always agree."""
    if not raw or not _HEBREW_ARABIC.match(raw):
        return True
    if latin[:1] in "aeiou" and raw[0] not in _VOWEL_OPENING:
        return False
    inner = text[1:]
    if "w" in inner and not any(v in latin for v in "ouwv"):  # a Hebrew vav is also the consonant v (Levi)
        return False
    if "y" in inner and not any(v in latin for v in "iey"):
        return False
    if not _inner_alef_agrees(raw, latin):
        return False
    return _ends_agree(raw, latin) and _first_vowel_agrees(raw, latin)


def edges_agree(first: str, last: str, latin: str) -> bool:
    """Whether a Latin word and words written in Hebrew or Arabic script read as one (`first` opening them, `last`
    closing them, as written) open and end alike (`vowels_agree`): Yoav Awawdeh, opening on yod, is no Obaidah;
    Yishai Amer, closing on resh, no al-Shammari."""
    if first and _HEBREW_ARABIC.match(first) and latin[:1] in "aeiou" and first[0] not in _VOWEL_OPENING:
        return False
    return not (last and _HEBREW_ARABIC.match(last)) or _ends_agree(last, latin)


def written(raw: str) -> bool:
    """Whether a word is written in Hebrew or Arabic script (its romanisation keeps the consonants only)."""
    return bool(raw) and _HEBREW_ARABIC.match(raw) is not None


def _inner_alef_agrees(raw: str, latin: str) -> bool:
    """An alef inside a word is a long a (Jabara, Hamed), in Hebrew also an e (Shmuel, Daniel): a Latin word
    without it is another name (Jibril)."""
    if not any(c in _ALEF for c in raw[1:]):
        return True
    return "a" in latin or (raw[0] >= "\u0590" and raw[0] <= "\u05ff" and "e" in latin)


_YA: Final = "\u064a\u06cc\u0626\u05d9"  # ya, Persian ya, ya with hamza, yod (alef maqsura is folded into ya)
_ALEF: Final = "\u0627\u05d0"
_FIRST_VOWEL: Final = {
    "\u0627": "ae",
    "\u0648": "ouwv",
    "\u05d5": "ouwv",
    "\u064a": "iey",
    "\u06cc": "iey",
    "\u05d9": "iey",
}
_LATIN_VOWELS: Final = "aeiouy"


def _ends_agree(raw: str, latin: str) -> bool:
    """A written word and a Latin one end alike: a final ya or yod is a vowel (Ali, Uri, Musa with alef maqsura),
    a final alef too (Reza), and a Latin name ending on an i after a consonant writes it as a final ya (Mohammadi
    is not Muhammad written without it, Georgios not a word ending on ya, Zuhair not Zahra ending on alef)."""
    last = raw[-1:]
    vowel_end = latin[-1:] in _LATIN_VOWELS or (last in _ALEF and latin.endswith("h"))
    if (last in _YA or last in _ALEF) and not vowel_end:
        return False
    return not (len(latin) > 2 and latin[-1] in "iy" and latin[-2] not in _LATIN_VOWELS and last not in _YA)


def _first_vowel_agrees(raw: str, latin: str) -> bool:
    """A vowel letter written right after a word's first consonant is the first vowel of its Latin spelling, or
    the consonant w, v or y right after it (Qasem with alef, Rouhani with waw, Nawaz): Turk is not Tariq written
    with alef, Bashir not Fisher written with yod, Souleiman not Salmin written with alef."""
    if len(raw) < 3 or raw[0] in _VOWEL_OPENING or raw[1] not in _FIRST_VOWEL:
        return True
    start = next((i for i, c in enumerate(latin) if c in _LATIN_VOWELS and i > 0), None)
    if start is None:
        return True
    end = start
    while end < len(latin) and latin[end] in _LATIN_VOWELS:
        end += 1
    group = latin[start : end + 1]  # the first vowels and the letter after them (a consonant w, v or y)
    return any(v in group for v in _FIRST_VOWEL[raw[1]])


def optional_h(skeleton: str) -> str:
    """`skeleton` of a word's stem with its closing heh read as h or as nothing (`OPTIONAL_H`)."""
    if not skeleton:
        return ""
    return skeleton if skeleton.endswith(("h", OPTIONAL_H)) else skeleton + OPTIONAL_H


def opens_on_vowel(raw: str) -> bool:
    """Whether a word written in Hebrew or Arabic script opens on a letter that carries a vowel (alef, ayin) or
    the article, so its Latin spelling may open on any vowel."""
    return bool(raw) and raw[0] in _VOWEL_OPENING and _HEBREW_ARABIC.match(raw) is not None


def korean(skeleton: str) -> bool:
    """Whether a skeleton is of Korean consonants (`of_korean`)."""
    return skeleton.startswith(KOREAN)


@lru_cache(maxsize=65536)
def consonants(word: str) -> str:
    """A Latin word's consonants, spelling variants merged (Mohammed, Muhamad: mhmd; Yusuf, Yousef: sf)."""
    return _collapse(_spelt(word, _CONSONANT_DIGRAPHS, _CONSONANT_SAME, keep=True))


def _spelt(word: str, digraphs: dict[str, str], letters: dict[str, str], keep: bool) -> list[str]:
    """`word` rewritten pair by pair (`digraphs`) and letter by letter (`letters`; other letters kept or dropped)."""
    out: list[str] = []
    i = 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in digraphs:
            out.append(digraphs[pair])
            i += 2
            continue
        out.append(letters.get(word[i], word[i] if keep else ""))
        i += 1
    return out


@lru_cache(maxsize=65536)
def probe_keys(skeleton: str) -> frozenset[str]:
    """Keys ('≈') a Latin word and a transliterated word share when their skeletons meet (class skeletons without
    w, see `meet`): a space of their own, so that Latin words never meet each other by sound."""
    if not skeleton:
        return frozenset()
    lettered = marked(skeleton) or korean(skeleton)
    return frozenset("≈" + key[1:] for key in keys(skeleton if lettered else skeleton.replace("W", "")))


def _unambiguous(skeleton: str) -> bool:
    return skeleton[1:].islower() or not any(c in _AMBIGUOUS for c in skeleton)


@lru_cache(maxsize=65536)
def latin_keys(word: str, skeleton: str) -> frozenset[str]:
    """The keys a Latin word of a person's name is found by, from a transliterated query word: its class skeleton
    (Chinese) and its consonant letters (Arabic, Hebrew, Thai)."""
    return keys(skeleton) | keys(of_unvowelled(word)) | keys(of_korean(word))


@lru_cache(maxsize=65536)
def latin_probes(word: str, skeleton: str) -> frozenset[str]:
    """The keys a Latin word of a person's name finds listed transliterations by (both skeletons, `latin_keys`)."""
    return probe_keys(skeleton) | probe_keys(of_unvowelled(word)) | probe_keys(of_korean(word))


@lru_cache(maxsize=65536)
def keys(skeleton: str) -> frozenset[str]:
    """Index keys of a skeleton: itself and, from MIN_FUZZY consonants on (MIN_LETTERS + 1 letters), its
    deletions."""
    if not skeleton:
        return frozenset()
    if marked(skeleton) and not _unambiguous(skeleton):
        return frozenset().union(*(keys(variant) for variant in variants(skeleton)))
    out = {"~" + skeleton}
    if korean(skeleton):
        return frozenset(out)  # compared whole (`meet`)
    start, shortest = (1, MIN_LETTERS + 1) if marked(skeleton) else (0, MIN_FUZZY)
    if len(skeleton) - start >= shortest:
        out.update("~" + skeleton[:i] + skeleton[i + 1 :] for i in range(start, len(skeleton)))
    return frozenset(out)


def strong(skeleton: str) -> bool:
    """Whether a skeleton says enough to carry a match across scripts (Ali: 'l, Mary ~ Omar: 'mr do not)."""
    if korean(skeleton):  # two consonants and more (Mun; Gim, a family name alone, says too little)
        return sum(1 for letter in skeleton[1:] if letter not in "AFB") >= 2
    return len(skeleton) > MIN_LETTERS if marked(skeleton) else bool(skeleton)


def comparable(skeleton: str, word: str, other: str) -> str:
    """A Latin word's skeleton in the alphabet of the other word's (`other`): consonant letters for a word of an
    unvowelled script, else classes."""
    if korean(other) and not korean(skeleton):
        return of_korean(word)
    return of_unvowelled(word) if marked(other) and not marked(skeleton) else skeleton


def marked(skeleton: str) -> bool:
    """Whether a skeleton is of consonant letters (`of_unvowelled`) rather than of classes."""
    return skeleton.startswith(CONSONANT)


def joined_letters(a: str, b: str) -> str:
    """The consonant-letter skeleton of two written words read as one (عبد الله: 'bd + 'lh = 'bdlh)."""
    return CONSONANT + _collapse([a[1:], b[1:]])


def joined(a: str, b: str) -> str:
    """The skeleton of two words written as one (Abdul Aziz: PTL + S = PTLS)."""
    return _collapse([a, b])


def same(a: str, b: str) -> bool:
    """Equal skeletons, ambiguous letters (`_AMBIGUOUS`) read either way."""
    return a == b or (marked(a) and marked(b) and not set(variants(a)).isdisjoint(variants(b)))


def meet(a: str, b: str) -> bool:
    """Equal skeletons, or from MIN_FUZZY consonants on one consonant apart with the same first consonant; failing
    that, the same without w (Walid: WLT, وليد: LT)."""
    if korean(a) or korean(b):  # Korean patterns: whole (one sound apart is another syllable, Un / Il)
        return korean(a) and korean(b) and a == b and len(a) > 2
    if marked(a) or marked(b):  # consonant letters: equal, or from MIN_LETTERS + 1 on one letter apart
        if not (marked(a) and marked(b)):
            return False
        # One letter apart only in the first readings: an alternative reading (a Thai wo waen read v, a heh read h)
        # already bends the spelling, so it meets only exactly.
        first_a, first_b = variants(a), variants(b)
        if _meet(first_a[0][1:], first_b[0][1:], MIN_LETTERS + 1):
            return True
        return not set(first_a).isdisjoint(first_b)
    return _meet(a, b) or (
        "W" in a + b and _meet(_collapse(list(a.replace("W", ""))), _collapse(list(b.replace("W", ""))))
    )


def _meet(a: str, b: str, shortest: int = MIN_FUZZY) -> bool:
    if not a or not b or a[0] != b[0]:
        return False
    return a == b or (min(len(a), len(b)) >= shortest and OSA.distance(a, b, score_cutoff=1) <= 1)
