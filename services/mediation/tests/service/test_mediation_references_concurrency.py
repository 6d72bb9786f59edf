"""Cases opened at the same moment on PostgreSQL get distinct, consecutive references (the
year's counter row is taken with a conditional UPDATE; its first INSERT can race safely)."""

from concurrent.futures import ThreadPoolExecutor


def test_concurrent_openings_get_distinct_consecutive_references(mediation_app, as_, samples):
    headers = as_("staff")

    def open_one(_n: int) -> str:
        response = mediation_app.test_client().post(
            "/api/v1/cases", json=samples["case"] | {"opened_on": "2029-04-01"}, headers=headers
        )
        assert response.status_code == 201, response.json
        return response.json["reference"]

    with ThreadPoolExecutor(max_workers=6) as pool:
        references = list(pool.map(open_one, range(12)))
    assert sorted(references) == [f"M-2029-{n:03d}" for n in range(1, 13)]
