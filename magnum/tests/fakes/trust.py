"""Keystone trusts of bays, stood in for where no Keystone runs.

:func:`stubbed` replaces the three entry points of
:mod:`magnum.common.trust` that the conductor calls with autospec'd
mocks that set the bay's fields the way the real ones do.
"""

import contextlib
from unittest import mock

from magnum.common import trust


def create(context, cluster):
    """What ``create_trustee_and_trust`` leaves on the bay."""
    cluster.trustee_user_id = 'trustee-' + cluster.uuid
    cluster.trustee_username = trust.trustee_username(cluster)
    cluster.trustee_password = 'secret'
    cluster.trust_id = 'trust-' + cluster.uuid


def rotate(context, cluster):
    """What ``rotate_trustee_and_trust`` leaves on the bay."""
    _base, mark, count = (cluster.trust_id or '').rpartition('#')
    generation = int(count) if mark else 0
    cluster.trustee_password = 'secret-%d' % (generation + 1)
    cluster.trust_id = 'trust-%s#%d' % (cluster.uuid, generation + 1)


@contextlib.contextmanager
def stubbed():
    """Stub the trusts; yield ``{name: mock}`` of the replaced functions."""
    side_effects = {
        'create_trustee_and_trust': create,
        'rotate_trustee_and_trust': rotate,
        'delete_trustee_and_trust': None,
    }
    with contextlib.ExitStack() as stack:
        yield {
            name: stack.enter_context(
                mock.patch.object(
                    trust, name, autospec=True, side_effect=effect
                )
            )
            for name, effect in side_effects.items()
        }
