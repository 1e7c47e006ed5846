"""Namespaces: the project's closed ontology namespace and the standard vocabularies."""
from rdflib import Namespace
from rdflib.namespace import DefinedNamespace, FOAF, ORG, PROV, RDF, RDFS, SKOS, XSD, OWL, DCTERMS

SCHEMA = Namespace("https://schema.org/")
ID = Namespace("https://w3id.org/actorgraph/id/")


class AG(DefinedNamespace):
    """actorgraph's ontology (ontology/actorgraph.ttl). A misspelt term raises AttributeError."""

    _fail = True
    _NS = Namespace("https://w3id.org/actorgraph/ontology#")

    Actor: object
    Person: object
    Organization: object
    Country: object
    Place: object
    Meeting: object
    Agreement: object
    Article: object
    Post: object
    Role: object
    Evidence: object
    signatory: object
    party: object
    dateSigned: object
    agreementType: object
    meetingType: object
    evidence: object
    sentence: object
    rule: object
    article: object
    inferredDatePart: object
    resolvedBy: object
    displayName: object
    nameKey: object
    gazetteerId: object
    kind: object
    country: object
    partOf: object
    firstSeen: object
    lastSeen: object
    inputFile: object
    inputRecord: object
    degree: object
    weightedDegree: object
    betweenness: object
    pagerank: object
    eigenvector: object
    community: object


PREFIXES = {
    "ag": str(AG._NS), "id": str(ID), "foaf": str(FOAF), "org": str(ORG), "schema": str(SCHEMA),
    "skos": str(SKOS), "prov": str(PROV), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD),
    "owl": str(OWL), "dcterms": str(DCTERMS),
}

# entity type name (as in rules) -> (own class, standard class)
TYPE_CLASSES = {
    "Person": (AG.Person, FOAF.Person),
    "Organization": (AG.Organization, ORG.Organization),
    "Country": (AG.Country, SCHEMA.Country),
    "Place": (AG.Place, SCHEMA.Place),
}


def name_key(name: str) -> str:
    """The look-up key of a name (ag:nameKey): the name lower-cased as SPARQL's LCASE does, so a query
    finds an actor by any of its names, in any case, with one equality match the store can seek."""
    return str(name).lower()


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, for queries written without them."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
