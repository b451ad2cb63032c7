"""The demo archive: generated items for the demo channels, never real exports."""


def seed(organisation) -> None:  # type: ignore[no-untyped-def]
    return None
