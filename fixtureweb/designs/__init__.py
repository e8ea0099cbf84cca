"""The site designs of the fixture web, one module per kind of provincial site."""
