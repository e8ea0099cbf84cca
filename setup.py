"""For ``scrapyd-deploy``, which builds the project's egg with ``setup.py bdist_egg``; everything is declared in pyproject.toml."""

from setuptools import setup

setup()
