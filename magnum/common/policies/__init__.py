"""Policy defaults in code, one module per resource."""

import itertools

from magnum.common.policies import base
from magnum.common.policies import certificate
from magnum.common.policies import cluster
from magnum.common.policies import cluster_template
from magnum.common.policies import credential
from magnum.common.policies import k8s_resources
from magnum.common.policies import magnum_service
from magnum.common.policies import nodegroup
from magnum.common.policies import quota
from magnum.common.policies import stats


def list_rules():
    """Return every rule (the oslo.policy.policies entry point)."""
    return list(
        itertools.chain(
            base.list_rules(),
            certificate.list_rules(),
            cluster.list_rules(),
            cluster_template.list_rules(),
            credential.list_rules(),
            k8s_resources.list_rules(),
            magnum_service.list_rules(),
            nodegroup.list_rules(),
            quota.list_rules(),
            stats.list_rules(),
        )
    )
