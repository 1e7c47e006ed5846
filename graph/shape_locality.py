"""Whether a set of SHACL shapes reads no more of a data graph than each focus node's own triples (and the
rdf:type of the values of a few predicates), so that a large graph can be validated a slice of subjects at a
time (graph.validate) with the answer of validating it whole.

`local_shapes(shapes)` answers with those predicates (the paths of `sh:class` constraints), or None when some
shape may look further: a target other than `sh:targetClass` / `sh:targetSubjectsOf` (or a class that is a
shape, which targets its instances), a path that is not one
predicate, a shape applied to a value that reads the value's own triples, a SPARQL constraint whose patterns
do not all start at `$this`, or any SHACL term not listed here. None means: validate the graph whole."""
from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.paths import AlternativePath

# about a value alone (a literal's datatype, an IRI's form, a number's range): true wherever the value sits
VALUE_TERMS = {SH.datatype, SH.nodeKind, SH.pattern, SH.flags, SH.minInclusive, SH.maxInclusive,
               SH.minExclusive, SH.maxExclusive, SH.minLength, SH.maxLength, SH.languageIn, SH["in"],
               SH.hasValue}
# about one focus node's own values of one predicate (a property shape's)
PROPERTY_TERMS = VALUE_TERMS | {SH.minCount, SH.maxCount, SH.uniqueLang, SH.equals, SH.disjoint, SH.lessThan,
                                SH.lessThanOrEquals}
LOGICAL = {SH["or"], SH["and"], SH.xone}
NESTING = LOGICAL | {SH["not"], SH.node, SH.property}
TARGETS = {SH.targetClass, SH.targetSubjectsOf}
WORDS = {SH.message, SH.severity, SH.name, SH.description, SH.deactivated, SH.order, SH.group, SH.defaultValue,
         SH.prefixes, SH.declare, SH.prefix, SH.namespace, SH.select, SH.sparql, SH.path, SH["class"],
         SH.closed, SH.ignoredProperties}
KNOWN = PROPERTY_TERMS | NESTING | TARGETS | WORDS
THIS = rdflib.Variable("this")
CLASSES = (RDFS.Class, OWL.Class)


class NotLocal(Exception):
    """A shape reads more than a focus node's own triples."""


def local_shapes(shapes: rdflib.Graph) -> frozenset | None:
    """The predicates whose values' rdf:type the shapes read, when every shape is local; else None."""
    try:
        for s, p, o in shapes:
            if str(p).startswith(str(SH)) and p not in KNOWN:
                raise NotLocal(p)
        class_paths = set()
        roots = {s for t in TARGETS for s in shapes.subjects(t, None)}
        # a shape that is also a class targets that class's instances (SHACL 2.1.3.1, implicit class targets)
        roots |= {s for c in CLASSES for s in shapes.subjects(RDF.type, c)
                  if any(str(p).startswith(str(SH)) for p in shapes.predicates(s, None))}
        seen: set = set()
        for root in roots:
            _focus_shape(shapes, root, class_paths, seen)
        return frozenset(class_paths)
    except NotLocal:
        return None


def _focus_shape(g, shape, class_paths, seen):
    """SHAPE is applied to a focus node (a root, or nested in one through logic or sh:node)."""
    if shape in seen:
        return
    seen.add(shape)
    path = g.value(shape, SH.path)
    if path is not None:
        _property_shape(g, shape, class_paths)
        return
    if g.value(shape, SH["class"]) is not None:
        raise NotLocal(shape)      # the focus node's own type, read here as a value: keep it simple
    for prop in g.objects(shape, SH.property):
        _property_shape(g, prop, class_paths)
    for constraint in g.objects(shape, SH.sparql):
        _sparql(g, constraint)
    for nested in _nested(g, shape):
        _focus_shape(g, nested, class_paths, seen)


def _property_shape(g, shape, class_paths):
    path = g.value(shape, SH.path)
    if not isinstance(path, rdflib.URIRef):
        raise NotLocal(shape)      # a sequence, inverse or other path reads other nodes
    if any(True for _ in g.objects(shape, SH.sparql)) or any(True for _ in g.objects(shape, SH.property)):
        raise NotLocal(shape)
    if g.value(shape, SH["class"]) is not None:
        class_paths.add(path)
    for nested in _nested(g, shape):
        _value_shape(g, nested, set())


VALUE_SHAPE_TERMS = VALUE_TERMS | LOGICAL | TARGETS | {SH["not"], SH.node, SH.message, SH.severity, SH.name,
                                                       SH.description, SH.deactivated, SH.order, SH.group,
                                                       RDF.type, RDFS.label, RDFS.comment}


def _value_shape(g, shape, seen):
    """SHAPE is applied to a value: it may only test the value itself."""
    if shape in seen:
        return
    seen.add(shape)
    if any(p not in VALUE_SHAPE_TERMS for p in g.predicates(shape, None)):
        raise NotLocal(shape)
    for nested in _nested(g, shape):
        _value_shape(g, nested, seen)


def _nested(g, shape):
    for p in LOGICAL:
        for head in g.objects(shape, p):
            yield from rdflib.collection.Collection(g, head)
    yield from g.objects(shape, SH["not"])
    yield from g.objects(shape, SH.node)


def _sparql(g, constraint):
    """A SPARQL constraint is local when every triple pattern of its query starts at $this with one
    predicate or an alternative of predicates (prefixes declared in the shapes graph are not read here: a
    query that needs them is not local)."""
    from rdflib.plugins.sparql import prepareQuery
    text = g.value(constraint, SH.select)
    if text is None:
        raise NotLocal(constraint)
    try:
        query = prepareQuery(str(text))
    except Exception:
        raise NotLocal(constraint) from None
    _patterns(query.algebra)


def _patterns(node):
    if isinstance(node, dict):
        if getattr(node, "name", None) in ("Graph", "ServiceGraphPattern"):
            raise NotLocal(node.name)
        if "triples" in node:   # a BGP, or a block inside EXISTS (as parsed: a path there is not a Path yet)
            for s, p, o in node["triples"]:
                if s != THIS or not _one_step(p):
                    raise NotLocal((s, p, o))
        for value in node.values():
            _patterns(value)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _patterns(value)


def _one_step(p) -> bool:
    if isinstance(p, rdflib.URIRef):
        return True
    return isinstance(p, AlternativePath) and all(isinstance(a, rdflib.URIRef) for a in p.args)
