"""`flask demo` gives the privacy officer a filled review page."""

from __future__ import annotations

from eigenkracht.demo import load_demo


def test_the_demo_privacy_officer_has_events_to_review(app, db):
    app.config["DEMO_PASSWORD"] = "demo-wachtwoord-voor-de-test"
    try:
        load_demo()
        db.session.commit()
        load_demo()  # a second run adds nothing twice
        db.session.commit()
        client = app.test_client()
        response = client.post("/login", data={"email": "privacy@demo.example",
                                               "password": "demo-wachtwoord-voor-de-test"})
        assert response.status_code == 302
        text = client.get("/privacy/log/?kind=view").text
        refusals = client.get("/privacy/log/?outcome=refused").text
    finally:
        app.config["DEMO_PASSWORD"] = None
    rows = text[text.index("<tbody>"):]
    assert "coordinator@demo.example" in rows and "jobcoach@demo.example" in rows
    assert 'data-flag="night"' in rows
    assert "referrer@demo.example" in refusals[refusals.index("<tbody>"):]
    assert rows.count("coordinator@demo.example") < 100  # not doubled by the second run
