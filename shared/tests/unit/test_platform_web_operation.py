"""``ApiBlueprint.operation`` declares a route's operation in one decorator: the OpenAPI document
says what the decorators it stands for say, stacked by hand; the view gets the parsed body and
its role check."""

import marshmallow as ma
from flask import Flask, Response
from flask.views import MethodView
from flask_smorest import Api

from dialog_platform.auth import allowed_roles_of, public, roles_required
from dialog_platform.web import api_blueprint


class Item(ma.Schema):
    name = ma.fields.String(required=True)


class Filter(ma.Schema):
    name = ma.fields.String()


ADMINS = roles_required("admin")
PAGE = {"type": "string", "description": "An HTML page."}


def _by_operation():
    blp = api_blueprint("items", "/items", "Items.")

    @blp.route("/<int:item_id>")
    class Items(MethodView):
        @blp.operation(ADMINS, 200, Item(many=True), query=Filter, not_found="No such item.")
        def get(self, args, item_id):
            """The items."""
            return [args]

        @blp.operation(ADMINS, 201, Item, body=Item, existing="Made before.")
        def post(self, fields, item_id):
            """Make an item."""
            return fields, 201 if item_id else 200

    @blp.route("/<int:item_id>/page")
    class ItemPage(MethodView):
        @blp.operation(public, 200, PAGE, content_type="text/html")
        def get(self, item_id):
            """The item as a page."""
            return Response(f"<p>{item_id}</p>", mimetype="text/html")

    return blp, Items


def _by_hand():
    blp = api_blueprint("items", "/items", "Items.")

    @blp.route("/<int:item_id>")
    class Items(MethodView):
        @ADMINS
        @blp.arguments(Filter, location="query")
        @blp.response(200, Item(many=True))
        @blp.alt_response(404, description="No such item.")
        def get(self, args, item_id):
            """The items."""
            return [args]

        @ADMINS
        @blp.arguments(Item)
        @blp.response(201, Item)
        @blp.alt_response(200, schema=Item, description="Made before.")
        def post(self, fields, item_id):
            """Make an item."""
            return fields, 201 if item_id else 200

    @blp.route("/<int:item_id>/page")
    class ItemPage(MethodView):
        @public
        @blp.response(200, PAGE, content_type="text/html")
        def get(self, item_id):
            """The item as a page."""
            return Response(f"<p>{item_id}</p>", mimetype="text/html")

    return blp, Items


def _app(blp) -> tuple[Flask, Api]:
    app = Flask(__name__)
    app.config.update(API_TITLE="t", API_VERSION="1", OPENAPI_VERSION="3.0.3")
    api = Api(app)
    api.register_blueprint(blp)
    return app, api


def test_the_document_says_what_the_decorators_stacked_by_hand_say():
    _app_declared, declared = _app(_by_operation()[0])
    _app_stacked, stacked = _app(_by_hand()[0])
    assert declared.spec.to_dict() == stacked.spec.to_dict()
    operations = declared.spec.to_dict()["paths"]["/api/v1/items/{item_id}"]
    assert {"200", "404"} <= set(operations["get"]["responses"])
    assert {"200", "201"} <= set(operations["post"]["responses"])
    page = declared.spec.to_dict()["paths"]["/api/v1/items/{item_id}/page"]["get"]
    assert set(page["responses"]["200"]["content"]) == {"text/html"}


def test_the_view_gets_the_parsed_body_and_answers_its_status_behind_its_role_check():
    blp, view = _by_operation()
    client = _app(blp)[0].test_client()
    assert view.post._dialog_roles == frozenset({"admin"})
    created = client.post("/api/v1/items/1", json={"name": "Ada"})
    assert (created.status_code, created.json) == (201, {"name": "Ada"})
    assert client.post("/api/v1/items/0", json={"name": "Ada"}).status_code == 200
    assert client.post("/api/v1/items/1", json={}).status_code == 422
    assert client.get("/api/v1/items/1?name=Ada").json == [{"name": "Ada"}]
    page = client.get("/api/v1/items/7/page")
    assert (page.status_code, page.mimetype, page.text) == (200, "text/html", "<p>7</p>")


def test_a_head_request_is_checked_as_the_get_it_stands_for():
    """A mail scanner's HEAD on a public page is public; on a staff route it needs the GET's
    roles (not any staff role)."""
    app = _app(_by_operation()[0])[0]
    app.extensions["dialog_public_blueprints"] = frozenset()
    assert allowed_roles_of(app, "items.ItemPage", "HEAD") is None
    assert allowed_roles_of(app, "items.Items", "HEAD") == frozenset({"admin"})
    assert allowed_roles_of(app, "items.Items", "POST") == frozenset({"admin"})
