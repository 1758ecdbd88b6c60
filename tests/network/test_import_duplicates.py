"""CSV import asks before adding people who look like someone already on the map."""

from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.factories import PersonFactory


def upload(client, base, content: str, **fields):
    boundary, body = encode_multipart({
        "file": FileStorage(io.BytesIO(content.encode("utf-8")), filename="mensen.csv",
                            content_type="text/csv"), **fields})
    return client.post(f"{base}/import", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_a_name_on_the_map_stops_the_import_until_confirmed(login_as, world, base,
                                                           people_named):
    PersonFactory(case=world.case, name="Ayşe Yılmaz")
    client = login_as("coordinator")
    before = people_named(world.case)
    content = "name;language\nayse yilmaz;tr\nKarim Bouzid;ar\n"
    asked = upload(client, base, content)
    assert asked.status_code == 422
    assert "Person 1, ayse yilmaz, looks like: Ayşe Yılmaz" in asked.text
    assert "Import them anyway: these are other people" in asked.text
    assert people_named(world.case) == before
    done = upload(client, base, content, confirm_duplicates="y")
    assert done.status_code == 302
    assert sorted(set(people_named(world.case)) - set(before)) == ["Karim Bouzid",
                                                                    "ayse yilmaz"]


def test_the_same_name_twice_in_one_file_is_asked_about(login_as, world, base, people_named):
    asked = upload(login_as("coordinator"), base, "name\nMohammed Bouzid\nMohamed Bouzid\n")
    assert asked.status_code == 422
    assert "Person 2, Mohamed Bouzid, looks like: Mohammed Bouzid" in asked.text


def test_different_names_import_without_a_question(login_as, world, base, people_named):
    PersonFactory(case=world.case, name="Ali Yılmaz")
    done = upload(login_as("coordinator"), base, "name\nAli\nAyla Yılmaz\n")
    assert done.status_code == 302
