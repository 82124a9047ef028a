"""Small text helpers shared by all apps."""

import unicodedata

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})


def fold(text: str) -> str:
    """Lower-case, fold umlauts and ß to their two-letter forms and strip other accents.

    "Gießen" and "Giessen" both become "giessen"; "Mühltal" and "Muehltal" become "muehltal".
    """
    text = (text or "").casefold().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))
