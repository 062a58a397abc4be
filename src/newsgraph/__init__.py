"""newsgraph: news reports in, a source-graded knowledge base of actors, events and claims out."""

from newsgraph.api import Newsgraph, example_corpus
from newsgraph.settings import Settings, load_settings

__version__ = "0.1.0"
__all__ = ["Newsgraph", "Settings", "__version__", "example_corpus", "load_settings"]
