"""The policy enforcer under the API's threads (gunicorn gthread)."""

import threading

from oslo_policy import policy as oslo_policy

from magnum.common import policy


def test_the_enforcer_is_published_only_once_its_rules_are_loaded(
    conf, monkeypatch
):
    """A second request thread waits for the first one's load: oslo.policy
    raised "dictionary changed size during iteration" (HTTP 500) when two
    threads loaded the rules of one enforcer at once."""
    policy.reset()
    loading, release = threading.Event(), threading.Event()
    load_rules = oslo_policy.Enforcer.load_rules

    def slow_first_load(self, *args, **kwargs):
        if not loading.is_set():
            loading.set()
            release.wait(10)
        return load_rules(self, *args, **kwargs)

    monkeypatch.setattr(oslo_policy.Enforcer, 'load_rules', slow_first_load)
    first = threading.Thread(target=policy.get_enforcer)
    first.start()
    assert loading.wait(10)
    got = []
    second = threading.Thread(target=lambda: got.append(policy.get_enforcer()))
    second.start()
    second.join(0.3)
    assert second.is_alive() and not got
    release.set()
    first.join(10)
    second.join(10)
    assert got == [policy.get_enforcer()]
    assert got[0].rules
    policy.reset()
