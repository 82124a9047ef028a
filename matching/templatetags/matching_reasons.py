from django import template

from ..reasons import highlighted, language_of

register = template.Library()


@register.simple_tag
def reason_summary(match, need):
    """A match's solution summary with the words of "Why this solution" marked (escaped)."""
    solution = match.solution
    need_language = language_of(f"{need.title} {need.description}")
    return highlighted(solution.summary, match.words, solution.language, need_language)
