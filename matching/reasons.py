"""The words shown under "Warum diese Lösung" for a match (docs/search.md, "Reasons").

A reason is a whole word of the town's own text that the solution's text holds as well, named
as the town wrote it; where the solution uses another word, both are named:

- the same word in any inflection ("Stellplätze" for a solution writing "Stellplatz");
- a compound built from it, or a word the town's compound is built from ("Friedhof" for
  "Friedhofsverwaltung", "Parkplatzsuche" for "Parkplätze") — only through parts that are
  words themselves (a word of the two texts, a headword of the glossary, a thesaurus or
  topic word), so "unge" of "ungenutzt" links nothing;
- a thesaurus synonym ("Parkplätze ↔ Stellplatz");
- a translation between a German and an English text ("Heizung ↔ heating"), both words
  written in the two texts.

Only content words count: in German texts nouns (German writes them with a capital letter), in
English texts every word; never stop words or filler words ("per", "ab", "möchten", "Minuten").
Feedback terms of the ranking are never named: the words come from the two texts alone.
"""

import re
from functools import lru_cache

from django.utils.html import escape, format_html, format_html_join

from . import analysis, glossary

MAX_WORDS = 12
PAIR = " ↔ "
MIN_PART = 4  # a compound part links two words only when its stem has at least 4 letters
_WORD = re.compile(r"[0-9a-zA-ZäöüÄÖÜß]+")
# Words that say nothing about a problem: units of time and amount, and everyday verbs and
# adverbs that start a sentence with a capital letter.
FILLER = {
    analysis.stem(word)
    for word in """ab per pro je bitte etwa weniger seit zeit zeiten minute minuten stunde
    stunden tag tage tagen woche wochen monat monate jahr jahre jahren prozent euro uhr mal art
    teil weg möchten möchte gehen sehen suchen brauchen sollen wollen lassen geben bekommen
    neue neuen gut gute besser ständig ganze ganzen""".split()  # noqa: SIM905
}
FILLER_EN = {
    analysis.stem(word, "en")
    for word in """per use used need needs new time times way want wants get make also more
    less very much many day days week weeks month months year years minute minutes hour hours
    percent one two three all every""".split()  # noqa: SIM905
}
_EN_MARKERS = {"the", "and", "of", "to", "for", "with", "is", "are", "our", "we", "they"}
_DE_MARKERS = {"der", "die", "das", "und", "wir", "ist", "für", "mit", "nicht", "ein", "eine"}


def reason_words(hit, need_text, solution):
    """The readable words that connect the need's text and the solution (see the module).

    `hit` is the ranking's hit (unused: the words come from the texts, so feedback terms are
    never named), `need_text` the need's own words, `solution` the Solution.
    """
    need_language = language_of(need_text)
    text = _solution_text(solution)
    known = _stems(need_text, need_language) | _stems(text, solution.language)
    solution_words = _SolutionWords(text, solution.language, known)
    words = _content_words(need_text, need_language)
    own = {analysis.stem(word.lower(), need_language) for word in words}
    reasons, seen = [], set()
    for word in words:
        key = analysis.stem(word.lower(), need_language)
        if key in seen:
            continue
        link = solution_words.link(word, need_language, own)
        if link is None:
            continue
        seen.add(key)
        reasons.append(word if link is True else f"{word}{PAIR}{link}")
        if len(reasons) == MAX_WORDS:
            break
    return reasons


