"""Views of the matching app, one module per area."""

from .alerts import saved_search_create, saved_search_delete, saved_search_list
from .challenges import challenge_list, proposal_edit, proposal_rate
from .chronology import need_chronology
from .needs import (
    need_close,
    need_create,
    need_decide,
    need_delete,
    need_detail,
    need_edit,
    need_list,
    need_reopen,
    need_watch,
)
from .search import search
from .thesaurus import thesaurus

__all__ = [
    "challenge_list",
    "need_chronology",
    "need_close",
    "need_create",
    "need_decide",
    "need_delete",
    "need_detail",
    "need_edit",
    "need_list",
    "need_reopen",
    "need_watch",
    "proposal_edit",
    "proposal_rate",
    "saved_search_create",
    "saved_search_delete",
    "saved_search_list",
    "search",
    "thesaurus",
]
