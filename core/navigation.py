"""The site navigation's sections that are not built yet, shown as "coming soon" (spec section 2)."""

COMING_SOON = [
    ("Neural Activity", ["Overview", "Find Neurons", "View Datasets"]),
    ("Encoding", ["Overview", "Encoding Table", "Encoding Connectome"]),
]


def navigation(request) -> dict:
    """Template context processor: the menus of the sections to come."""
    return {"coming_soon": COMING_SOON}
