"""Spiders: the generic news spider and one generated spider per registered site."""
