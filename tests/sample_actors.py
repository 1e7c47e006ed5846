"""A small hand-made graph in the documented RDF shape (docs/ARCHITECTURE.md), for the
network, centrality and view tests."""
import re

from rdflib import Dataset

PREFIXES = """
@prefix ag: <https://w3id.org/actorgraph/ontology#> .
@prefix id: <https://w3id.org/actorgraph/id/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

ACTORS = """
id:person/karim-najafi-barzegar a ag:Person, foaf:Person ; rdfs:label "Karim Najafi Barzegar"@en, "كريم نجفي برزكر"@ar .
id:person/ali-hassan a ag:Person, foaf:Person ; rdfs:label "Ali Hassan"@en .
id:person/sara-rahimi a ag:Person, foaf:Person ; rdfs:label "Sara Rahimi"@en .
id:person/lonely a ag:Person, foaf:Person ; rdfs:label "Lonely Person"@en .
id:org/oic a ag:Organization, org:Organization ;
    rdfs:label "Organization of Islamic Cooperation"@en, "منظمة التعاون الإسلامي"@ar ; skos:altLabel "OIC" .
id:country/iran a ag:Country, schema:Country ; rdfs:label "Iran"@en, "إيران"@ar .
id:country/iraq a ag:Country, schema:Country ; rdfs:label "Iraq"@en, "العراق"@ar .
id:place/karbala a ag:Place, schema:Place ; rdfs:label "Karbala"@en .
id:role/secretary-general a ag:Role, org:Role ; rdfs:label "Secretary General"@en .
id:article/a1.txt a ag:Article ; schema:identifier "a1.txt" ; schema:datePublished "2025-01-20"^^xsd:date .
id:article/a2.txt a ag:Article ; schema:identifier "a2.txt" ; schema:datePublished "2025-02-10"^^xsd:date .
id:article/a3.txt a ag:Article ; schema:identifier "a3.txt" ; schema:datePublished "2025-03-05"^^xsd:date .
"""

A1 = """
id:meeting/m1 a ag:Meeting, schema:Event ; rdfs:label "Karbala conference"@en ; ag:meetingType "conference" ;
    schema:startDate "2025-01-18"^^xsd:date ; schema:endDate "2025-01-20"^^xsd:date ;
    schema:location id:place/karbala ;
    schema:attendee id:person/karim-najafi-barzegar, id:person/ali-hassan, id:country/iraq ;
    schema:organizer id:org/oic ; prov:wasDerivedFrom id:article/a1.txt ; ag:evidence id:evidence/e1 .
id:evidence/e1 a ag:Evidence ; ag:sentence "Barzegar and Hassan attended the Karbala conference." ;
    ag:article id:article/a1.txt .
"""

A2 = """
id:post/p1 a ag:Post, org:Membership ; org:member id:person/karim-najafi-barzegar ; org:organization id:org/oic ;
    org:role id:role/secretary-general ; ag:firstSeen "2025-02-10"^^xsd:date ; ag:lastSeen "2025-02-10"^^xsd:date ;
    prov:wasDerivedFrom id:article/a2.txt ; ag:evidence id:evidence/e2 .
id:evidence/e2 a ag:Evidence ; ag:sentence "Karim Najafi Barzegar, Secretary General of the OIC, said." ;
    ag:article id:article/a2.txt .
id:meeting/m2 a ag:Meeting, schema:Event ; rdfs:label "Video call"@en ; schema:startDate "2025-02"^^xsd:gYearMonth ;
    schema:attendee id:person/karim-najafi-barzegar, id:person/ali-hassan ;
    prov:wasDerivedFrom id:article/a2.txt ; ag:evidence id:evidence/e3 .
id:evidence/e3 a ag:Evidence ; ag:sentence "Barzegar held a video call with Hassan." ; ag:article id:article/a2.txt .
"""

A3 = """
id:agreement/g1 a ag:Agreement ; rdfs:label "Action plan"@en ; ag:agreementType "action plan" ;
    ag:signatory id:person/sara-rahimi ; ag:party id:country/iran, id:country/iraq ;
    ag:dateSigned "2025-03-04"^^xsd:date ; prov:wasDerivedFrom id:article/a3.txt ; ag:evidence id:evidence/e4 .
id:evidence/e4 a ag:Evidence ; ag:sentence "The action plan was signed by Sara Rahimi." ; ag:article id:article/a3.txt .
id:meeting/m3 a ag:Meeting, schema:Event ; rdfs:label "Undated talks"@en ;
    schema:attendee id:person/sara-rahimi, id:org/oic ; prov:wasDerivedFrom id:article/a3.txt, id:article/a1.txt .
"""


def trig(a1=A1, a2=A2, a3=A3, actors=ACTORS) -> str:
    """The sample as TriG: actors in the default graph, one named graph per article."""
    body = "\n".join(f"id:article/{n}.txt {{ {text} }}" for n, text in (("a1", a1), ("a2", a2), ("a3", a3)))
    return PREFIXES + _iris(actors + body)


def _iris(text: str) -> str:
    """id:person/x -> <https://w3id.org/actorgraph/id/person/x> ('/' is not allowed in Turtle local names)."""
    return re.sub(r"\bid:([\w\-/]+(?:\.[\w\-]+)*)", lambda m: f"<{ID}{m[1]}>", text)


def dataset(**parts) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(data=trig(**parts), format="trig")
    return ds


ID = "https://w3id.org/actorgraph/id/"
KARIM, ALI, SARA, LONELY = (ID + "person/" + n for n in ("karim-najafi-barzegar", "ali-hassan", "sara-rahimi", "lonely"))
OIC, IRAN, IRAQ = ID + "org/oic", ID + "country/iran", ID + "country/iraq"

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(2)</script>"
HOSTILE = ID + "person/hostile"
HOSTILE_ACTORS = ACTORS + f'id:person/hostile a ag:Person ; rdfs:label "{IMG}"@en, "{SCRIPT}"@ar .\n'
HOSTILE_A1 = A1.replace("schema:attendee id:person/karim", "schema:attendee id:person/hostile, id:person/karim").replace(
    "Barzegar and Hassan attended the Karbala conference.", f"{SCRIPT} {IMG} attended & <b>left</b>.")


def hostile_dataset() -> Dataset:
    """The sample with an actor named like an <img onerror> and markup in an evidence sentence."""
    return dataset(actors=HOSTILE_ACTORS, a1=HOSTILE_A1)


def build_seeds(dest):
    """`actorgraph build seeds --out DEST/out` through the CLI; DEST/out."""
    import shutil
    from pathlib import Path

    from click.testing import CliRunner

    from graph import cli
    shutil.copytree(Path(__file__).resolve().parent.parent / "seeds", Path(dest) / "seeds")
    out = CliRunner().invoke(cli.main, ["build", str(Path(dest) / "seeds"), "--out", str(Path(dest) / "out"), "-q"])
    assert out.exit_code == 0, out.output
    return Path(dest) / "out"
