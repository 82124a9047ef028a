from pydantic import create_model


def page_of(item_schema, **extra_fields):
    """A page schema `{items: [...], next_cursor: str|null, ...}` for `item_schema`."""
    from ninja import Schema

    return create_model(
        f"{item_schema.__name__.removesuffix('Out')}Page",
        __base__=Schema,
        items=(list[item_schema], ...),
        next_cursor=(str | None, None),
        **extra_fields,
    )
