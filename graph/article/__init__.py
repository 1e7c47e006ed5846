"""The article pipeline: one module per stage and per fact kind (see pipeline.py for the order)."""
from graph.article.pipeline import extract_article

__all__ = ["extract_article"]
