"""The echo environment over plain HTTP, as OpenEnv's first HTTP client
drove it: POST /reset, POST /step {"action": {...}}, GET /state."""

import requests


def test_reset_step_state_over_http(echo_url):
    reset = requests.post(f"{echo_url}/reset", json={"episode_id": "http-episode"})
    assert reset.status_code == 200
    assert reset.json() == {
        "observation": {"echoed_message": "Echo environment ready!", "message_length": 0, "metadata": {}},
        "reward": 0.0,
        "done": False,
    }
    step = requests.post(f"{echo_url}/step", json={"action": {"message": "abc"}})
    assert step.status_code == 200
    assert step.json() == {
        "observation": {"echoed_message": "abc", "message_length": 3, "metadata": {"original_message": "abc", "step_count": 1}},
        "reward": 0.30000000000000004,
        "done": False,
    }
    assert '"reward":0.30000000000000004' in step.text
    assert requests.get(f"{echo_url}/state").json() == {"episode_id": "http-episode", "step_count": 1}


def test_an_unknown_action_field_is_a_fastapi_422(echo_url):
    requests.post(f"{echo_url}/reset", json={"episode_id": "strict"})
    response = requests.post(f"{echo_url}/step", json={"action": {"message": "x", "bogus": 1}})
    assert response.status_code == 422
    assert response.json() == {
        "detail": [{"type": "extra_forbidden", "loc": ["bogus"], "msg": "Extra inputs are not permitted", "input": 1}]
    }
    assert requests.get(f"{echo_url}/state").json() == {"episode_id": "strict", "step_count": 0}


def test_a_missing_action_and_malformed_json_are_422(echo_url):
    missing = requests.post(f"{echo_url}/step", json={})
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "action"]
    malformed = requests.post(f"{echo_url}/step", data="{bad", headers={"Content-Type": "application/json"})
    assert malformed.status_code == 422
    assert malformed.json()["detail"][0]["type"] == "json_invalid"


def test_session_header_sessions_are_separate_from_the_default(echo_url):
    requests.post(f"{echo_url}/reset", json={"episode_id": "default"})
    headers = {"X-Session-Id": "tenant-a"}
    requests.post(f"{echo_url}/reset", json={"episode_id": "mine"}, headers=headers)
    requests.post(f"{echo_url}/step", json={"action": {"message": "hi"}}, headers=headers)
    assert requests.get(f"{echo_url}/state", headers=headers).json() == {"episode_id": "mine", "step_count": 1}
    assert requests.get(f"{echo_url}/state").json() == {"episode_id": "default", "step_count": 0}


def test_info_routes(echo_url):
    assert requests.get(f"{echo_url}/health").json() == {"status": "healthy"}
    assert requests.get(f"{echo_url}/metadata").json()["name"] == "EchoEnvironment"
    schema = requests.get(f"{echo_url}/schema").json()
    assert schema["action"]["required"] == ["message"]
    assert schema["action"]["additionalProperties"] is False
    assert requests.get(f"{echo_url}/openapi.json").json()["openapi"] == "3.1.0"
    assert requests.get(f"{echo_url}/nope").status_code == 404
