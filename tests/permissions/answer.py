"""The invitee's answer page: public, the secret token in the address is the key."""

from tests.permissions import PUBLIC, Route

ROUTES = {
    "answer.show": Route("GET", "/a/{answer_token}", PUBLIC),
}
