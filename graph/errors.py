"""The library's own errors; only the CLI turns them into messages and exit codes."""


class ActorgraphError(Exception):
    """Base of every error actorgraph raises on purpose."""


class RuleError(ActorgraphError):
    """A rule file is malformed. The message names the file, the entry and the problem."""

    def __init__(self, path, entry, problem):
        self.path, self.entry, self.problem = str(path), entry, problem
        super().__init__(f"{path}: {entry}: {problem}")


class ArticleError(ActorgraphError):
    """An article cannot be read. The message names the file."""

    def __init__(self, path, problem):
        self.path, self.problem = str(path), problem
        super().__init__(f"{path}: {problem}")

    def __reduce__(self):   # travels from reader processes back to the build
        return ArticleError, (self.path, self.problem)


class GraphNotFound(ActorgraphError):
    """No built graph where one was expected."""


class QueryError(ActorgraphError):
    """A SPARQL query is malformed or refused."""


class BuildLocked(ActorgraphError):
    """Another build is writing into the same output folder."""


class QueryRefused(QueryError):
    """A query asks for what the graph never does: an UPDATE, or a SERVICE call when not allowed."""


class QueryLimit(QueryError):
    """A query went past a limit it runs under: its time or its number of rows."""


class QueryTimeout(QueryLimit):
    """A query ran longer than it was allowed to."""


class TooManyRows(QueryLimit):
    """A query's answer has more rows (or triples) than the cap it runs under."""
