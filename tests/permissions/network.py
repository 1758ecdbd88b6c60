"""Routes of the network map: people, ties, the picture, snapshots, import and export."""

from tests.permissions import CASE_EDIT, CASE_VIEW, Route

ROUTES = {
    "network.map": Route("GET", "/cases/{case}/network", CASE_VIEW),
    "network.svg": Route("GET", "/cases/{case}/network.svg", CASE_VIEW),
    "network.quick_add": Route("POST", "/cases/{case}/network/people", CASE_EDIT,
                               {"name": "Buurvrouw Aïsha", "sector": "community",
                                "ring": "2"}),
    "network.new_person": Route("GET", "/cases/{case}/network/people/new", CASE_EDIT),
    "network.person": Route("GET", "/cases/{case}/network/people/{person}", CASE_VIEW),
    "network.remove_person": Route("POST", "/cases/{case}/network/people/{person}/delete",
                                   CASE_EDIT),
    "network.move_person": Route("POST", "/cases/{case}/network/people/{person}/move",
                                 CASE_EDIT, {"ring": "3", "sector": "friends"}),
    "network.add_tie": Route("POST", "/cases/{case}/network/people/{person}/ties", CASE_EDIT,
                             {"other_id": "{other_person}", "kind": "friend",
                              "quality": "strong"}),
    "network.remove_tie": Route("POST", "/cases/{case}/network/ties/{tie}/delete", CASE_EDIT),
    "network.snapshots": Route("GET", "/cases/{case}/network/snapshots", CASE_VIEW),
    "network.take_snapshot": Route("POST", "/cases/{case}/network/snapshots", CASE_EDIT,
                                   {"label": "Na het gesprek"}),
    "network.snapshot": Route("GET", "/cases/{case}/network/snapshots/{snapshot}", CASE_VIEW),
    "network.compare": Route("GET", "/cases/{case}/network/compare", CASE_VIEW),
    "network.import_people": Route("GET", "/cases/{case}/network/import", CASE_EDIT),
    "network.export_csv": Route("GET", "/cases/{case}/network/export.csv", CASE_VIEW),
    "network.export_json": Route("GET", "/cases/{case}/network/export.json", CASE_VIEW),
}
