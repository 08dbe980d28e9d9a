"""`serve --workers 2`: two processes over one home answer alike and see each other's writes."""

from __future__ import annotations

from pathlib import Path

import httpx

from web_helpers import built_archive, start_server


def test_two_workers_share_the_archive(tmp_path: Path) -> None:
    home = tmp_path / "home"
    built_archive(home, None)
    process, base = start_server(home, "--workers", "2")
    try:
        with httpx.Client(base_url=base, timeout=60) as http:
            made = http.post("/api/quotes", json={"text": "Workers agree.", "speaker": "Wo Rker"})
            assert made.status_code == 201
            # New connections: whichever worker answers, its index has caught up.
            for _ in range(6):
                with httpx.Client(base_url=base, timeout=60) as fresh:
                    found = fresh.get("/api/search", params={"q": "workers agree"}).json()
                    assert [h["id"] for h in found["results"]] == [made.json()["id"]]
    finally:
        process.terminate()
        process.wait(timeout=30)
