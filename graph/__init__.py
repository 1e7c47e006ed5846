"""actorgraph: news articles -> a knowledge graph of actors, posts, meetings and agreements.

The package follows the data: read -> clean -> match rules -> resolve entities ->
map to RDF -> store -> analyse / view / export.
"""
__version__ = "0.1.0"
