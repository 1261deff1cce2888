"""5. Stances: the analyst's codebook and the positions actors take on its propositions."""

from stancemap.stance.codebook import load_codebook
from stancemap.stance.detect import METHOD, detect_stances

__all__ = ["METHOD", "detect_stances", "load_codebook"]
