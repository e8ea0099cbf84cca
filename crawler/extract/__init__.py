"""Article extraction: trafilatura for the body, our rules for what surrounds it on Vietnamese pages.

``extract_article(html, url, site=None) -> Article`` (crawler.items). The text
starts as trafilatura's own text of the page and the rules only take out what
they can show is not body: photo captions and credits (to ``captions``), the
closing byline (to ``author``), the headline repeated, chrome blocks, lines
printed outside the article at either end. The sapo printed in the article's
scope becomes ``lead`` and the first paragraph. Stored text is the text as
printed (NFC, whitespace tidied); tone placement and folding belong to search
keys (crawler.vntext). ``extract`` returns the same article with how it was
obtained (``Extraction.fallback`` when the rules gave way to trafilatura).
A caller that reads the page's tree as well (``crawler.analyse``: page dates,
canonical link) parses it once with ``parse`` and extracts with
``extract_tree``, after its own reading: extraction changes the tree.

Parts: ``prepass`` (parsing, deep nesting, link farms), ``metadata``
(headline, meta, JSON-LD), ``furniture`` (container, sapo, captions, chrome),
``lines`` (line rules), ``bylines``, ``core`` (the order they run in).
"""

from crawler.extract.bylines import split_names
from crawler.extract.core import EXTRACTOR_VERSION, Extraction, extract, extract_article, extract_tree, logged
from crawler.extract.errors import ExtractionError
from crawler.extract.prepass import parse

__all__ = [
    "EXTRACTOR_VERSION", "Extraction", "ExtractionError", "extract", "extract_article", "extract_tree", "logged",
    "parse", "split_names",
]
