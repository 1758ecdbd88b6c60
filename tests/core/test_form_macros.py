"""The form macros: labels, hints and a message per field, no stray attribute values."""


def test_fields_carry_no_empty_attribute_values(login_as, world):
    text = login_as("coordinator").get("/cases/new").text
    assert '="None"' not in text


def test_a_field_with_an_error_is_marked_invalid_and_described_by_its_message(login_as, world):
    text = login_as("coordinator").post("/cases/new", data={}).text
    assert 'aria-invalid="true"' in text
    assert 'aria-describedby="clients-0-first_name-error"' in text  # the first client
    assert 'href="#clients-0-first_name"' in text