def highlighted(text, words, language="de", need_language="de"):
    """`text` (a solution's summary) as safe HTML with the words named by `words` (the reasons)
    in <mark>; everything else escaped."""
    need_words = [w.split(PAIR)[0] for w in words]
    known = _stems(" ".join(need_words), need_language) | _stems(text, language)
    named = {analysis.stem(w.split(PAIR)[1].lower(), language) for w in words if PAIR in w}
    pieces, position = [], 0
    for match in _WORD.finditer(text or ""):
        token = match.group()
        marked = analysis.stem(token.lower(), language) in named or (
            _is_content(token, language)
            and any(_related(w, need_language, token, language, known) for w in need_words)
        )
        if marked:
            pieces.append(escape(text[position : match.start()]))
            pieces.append(format_html("<mark>{}</mark>", token))
            position = match.end()
    pieces.append(escape((text or "")[position:]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def language_of(text):
    """ "en" for a text with more English than German function words, else "de"."""
    tokens = analysis.tokens(text)
    english = sum(t in _EN_MARKERS for t in tokens)
    german = sum(t in _DE_MARKERS for t in tokens)
    return "en" if english > german else "de"


def _solution_text(solution):
    return " ".join(filter(None, [solution.title, solution.summary, solution.description]))


def _is_content(token, language):
    """A word that can name a reason: a noun in German (capitalised), any word in English;
    at least three letters, no stop or filler word."""
    lower = token.lower()
    if len(lower) < 3 or lower in analysis.STOPWORDS or lower.isdigit():
        return False
    if language == "en":
        return analysis.stem(lower, "en") not in FILLER_EN
    return token[0].isupper() and analysis.stem(lower) not in FILLER


def _content_words(text, language):
    return [t for t in _WORD.findall(text or "") if _is_content(t, language)]


@lru_cache(maxsize=20_000)
def _forms(lower, language):
    """(stem, stems of the compound's parts and of its leading and trailing sub-compounds)."""
    stem = analysis.stem(lower, language)
    if language != "de":
        return stem, frozenset()
    split = [p for p in analysis.split_compound(lower, analysis.default_vocabulary()) if p]
    subs = {analysis.stem("".join(split[:n])) for n in range(1, len(split))}
    subs |= {analysis.stem("".join(split[n:])) for n in range(1, len(split))}
    return stem, frozenset(s for s in subs if len(s) >= MIN_PART)


def _word_parts(lower, language, known):
    """(stem, the parts and sub-compounds that are words: `known` stems of the two texts'
    words, glossary headwords, thesaurus and topic words)."""
    stem, subs = _forms(lower, language)
    return stem, {s for s in subs if s in known or _is_word(s)}


@lru_cache(maxsize=20_000)
def _is_word(stem):
    trie = glossary._trie()
    if trie is not None and stem in trie:
        return True
    return stem in _vocabulary_stems()


@lru_cache(maxsize=1)
def _vocabulary_stems():
    return frozenset(analysis.stem(w) for w in analysis.default_vocabulary())


def _stems(text, language):
    return {analysis.stem(t.lower(), language) for t in _WORD.findall(text or "")}


def _related(need_word, need_language, token, language, known):
    """The same word or a compound relation (see the module), within one language."""
    if need_language != language:
        return need_word.casefold() == token.casefold()
    a, a_subs = _word_parts(need_word.lower(), need_language, known)
    b, b_subs = _word_parts(token.lower(), language, known)
    return a == b or a in b_subs or b in a_subs


class _SolutionWords:
    """The content words of a solution's text, indexed for linking a need's words to them."""

    def __init__(self, text, language, known):
        self.language, self.known = language, known
        self.by_stem, self.by_part, self.by_lower = {}, {}, {}
        for token in _content_words(text, language):
            stem, subs = _word_parts(token.lower(), language, known)
            self.by_stem.setdefault(stem, token)
            self.by_lower.setdefault(token.casefold(), token)
            for part in subs:
                self.by_part.setdefault(part, token)

    def link(self, word, language, own=frozenset()):
        """True when the solution holds the word itself, a compound of it or a word the
        compound is built from; the solution's word when it holds a synonym or translation
        instead; else None. `own`: the stems of the need's words."""
        lower = word.lower()
        if language != self.language:
            if lower in self.by_lower:  # a word both languages write alike ("App", "LoRaWAN")
                return True
            return self._translation(lower, language)
        stem, subs = _word_parts(lower, language, self.known)
        if stem in self.by_stem or stem in self.by_part or any(s in self.by_stem for s in subs):
            return True
        for synonym in _synonyms().get(stem, {}):
            if synonym in self.by_stem and synonym not in own:  # else named as the town's word
                return self.by_stem[synonym]
        return None

    def _translation(self, lower, language):
        if language == "de" and self.language == "en":
            for english, _word in glossary.translations(analysis.stem(lower)):
                if english in self.by_stem:
                    return self.by_stem[english]
        elif language == "en" and self.language == "de":
            for german in glossary.german(lower):
                if german in self.by_stem:
                    return self.by_stem[german]
        return None


@lru_cache(maxsize=1)
def _synonyms():
    return analysis.synonym_map()
