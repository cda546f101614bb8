"""pecan hooks: the request context and the conductor client."""

import pecan

from magnum.common import context


class ContextHook(pecan.hooks.PecanHook):
    """Build ``pecan.request.context`` from the identity headers."""

    def before(self, state):
        state.request.context = context.RequestContext.from_environ(
            state.request.environ
        )


class RPCHook(pecan.hooks.PecanHook):
    """Attach the conductor's RPC client as ``pecan.request.rpcapi``.

    One client per process, built on first use.
    """

    def __init__(self):
        self._client = None

    def before(self, state):
        if self._client is None:
            from magnum.conductor import rpcapi

            self._client = rpcapi.ConductorAPI()
        state.request.rpcapi = self._client
