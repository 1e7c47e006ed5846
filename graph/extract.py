"""The article pipeline's entry point, kept under its old name for callers: see graph.article."""
from graph.article import extract_article
from graph.model import ArticleFacts, Fact, LocalEntity, fact_keys

__all__ = ["extract_article", "ArticleFacts", "Fact", "LocalEntity", "fact_keys"]
