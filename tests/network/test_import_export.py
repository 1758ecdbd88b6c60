"""CSV import of people (all or nothing, every bad row reported), CSV and JSON export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from eigenkracht.audit.models import AuditEvent
from eigenkracht.network.io import MAX_ROWS
from eigenkracht.network.models import Gender, Person, Sector, SupportDirection
from tests.factories import PersonFactory

HOSTILE = "<script>alert(1)</script> & \"Ali's nephew\""


def upload(client, base, content: bytes | str, filename="mensen.csv"):
    """Post ``content`` as the file of the import form (encoded in memory, no temp file)."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    boundary, body = encode_multipart(
        {"file": FileStorage(io.BytesIO(content), filename=filename, content_type="text/csv")})
    return client.post(f"{base}/import", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


class TestImport:
    def test_a_good_file_adds_everyone_and_goes_back_to_the_map(self, login_as, world, base,
                                                               db, people_named):
        content = ("name,relation,sector,ring,support,language,phone,email,birth_year\n"
                   "Fatima Benali,oma,family,1,practical;emotional,ar,+31 6 1111 2222,"
                   "fatima@example.nl,1957\n"
                   "Sanne de Wit,vriendin,friends,2,company,,,,\n")
        response = upload(login_as("coordinator"), base, content)
        assert response.status_code == 302
        assert {"Fatima Benali", "Sanne de Wit"} <= set(people_named(world.case))
        fatima = db.session.scalar(select(Person).where(Person.name == "Fatima Benali"))
        assert (fatima.ring, fatima.language, fatima.birth_year) == (1, "ar", 1957)
        assert fatima.support == ["practical", "emotional"]

    def test_semicolons_a_bom_and_dutch_labels_are_understood(self, login_as, world, base,
                                                             db):
        content = ("\ufeffNaam;Relatie;Sector;Ring;Steun;Richting;Geslacht;Taal;Overleden\n"
                   "Opa Kees;opa;Familie;dichtbij;\"Praktische hulp, Emotionele steun\";"
                   "Wederzijds;Man;Turks;ja\n")
        response = upload(login_as("coordinator"), base, content)
        assert response.status_code == 302, response.text
        kees = db.session.scalar(select(Person).where(Person.name == "Opa Kees"))
        assert (kees.sector, kees.ring, kees.gender) == (Sector.FAMILY, 1, Gender.MALE)
        assert kees.support == ["practical", "emotional"]
        assert kees.support_direction == SupportDirection.BOTH
        assert (kees.language, kees.deceased) == ("tr", True)

    def test_english_labels_and_codes_in_any_case_are_understood(self, login_as, base, db):
        content = ("NAME,Sector,RING,support\n"
                   "Jos,Neighbourhood and community,FAR,P;c;ADVICE\n")
        assert upload(login_as("coordinator"), base, content).status_code == 302
        jos = db.session.scalar(select(Person).where(Person.name == "Jos"))
        assert (jos.sector, jos.ring) == (Sector.COMMUNITY, 3)
        assert jos.support == ["practical", "company", "advice"]

    def test_one_bad_row_is_reported_by_line_and_nothing_is_imported(
            self, login_as, world, base, people_named):
        before = people_named(world.case)
        content = ("name,sector,ring\n"
                   "Anna,family,1\n"
                   "Bert,mars,2\n"
                   "Carla,friends,3\n")
        response = upload(login_as("coordinator"), base, content)
        assert response.status_code == 422
        assert "Nobody has been imported" in response.text
        assert "Line 3, column sector: &#34;mars&#34; is not a value we know" in response.text
        assert people_named(world.case) == before

    def test_every_bad_row_is_reported(self, login_as, base):
        content = ("name,ring,birth_year,email\n"
                   ",2,,\n"
                   "Bert,5,,\n"
                   "Carla,2,19x5,\n"
                   "Dirk,2,,geen-adres\n")
        text = upload(login_as("coordinator"), base, content).text
        assert "Line 2, column name: Enter the person&#39;s name." in text
        assert "Line 3, column ring:" in text
        assert "Line 4, column birth_year: &#34;19x5&#34; is not a year." in text
        assert "Line 5, column email: Enter an e-mail address" in text

    def test_line_numbers_count_lines_in_the_file_even_with_quoted_newlines(self, login_as,
                                                                            base):
        content = ('name,notes,ring\n'
                   'Anna,"twee\nregels",1\n'
                   'Bert,,9\n')
        text = upload(login_as("coordinator"), base, content).text
        assert "Line 4, column ring:" in text

    @pytest.mark.parametrize("content, message", [
        (b"", "The file is empty."),
        (b"   \n\n", "The file is empty."),
        (b"name,ring\n", "The file has a header row but no people."),
        (b"naam,kleur\nAnna,rood\n", "Unknown column &#34;kleur&#34;."),
        (b"relation,ring\noma,1\n", "The header row has no column &#34;name&#34;."),
        (b"name,name\nAnna,Bert\n", "The column &#34;name&#34; appears twice."),
        ("name\nAnna\n".encode("utf-16"), "The file is not UTF-8 text."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "The file is not UTF-8 text."),
        (b"name,ring\nAnna,1,extra\n", "This row has 3 cells where the header has 2."),
        (b"name,ring\n\"Anna,1\n", "could not be read as CSV"),
    ])
    def test_a_bad_file_gets_a_clear_message_and_imports_nothing(
            self, login_as, world, base, people_named, content, message):
        before = people_named(world.case)
        response = upload(login_as("coordinator"), base, content)
        assert response.status_code == 422
        assert message in response.text
        assert people_named(world.case) == before

    def test_a_file_over_one_megabyte_is_refused(self, login_as, world, base, people_named):
        content = "name\n" + "Anna\n" * 220_000
        response = upload(login_as("coordinator"), base, content)
        assert response.status_code == 422
        assert "larger than 1 MB" in response.text
        assert "Anna" not in people_named(world.case)

    def test_more_than_the_row_limit_is_refused(self, login_as, world, base, people_named):
        content = "name\n" + "".join(f"Persoon {n}\n" for n in range(MAX_ROWS + 1))
        response = upload(login_as("coordinator"), base, content)
        assert response.status_code == 422
        assert "more than 1000 people" in response.text
        assert not any(n.startswith("Persoon") for n in people_named(world.case))

    def test_no_file_at_all_is_a_form_error(self, login_as, base):
        response = login_as("coordinator").post(f"{base}/import", data={},
                                                content_type="multipart/form-data")
        assert response.status_code == 422
        assert "Choose a CSV file." in response.text

    def test_an_import_is_audited(self, login_as, base, db):
        upload(login_as("coordinator"), base, "name\nAnna\nBert\n")
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import"))
        assert event.details == {"people": 2}

    def test_a_referrer_cannot_import(self, login_as, base):
        assert upload(login_as("referrer"), base, "name\nAnna\n").status_code == 403

    def test_the_page_documents_the_columns(self, login_as, base):
        page = login_as("coordinator").get(f"{base}/import").text
        for column in ("name", "relation", "sector", "ring", "support", "birth_year"):
            assert f"<code>{column}</code>" in page


class TestExport:
    def test_the_csv_export_lists_everyone_but_the_client(self, login_as, world, base):
        response = login_as("coordinator").get(f"{base}/export.csv")
        assert response.mimetype == "text/csv"
        assert "attachment" in response.headers["Content-Disposition"]
        rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
        names = {row["name"] for row in rows}
        assert {"Oma Truus", "Tante Riëtte"} <= names and world.case.client_name not in names
        assert "occupation" not in rows[0]

    def test_a_hostile_name_is_plain_text_in_the_csv(self, login_as, world, base):
        PersonFactory(case=world.case, name=HOSTILE)
        response = login_as("coordinator").get(f"{base}/export.csv")
        rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
        assert HOSTILE in [row["name"] for row in rows]

    def test_cells_that_look_like_formulas_are_neutralised(self, login_as, world, base):
        PersonFactory(case=world.case, name="=HYPERLINK(\"http://evil\")", relation="@SUM(1)",
                      phone="+31 6 1234", notes="-2+3")
        response = login_as("coordinator").get(f"{base}/export.csv")
        rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
        row = next(r for r in rows if "HYPERLINK" in r["name"])
        assert row["name"].startswith("'=") and row["relation"].startswith("'@")
        assert row["phone"] == "'+31 6 1234" and row["notes"] == "'-2+3"

    def test_an_exported_csv_imports_again_with_the_same_values(self, login_as, world, base,
                                                               db):
        PersonFactory(case=world.case, name="Buurman", sector=Sector.COMMUNITY, ring=3,
                      support=["practical", "advice"], phone="+31 6 1234", language="pl")
        exported = login_as("coordinator").get(f"{base}/export.csv").data
        for person in db.session.scalars(select(Person).where(Person.case_id == world.case.id,
                                                              Person.is_client.is_(False))):
            db.session.delete(person)
        db.session.flush()
        assert upload(login_as("coordinator"), base, exported).status_code == 302
        again = db.session.scalar(select(Person).where(Person.name == "Buurman"))
        assert (again.sector, again.ring, again.phone, again.language) == (
            Sector.COMMUNITY, 3, "+31 6 1234", "pl")
        assert again.support == ["practical", "advice"]

    def test_the_json_export_has_people_and_ties(self, login_as, world, base):
        response = login_as("coordinator").get(f"{base}/export.json")
        assert response.mimetype == "application/json"
        assert "attachment" in response.headers["Content-Disposition"]
        document = json.loads(response.data)
        assert document["case"] == world.case.reference
        assert {p["name"] for p in document["people"]} >= {"Oma Truus", "Tante Riëtte"}
        assert document["ties"][0]["kind"] == "parent"

    def test_a_hostile_name_is_plain_text_in_the_json(self, login_as, world, base):
        PersonFactory(case=world.case, name=HOSTILE)
        document = json.loads(login_as("coordinator").get(f"{base}/export.json").data)
        assert HOSTILE in [p["name"] for p in document["people"]]

    def test_an_export_is_audited(self, login_as, world, base, db):
        login_as("referrer").get(f"{base}/export.json")
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "export"))
        assert (event.actor_id, event.details["format"]) == (world.referrer.id, "json")
