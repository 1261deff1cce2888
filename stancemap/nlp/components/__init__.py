"""stancemap's spaCy components; importing this package registers them with spaCy."""

from . import dates, paragraphs, quotes, speakers  # noqa: F401  (registration side effects)

COMPONENTS = ("stancemap_quotes", "stancemap_speakers", "stancemap_dates")
