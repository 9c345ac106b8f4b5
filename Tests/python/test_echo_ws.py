"""The echo environment driven by OpenEnv's current client over /ws."""

import asyncio

import pytest
from openenv.core.generic_client import GenericEnvClient

READY = {"echoed_message": "Echo environment ready!", "message_length": 0, "metadata": {}}


@pytest.fixture
def env(echo_url):
    with GenericEnvClient(base_url=echo_url).sync() as client:
        yield client


def test_reset_says_ready_with_reward_zero(env):
    result = env.reset()
    assert result.observation == READY
    assert result.reward == 0.0 and isinstance(result.reward, float)
    assert result.done is False


def test_steps_echo_with_code_point_lengths_and_exact_rewards(env):
    env.reset(episode_id="ws-episode")
    expected = [("abc", 3, 0.30000000000000004), ("aé中😀", 4, 0.4), ("", 0, 0.0), ("hello world", 11, 1.1)]
    for step, (message, length, reward) in enumerate(expected, start=1):
        result = env.step({"message": message})
        assert result.observation == {
            "echoed_message": message,
            "message_length": length,
            "metadata": {"original_message": message, "step_count": step},
        }
        assert result.reward == reward
        assert result.done is False
    assert env.state() == {"episode_id": "ws-episode", "step_count": 4}


def test_reset_starts_a_new_episode(env):
    env.reset(episode_id="first")
    env.step({"message": "x"})
    env.reset()
    state = env.state()
    assert state["step_count"] == 0
    assert state["episode_id"] not in (None, "first")


def test_step_before_reset_works_on_a_fresh_episode(env):
    result = env.step({"message": "early"})
    assert result.observation["message_length"] == 5
    assert env.state()["step_count"] == 1


def test_a_rejected_action_raises_and_changes_nothing(env):
    env.reset(episode_id="strict")
    with pytest.raises(RuntimeError, match=r"Invalid message \(code: VALIDATION_ERROR\)"):
        env.step({"message": "x", "bogus": 1})
    with pytest.raises(RuntimeError, match="VALIDATION_ERROR"):
        env.step({"message": 5})
    assert env.state() == {"episode_id": "strict", "step_count": 0}


def test_the_async_client_drives_its_own_episode(echo_url):
    async def episode():
        async with GenericEnvClient(base_url=echo_url) as client:
            await client.reset(episode_id="async")
            result = await client.step({"message": "abcd"})
            return result.reward, await client.state()

    reward, state = asyncio.run(episode())
    assert reward == 0.4
    assert state == {"episode_id": "async", "step_count": 1}


def test_concurrent_clients_see_only_their_own_episodes(echo_url):
    async def episode(index):
        async with GenericEnvClient(base_url=echo_url) as client:
            await client.reset(episode_id=f"client-{index}")
            for _ in range(index + 1):
                await client.step({"message": "x" * index})
            return await client.state()

    async def all_episodes():
        return await asyncio.gather(*(episode(index) for index in range(8)))

    states = asyncio.run(all_episodes())
    assert states == [{"episode_id": f"client-{index}", "step_count": index + 1} for index in range(8)]
