"""Extension point for the public municipality page.

Other apps add sections (e.g. verified references, public needs) without this app importing
them: in their AppConfig.ready() they call `register_detail_section(func)`, where
`func(request, municipality)` returns rendered HTML (a SafeString) or None to show nothing.
"""

_detail_sections = []


def register_detail_section(func):
    if func not in _detail_sections:
        _detail_sections.append(func)
    return func


def render_detail_sections(request, municipality):
    return [html for func in _detail_sections if (html := func(request, municipality))]
