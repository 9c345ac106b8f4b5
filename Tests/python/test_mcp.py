"""POST /mcp driven by the `mcp` package's own client (its streamable HTTP
transport and ClientSession), against a real `codeenv serve --env coding`.

Both venvs have `mcp` through openenv's fastmcp, at different majors (1.x
names the transport `streamablehttp_client` and yields three values, and
its models' attributes are camelCase; 2.x has `streamable_http_client`
yielding two, and snake_case attributes), so the test takes either and
reads results as their wire JSON.
"""

import asyncio
import contextlib

import pytest
import requests

from mcp import ClientSession
from mcp.client import streamable_http

connect = getattr(streamable_http, "streamable_http_client", None) or streamable_http.streamablehttp_client


@pytest.fixture(scope="module")
def coding_url(serve):
    return serve("coding")


@contextlib.asynccontextmanager
async def mcp_session(url):
    async with connect(f"{url}/mcp") as streams:
        read, write = streams[0], streams[1]
        async with ClientSession(read, write) as session:
            await session.initialize()
            yield session


def run(coroutine):
    return asyncio.run(coroutine)


def wire(model):
    """A result as the JSON the server sent (camelCase in every version)."""
    return model.model_dump(by_alias=True, mode="json", exclude_none=True)


def test_tools_are_listed_with_their_input_schemas(coding_url):
    async def scenario():
        async with mcp_session(coding_url) as session:
            return wire(await session.list_tools())["tools"]

    tools = {tool["name"]: tool for tool in run(scenario())}
    assert sorted(tools) == ["reset", "state", "step"]
    step_schema = tools["step"]["inputSchema"]
    assert step_schema["type"] == "object"
    assert step_schema["required"] == ["code"]
    assert set(step_schema["properties"]) >= {"code", "session"}


def test_step_runs_code_and_keeps_variables_in_the_mcp_session(coding_url):
    async def scenario():
        async with mcp_session(coding_url) as session:
            await session.call_tool("reset", {})
            first = await session.call_tool("step", {"code": "x = 6 * 7\nprint(x)"})
            second = await session.call_tool("step", {"code": "print(x + 1)"})
            state = await session.call_tool("state", {})
            return wire(first), wire(second), wire(state)

    first, second, state = run(scenario())
    assert first["isError"] is False
    assert first["structuredContent"]["observation"]["stdout"] == "42\n"
    assert first["structuredContent"]["observation"]["exit_code"] == 0
    assert second["structuredContent"]["observation"]["stdout"] == "43\n"
    assert '"stdout":"43\\n"' in second["content"][0]["text"]
    assert state["structuredContent"]["step_count"] == 2


def test_each_mcp_session_has_its_own_environment(coding_url):
    async def scenario():
        async with mcp_session(coding_url) as one, mcp_session(coding_url) as other:
            await one.call_tool("step", {"code": "secret = 1"})
            return wire(await other.call_tool("step", {"code": "print(secret)"}))

    observation = run(scenario())["structuredContent"]["observation"]
    assert observation["exit_code"] == 1
    assert "NameError" in observation["stderr"]


def test_session_argument_reaches_an_http_session(coding_url):
    async def scenario():
        async with mcp_session(coding_url) as session:
            await session.call_tool("reset", {"session": "shared-mcp"})
            await session.call_tool("step", {"session": "shared-mcp", "code": "y = 5"})

    run(scenario())
    reply = requests.post(f"{coding_url}/step", json={"action": {"code": "print(y)"}},
                          headers={"X-Session-Id": "shared-mcp"}, timeout=30)
    assert reply.json()["observation"]["stdout"] == "5\n"


def test_an_invalid_action_is_a_tool_error(coding_url):
    async def scenario():
        async with mcp_session(coding_url) as session:
            return wire(await session.call_tool("step", {"program": "print(1)"}))

    result = run(scenario())
    assert result["isError"] is True
    assert result["content"][0]["text"] == "Invalid message"
    assert [error["type"] for error in result["structuredContent"]["errors"]] == ["missing", "extra_forbidden"]
