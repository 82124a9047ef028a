"""Views of the matching app, one module per area."""

from .needs import need_create, need_detail, need_list
from .search import search

__all__ = ["need_create", "need_detail", "need_list", "search"]
